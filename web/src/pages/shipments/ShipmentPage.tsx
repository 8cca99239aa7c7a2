import type { ReactNode } from 'react';
import { Anchor, Button, Card, Center, Grid, Group, Loader, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconFileText } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { can } from '../../auth/permissions';
import { sessionQuery } from '../../auth/session';
import { DateOnly, DateTime } from '../../ui/DateTime';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { TableScroll } from '../../ui/TableScroll';
import { LabelLinks } from '../fulfillment/FoParts';
import { ReasonDialog } from '../fulfillment/ReasonDialog';
import { ScanDialog } from './ScanDialog';
import { safeUrl, shipmentQueries, type Shipment } from './shipment-queries';

const route = getRouteApi('/app/shipments/$shipmentId');
const finished = new Set(['delivered', 'voided', 'returned_to_sender']);

function Facts({ s }: { s: Shipment }) {
  const url = safeUrl(s.tracking_url);
  const rows: [string, ReactNode][] = [
    ['Carrier', `${s.carrier} · ${s.service_name || s.service}`],
    ['Tracking', url ? <Anchor href={url} target="_blank" rel="noopener noreferrer" data-testid="tracking-link">{s.tracking_number}</Anchor> : s.tracking_number],
    ['Cost', <Money key="cost" amount={s.amount} currency={s.currency} />],
    ['Shipped', <DateOnly key="shipped" value={s.ship_date} />],
    ['Promised by', <DateOnly key="promised" value={s.promised_delivery_date} />],
    ['Estimated', <DateOnly key="estimated" value={s.estimated_delivery_date} />],
    ['Delivered', <DateTime key="delivered" value={s.delivered_at} />],
    ['On time', s.on_time === null ? '—' : s.on_time ? 'yes' : 'no'],
    ['Chosen because', s.chosen.reason],
  ];
  return (
    <Table verticalSpacing={4} data-testid="shipment-facts">
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th scope="row" w={140}>
              {k}
            </Table.Th>
            <Table.Td>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One shipment: tracking events, labels and customs paper, a scan recorded by hand, void. */
export function ShipmentPage() {
  const { shipmentId } = route.useParams();
  const queryClient = useQueryClient();
  const { data: session } = useSuspenseQuery(sessionQuery);
  const role = session?.user.role ?? 'viewer';
  const query = useQuery(shipmentQueries.one(shipmentId));
  const [scanning, scan] = useDisclosure(false);
  const [voiding, voidDialog] = useDisclosure(false);
  const voidMutation = useMutation<unknown, Error, string>({
    mutationFn: (reason) => call(api.POST('/v1/shipments/{id}/void', { params: { path: { id: shipmentId } }, body: { reason } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Label voided', message: 'Stock is back and the fulfillment order is packed again.' });
      await queryClient.invalidateQueries({ queryKey: ['shipment', shipmentId] });
      await queryClient.invalidateQueries({ queryKey: ['fulfillment'] });
    },
  });
  if (query.error) return <ErrorView error={query.error} reset={() => void query.refetch()} />;
  const s = query.data;
  if (!s) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the shipment" />
      </Center>
    );
  }
  const events = [...(s.events ?? [])].reverse();
  return (
    <>
      <PageHeader
        title={`Shipment ${s.tracking_number}`}
        subtitle={
          <Group gap="xs" component="span">
            <StatusBadge status={s.status} />
            <Text span size="sm">
              {s.reference}
            </Text>
          </Group>
        }
        actions={
          <>
            {!finished.has(s.status) && can(role, 'shipping:scan') && (
              <Button onClick={scan.open} data-testid="shipment-record-scan">
                Record a scan
              </Button>
            )}
            {s.status === 'label_created' && can(role, 'shipping:write') && (
              <Button color="red" variant="outline" onClick={voidDialog.open} data-testid="shipment-void">
                Void label…
              </Button>
            )}
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Card withBorder padding="md">
              <Title order={2} size="h4" mb="sm">
                Tracking
              </Title>
              {events.length === 0 && <Text size="sm">No scan yet.</Text>}
              <Timeline bulletSize={12} lineWidth={2} active={events.length} data-testid="shipment-events">
                {events.map((e, i) => (
                  <Timeline.Item key={`${e.occurred_at}-${i}`} title={statusLabel(e.status)} data-testid="shipment-event" data-status={e.status}>
                    {e.location && <Text size="sm">{e.location}</Text>}
                    {e.description && <Text size="sm">{e.description}</Text>}
                    {!e.applied && <Text size="sm">Not applied: {e.note}</Text>}
                    <Text size="xs" mt={2}>
                      <DateTime value={e.occurred_at} /> · {e.source}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </Card>
            <Card withBorder padding="md">
              <Title order={2} size="h4" mb="sm">
                Parcels
              </Title>
              <TableScroll label="Parcels" minWidth={420}>
                <Table verticalSpacing="xs" data-testid="shipment-parcels">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Tracking</Table.Th>
                      <Table.Th scope="col">Size (mm)</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Weight (g)
                      </Table.Th>
                      <Table.Th scope="col">Label</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {s.packages.map((p, i) => (
                      <Table.Tr key={p.tracking_number}>
                        <Table.Td ff="monospace">{p.tracking_number}</Table.Td>
                        <Table.Td>{`${p.dimensions_mm.length} × ${p.dimensions_mm.width} × ${p.dimensions_mm.height}`}</Table.Td>
                        <Table.Td ta="right">{p.weight_grams}</Table.Td>
                        <Table.Td>
                          {s.labels && (
                            <Anchor href={`/v1/shipments/${encodeURIComponent(s.id)}/label.pdf?parcel=${i + 1}`} target="_blank" rel="noopener" size="sm" data-testid="parcel-label">
                              PDF
                            </Anchor>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card withBorder padding="md">
            <Title order={2} size="h4" mb="sm">
              Details
            </Title>
            <Facts s={s} />
            <Stack gap="xs" mt="sm">
              {s.labels ? <LabelLinks shipmentId={s.id} /> : <Text size="sm">Label bought outside the OMS.</Text>}
              {s.customs?.document_url?.startsWith('/v1/') && (
                <Anchor href={s.customs.document_url} target="_blank" rel="noopener" size="sm" data-testid="customs-pdf">
                  <IconFileText size={14} aria-hidden /> Customs paper ({s.customs.document})
                </Anchor>
              )}
              <AnchorLink to="/fulfillment/$foId" params={{ foId: s.fulfillment_order_id }} size="sm" data-testid="shipment-fo-link">
                Fulfillment order
              </AnchorLink>
              {can(role, 'orders:read') && (
                <AnchorLink to="/orders/$orderId" params={{ orderId: s.order_id }} size="sm" data-testid="shipment-order-link">
                  Order
                </AnchorLink>
              )}
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
      <ScanDialog shipmentId={s.id} opened={scanning} onClose={scan.close} />
      <ReasonDialog
        title="Void this label"
        explain="The carrier has not scanned it yet: the label is cancelled, the stock goes back and the fulfillment order is packed again, ready for a new label."
        confirm="Void label"
        opened={voiding}
        onClose={voidDialog.close}
        mutation={voidMutation}
        testId="shipment-void"
      />
    </>
  );
}
