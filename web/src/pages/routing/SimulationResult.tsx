import { Alert, Badge, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import type { Simulation } from '../setup/types';

type Placement = { sku: string; location: string; quantity: number };

function PlanTable({ rows, caption, testId }: { rows: (Placement & { line?: number })[]; caption: string; testId: string }) {
  if (rows.length === 0) return null;
  return (
    <Table verticalSpacing={4} data-testid={testId}>
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Ships from</Table.Th>
          <Table.Th scope="col">SKU</Table.Th>
          <Table.Th scope="col" ta="right">
            Units
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((a, i) => (
          <Table.Tr key={`${a.location}:${a.sku}:${i}`} data-testid={`${testId}-row`} data-location={a.location} data-sku={a.sku}>
            <Table.Td ff="monospace" fw={600}>
              {a.location}
            </Table.Td>
            <Table.Td ff="monospace">{a.sku}</Table.Td>
            <Table.Td ta="right">{a.quantity}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

type Plan = Pick<Simulation, 'policy' | 'rule' | 'hold' | 'allocations' | 'backorders' | 'shortages' | 'explanation'>;

function PlanView({ plan, current, changed }: { plan: Plan; current?: Placement[]; changed?: boolean }) {
  const shipments = new Set(plan.allocations.map((a) => a.location)).size;
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Text size="sm" data-testid="sim-policy">
          {plan.policy ? (
            <>
              Policy <strong>{plan.policy}</strong>
            </>
          ) : (
            'No policy matches: the default rule'
          )}
          {plan.rule && (
            <>
              {' '}
              · rule <strong>{plan.rule}</strong>
            </>
          )}
        </Text>
        <Badge variant="light">{shipments === 1 ? '1 shipment' : `${shipments} shipments`}</Badge>
        {changed !== undefined && (
          <Badge color={changed ? 'orange' : 'gray'} variant="light" data-testid="sim-changed">
            {changed ? 'Would move units' : 'Same as now'}
          </Badge>
        )}
      </Group>
      {plan.hold && (
        <Alert color="orange" variant="light" title={`On hold in ${plan.hold.queue}`} data-testid="sim-hold">
          {plan.hold.reason}
        </Alert>
      )}
      <PlanTable rows={plan.allocations} caption="The plan: where each line's units would ship from" testId="sim-allocation" />
      {plan.allocations.length === 0 && !plan.hold && <Text size="sm">Nothing can be allocated.</Text>}
      {plan.backorders.length > 0 && (
        <Text size="sm" data-testid="sim-backorders">
          Backordered: {plan.backorders.map((b) => `${b.sku} × ${b.quantity}`).join(', ')}
        </Text>
      )}
      {plan.shortages.length > 0 && (
        <Text size="sm" c="red.8" data-testid="sim-shortages">
          Short: {plan.shortages.map((s) => `${s.sku} (${s.available} of ${s.requested} available)`).join(', ')}
        </Text>
      )}
      {current && <PlanTable rows={current} caption="Where the order's units are reserved now" testId="sim-current" />}
      <Title order={3} size="h5">
        Why
      </Title>
      <List size="sm" spacing={2} data-testid="sim-reasons">
        {plan.explanation.map((reason, i) => (
          <List.Item key={`${i}:${reason}`} data-testid="sim-reason">
            {reason}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** POST /v1/routing/simulate's answer: the plan (which location ships what), and every reason the planner gave. */
export function SimulationResult({ result }: { result: Simulation }) {
  const stored = result.results?.[0];
  return <div data-testid="sim-result">{stored ? <PlanView plan={stored} current={stored.current} changed={stored.changed} /> : <PlanView plan={result} />}</div>;
}
