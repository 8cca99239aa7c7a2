import { Card, Table, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { DateTime } from '../../ui/DateTime';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableScroll } from '../../ui/TableScroll';
import { unitsOfReturn, type Return } from '../returns/return-api';

/** GET /v1/orders/{id}/returns: the order's returns, newest first, each a link to its page. */
export function OrderReturns({ query }: { query: UseQueryResult<{ data: Return[] }> }) {
  const returns = query.data?.data ?? [];
  if (!query.error && returns.length === 0) return null;
  return (
    <Card withBorder padding="md" data-testid="order-returns">
      <Title order={2} size="h4" mb="sm">
        Returns
      </Title>
      <ProblemAlert error={query.error} />
      <TableScroll label="Returns of this order">
        <Table verticalSpacing="xs" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Return</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col" ta="right">
                Units
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Refunded
              </Table.Th>
              <Table.Th scope="col">Requested</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {returns.map((r) => (
              <Table.Tr key={r.id} data-testid="order-return" data-id={r.id} data-status={r.status}>
                <Table.Td>
                  <AnchorLink to="/returns/$returnId" params={{ returnId: r.id }} data-testid="order-return-link">
                    {r.id.slice(-8).toUpperCase()}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={r.status} />
                </Table.Td>
                <Table.Td ta="right">{unitsOfReturn(r)}</Table.Td>
                <Table.Td ta="right" data-testid="order-return-refund">
                  {r.refund ? <Money amount={r.refund.amount} currency={r.refund.currency} /> : <Text span size="sm">—</Text>}
                </Table.Td>
                <Table.Td>
                  <DateTime value={r.created_at} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Card>
  );
}
