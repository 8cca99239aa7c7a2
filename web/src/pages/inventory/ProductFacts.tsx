import type { ReactNode } from 'react';
import { Card, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { isProblem } from '../../api/client';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { inventoryQueries, type Product } from './inventory-api';

export const dimensionsLabel = (d: Product['dimensions_mm']): string => (d ? `${d.length} × ${d.width} × ${d.height} mm` : '—');
export const weightLabel = (grams: number | null): string => (grams === null ? '—' : grams >= 1000 ? `${(grams / 1000).toLocaleString(undefined, { maximumFractionDigits: 3 })} kg` : `${grams} g`);

/** The catalog's facts about a SKU that matter to stock and shipping: weight, dimensions, threshold, kit components. */
export function ProductFacts({ sku }: { sku: string }) {
  const product = useQuery(inventoryQueries.product(sku));
  const rows = (p: Product): [string, ReactNode, string][] => [
    ['Name', p.name, 'product-name'],
    ['Price', <Money key="price" amount={p.price} currency={p.currency} />, 'product-price'],
    ['Weight', weightLabel(p.weight_grams), 'product-weight'],
    ['Dimensions', dimensionsLabel(p.dimensions_mm), 'product-dimensions'],
    ['Low-stock threshold', String(p.low_stock_threshold), 'product-threshold'],
    ['Backorders', p.backorderable ? 'Accepted' : 'Refused', 'product-backorderable'],
  ];
  return (
    <Card withBorder padding="md" data-testid="product-facts">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Product
        </Title>
        {product.data && (
          <AnchorLink to="/products/$sku" params={{ sku }} size="sm" data-testid="product-edit-link">
            Edit
          </AnchorLink>
        )}
      </Group>
      {product.error && isProblem(product.error) && product.error.status === 404 ? (
        <Text size="sm">No product with this SKU in the catalog.</Text>
      ) : product.error ? (
        <ProblemAlert error={product.error} />
      ) : product.data ? (
        <>
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {rows(product.data).map(([label, value, testId]) => (
                <Table.Tr key={label}>
                  <Table.Th scope="row" fw={500}>
                    {label}
                  </Table.Th>
                  <Table.Td data-testid={testId}>{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {product.data.kit && (
            <>
              <Text size="sm" fw={600} mt="sm">
                Kit components
              </Text>
              <Table verticalSpacing={2} data-testid="product-components">
                <Table.Tbody>
                  {product.data.components.map((c) => (
                    <Table.Tr key={c.sku}>
                      <Table.Td>
                        <AnchorLink to="/inventory/$sku" params={{ sku: c.sku }} ff="monospace">
                          {c.sku}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td ta="right">× {c.quantity}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </>
      ) : (
        <Text size="sm">Loading…</Text>
      )}
    </Card>
  );
}
