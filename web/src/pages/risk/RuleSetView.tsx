import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { RiskRuleSet } from '../../api/types';
import { DataTable } from '../../ui/DataTable';
import { DateTime } from '../../ui/DateTime';
import { SCORE_TABLE } from '../../../../src/modules/risk/domain/score';
import { listKindLabel, listKinds } from './risk-form';
import { RiskActionBadge } from './RiskActionBadge';
import { splitRule } from './risk-labels';

type Rule = RiskRuleSet['rules'][number];

function ListEntries({ lists, side }: { lists: RiskRuleSet['lists']; side: 'allow' | 'block' }) {
  const stored = (lists as Record<string, Record<string, unknown> | undefined>)[side] ?? {};
  const filled = listKinds.map((k) => [k, Array.isArray(stored[k]) ? (stored[k] as unknown[]).filter((e): e is string => typeof e === 'string') : []] as const).filter(([, e]) => e.length > 0);
  return (
    <div data-testid={`risk-list-${side}`}>
      <Text size="sm" fw={600}>
        {side === 'allow' ? 'Allow list' : 'Block list'}
      </Text>
      {filled.length === 0 ? (
        <Text size="sm">Empty.</Text>
      ) : (
        filled.map(([k, e]) => (
          <Text key={k} size="sm" data-testid={`risk-list-${side}-${k}`} style={{ overflowWrap: 'anywhere' }}>
            {listKindLabel[k]}: <Text span ff="monospace" size="sm">{e.join(', ')}</Text>
          </Text>
        ))
      )}
    </div>
  );
}

/** One rule set as stored: rules, allow and block lists, thresholds and settings, and the score table. */
export function RuleSetView({ set }: { set: RiskRuleSet }) {
  return (
    <Stack gap="md" data-testid="risk-rule-set" data-version={set.label}>
      <Card withBorder padding="md">
        <Group justify="space-between" align="flex-start" mb="sm">
          <div>
            <Title order={2} size="h4" data-testid="risk-rule-set-title">
              {set.version === null ? 'Built-in default set' : `Version ${set.version}`}
            </Title>
            <Text size="sm">
              {set.version === null ? (
                <>Capture screens with the OMS’s own rules ({set.label}) until a version of yours is activated.</>
              ) : (
                <>
                  Written by {set.created_by_label ?? set.created_by ?? 'unknown'} · <DateTime value={set.created_at} />
                  {set.note ? ` · ${set.note}` : ''}
                </>
              )}
            </Text>
          </div>
          {set.active && <Badge color="blue" variant="light">Active</Badge>}
        </Group>
        <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="risk-settings">
          <div>
            <Text size="xs">Review at score</Text>
            <Text fw={600} data-testid="risk-threshold-review">{set.settings.thresholds.review}</Text>
          </div>
          <div>
            <Text size="xs">Reject at score</Text>
            <Text fw={600} data-testid="risk-threshold-reject">{set.settings.thresholds.reject}</Text>
          </div>
          <div>
            <Text size="xs">High value from ({set.settings.currency ?? 'order currency'})</Text>
            <Text fw={600} data-testid="risk-high-value">{set.settings.high_value}</Text>
            <Text size="xs" c="dimmed" data-testid="risk-currency">{set.settings.currency ? `Amounts without a code are in ${set.settings.currency}` : 'Amounts without a code are in each order’s currency'}</Text>
          </div>
          <div>
            <Text size="xs">Rules</Text>
            <Text fw={600}>{set.rules.length}</Text>
          </div>
        </SimpleGrid>
        {(set.settings.email_domain_allow.length > 0 || set.settings.forwarder_fragments.length > 0) && (
          <Stack gap={2} mt="sm">
            {set.settings.email_domain_allow.length > 0 && <Text size="sm">Never disposable or free: {set.settings.email_domain_allow.join(', ')}</Text>}
            {set.settings.forwarder_fragments.length > 0 && <Text size="sm">Package forwarders also: {set.settings.forwarder_fragments.join(', ')}</Text>}
          </Stack>
        )}
      </Card>
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="xs">
          Rules
        </Title>
        <Text size="sm" mb="sm">
          Every rule is evaluated; the first action with a match decides, in the order allow, reject, review, verify. Rules carry no score weight: the score comes from the points table below and joins through the thresholds.
        </Text>
        <DataTable<Rule>
          rows={set.rules}
          rowKey={(r) => r.id}
          caption="Rules of the rule set"
          testId="risk-rules"
          columns={[
            { header: 'Id', render: (r) => <Text size="sm" ff="monospace">{r.id}</Text>, nowrap: true },
            {
              header: 'Action',
              render: (r) => {
                const a = splitRule(r.rule)?.action;
                return a ? <RiskActionBadge action={a} /> : null;
              },
              nowrap: true,
            },
            {
              header: 'Rule',
              render: (r) => (
                <>
                  <Text size="sm" ff="monospace" style={{ overflowWrap: 'break-word' }}>
                    {splitRule(r.rule)?.condition ?? r.rule}
                  </Text>
                  {r.description && <Text size="xs">{r.description}</Text>}
                </>
              ),
            },
          ]}
        />
      </Card>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="xs">
            Lists
          </Title>
          <Stack gap="sm">
            <ListEntries lists={set.lists} side="allow" />
            <ListEntries lists={set.lists} side="block" />
          </Stack>
        </Card>
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="xs">
            Score points
          </Title>
          <Table verticalSpacing={2} fz="sm" data-testid="risk-score-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Signal</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>Points</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {SCORE_TABLE.map((s) => (
                <Table.Tr key={`${s.signal}:${s.reason}`}>
                  <Table.Td>{s.reason}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>+{s.points}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
