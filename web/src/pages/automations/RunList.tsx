import { Badge, Box, Button, Center, Collapse, Group, List, Loader, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useCursorList } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { orderTitle } from '../orders/order-labels';
import { actionTypeLabel, automationQueries, factValue, outcomeLabel, runsPage, runStatusLabel, type ActionOutcome, type AutomationCatalog, type AutomationRun } from './automation-api';

const outcomeColour: Record<ActionOutcome['result'], string> = { done: 'green', nothing_to_do: 'gray', not_applicable: 'gray', failed: 'red', waiting: 'orange', would_run: 'blue' };

/** Each action's outcome, in the rule's order: what it did (or would do) and why. */
export function Outcomes({ outcomes, testId }: { outcomes: ActionOutcome[]; testId: string }) {
  if (outcomes.length === 0) return null;
  return (
    <List size="sm" spacing={2} listStyleType="none" data-testid={testId}>
      {outcomes.map((o) => (
        <List.Item key={o.action} data-testid={`${testId}-item`} data-result={o.result} data-type={o.type}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Badge size="sm" variant="light" color={outcomeColour[o.result]} radius="sm" style={{ flexShrink: 0 }}>
              {outcomeLabel[o.result]}
            </Badge>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {o.action + 1}. {actionTypeLabel[o.type as keyof typeof actionTypeLabel] ?? o.type}: {o.detail}
            </Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

/** The facts a condition saw, in the catalog's order (order, shipping, customer, risk, return, event); money as money. */
export function FactsTable({ facts, catalog, testId }: { facts: Record<string, unknown>; catalog: AutomationCatalog | undefined; testId: string }) {
  const types = new Map((catalog?.facts ?? []).map((f) => [f.name, f.type]));
  const names = [...(catalog?.facts.map((f) => f.name) ?? []).filter((n) => n in facts), ...Object.keys(facts).filter((n) => !types.has(n))];
  return (
    <Table verticalSpacing={2} fz="xs" layout="fixed" maw={640} data-testid={`${testId}s`}>
      <Table.Caption>What the condition saw</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col" w="55%">
            Fact
          </Table.Th>
          <Table.Th scope="col">Value</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {names.map((name) => (
          <Table.Tr key={name} data-testid={testId} data-id={name}>
            <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {name}
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }} data-testid={`${testId}-value`}>
              {factValue(facts[name], types.get(name), facts['order.currency'])}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const conditionWords = (result: boolean | null): string => (result === null ? 'The condition was unknown (a fact it reads is unknown).' : result ? 'The condition was true.' : 'The condition was false.');

function RunItem({ run, ruleName, showRule, showOrder, catalog }: { run: AutomationRun; ruleName: string | undefined; showRule: boolean; showOrder: boolean; catalog: AutomationCatalog | undefined }) {
  const [open, facts] = useDisclosure(false);
  return (
    <Box py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} data-testid="automation-run" data-id={run.id} data-status={run.status} data-rule={run.rule_id}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs" wrap="wrap">
          <span data-testid="automation-run-status" data-status={run.status}>
            {run.status === 'waiting' ? (
              <Badge color="orange" variant="light" radius="sm">
                {runStatusLabel(run)}
              </Badge>
            ) : (
              <StatusBadge status={run.status} />
            )}
          </span>
          {showRule && (
            <AnchorLink to="/automations/$ruleId" params={{ ruleId: run.rule_id }} size="sm" fw={600} data-testid="automation-run-rule">
              {ruleName ?? run.rule_id}
            </AnchorLink>
          )}
          <Text span size="sm" ff="monospace" data-testid="automation-run-event">
            {run.event_type}
          </Text>
          {showOrder && run.order_id && (
            <AnchorLink to="/orders/$orderId" params={{ orderId: run.order_id }} size="sm" title={run.order_id} data-testid="automation-run-order">
              {run.order_number === null ? run.order_id : orderTitle({ number: run.order_number })}
            </AnchorLink>
          )}
        </Group>
        <Text size="xs">
          <DateTime value={run.created_at} /> · rule version {run.rule_version}
        </Text>
      </Group>
      {(run.reason ?? run.status === 'not_matched') && (
        <Text size="sm" mt={4} data-testid="automation-run-reason">
          {run.reason ?? conditionWords(run.condition_result)}
        </Text>
      )}
      <Box mt={4}>
        <Outcomes outcomes={run.outcomes} testId="automation-run-outcome" />
      </Box>
      {Object.keys(run.facts).length > 0 && (
        <>
          <UnstyledButton onClick={facts.toggle} aria-expanded={open} mt={4} data-testid="automation-run-facts-toggle">
            <Group gap={4}>
              {open ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
              <Text size="xs" fw={600}>
                What the condition saw
              </Text>
            </Group>
          </UnstyledButton>
          <Collapse expanded={open}>{open && <FactsTable facts={run.facts} catalog={catalog} testId="automation-run-fact" />}</Collapse>
        </>
      )}
    </Box>
  );
}

/**
 * Runs, newest first: one rule's (`ruleId`), or every rule's for one order (`orderId`). Each says
 * its status (completed, not matched, waiting until…, loop guarded, failed), the event and each
 * action's outcome.
 */
export function RunList({ ruleId, orderId, empty }: { ruleId: string | null; orderId?: string; empty: string }) {
  const list = useCursorList<AutomationRun>(['automations', 'runs', ruleId, orderId ?? null], (cursor) => runsPage(ruleId, orderId, cursor));
  // Rule names for the order's runs (the runs carry only the rule's id).
  const rules = useQuery({ ...automationQueries.rules(), enabled: ruleId === null });
  const names = new Map((rules.data?.data ?? []).map((r) => [r.id, r.name]));
  const catalog = useQuery(automationQueries.catalog());
  if (list.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" aria-label="Loading the runs" />
      </Center>
    );
  }
  if (list.error && list.rows.length === 0) return <ErrorView error={list.error} />;
  if (list.rows.length === 0) return <EmptyState title={empty} testId="automation-runs-none" />;
  return (
    <Stack gap={0} data-testid="automation-runs">
      {list.rows.map((run) => (
        <RunItem key={run.id} run={run} ruleName={names.get(run.rule_id)} showRule={ruleId === null} showOrder={orderId === undefined} catalog={catalog.data} />
      ))}
      {list.error && <ProblemAlert error={list.error} />}
      {list.hasMore && (
        <Center pt="sm">
          <Button variant="default" size="xs" onClick={list.loadMore} loading={list.isLoadingMore} data-testid="automation-runs-load-more">
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}
