import { Alert, Button, Card, Center, Grid, Group, Loader, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { Customer, Order } from '../../api/types';
import { can } from '../../auth/permissions';
import { sessionQuery } from '../../auth/session';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorView } from '../../ui/ErrorView';
import { LabelledRow as Row } from '../../ui/LabelledRow';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { PageHeader } from '../../ui/PageHeader';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { TagsField } from '../../ui/TagsField';
import { MessagePreferences } from './MessagePreferences';

const route = getRouteApi('/app/customers/$customerId');
const customerKey = (id: string) => ['customers', id] as const;

/** Orders, first and last, returns, amount spent per currency and store-credit balances. */
function Figures({ customer }: { customer: Customer }) {
  const s = customer.stats;
  return (
    <Card withBorder padding="md" data-testid="customer-figures">
      <Title order={2} size="h4" mb="sm">
        Figures
      </Title>
      <Row label="Orders">
        <span data-testid="customer-stat-orders">{s.orders_count}</span>
      </Row>
      <Row label="Amount spent">
        {s.amount_spent.length === 0 ? '—' : s.amount_spent.map((m) => <Money key={m.currency} amount={m.amount} currency={m.currency} data-testid="customer-stat-spent" />)}
      </Row>
      <Row label="First order">{s.first_order_at ? <DateTime value={s.first_order_at} /> : '—'}</Row>
      <Row label="Last order">{s.last_order_at ? <DateTime value={s.last_order_at} /> : '—'}</Row>
      <Row label="Returns">
        <span data-testid="customer-stat-returns">{s.returns_count}</span>
      </Row>
      {customer.store_credit.map((a) => (
        <Row key={a.account_id} label={`Store credit (${a.currency})`}>
          <Money amount={a.balance} currency={a.currency} data-testid="customer-store-credit" />
        </Row>
      ))}
    </Card>
  );
}

/** PATCH /v1/customers/{id}: name, phone (with its country code), tags and the team's note. */
function EditCustomer({ customer }: { customer: Customer }) {
  const queryClient = useQueryClient();
  const initial = { name: customer.name ?? '', phone: customer.phone ?? '', tags: customer.tags, note: customer.note ?? '' };
  const form = useForm({ mode: 'controlled', initialValues: initial });
  const mutation = useMutation({
    mutationFn: (v: typeof initial) => call(api.PATCH('/v1/customers/{id}', { params: { path: { id: customer.id } }, body: { name: v.name.trim() || null, phone: v.phone.trim() || null, tags: v.tags, note: v.note.trim() || null } })),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', message: 'Customer saved.' });
      form.setInitialValues({ name: saved.name ?? '', phone: saved.phone ?? '', tags: saved.tags, note: saved.note ?? '' });
      form.setValues({ name: saved.name ?? '', phone: saved.phone ?? '', tags: saved.tags, note: saved.note ?? '' });
      await queryClient.invalidateQueries({ queryKey: customerKey(customer.id) });
    },
    onError: (error) => showOnForm(form, error),
  });
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Details
      </Title>
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="xs">
          <ProblemAlert error={mutation.error} form={form} testId="customer-problem" />
          <TextInput label="Name" maxLength={200} {...form.getInputProps('name')} data-testid="customer-name" />
          <TextInput label="Phone" description="With its country code, e.g. +49 30 1234567" maxLength={50} {...form.getInputProps('phone')} data-testid="customer-phone" />
          <TagsField label="Tags" {...form.getInputProps('tags')} data-testid="customer-tags" />
          <Textarea label="Note" autosize minRows={2} maxLength={5000} {...form.getInputProps('note')} data-testid="customer-note" />
          <Button type="submit" size="xs" w="fit-content" disabled={!form.isDirty()} loading={mutation.isPending} data-testid="customer-save">
            Save
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function ReadOnlyDetails({ customer }: { customer: Customer }) {
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Details
      </Title>
      <Row label="Phone">{customer.phone ?? '—'}</Row>
      <Row label="Tags">{customer.tags.join(', ') || '—'}</Row>
      <Row label="Note">{customer.note ?? '—'}</Row>
    </Card>
  );
}

const orderColumns: Column<Order>[] = [
  {
    header: 'Order',
    render: (o) => (
      <AnchorLink to="/orders/$orderId" params={{ orderId: o.id }} fw={600} data-testid="customer-order-link">
        {o.number}
      </AnchorLink>
    ),
  },
  { header: 'Date', render: (o) => <DateTime value={o.placed_at ?? o.created_at} /> },
  { header: 'Channel', render: (o) => o.channel_name ?? o.channel, hiddenBelow: 'md' },
  { header: 'Status', render: (o) => <StatusBadge status={o.status} />, nowrap: true },
  { header: 'Total', render: (o) => <Money amount={o.totals.total} currency={o.currency} />, align: 'right', nowrap: true },
];

