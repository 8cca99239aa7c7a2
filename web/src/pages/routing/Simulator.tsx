import { Alert, Button, Card, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useDebouncedValue, randomId } from '@mantine/hooks';
import { IconPlayerPlay, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, isProblem, ProblemError, type FieldError } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { showOnForm } from '../../ui/problem-form';
import type { PolicyBody, SimulateBody } from '../setup/types';
import { SimulationResult } from './SimulationResult';

interface SampleValues {
  source: 'entered' | 'existing';
  order_id: string | null;
  channel: string;
  currency: string;
  tags: string[];
  lines: { key: string; sku: string; quantity: number | string; unit_price: string }[];
  shipping_address: { line1: string; city: string; region: string; postal_code: string; country: string };
}

const sampleLine = () => ({ key: randomId(), sku: '', quantity: 1, unit_price: '10.00' });

function sampleOrder(v: SampleValues): NonNullable<SimulateBody['order']> {
  const a = v.shipping_address;
  return {
    channel: v.channel.trim(),
    currency: v.currency.trim().toUpperCase(),
    tags: v.tags,
    // Only the destination matters to routing; a street is filled in when none is given.
    shipping_address: { line1: a.line1.trim() || 'Sample address', city: a.city.trim(), region: a.region.trim() || null, postal_code: a.postal_code.trim() || null, country: a.country.trim().toUpperCase() },
    lines: v.lines.map((l) => ({ sku: l.sku.trim(), quantity: Number(l.quantity), unit_price: l.unit_price.trim() })),
  };
}

/** An existing order to try the policy on: searched by number, name, e-mail… (GET /v1/orders?q=). */
function OrderPicker({ form }: { form: UseFormReturnType<SampleValues> }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const orders = useQuery({
    queryKey: ['routing-sample-orders', q],
    queryFn: () => call(api.GET('/v1/orders', { params: { query: { limit: 20, ...(q ? { q } : {}) } } })),
  });
  const data = (orders.data?.data ?? []).map((o) => ({
    value: o.id,
    label: [o.number !== undefined ? `#${o.number}` : o.id, o.channel_order_name, o.customer?.name ?? o.customer?.email, o.shipping_address ? `to ${o.shipping_address.city}, ${o.shipping_address.country}` : null].filter(Boolean).join(' · '),
  }));
  return (
    <Select
      label="Order"
      description="Re-routed as if it arrived now; its own reservations count as available"
      placeholder="Search by number, customer, e-mail"
      searchable
      data={data}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={orders.isPending ? 'Loading…' : 'No order matches'}
      {...form.getInputProps('order_id')}
      data-testid="sim-order"
    />
  );
}

function EnteredOrder({ form }: { form: UseFormReturnType<SampleValues> }) {
  const lines = form.getValues().lines;
  return (
    <Stack gap="xs">
      {lines.map((l, i) => (
        <Group key={l.key} gap="xs" align="flex-end" wrap="nowrap" data-testid="sim-line">
          <TextInput label="SKU" required style={{ flex: 1 }} {...form.getInputProps(`lines.${i}.sku`)} data-testid={`sim-line-${i}-sku`} />
          <NumberInput label="Quantity" w={100} allowDecimal={false} {...form.getInputProps(`lines.${i}.quantity`)} data-testid={`sim-line-${i}-quantity`} />
          <TextInput label="Unit price" w={110} {...form.getInputProps(`lines.${i}.unit_price`)} data-testid={`sim-line-${i}-price`} />
          <Button variant="subtle" color="red" px={8} aria-label={`Remove line ${i + 1}`} disabled={lines.length === 1} onClick={() => form.removeListItem('lines', i)} data-testid={`sim-line-${i}-remove`}>
            <IconTrash size={16} aria-hidden />
          </Button>
        </Group>
      ))}
      <Button variant="subtle" size="xs" w="fit-content" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('lines', sampleLine())} data-testid="sim-add-line">
        Add a line
      </Button>
      <Text size="sm" fw={500}>
        Ships to
      </Text>
      <SimpleGrid cols={2}>
        <TextInput label="City" required {...form.getInputProps('shipping_address.city')} data-testid="sim-city" />
        <TextInput label="Region / state" {...form.getInputProps('shipping_address.region')} data-testid="sim-region" />
        <TextInput label="Postal code" {...form.getInputProps('shipping_address.postal_code')} data-testid="sim-postal-code" />
        <TextInput label="Country" required maxLength={2} {...form.getInputProps('shipping_address.country')} data-testid="sim-country" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, md: 3 }}>
        <TextInput label="Channel" {...form.getInputProps('channel')} data-testid="sim-channel" />
        <TextInput label="Currency" maxLength={3} {...form.getInputProps('currency')} data-testid="sim-currency" />
        <TagsInput label="Order tags" {...form.getInputProps('tags')} data-testid="sim-tags" />
      </SimpleGrid>
    </Stack>
  );
}

