import { Badge, Checkbox, Group, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { inventoryQueries, locationOptions, type StockLevel } from './inventory-api';
import { activeStockFilters, type StockSearch } from './inventory-search';
import { InventoryTabs } from './InventoryTabs';
import { LowStockTable } from './LowStockTable';
import { Units } from './Units';

const route = getRouteApi('/app/inventory');

const columns: Column<StockLevel>[] = [
  {
    header: 'SKU',
    render: (r) => (
      <AnchorLink to="/inventory/$sku" params={{ sku: r.sku }} ff="monospace" fw={600} data-testid="stock-sku-link">
        {r.sku}
      </AnchorLink>
    ),
  },
  { header: 'Location', render: (r) => r.location, nowrap: true },
  { header: 'Bin', render: (r) => r.bin ?? '—', nowrap: true },
  { header: 'On hand', render: (r) => <Units value={r.on_hand} testId="stock-on-hand" />, align: 'right' },
  { header: 'Reserved', render: (r) => <Units value={r.reserved} testId="stock-reserved" />, align: 'right' },
  { header: 'Available', render: (r) => <Units value={r.available} testId="stock-available" warn />, align: 'right' },
  { header: 'Updated', render: (r) => <DateTime value={r.updated_at} />, hiddenBelow: 'lg' },
];

function Filters({ search, onChange }: { search: StockSearch; onChange: (next: StockSearch) => void }) {
  const [q, setQ] = useState(search.q ?? '');
  const pushQ = useDebouncedCallback((value: string) => onChange({ ...search, q: value.trim() || undefined }), 300);
  const locations = useQuery(inventoryQueries.locations());
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" mb="md">
      <TextInput
        label="SKU starts with"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          pushQ(e.currentTarget.value);
        }}
        onKeyDown={(e) => e.key === 'Enter' && onChange({ ...search, q: q.trim() || undefined })}
        w={240}
        data-testid="stock-search"
      />
      <Select
        label="Location"
        placeholder="All locations"
        data={locationOptions(locations.data?.data ?? [])}
        value={search.location ?? null}
        onChange={(v) => onChange({ ...search, location: v ?? undefined })}
        clearable
        searchable
        w={260}
        data-testid="stock-location"
      />
      <Checkbox label="Low stock only" checked={search.low ?? false} onChange={(e) => onChange({ ...search, low: e.currentTarget.checked || undefined })} pb={8} data-testid="stock-low-only" />
    </Group>
  );
}

function StockTable({ filters }: { filters: StockSearch }) {
  const list = useCursorList(['inventory', 'list', filters], (cursor) =>
    call(api.GET('/v1/inventory', { params: { query: { ...(filters.q ? { sku_prefix: filters.q } : {}), ...(filters.location ? { location: filters.location } : {}), limit: 50, ...(cursor ? { cursor } : {}) } } })),
  );
  const filtered = filters.q !== undefined || filters.location !== undefined;
  return (
    <CursorTable
      list={list}
      columns={columns}
      rowKey={(r) => `${r.sku}@${r.location}`}
      caption="Stock by SKU and location"
      testId="stock-table"
      empty={
        <EmptyState title={filtered ? 'No stock matches' : 'No stock yet'}>
          {filtered ? 'Change the SKU or the location.' : 'Stock appears here once a product is received or adjusted at a location.'}
        </EmptyState>
      }
    />
  );
}

/** GET /v1/inventory: stock by SKU × location with the filters of the URL; "low stock only" reads the alerts list. */
export function StockPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const filters = activeStockFilters(search);
  return (
    <>
      <PageHeader
        title="Inventory"
        subtitle={<Text span size="sm">On hand, reserved for orders and checkouts, and available to sell, per location.</Text>}
        actions={Object.keys(filters).length > 0 ? <Badge variant="outline">Filtered</Badge> : undefined}
      />
      <InventoryTabs />
      <Filters search={filters} onChange={(next) => void navigate({ search: activeStockFilters(next), replace: true })} />
      {filters.low ? <LowStockTable skuPrefix={filters.q} location={filters.location} /> : <StockTable filters={filters} />}
    </>
  );
}
