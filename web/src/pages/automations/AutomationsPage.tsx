import { Badge, Card, Center, Group, Loader, SegmentedControl, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, isProblem } from '../../api/client';
import { useAllowed } from '../../auth/use-can';
import { DataTable } from '../../ui/DataTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { actionSummary, automationQueries, automationsKey, type AutomationRule } from './automation-api';
import { RunList } from './RunList';

type Kind = 'all' | 'default' | 'own';

/** The on/off switch of a rule (a default one too): PATCH with the version read, so a stale list says so. */
function EnabledSwitch({ rule }: { rule: AutomationRule }) {
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => call(api.PATCH('/v1/automations/{id}', { params: { path: { id: rule.id } }, body: { enabled, version: rule.version } })),
    onSuccess: (saved) => notifications.show({ color: 'green', title: `${saved.name} is ${saved.enabled ? 'on' : 'off'}`, message: saved.enabled ? 'It runs on its next trigger event.' : 'It no longer runs until you turn it on.' }),
    onError: (e) =>
      notifications.show({
        color: 'red',
        title: isProblem(e) && e.code === 'AUTOMATION_RULE_CONFLICT' ? 'Someone else changed this rule' : 'Not changed',
        message: isProblem(e) && e.code === 'AUTOMATION_RULE_CONFLICT' ? 'The list is reloaded: look at it again and switch once more.' : e instanceof Error ? e.message : String(e),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: automationsKey }),
  });
  return (
    <Switch
      checked={toggle.isPending ? !rule.enabled : rule.enabled}
      disabled={toggle.isPending}
      onChange={(e) => toggle.mutate(e.currentTarget.checked)}
      aria-label={`${rule.name}: ${rule.enabled ? 'on' : 'off'}`}
      data-testid="automation-enabled-switch"
    />
  );
}

/** /automations: the default rules (the customer messages) and the tenant's own, and the latest runs of all. */
export function AutomationsPage() {
  const canWrite = useAllowed('automations:write');
  const rules = useQuery(automationQueries.rules());
  const [kind, setKind] = useState<Kind>('all');
  const [trigger, setTrigger] = useState<string | null>(null);
  if (rules.error) return <ErrorView error={rules.error} reset={() => void rules.refetch()} />;
  const all = rules.data?.data ?? [];
  const triggers = [...new Set(all.map((r) => r.trigger))].sort();
  const shown = all.filter((r) => (kind === 'all' || r.default === (kind === 'default')) && (trigger === null || r.trigger === trigger));
  return (
    <>
      <PageHeader
        title="Automations"
        subtitle="When an event happens to an order and its condition holds, a rule’s actions run in order. The default rules send the customer messages."
        actions={
          canWrite && (
            <ButtonLink to="/automations/new" data-testid="automation-new">
              New rule…
            </ButtonLink>
          )
        }
      />
      <Stack gap="md">
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as Kind)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'own', label: 'Yours' },
              { value: 'default', label: 'Default' },
            ]}
            aria-label="Which rules"
            data-testid="automation-kind"
          />
          <Select placeholder="Any trigger" aria-label="Trigger" data={triggers} value={trigger} onChange={setTrigger} clearable searchable w={260} data-testid="automation-trigger-filter" />
        </Group>
        {!rules.data ? (
          <Center py="xl">
            <Loader aria-label="Loading the rules" />
          </Center>
        ) : shown.length === 0 ? (
          <EmptyState title={kind === 'own' ? 'No rules of yours yet' : 'No rules match'} testId="automations-none">
            {kind === 'own' && canWrite ? 'Create one: tag, hold, message or call a webhook when an order event happens.' : undefined}
          </EmptyState>
        ) : (
          <DataTable
            rows={shown}
            rowKey={(r) => r.id}
            caption="Automation rules"
            testId="automations-table"
            columns={[
              {
                header: 'Rule',
                render: (r) => (
                  <Group gap={6} wrap="wrap">
                    <AnchorLink to="/automations/$ruleId" params={{ ruleId: r.id }} fw={600} data-testid="automation-link">
                      {r.name}
                    </AnchorLink>
                    {r.default && (
                      <Badge variant="light" color="gray" radius="sm" style={{ flexShrink: 0 }} data-testid="automation-default">
                        Default
                      </Badge>
                    )}
                  </Group>
                ),
              },
              { header: 'When', render: (r) => <Text span size="sm" ff="monospace">{r.trigger}</Text>, nowrap: true },
              {
                header: 'If',
                render: (r) =>
                  r.condition ? (
                    <Text span size="sm" ff="monospace" style={{ overflowWrap: 'break-word' }} data-testid="automation-condition-summary">
                      {r.condition}
                    </Text>
                  ) : (
                    <Text span size="sm" c="dark.3">
                      always
                    </Text>
                  ),
              },
              {
                header: 'Then',
                render: (r) => (
                  <Text span size="sm" data-testid="automation-actions-summary">
                    {r.actions.map((a) => actionSummary(a)).join(' → ')}
                  </Text>
                ),
              },
              { header: 'On', render: (r) => (canWrite ? <EnabledSwitch rule={r} /> : <Text span size="sm" data-testid="automation-enabled-text">{r.enabled ? 'on' : 'off'}</Text>) },
              { header: 'Changed', render: (r) => (r.updated_at ? <DateTime value={r.updated_at} /> : '—'), hiddenBelow: 'lg', nowrap: true },
            ]}
          />
        )}
        <Card withBorder padding="md" data-testid="automations-recent-runs">
          <Title order={2} size="h4" mb="xs">
            Latest runs
          </Title>
          <RunList ruleId={null} empty="No runs yet: rules run as order events happen." />
        </Card>
      </Stack>
    </>
  );
}
