import { Card, Table, Text, Title } from '@mantine/core';
import type { Order } from '../../api/types';
import { DateOnly } from '../../ui/DateTime';
import { Money } from '../../ui/Money';
import { TableScroll } from '../../ui/TableScroll';

type Line = Order['lines'][number];
const counts = ['quantity', 'allocated', 'backordered', 'shipped', 'cancelled'] as const satisfies readonly (keyof Line)[];
const countHeaders: Record<(typeof counts)[number], string> = { quantity: 'Ordered', allocated: 'Allocated', backordered: 'Backordered', shipped: 'Shipped', cancelled: 'Cancelled' };

/** The lines with where each unit stands; a kit's component lines sit under their kit line. */
export function OrderLines({ order }: { order: Order }) {
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Lines
      </Title>
      <TableScroll label="Lines" minWidth={640}>
        <Table verticalSpacing="xs" data-testid="order-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">SKU</Table.Th>
              {counts.map((c) => (
                <Table.Th key={c} scope="col" ta="right">
                  {countHeaders[c]}
                </Table.Th>
              ))}
              <Table.Th scope="col" ta="right">
                Unit price
              </Table.Th>
              <Table.Th scope="col">Expected</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.lines.map((line) => (
              <Table.Tr key={line.id} data-testid="order-line" data-sku={line.sku}>
                <Table.Td pl={line.parent_line_id ? 'lg' : undefined}>
                  <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {line.sku}
                  </Text>
                  {line.kit && <Text size="xs">kit</Text>}
                </Table.Td>
                {counts.map((c) => (
                  <Table.Td key={c} ta="right" data-testid={`line-${c}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {line[c]}
                  </Table.Td>
                ))}
                <Table.Td ta="right">
                  <Money amount={line.price_share ?? line.unit_price} currency={order.currency} />
                </Table.Td>
                <Table.Td>{line.backordered > 0 ? <DateOnly value={line.expected_date} /> : null}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Card>
  );
}

/** Where each allocated unit comes from: location per line. */
export function OrderAllocations({ order }: { order: Order }) {
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Allocations
      </Title>
      {order.allocations.length === 0 ? (
        <Text size="sm">No unit is allocated to a location.</Text>
      ) : (
        <Table verticalSpacing={4} data-testid="order-allocations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">SKU</Table.Th>
              <Table.Th scope="col">Location</Table.Th>
              <Table.Th scope="col" ta="right">
                Units
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.allocations.map((a) => (
              <Table.Tr key={`${a.line_id}:${a.location}`} data-testid="order-allocation">
                <Table.Td ff="monospace">{a.sku}</Table.Td>
                <Table.Td>{a.location}</Table.Td>
                <Table.Td ta="right">{a.quantity}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
