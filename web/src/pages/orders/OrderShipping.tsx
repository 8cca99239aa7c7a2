import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { DateOnly } from '../../ui/DateTime';
import { isConsolePath } from '../../ui/links';
import { Money } from '../../ui/Money';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableScroll } from '../../ui/TableScroll';
import { orderQueries } from './order-queries';

/** A carrier's tracking page, only over http(s): a `javascript:` URL from outside never becomes a link. */
const safeUrl = (url: string | null): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

/** The order's fulfillment orders (one per location) with what each ships. */
export function OrderFulfillmentOrders({ orderId }: { orderId: string }) {
  const query = useQuery(orderQueries.fulfillmentOrders(orderId));
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Fulfillment orders
      </Title>
      <ProblemAlert error={query.error} />
      {query.data && query.data.data.length === 0 && <Text size="sm">None yet: nothing of this order is released to a location.</Text>}
      <Stack gap="sm">
        {query.data?.data.map((fo) => (
          <div key={fo.id} data-testid="fulfillment-order" data-id={fo.id}>
            <Group gap="xs">
              <Text fw={600}>{fo.location}</Text>
              <StatusBadge status={fo.status} />
              {fo.promise && (
                <Text size="sm">
                  ship by <DateOnly value={fo.promise.ship_by} />
                </Text>
              )}
            </Group>
            <Text size="sm">{fo.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')}</Text>
            {fo.reject_reason && <Text size="sm">Rejected: {fo.reject_reason}</Text>}
          </div>
        ))}
      </Stack>
    </Card>
  );
}

/** Shipments with their tracking links and label downloads (PDF, ZPL). */
export function OrderShipments({ orderId }: { orderId: string }) {
  const query = useQuery(orderQueries.shipments(orderId));
  const shipments = query.data?.data ?? [];
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Shipments
      </Title>
      <ProblemAlert error={query.error} />
      {query.data && shipments.length === 0 && <Text size="sm">Nothing shipped yet.</Text>}
      {shipments.length > 0 && (
        <TableScroll label="Shipments" minWidth={560}>
          <Table verticalSpacing="xs" data-testid="order-shipments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Tracking</Table.Th>
                <Table.Th scope="col">Carrier</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Shipped</Table.Th>
                <Table.Th scope="col" ta="right">
                  Cost
                </Table.Th>
                <Table.Th scope="col">Label</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shipments.map((s) => {
                const url = safeUrl(s.tracking_url);
                return (
                  <Table.Tr key={s.id} data-testid="shipment" data-id={s.id}>
                    <Table.Td ff="monospace">
                      {url ? (
                        <Anchor href={url} target="_blank" rel="noopener noreferrer" data-testid="tracking-link">
                          {s.tracking_number}
                        </Anchor>
                      ) : (
                        s.tracking_number
                      )}
                    </Table.Td>
                    <Table.Td>{s.service_name || `${s.carrier} ${s.service}`}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={s.status} />
                    </Table.Td>
                    <Table.Td>
                      <DateOnly value={s.ship_date} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Money amount={s.amount} currency={s.currency} />
                    </Table.Td>
                    <Table.Td>
                      {s.labels && isConsolePath(s.labels.pdf) && isConsolePath(s.labels.zpl) ? (
                        <Group gap="xs" wrap="nowrap">
                          <Anchor href={s.labels.pdf} download size="sm" data-testid="label-pdf">
                            <IconDownload size={14} aria-hidden /> PDF
                          </Anchor>
                          <Anchor href={s.labels.zpl} download size="sm" data-testid="label-zpl">
                            <IconDownload size={14} aria-hidden /> ZPL
                          </Anchor>
                        </Group>
                      ) : (
                        <Text size="sm">bought elsewhere</Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Card>
  );
}