/**
 * POST /v1/routing/simulate with the policy as it stands in the editor (saved or not) against a
 * sample order: the plan and the reason for every choice, reserving nothing. Problems with the
 * policy go next to the editor's fields (`onPolicyProblem`), problems with the order next to these.
 */
export function Simulator({ policy, policyName, onPolicyProblem }: { policy: () => PolicyBody; policyName: string; onPolicyProblem: (e: ProblemError) => FieldError[] }) {
  const form = useForm<SampleValues>({
    mode: 'controlled',
    initialValues: { source: 'entered', order_id: null, channel: 'web', currency: 'USD', tags: [], lines: [sampleLine()], shipping_address: { line1: '', city: '', region: '', postal_code: '', country: 'US' } },
  });
  const [ranWith, setRanWith] = useState<string | null>(null);
  const [unplaced, setUnplaced] = useState<FieldError[]>([]);
  const mutation = useMutation({
    mutationFn: (v: SampleValues) => {
      const proposed = policy();
      setRanWith(JSON.stringify(proposed));
      const sample = v.source === 'existing' ? { order_ids: v.order_id ? [v.order_id] : [] } : { order: sampleOrder(v) };
      return call(api.POST('/v1/routing/simulate', { body: { ...sample, policy: { name: policyName.trim() || 'proposed', ...proposed } } }));
    },
    // The policy's problems go next to the editor's fields, the sample's next to these; the rest in the alert.
    onError: (e) => {
      if (!isProblem(e)) return;
      const rest = onPolicyProblem(e);
      setUnplaced(showOnForm(form, new ProblemError({ ...e, errors: rest }), (f) => f.replace(/^order\./, '').replace(/^order_ids(\[0\])?$/, 'order_id')));
    },
  });
  const error = isProblem(mutation.error) ? new ProblemError({ ...mutation.error, errors: unplaced }) : mutation.error;
  const stale = mutation.data && ranWith !== null && ranWith !== JSON.stringify(policy());
  return (
    <Card withBorder data-testid="simulator">
      <Title order={2} size="h4" mb={4}>
        Try it before saving
      </Title>
      <Text size="sm" mb="sm">
        Routes a sample order with the policy as edited here. Nothing is reserved or saved.
      </Text>
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <SegmentedControl
            data={[
              { value: 'entered', label: 'Enter an order' },
              { value: 'existing', label: 'An existing order' },
            ]}
            {...form.getInputProps('source')}
            data-testid="sim-source"
          />
          {form.getValues().source === 'existing' ? <OrderPicker form={form} /> : <EnteredOrder form={form} />}
          <Button type="submit" leftSection={<IconPlayerPlay size={16} aria-hidden />} loading={mutation.isPending} w="fit-content" data-testid="sim-run">
            Simulate
          </Button>
          <ProblemAlert error={error} testId="sim-problem" />
        </Stack>
      </form>
      {mutation.data && !mutation.error && (
        <Stack gap="sm" mt="md">
          {stale && (
            <Alert color="yellow" variant="light" data-testid="sim-stale">
              The policy changed since this simulation: simulate again to see its plan.
            </Alert>
          )}
          <SimulationResult result={mutation.data} />
        </Stack>
      )}
    </Card>
  );
}
