import { Button, Card, Center, Grid, Group, Loader, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { useCan } from '../../auth/use-can';
import { DateTime } from '../../ui/DateTime';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { TableScroll } from '../../ui/TableScroll';
import { ReasonDialog } from '../fulfillment/ReasonDialog';
import { inventoryQueries } from '../inventory/inventory-api';
import { orderQueries } from '../orders/order-queries';
import { ReceivePanel } from './ReceivePanel';
import { RefundPanel } from './RefundPanel';
import { ExchangeAction, ExchangeCard } from './ReturnOutcomes';
import { ReturnShippingCard } from './ReturnShippingCard';
import { reasonLabel, returnQueries, unitsOfReturn, type Return } from './return-api';
import { ApproveDialog, TransitDialog, type ApproveValues } from './ReturnDialogs';

const route = getRouteApi('/app/returns/$returnId');
const cancellable = new Set(['requested', 'approved', 'in_transit']);
const receivable = new Set(['approved', 'in_transit', 'partially_received']);
/** Before inspection only an instant exchange (the replacement ships before the parcel is back). */
const instantExchangeable = new Set(['approved', 'in_transit', 'partially_received', 'received']);
const lifecycle = ['requested', 'approved', 'in_transit', 'partially_received', 'received', 'inspected', 'closed'] as const;

/**
 * Where the return stands on its way (requested → … → closed, or declined / cancelled), with the
 * instants the return itself records: its request, each receipt, its refund.
 */
function StatusTimeline({ ret }: { ret: Return }) {
  const ended = ret.status === 'declined' || ret.status === 'cancelled';
  const reached = ended ? 0 : lifecycle.indexOf(ret.status as (typeof lifecycle)[number]);
  const steps = ended ? (['requested', ret.status] as const) : lifecycle.filter((s) => s !== 'partially_received' || ret.status === 'partially_received');
  const receipts = [...new Set(ret.dispositions.map((d) => d.disposed_at))];
  const when = (s: string) => (s === 'requested' ? ret.created_at : s === 'closed' ? ret.refund?.created_at : s === ret.status ? ret.updated_at : undefined);
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Status
      </Title>
      <Timeline bulletSize={12} lineWidth={2} active={ended ? 1 : steps.indexOf(lifecycle[reached] ?? 'requested')} data-testid="return-timeline">
        {steps.map((s) => (
          <Timeline.Item key={s} title={statusLabel(s)} data-testid="return-step" data-status={s} data-current={s === ret.status}>
            {when(s) && (
              <Text size="xs">
                <DateTime value={when(s)} />
              </Text>
            )}
            {s === 'in_transit' && ret.tracking_number && <Text size="xs">Tracking {ret.tracking_number}</Text>}
            {(s === 'received' || s === 'partially_received') && receipts.length > 0 && <Text size="xs">{receipts.length} receipt(s)</Text>}
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}

function Lines({ ret }: { ret: Return }) {
  const reasons = useQuery(returnQueries.reasons());
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Lines
      </Title>
      <TableScroll label="Return lines">
        <Table verticalSpacing="xs" data-testid="return-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">SKU</Table.Th>
              <Table.Th scope="col" ta="right">
                Units
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Settled
              </Table.Th>
              <Table.Th scope="col">Reason</Table.Th>
              <Table.Th scope="col">Note</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ret.lines.map((l) => (
              <Table.Tr key={l.id} data-testid="return-line" data-sku={l.sku}>
                <Table.Td ff="monospace">{l.sku}</Table.Td>
                <Table.Td ta="right">{l.quantity}</Table.Td>
                <Table.Td ta="right" data-testid="return-line-settled">
                  {l.settled}
                </Table.Td>
                <Table.Td data-testid="return-line-reason">{reasonLabel(reasons.data?.reasons, l.reason)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{l.note ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {ret.dispositions.length > 0 && (
        <>
          <Title order={3} size="h5" mt="md" mb="xs">
            What became of the units
          </Title>
          <TableScroll label="Dispositions">
            <Table verticalSpacing={4} fz="sm" data-testid="return-dispositions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">SKU</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Units
                  </Table.Th>
                  <Table.Th scope="col">Disposition</Table.Th>
                  <Table.Th scope="col">When</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ret.dispositions.map((d) => (
                  <Table.Tr key={d.id} data-testid="return-disposition" data-disposition={d.disposition}>
                    <Table.Td ff="monospace">{d.sku}</Table.Td>
                    <Table.Td ta="right">{d.quantity}</Table.Td>
                    <Table.Td>
                      {statusLabel(d.disposition)}
                      {d.condition_note && <Text size="xs">{d.condition_note}</Text>}
                    </Table.Td>
                    <Table.Td>
                      <DateTime value={d.disposed_at} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </>
      )}
    </Card>
  );
}

function Facts({ ret }: { ret: Return }) {
  const order = useQuery(orderQueries.order(ret.order_id));
  const locations = useQuery(inventoryQueries.locations());
  const location = locations.data?.data.find((l) => l.id === ret.location_id);
  return (
    <Card withBorder padding="md" data-testid="return-facts">
      <Title order={2} size="h4" mb="sm">
        Return
      </Title>
      <Stack gap={4}>
        <Text size="sm">
          Order{' '}
          <AnchorLink to="/orders/$orderId" params={{ orderId: ret.order_id }} data-testid="return-order-link">
            {order.data?.number ?? ret.order_id}
          </AnchorLink>
        </Text>
        <Text size="sm">Outcome asked for: {statusLabel(ret.outcome)}</Text>
        <Text size="sm" data-testid="return-location">
          Receiving at: {location ? `${location.code} — ${location.name}` : ret.location_id ? ret.location_id : 'not approved yet'}
        </Text>
        {ret.customer_note && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            Customer: {ret.customer_note}
          </Text>
        )}
        {!ret.eligibility.eligible && (
          <Text size="sm" c="red.8" data-testid="return-ineligible">
            Outside the policy: {ret.eligibility.refusals.join(' ')}
            {ret.override_note && ` Accepted by staff: ${ret.override_note}`}
          </Text>
        )}
        {ret.photo_urls.map((u) => (
          <Text key={u} size="xs">
            {/^https:\/\//.test(u) ? (
              <a href={u} target="_blank" rel="noreferrer noopener">
                {u}
              </a>
            ) : (
              u
            )}
          </Text>
        ))}
        <Text size="xs">
          Requested <DateTime value={ret.created_at} /> by <span data-testid="return-created-by">{ret.created_by_label}</span>
        </Text>
      </Stack>
    </Card>
  );
}

/** One return (RMA): its lines, where it stands, the moves the role allows, receiving and the refund. */
export function ReturnPage() {
  const { returnId } = route.useParams();
  const allowed = useCan();
  const canWrite = allowed('returns:write');
  const queryClient = useQueryClient();
  const query = useQuery(returnQueries.one(returnId));
  const [approving, approve] = useDisclosure(false);
  const [declining, decline] = useDisclosure(false);
  const [cancelling, cancel] = useDisclosure(false);
  const done = async (title: string, ret: Return) => {
    notifications.show({ color: 'green', title, message: `The return is ${statusLabel(ret.status)}.` });
    await queryClient.invalidateQueries({ queryKey: ['returns'] });
    await queryClient.invalidateQueries({ queryKey: ['order', ret.order_id] });
  };
  const approveMutation = useMutation<Return, Error, ApproveValues>({
    mutationFn: (v) => call(api.POST('/v1/returns/{id}/approve', { params: { path: { id: returnId } }, body: v.location ? { location: v.location } : {} })),
    onSuccess: (r) => done('Approved', r),
  });
  const declineMutation = useMutation<Return, Error, string>({
    mutationFn: (reason) => call(api.POST('/v1/returns/{id}/decline', { params: { path: { id: returnId } }, body: { reason } })),
    onSuccess: (r) => done('Declined', r),
  });
  const cancelMutation = useMutation<Return, Error, string>({
    mutationFn: (reason) => call(api.POST('/v1/returns/{id}/cancel', { params: { path: { id: returnId } }, body: { reason } })),
    onSuccess: (r) => done('Cancelled', r),
  });
  const [sending, send] = useDisclosure(false);
  const transit = useMutation<Return, Error, string>({
    mutationFn: (tracking) => call(api.POST('/v1/returns/{id}/in-transit', { params: { path: { id: returnId } }, body: tracking ? { tracking_number: tracking } : {} })),
    onSuccess: (r) => done('In transit', r),
  });

  if (query.error) return <ErrorView error={query.error} reset={() => void query.refetch()} />;
  const ret = query.data;
  if (!ret) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the return" />
      </Center>
    );
  }
  const status = ret.status;
  return (
    <>
      <PageHeader
        title={`Return ${ret.id.slice(-8).toUpperCase()}`}
        subtitle={
          <Group gap="xs" component="span">
            <span data-testid="return-status">
              <StatusBadge status={status} />
            </span>
            <Text span size="sm">
              {unitsOfReturn(ret)} unit(s) · requested <DateTime value={ret.created_at} />
            </Text>
          </Group>
        }
        actions={
          canWrite && (
            <>
              {status === 'requested' && (
                <Button onClick={approve.open} data-testid="return-approve">
                  Approve…
                </Button>
              )}
              {status === 'approved' && (
                <Button variant="light" onClick={send.open} data-testid="return-in-transit">
                  Mark in transit…
                </Button>
              )}
              {status === 'requested' && (
                <Button color="red" variant="outline" onClick={decline.open} data-testid="return-decline">
                  Decline…
                </Button>
              )}
              {instantExchangeable.has(status) && !ret.exchange && !ret.refund && <ExchangeAction ret={ret} />}
              {cancellable.has(status) && (
                <Button color="red" variant="subtle" onClick={cancel.open} data-testid="return-cancel">
                  Cancel…
                </Button>
              )}
            </>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Lines ret={ret} />
            {canWrite && receivable.has(status) && <ReceivePanel key={ret.version} ret={ret} />}
            {ret.exchange && <ExchangeCard exchange={ret.exchange} />}
            {(status === 'inspected' || ret.refund) && <RefundPanel ret={ret} canRefund={canWrite} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <Facts ret={ret} />
            {status !== 'requested' && status !== 'declined' && <ReturnShippingCard ret={ret} canWrite={canWrite} />}
            <StatusTimeline ret={ret} />
          </Stack>
        </Grid.Col>
      </Grid>
      {canWrite && status === 'approved' && <TransitDialog opened={sending} onClose={send.close} mutation={transit} />}
      {canWrite && status === 'requested' && <ApproveDialog opened={approving} onClose={approve.close} mutation={approveMutation} />}
      <ReasonDialog title="Decline this return" explain="The customer is told the return is refused; the reason is recorded on the return." confirm="Decline return" opened={declining} onClose={decline.close} mutation={declineMutation} testId="return-decline" />
      <ReasonDialog title="Cancel this return" explain="Its units are freed: the customer may request them again." confirm="Cancel return" opened={cancelling} onClose={cancel.close} mutation={cancelMutation} testId="return-cancel" />
    </>
  );
}
