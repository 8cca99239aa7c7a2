import { Button, Card, Divider, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, type ReactNode } from 'react';
import { api, call } from '../../api/client';
import { newKey } from '../../api/idempotency';
import type { Order, OrderLedger, PaymentTransaction } from '../../api/types';
import { DateTime } from '../../ui/DateTime';
import { Money } from '../../ui/Money';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { TableScroll } from '../../ui/TableScroll';
import { orderKey, orderQueries } from './order-queries';

type Kind = PaymentTransaction['kind'];

const kinds: Kind[] = ['capture', 'sale', 'authorization', 'refund', 'void', 'chargeback', 'chargeback_reversal'];

interface PaymentForm {
  kind: Kind;
  amount: string;
  gateway: string;
  gateway_reference: string;
  parent_id: string;
  reason: string;
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <Group justify="space-between" data-testid={testId}>
      <Text size="sm">{label}</Text>
      <Text size="sm">
        {children}
      </Text>
    </Group>
  );
}

/** POST /v1/orders/{id}/transactions. The server checks every rule; its refusals land next to the field they name. */
function RecordPayment({ order, ledger }: { order: Order; ledger: OrderLedger | undefined }) {
  const queryClient = useQueryClient();
  // One key per payment being entered: a double click or a retry after a lost answer records it once.
  const idempotencyKey = useRef(newKey());
  const form = useForm<PaymentForm>({
    mode: 'controlled',
    initialValues: { kind: 'capture', amount: '', gateway: 'manual', gateway_reference: '', parent_id: '', reason: '' },
    validate: { amount: (v) => (v.trim() ? null : 'Enter the amount'), gateway: (v) => (v.trim() ? null : 'Name the gateway') },
  });
  const mutation = useMutation({
    mutationFn: (v: PaymentForm) =>
      call(
        api.POST('/v1/orders/{id}/transactions', {
          params: { path: { id: order.id }, header: { 'idempotency-key': idempotencyKey.current } },
          body: {
            kind: v.kind,
            amount: v.amount.trim(),
            gateway: v.gateway.trim(),
            ...(v.gateway_reference.trim() ? { gateway_reference: v.gateway_reference.trim() } : {}),
            ...(v.parent_id ? { parent_id: v.parent_id } : {}),
            ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (answer) => {
      idempotencyKey.current = newKey();
      form.reset();
      notifications.show({ color: 'green', message: `${statusLabel(answer.transaction.kind)} of ${answer.transaction.amount} ${answer.transaction.currency} recorded.` });
      await queryClient.invalidateQueries({ queryKey: orderKey(order.id) });
    },
    onError: (error) => showOnForm(form, error),
  });
  const parents = (ledger?.data ?? []).filter((t) => t.status === 'success' && ['authorization', 'capture', 'sale', 'chargeback'].includes(t.kind));
  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate aria-label="Record payment">
      <Stack gap="xs">
        <Title order={3} size="h5">
          Record payment
        </Title>
        <ProblemAlert error={mutation.error} form={form} testId="payment-problem" />
        <Select label="Kind" data={kinds.map((k) => ({ value: k, label: statusLabel(k) }))} allowDeselect={false} {...form.getInputProps('kind')} data-testid="payment-kind" />
        <TextInput label={`Amount (${order.currency})`} inputMode="decimal" placeholder="19.99" {...form.getInputProps('amount')} data-testid="payment-amount" />
        <TextInput label="Gateway" {...form.getInputProps('gateway')} data-testid="payment-gateway" />
        <TextInput label="Gateway reference" description="The gateway’s id: the same one is never recorded twice" {...form.getInputProps('gateway_reference')} data-testid="payment-reference" />
        {parents.length > 0 && (
          <Select
            label="Acts on"
            description="The authorization a capture or void takes, the capture a refund returns"
            clearable
            data={parents.map((t) => ({ value: t.id, label: `${statusLabel(t.kind)} ${t.amount} ${t.currency} (${t.gateway_reference ?? t.id})` }))}
            {...form.getInputProps('parent_id')}
            onChange={(v) => form.setFieldValue('parent_id', v ?? '')}
            data-testid="payment-parent"
          />
        )}
        <TextInput label="Reason" maxLength={500} {...form.getInputProps('reason')} data-testid="payment-reason" />
        <Button type="submit" size="xs" w="fit-content" loading={mutation.isPending} data-testid="payment-submit">
          Record
        </Button>
      </Stack>
    </form>
  );
}

/** The order's money as the ledger says it: financial status, paid, refunded, balance, every transaction. */
export function OrderPayments({ order, canRecord }: { order: Order; canRecord: boolean }) {
  const query = useQuery(orderQueries.transactions(order.id));
  const { payment, currency } = order;
  const balance = Number(payment.balance);
  return (
    <Card withBorder padding="md" data-testid="order-payments">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Payments
        </Title>
        <span data-testid="financial-status">
          <StatusBadge status={payment.financial_status} />
        </span>
      </Group>
      <Stack gap={4}>
        {Number(payment.authorized) !== 0 && (
          <Row label="Authorized" testId="payment-authorized">
            <Money amount={payment.authorized} currency={currency} />
          </Row>
        )}
        <Row label="Paid" testId="payment-paid">
          <Money amount={payment.paid} currency={currency} />
        </Row>
        <Row label="Refunded" testId="payment-refunded">
          <Money amount={payment.refunded} currency={currency} />
        </Row>
        <Row label={balance > 0 ? 'Refund owed' : balance < 0 ? 'Amount due' : 'Balance'} testId="payment-balance">
          <Money amount={balance > 0 ? payment.refund_owed : balance < 0 ? payment.amount_due : payment.balance} currency={currency} fw={balance !== 0 ? 700 : undefined} />
        </Row>
      </Stack>
      <ProblemAlert error={query.error} />
      {query.data && query.data.data.length > 0 && (
        <TableScroll label="Payment transactions">
          <Table mt="sm" fz="sm" data-testid="payment-transactions">
            <Table.Caption>Transactions, oldest first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Gateway</Table.Th>
                <Table.Th>When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.data.map((t) => (
                <Table.Tr key={t.id} data-testid="payment-transaction" data-kind={t.kind}>
                  <Table.Td>{statusLabel(t.kind)}</Table.Td>
                  <Table.Td>
                    <Money amount={t.amount} currency={t.currency} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={t.status} />
                  </Table.Td>
                  <Table.Td>
                    {t.gateway}
                    {t.gateway_reference && <Text size="xs">{t.gateway_reference}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <DateTime value={t.processed_at} />
                    {t.reason && <Text size="xs">{t.reason}</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {canRecord && (
        <>
          <Divider my="sm" />
          <RecordPayment order={order} ledger={query.data} />
        </>
      )}
    </Card>
  );
}
