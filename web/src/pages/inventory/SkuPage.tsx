import { Badge, Card, Center, Grid, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { TableScroll } from '../../ui/TableScroll';
import { AdjustStockForm } from './AdjustStockForm';
import { inventoryQueries, type SkuStock } from './inventory-api';
import { useAllowed } from '../../auth/use-can';
import { InventoryTabs } from './InventoryTabs';
import { MovementLedger } from './MovementLedger';
import { ProductFacts } from './ProductFacts';
import { Units } from './Units';

const route = getRouteApi('/app/inventory/$sku');

function StockAtLocations({ stock }: { stock: SkuStock }) {
  return (
    <Card withBorder padding="md" data-testid="sku-locations">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Stock by location
        </Title>
        <Text size="sm">
          Available to promise: <strong data-testid="sku-atp">{stock.available_to_promise}</strong>
        </Text>
      </Group>
      {stock.locations.length === 0 ? (
        <Text size="sm" data-testid="sku-no-stock">
          No stock at any location yet.
        </Text>
      ) : (
        <TableScroll label={`Stock of ${stock.sku} by location`}>
          <Table verticalSpacing={4} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Location</Table.Th>
                <Table.Th scope="col">Bin</Table.Th>
                <Table.Th scope="col" ta="right">
                  On hand
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Reserved
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Available
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stock.locations.map((l) => (
                <Table.Tr key={l.location} data-testid="sku-location-row" data-location={l.location}>
                  <Table.Td>{l.location}</Table.Td>
                  <Table.Td>{l.bin ?? '—'}</Table.Td>
                  <Table.Td ta="right">
                    <Units value={l.on_hand} testId="sku-on-hand" />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Units value={l.reserved} testId="sku-reserved" />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Units value={l.available} warn testId="sku-available" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {stock.kit && stock.components && (
        <Text size="sm" mt="sm">
          A kit holds no stock of its own: its availability is what its components (
          {stock.components.map((c, i) => (
            <span key={c.sku}>
              {i > 0 && ', '}
              <AnchorLink to="/inventory/$sku" params={{ sku: c.sku }}>
                {c.sku}
              </AnchorLink>{' '}
              × {c.quantity}
            </span>
          ))}
          ) can make.
        </Text>
      )}
    </Card>
  );
}

/** One SKU: its stock per location, the movement ledger, an adjustment form and the product's facts. */
export function SkuPage() {
  const { sku } = route.useParams();
  const stock = useQuery(inventoryQueries.skuStock(sku));
  const canAdjust = useAllowed('inventory:write');
  if (stock.error) return <ErrorView error={stock.error} reset={() => void stock.refetch()} />;
  if (!stock.data) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the SKU's stock" />
      </Center>
    );
  }
  const data = stock.data;
  return (
    <>
      <PageHeader
        title={sku}
        subtitle={data.kit ? <Badge variant="light">Kit</Badge> : undefined}
        actions={
          <ButtonLink to="/products/$sku" params={{ sku }} variant="default" data-testid="sku-product-link">
            Product
          </ButtonLink>
        }
      />
      <InventoryTabs />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <StockAtLocations stock={data} />
            <MovementLedger sku={sku} locations={data.locations.map((l) => l.location)} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            {canAdjust && !data.kit && <AdjustStockForm stock={data} />}
            <ProductFacts sku={sku} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
