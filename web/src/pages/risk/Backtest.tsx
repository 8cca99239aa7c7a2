import { Button, Card, Group, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, isProblem } from '../../api/client';
import type { RiskRuleSetDraft } from '../../api/types';
import { AnchorLink } from '../../ui/links';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { riskActionLabel } from './risk-labels';

const counts = [
  ['allowed', 'Allowed'],
  ['reviewed', 'Review'],
  ['verified', 'Verify'],
  ['rejected', 'Rejected'],
] as const;
const SHOWN = 50;

/**
 * POST /v1/risk/backtest: the orders of the last N days screened again under the draft (on the
 * inputs stored at capture), before it is saved. A draft that does not compile answers 422, shown
 * at its rows by `onDraftProblem`.
 */
export function Backtest({ draft, onDraftProblem }: { draft: () => RiskRuleSetDraft; onDraftProblem: (error: unknown) => void }) {
  const [days, setDays] = useState<number | string>(30);
  const run = useMutation({
    mutationFn: () => call(api.POST('/v1/risk/backtest', { body: { rule_set: draft(), days: typeof days === 'number' ? days : 30 } })),
    onError: (e) => onDraftProblem(e),
  });
  const r = run.data;
  const draftProblem = isProblem(run.error) && run.error.status === 422;
  return (
    <Card withBorder padding="md" data-testid="risk-backtest">
      <Title order={2} size="h4" mb="xs">
        Backtest
      </Title>
      <Text size="sm" mb="sm">
        Screens the orders of the last days again under these rules, on what capture saw then. Nothing is written.
      </Text>
      <Group align="flex-end" gap="xs">
        <NumberInput label="Days" min={1} max={90} allowDecimal={false} value={days} onChange={setDays} w={100} data-testid="risk-backtest-days" />
        <Button variant="light" onClick={() => run.mutate()} loading={run.isPending} data-testid="risk-backtest-run">
          Run backtest
        </Button>
      </Group>
      {run.error && !draftProblem && <ProblemAlert error={run.error} testId="risk-backtest-problem" />}
      {draftProblem && (
        <Text size="sm" c="red.8" mt="sm" data-testid="risk-backtest-invalid">
          The rules have problems: they are marked in the editor.
        </Text>
      )}
      {r && !run.error && (
        <Stack gap="sm" mt="md" data-testid="risk-backtest-result">
          <Text size="sm">{r.total === 0 ? 'No screened orders in that period.' : `${r.total} order${r.total === 1 ? '' : 's'} screened again.`}</Text>
          <SimpleGrid cols={4} spacing="xs">
            {counts.map(([k, label]) => (
              <div key={k}>
                <Text size="xs">{label}</Text>
                <Text fw={700} size="lg" data-testid={`risk-backtest-${k}`}>
                  {r.counts[k]}
                </Text>
              </div>
            ))}
          </SimpleGrid>
          <Text size="sm" fw={600}>
            {r.changed.length === 0 ? 'No order’s decision changes.' : `${r.changed.length} decision${r.changed.length === 1 ? '' : 's'} change`}
          </Text>
          {r.changed.slice(0, SHOWN).map((o) => (
            <Group key={o.order_id} gap="xs" wrap="nowrap" data-testid="risk-backtest-changed" data-id={o.order_id}>
              <AnchorLink to="/orders/$orderId" params={{ orderId: o.order_id }} size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }} data-testid="risk-backtest-order-link">
                {o.order_name ?? o.order_id}
              </AnchorLink>
              <Text size="sm">
                {o.previous ? riskActionLabel[o.previous] : 'none'} → {riskActionLabel[o.action]} · score {o.score}
              </Text>
            </Group>
          ))}
          {r.changed.length > SHOWN && <Text size="sm">…and {r.changed.length - SHOWN} more.</Text>}
        </Stack>
      )}
    </Card>
  );
}
