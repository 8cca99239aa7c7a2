import { Alert, Anchor, Button, Card, Center, Group, Loader, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPrinter } from '@tabler/icons-react';
import { useMutation, useQueries, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { can } from '../../auth/permissions';
import { sessionQuery } from '../../auth/session';
import { DateTime } from '../../ui/DateTime';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableScroll } from '../../ui/TableScroll';
import { foReference } from './fo-labels';
import { fulfillmentQueries, type PickList } from './fulfillment-queries';

const route = getRouteApi('/app/pick-lists/$pickListId');
const stopKey = (s: PickList['stops'][number]) => `${s.sku} ${s.bin ?? ''}`;

/** Where the units of a rejected fulfillment order went: the order's live fulfillment orders elsewhere. */
function ReRouted({ orderId, location }: { orderId: string; location: string }) {
  const query = useQuery(fulfillmentQueries.ofOrder(orderId));
  const elsewhere = (query.data?.data ?? []).filter((f) => f.location !== location && !['rejected', 'cancelled'].includes(f.status));
  if (!query.data) return null;
  if (elsewhere.length === 0) return <Text size="sm">Not re-routed: no other location has it (the order waits as a backorder).</Text>;
  return (
    <Text size="sm" data-testid="re-routed">
      Re-routed: {elsewhere.map((f) => `${f.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')} → ${f.location} (${f.status.replaceAll('_', ' ')})`).join('; ')}
    </Text>
  );
}

/** The fulfillment orders of the list, as they are now: after a short pick some are rejected and re-routed. */
function ListOrders({ list }: { list: PickList }) {
  const fos = useQueries({ queries: list.fulfillment_order_ids.map((id) => fulfillmentQueries.one(id)) });
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Fulfillment orders on this list
      </Title>
      <Stack gap="xs">
        {fos.map((q, i) => {
          const fo = q.data;
          if (!fo) return <ProblemAlert key={list.fulfillment_order_ids[i]} error={q.error} />;
          return (
            <div key={fo.id} data-testid="pick-list-fo" data-id={fo.id} data-status={fo.status}>
              <Group gap="xs">
                <AnchorLink to="/fulfillment/$foId" params={{ foId: fo.id }} fw={600} data-testid="pick-list-fo-link">
                  {foReference(fo)}
                </AnchorLink>
                <StatusBadge status={fo.status} />
                <Text size="sm">{fo.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')}</Text>
              </Group>
              {fo.status === 'rejected' && <ReRouted orderId={fo.order_id} location={fo.location} />}
            </div>
          );
        })}
      </Stack>
    </Card>
  );
}

/** A pick list: its stops in walking order, print it, confirm what was picked (less than asked: a short pick). */
export function PickListPage() {
  const { pickListId } = route.useParams();
  const queryClient = useQueryClient();
  const { data: session } = useSuspenseQuery(sessionQuery);
  const query = useQuery(fulfillmentQueries.pickList(pickListId));
  const [picked, setPicked] = useState<Record<string, number>>({});
  const [shortfall, setShortfall] = useState<string | null>(null);
  const confirm = useMutation({
    mutationFn: (lines: { sku: string; bin?: string; picked: number }[]) => call(api.POST('/v1/pick-lists/{id}/confirm', { params: { path: { id: pickListId } }, body: { lines } })),
    onSuccess: async (list) => {
      const short = list.stops.filter((s) => s.picked !== null && s.picked < s.quantity);
      setShortfall(short.length ? short.map((s) => `${s.quantity - (s.picked ?? 0)} × ${s.sku}`).join(', ') : null);
      notifications.show({ color: 'green', title: 'Picks confirmed', message: short.length ? 'Short picks were re-routed.' : 'Everything was found.' });
      queryClient.setQueryData(fulfillmentQueries.pickList(pickListId).queryKey, list);
      await queryClient.invalidateQueries({ queryKey: ['fulfillment'] });
    },
  });
  if (query.error) return <ErrorView error={query.error} reset={() => void query.refetch()} />;
  const list = query.data;
  if (!list) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the pick list" />
      </Center>
    );
  }
  const open = list.stops.filter((s) => s.picked === null);
  const canConfirm = can(session?.user.role ?? 'viewer', 'fulfillment:write') && open.length > 0;
  const submit = () => confirm.mutate(open.map((s) => ({ sku: s.sku, ...(s.bin ? { bin: s.bin } : {}), picked: picked[stopKey(s)] ?? s.quantity })));
  return (
    <>
      <PageHeader
        title={`Pick list at ${list.location}`}
        subtitle={
          <Group gap="xs" component="span">
            <StatusBadge status={list.status} />
            <Text span size="sm">
              {list.stops.length} stops · {list.fulfillment_order_ids.length} fulfillment orders · created <DateTime value={list.created_at} />
            </Text>
          </Group>
        }
        actions={
          <Button component="a" href={`/v1/pick-lists/${encodeURIComponent(list.id)}.pdf`} target="_blank" rel="noopener" variant="light" leftSection={<IconPrinter size={16} aria-hidden />} data-testid="pick-list-pdf">
            Print pick list
          </Button>
        }
      />
      <Stack gap="md">
        <ProblemAlert error={confirm.error} testId="confirm-problem" />
        {shortfall && (
          <Alert color="orange" variant="light" title="Short pick" role="status" data-testid="short-pick">
            Not found on the shelf: {shortfall}. Those units were rejected as not in stock at {list.location}, its available stock set to zero, and routed to other locations (below).
          </Alert>
        )}
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="sm">
            Stops
          </Title>
          <TableScroll label="Stops in walking order" minWidth={480}>
            <Table verticalSpacing="xs" data-testid="pick-stops">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Bin</Table.Th>
                  <Table.Th scope="col">SKU</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Asked
                  </Table.Th>
                  <Table.Th scope="col">Picked</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.stops.map((s) => (
                  <Table.Tr key={stopKey(s)} data-testid="pick-stop" data-sku={s.sku}>
                    <Table.Td ff="monospace">{s.bin ?? '—'}</Table.Td>
                    <Table.Td ff="monospace">{s.sku}</Table.Td>
                    <Table.Td ta="right">{s.quantity}</Table.Td>
                    <Table.Td>
                      {s.picked === null ? (
                        <NumberInput
                          aria-label={`Units of ${s.sku} picked`}
                          min={0}
                          max={s.quantity}
                          allowDecimal={false}
                          w={110}
                          value={picked[stopKey(s)] ?? s.quantity}
                          onChange={(v) => setPicked((p) => ({ ...p, [stopKey(s)]: typeof v === 'number' ? v : 0 }))}
                          disabled={!canConfirm}
                          data-testid={`pick-qty-${s.sku}`}
                        />
                      ) : (
                        <Text span fw={s.picked < s.quantity ? 600 : undefined} data-testid="pick-picked">
                          {s.picked}
                          {s.picked < s.quantity ? ` (short ${s.quantity - s.picked})` : ''}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
          {canConfirm && (
            <Group justify="flex-end" mt="sm">
              <Button onClick={submit} loading={confirm.isPending} data-testid="pick-confirm">
                Confirm picks
              </Button>
            </Group>
          )}
        </Card>
        <ListOrders list={list} />
        <Text size="sm">
          The PDF lists the stops in walking order with a barcode per SKU:{' '}
          <Anchor href={`/v1/pick-lists/${encodeURIComponent(list.id)}.pdf`} download={`${list.id}.pdf`} data-testid="pick-list-download">
            download it
          </Anchor>
          .
        </Text>
      </Stack>
    </>
  );
}
