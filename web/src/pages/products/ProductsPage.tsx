import { Badge } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { api, call } from '../../api/client';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { PageHeader } from '../../ui/PageHeader';
import { type Product } from '../inventory/inventory-api';
import { useAllowed } from '../../auth/use-can';
import { InventoryTabs } from '../inventory/InventoryTabs';
import { dimensionsLabel, weightLabel } from '../inventory/ProductFacts';

const columns: Column<Product>[] = [
  {
    header: 'SKU',
    render: (p) => (
      <AnchorLink to="/products/$sku" params={{ sku: p.sku }} ff="monospace" fw={600} data-testid="product-link">
        {p.sku}
      </AnchorLink>
    ),
  },
  { header: 'Name', render: (p) => p.name },
  { header: 'Price', render: (p) => <Money amount={p.price} currency={p.currency} />, align: 'right', nowrap: true },
  { header: 'Weight', render: (p) => weightLabel(p.weight_grams), align: 'right', nowrap: true },
  { header: 'Dimensions', render: (p) => dimensionsLabel(p.dimensions_mm), nowrap: true, hiddenBelow: 'lg' },
  { header: 'Low at', render: (p) => p.low_stock_threshold, align: 'right', hiddenBelow: 'md' },
  { header: 'Type', render: (p) => (p.kit ? <Badge variant="light">Kit of {p.components.length}</Badge> : null), nowrap: true },
  {
    header: 'Stock',
    render: (p) => (
      <AnchorLink to="/inventory/$sku" params={{ sku: p.sku }} size="sm" data-testid="product-stock-link" aria-label={`Stock of ${p.sku}`}>
        Stock
      </AnchorLink>
    ),
  },
];

/** GET /v1/products: the catalog by SKU. */
export function ProductsPage() {
  const list = useCursorList(['products', 'list'], (cursor) => call(api.GET('/v1/products', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })));
  const canWrite = useAllowed('catalog:write');
  const create = canWrite ? (
    <ButtonLink to="/products/new" leftSection={<IconPlus size={16} aria-hidden />} data-testid="product-new">
      New product
    </ButtonLink>
  ) : undefined;
  return (
    <>
      <PageHeader title="Products" actions={create} />
      <InventoryTabs />
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(p) => p.sku}
        caption="Products"
        testId="products-table"
        empty={
          <EmptyState title="No products yet" action={create}>
            Products come in with channel orders and imports, or are created here. Weight and dimensions let packing choose a box and shipping buy a label.
          </EmptyState>
        }
      />
    </>
  );
}
