import { Alert, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, isProblem, ProblemError } from '../../api/client';
import { AnchorLink } from '../../ui/links';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import type { AutomationCatalog, RuleBody } from './automation-api';
import { FactsTable, Outcomes } from './RunList';

const ORDER_ID = /^ord_[0-9a-z]{26}$/;

/** An order named by its id or its number (as the orders list searches it). */
async function orderIdOf(text: string): Promise<string> {
  const value = text.trim();
  if (ORDER_ID.test(value)) return value;
  const found = await call(api.GET('/v1/orders', { params: { query: { q: value, limit: 20 } } }));
  const order = found.data.find((o) => String(o.number) === value.replace(/^#/, '') || o.channel_order_name === value);
  if (!order) throw new ProblemError({ status: 404, title: 'No such order', detail: `No order has the id or number “${value}”.`, errors: [{ field: 'order', message: 'is not an order id (ord_…) or number of yours' }] });
  return order.id;
}

/**
 * Try the rule as it stands in the editor on an order and an event type: the facts the condition
 * saw, whether it matches, and what each action would do. Nothing is written. A saved rule left
 * unchanged runs as stored (so its loop guard counts its own runs); otherwise the form's rule is sent.
 */
export function DryRun({ ruleId, changed, draft, defaultEvent, catalog, onRuleProblem }: {
  ruleId: string | null;
  changed: boolean;
  draft: () => RuleBody;
  defaultEvent: string;
  catalog: AutomationCatalog | undefined;
  onRuleProblem: (e: unknown) => void;
}) {
  const [order, setOrder] = useState('');
  const [eventType, setEventType] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: async () => {
      const order_id = await orderIdOf(order);
      const event_type = eventType ?? (defaultEvent || undefined);
      const body = { order_id, ...(event_type ? { event_type } : {}) };
      if (ruleId !== null && !changed) return call(api.POST('/v1/automations/{id}/dry-run', { params: { path: { id: ruleId } }, body }));
      return call(api.POST('/v1/automations/dry-run', { body: { ...body, rule: draft() } }));
    },
    onError: (e) => {
      // A problem with the rule itself (its condition, an action) is marked on the editor's fields.
      if (isProblem(e) && e.code === 'AUTOMATION_RULE_INVALID') onRuleProblem(e);
    },
  });
  const result = run.data;
  const orderError = isProblem(run.error) ? run.error.errors.find((e) => e.field === 'order' || e.field === 'body.order_id')?.message : undefined;
  return (
    <Card withBorder padding="md" data-testid="automation-dry-run">
      <Title order={2} size="h4" mb={4}>
        Dry run
      </Title>
      <Text size="sm" mb="sm">
        Try the rule as it is in the editor on one of your orders. Nothing is written: no tag, hold, message or webhook.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
        noValidate
      >
        <Stack gap="xs">
          <TextInput label="Order" description="Its id (ord_…) or number" required value={order} onChange={(e) => setOrder(e.currentTarget.value)} error={orderError} data-testid="automation-dry-run-order" />
          <Select
            label="Event"
            description="Default: the rule’s trigger (the order’s latest such event, else a sample)"
            data={catalog?.triggers ?? []}
            value={eventType ?? (defaultEvent || null)}
            onChange={setEventType}
            searchable
            allowDeselect={false}
            data-testid="automation-dry-run-event"
          />
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={run.isPending} disabled={order.trim() === ''} data-testid="automation-dry-run-submit">
              Dry run
            </Button>
          </Group>
        </Stack>
      </form>
      {run.error && !orderError && (isProblem(run.error) && run.error.code === 'AUTOMATION_RULE_INVALID' ? <Alert color="red" variant="light" mt="sm" data-testid="automation-dry-run-problem">The rule has problems: they are marked in the editor.</Alert> : <ProblemAlert error={run.error} testId="automation-dry-run-problem" />)}
      {result && !run.isPending && (
        <Stack gap="xs" mt="md" data-testid="automation-dry-run-result" data-status={result.status}>
          <Group gap="xs">
            <StatusBadge status={result.status} />
            <Text size="sm" data-testid="automation-dry-run-condition">
              Condition: {result.condition_result === null ? 'unknown (a fact it reads is unknown)' : result.condition_result ? 'true' : 'false'}
            </Text>
          </Group>
          <Text size="sm">
            <Text span ff="monospace" size="sm">
              {result.event_type}
            </Text>{' '}
            on{' '}
            <AnchorLink to="/orders/$orderId" params={{ orderId: result.order_id }} size="sm">
              {result.order_id}
            </AnchorLink>
            {result.event_id ? <span title={result.event_id}> (its latest such event)</span> : ' (a sample event: the order has none of this type)'}
          </Text>
          {result.reason && (
            <Text size="sm" data-testid="automation-dry-run-reason">
              {result.reason}
            </Text>
          )}
          {result.outcomes.length > 0 && (
            <div>
              <Text size="sm" fw={600}>
                What each action would do
              </Text>
              <Outcomes outcomes={result.outcomes} testId="automation-dry-run-outcome" />
            </div>
          )}
          <FactsTable facts={result.facts} catalog={catalog} testId="automation-dry-run-fact" />
        </Stack>
      )}
    </Card>
  );
}
