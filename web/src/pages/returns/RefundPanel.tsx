import { Button, Card, Divider, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, type ReactNode } from 'react';
import { api, call } from '../../api/client';
import { newKey } from '../../api/idempotency';
import { DateTime } from '../../ui/DateTime';
import { StatusBadge } from '../../ui/StatusBadge';
import { Money } from '../../ui/Money';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { TableScroll } from '../../ui/TableScroll';
import { orderQueries } from '../orders/order-queries';
import { returnQueries, type RefundPreview, type Return } from './return-api';
import { useOutcomeOverride } from './OutcomeOverride';
import { ExchangeAction, StoreCreditAction } from './ReturnOutcomes';

type ChannelSyncView = NonNullable<NonNullable<Return['refund']>['channel_sync']>;

/** Where the refund stands on the order's sales platform (ADR 0021): sent, being retried, failed, or to record there by hand. */
function ChannelSync({ sync }: { sync: ChannelSyncView }) {
  return (
    <Group gap="xs" data-testid="refund-channel-sync">
      <Text size="sm">On the sales platform:</Text>
      <StatusBadge status={sync.status} />
      {sync.remote_id && <Text size="xs">refund {sync.remote_id}</Text>}
      {sync.last_error && (
        <Text size="xs" c={sync.status === 'succeeded' ? undefined : 'red.8'}>
          {sync.last_error}
        </Text>
      )}
    </Group>
  );
}

/** Store credit and card refunds look alike on the return; the ledger transaction's gateway tells them apart. */
function useRefundGateway(ret: Return): string | undefined {
  const ledger = useQuery({ ...orderQueries.transactions(ret.order_id), enabled: !!ret.refund });
  return ledger.data?.data.find((t) => t.id === ret.refund?.transaction_id)?.gateway;
}

function RefundKind({ gateway }: { gateway: string | undefined }) {
  if (!gateway) return null;
  return (
    <Text size="sm" data-testid="refund-kind" data-gateway={gateway}>
      {gateway === 'store_credit' ? 'Issued as store credit to the customer’s e-mail.' : gateway === 'exchange' ? 'Applied to the replacement order.' : `Refunded to the original payment (${gateway}).`}
    </Text>
  );
}

type Amounts = Pick<RefundPreview, 'currency' | 'amount' | 'lines' | 'shipping' | 'restocking_fee' | 'tax'>;

function Row({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <Group justify="space-between" data-testid={testId}>
      <Text size="sm">{label}</Text>
      {children}
    </Group>
  );
}

/** The refund's parts: per line, shipping, restocking fee and the total. */
function Breakdown({ a, testId, totalLabel = 'Total refund' }: { a: Amounts; testId: string; totalLabel?: string }) {
  return (
    <Stack gap={4} data-testid={testId}>
      <TableScroll label="Refund by line">
        <Table verticalSpacing={4} fz="sm" data-testid={`${testId}-lines`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">SKU</Table.Th>
              <Table.Th scope="col" ta="right">
                Units
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Amount
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {a.lines.map((l) => (
              <Table.Tr key={l.order_line_id} data-testid={`${testId}-line`} data-sku={l.sku}>
                <Table.Td ff="monospace">{l.sku}</Table.Td>
                <Table.Td ta="right">{l.quantity}</Table.Td>
                <Table.Td ta="right">
                  <Money amount={l.amount} currency={a.currency} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <Row label="Shipping" testId={`${testId}-shipping`}>
        <Money amount={a.shipping} currency={a.currency} />
      </Row>
      <Row label="Restocking fee" testId={`${testId}-fee`}>
        <Money amount={Number(a.restocking_fee) === 0 ? a.restocking_fee : `-${a.restocking_fee}`} currency={a.currency} />
      </Row>
      <Divider />
      <Row label={totalLabel} testId={`${testId}-total`}>
        <Money amount={a.amount} currency={a.currency} fw={700} />
      </Row>
    </Stack>
  );
}

/**
 * An inspected return: what refunding it would refund now (GET …/refund-preview) and the button
 * that records it on the order's payment ledger. A closed return shows the refund it got.
 */
export function RefundPanel({ ret, canRefund }: { ret: Return; canRefund: boolean }) {
  const queryClient = useQueryClient();
  const idempotencyKey = useRef(newKey());
  const preview = useQuery({ ...returnQueries.preview(ret.id), enabled: ret.status === 'inspected' });
  const gateway = useRefundGateway(ret);
  const override = useOutcomeOverride('refund');
  const refund = useMutation({
    mutationFn: (body: { override_note?: string }) => call(api.POST('/v1/returns/{id}/refunds', { params: { path: { id: ret.id }, header: { 'idempotency-key': idempotencyKey.current } }, body })),
    onSuccess: async (answer) => {
      idempotencyKey.current = newKey();
      notifications.show({ color: 'green', title: 'Refund recorded', message: `${answer.refund?.amount ?? ''} ${answer.currency} on the order’s payment ledger.` });
      await queryClient.invalidateQueries({ queryKey: ['returns'] });
      await queryClient.invalidateQueries({ queryKey: ['order', ret.order_id] });
    },
    onError: (e) => {
      // A refusal is a new request once corrected: a fresh key, or the replay would answer the refusal.
      idempotencyKey.current = newKey();
      override.onRefusal(e);
    },
  });
  const submit = () => {
    const body = override.body();
    if (body) refund.mutate(body);
  };
  return (
    <Card withBorder padding="md" data-testid="return-refund">
      <Title order={2} size="h4" mb="sm">
        {gateway === 'store_credit' ? 'Store credit' : 'Refund'}
      </Title>
      {ret.refund ? (
        <Stack gap="xs">
          <RefundKind gateway={gateway} />
          <Breakdown a={ret.refund} testId="refund-result" totalLabel={gateway === 'store_credit' ? 'Total credited' : 'Total refund'} />
          <Text size="xs">
            Recorded <DateTime value={ret.refund.created_at} /> · {ret.refund.actor_label} · transaction {ret.refund.transaction_id}
          </Text>
          {ret.refund.channel_sync && <ChannelSync sync={ret.refund.channel_sync} />}
        </Stack>
      ) : (
        <Stack gap="sm">
          <ProblemAlert error={preview.error} />
          {preview.data && <Breakdown a={preview.data} testId="refund-preview" />}
          {preview.data && Number(preview.data.refundable) < Number(preview.data.amount) && (
            <Text size="sm" c="red.8" data-testid="refund-refundable">
              The ledger allows only {preview.data.refundable} {preview.data.currency} (captured − refunded).
            </Text>
          )}
          <ProblemAlert error={refund.error} testId="refund-problem" />
          {canRefund && !ret.exchange && override.field}
          {canRefund && !ret.exchange && (
            <Group gap="sm">
              <Button w="fit-content" disabled={!preview.data} loading={refund.isPending} onClick={submit} data-testid="refund-submit">
                {override.asked ? 'Issue refund anyway' : 'Issue refund'}
              </Button>
              <StoreCreditAction ret={ret} preview={preview.data} />
              <ExchangeAction ret={ret} />
            </Group>
          )}
        </Stack>
      )}
    </Card>
  );
}
