import { Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { ErrorView } from '../../ui/ErrorView';
import { ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { inventoryQueries } from '../inventory/inventory-api';
import { useAllowed } from '../../auth/use-can';
import { InventoryTabs } from '../inventory/InventoryTabs';
import { ProductFacts } from '../inventory/ProductFacts';
import { ProductForm } from './ProductForm';

const route = getRouteApi('/app/products/$sku');

/** /products/{sku}: the product, editable by those who may write the catalog. */
export function ProductPage() {
  const { sku } = route.useParams();
  const product = useQuery(inventoryQueries.product(sku));
  const canWrite = useAllowed('catalog:write');
  if (product.error) return <ErrorView error={product.error} reset={() => void product.refetch()} />;
  if (!product.data) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the product" />
      </Center>
    );
  }
  return (
    <>
      <PageHeader
        title={product.data.name}
        subtitle={sku}
        actions={
          <ButtonLink to="/inventory/$sku" params={{ sku }} variant="default" data-testid="product-stock">
            Stock and ledger
          </ButtonLink>
        }
      />
      <InventoryTabs />
      {canWrite ? <ProductForm key={product.data.updated_at} product={product.data} /> : <ProductFacts sku={sku} />}
    </>
  );
}

/** /products/new */
export function NewProductPage() {
  return (
    <>
      <PageHeader title="New product" />
      <InventoryTabs />
      <ProductForm />
    </>
  );
}