function CustomerOrders({ customerId }: { customerId: string }) {
  const list = useCursorList(['customers', customerId, 'orders'], (cursor) => call(api.GET('/v1/customers/{id}/orders', { params: { path: { id: customerId }, query: { limit: 25, ...(cursor ? { cursor } : {}) } } })));
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Orders
      </Title>
      <CursorTable list={list} columns={orderColumns} rowKey={(o) => o.id} caption="The customer’s orders" testId="customer-orders" empty={<EmptyState title="No orders">The customer’s orders show here.</EmptyState>} />
    </Card>
  );
}

/** Admin only: merge another customer into this one; erase this one's personal data. */
function AdminActions({ customer }: { customer: Customer }) {
  const queryClient = useQueryClient();
  const [from, setFrom] = useState('');
  const [reason, setReason] = useState('');
  const [erasing, erase] = useDisclosure(false);
  const merge = useMutation({
    mutationFn: () => call(api.POST('/v1/customers/{id}/merge', { params: { path: { id: customer.id } }, body: { from: from.trim() } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: 'Customers merged.' });
      setFrom('');
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
  });
  const eraseMutation = useMutation({
    mutationFn: () => call(api.POST('/v1/customers/{id}/erase', { params: { path: { id: customer.id } }, body: { reason: reason.trim() } })),
    onSuccess: async () => {
      erase.close();
      notifications.show({ color: 'green', message: 'Personal data erased.' });
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
  });
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Merge and erase
      </Title>
      <Stack gap="xs">
        <ProblemAlert error={merge.error} testId="merge-problem" />
        <Group align="flex-end" gap="xs">
          <TextInput label="Merge another customer into this one" placeholder="cus_…" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={300} data-testid="merge-from" />
          <Button variant="default" size="sm" disabled={from.trim() === ''} loading={merge.isPending} onClick={() => merge.mutate()} data-testid="merge-submit">
            Merge
          </Button>
        </Group>
        <Button color="red" variant="light" size="sm" w="fit-content" onClick={erase.open} data-testid="erase-open">
          Erase personal data…
        </Button>
      </Stack>
      <ConfirmDialog opened={erasing} onClose={erase.close} title="Erase this customer’s personal data?" confirmLabel="Erase" onConfirm={() => reason.trim() && eraseMutation.mutate()} pending={eraseMutation.isPending} error={eraseMutation.error} testId="erase-dialog">
        <Stack gap="xs">
          <Text size="sm">Name, e-mail, phone and addresses are replaced in the customer, its orders and their history. Orders, money and stock stay. This cannot be undone.</Text>
          <TextInput label="Reason" placeholder="The customer’s request of …" value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="erase-reason" />
        </Stack>
      </ConfirmDialog>
    </Card>
  );
}

/** One customer: details (editable), figures, store credit, message preferences, orders; merge and erase for admins. */
export function CustomerPage() {
  const { customerId } = route.useParams();
  const { data: session } = useSuspenseQuery(sessionQuery);
  const query = useQuery({ queryKey: customerKey(customerId), queryFn: () => call(api.GET('/v1/customers/{id}', { params: { path: { id: customerId } } })) });
  if (query.error) return <ErrorView error={query.error} reset={() => void query.refetch()} />;
  if (!query.data) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the customer" />
      </Center>
    );
  }
  const customer = query.data;
  const role = session?.user.role ?? 'viewer';
  const live = !customer.merged_into && !customer.erased_at;
  return (
    <>
      <PageHeader
        title={customer.name ?? customer.email ?? customer.phone ?? (customer.erased_at ? 'Erased customer' : customer.id)}
        subtitle={
          <Text span size="sm" data-testid="customer-contact">
            {[customer.email, customer.phone].filter(Boolean).join(' · ') || '—'} · customer since <DateTime value={customer.created_at} />
          </Text>
        }
      />
      {customer.merged_into && (
        <Alert color="blue" mb="md" data-testid="customer-merged">
          Merged into{' '}
          <AnchorLink to="/customers/$customerId" params={{ customerId: customer.merged_into }}>
            {customer.merged_into}
          </AnchorLink>
          , which holds its orders now.
        </Alert>
      )}
      {customer.erased_at && (
        <Alert color="gray" mb="md" data-testid="customer-erased">
          Personal data erased <DateTime value={customer.erased_at} />.
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <CustomerOrders customerId={customer.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Figures customer={customer} />
            {live && can(role, 'customers:write') ? <EditCustomer customer={customer} /> : <ReadOnlyDetails customer={customer} />}
            <MessagePreferences customerId={customer.id} editable={live} />
            {live && can(role, 'customers:erase') && <AdminActions customer={customer} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
