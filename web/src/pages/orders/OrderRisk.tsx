import { Card, Collapse, Group, Progress, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { Order } from '../../api/types';
import { FIELDS } from '../../../../src/modules/risk/domain/schema';
import { formatMinorMoney } from '../../ui/format';
import { RiskActionBadge } from '../risk/RiskActionBadge';
import { OrderReviewCaseLinks } from './OrderReviewCases';

/** The cases screening opens through its holds (a review or reject: fraud review; a verify: verification). */
const riskCaseKinds = ['fraud_review', 'verification'] as const;
/** Signals in the order the signal schema declares them (order, e-mail, customer, address…): a stored decision's come in its storage's key order. */
const fieldRank = new Map(Object.keys(FIELDS).map((name, i) => [name, i]));
const bySchema = <T extends { name: string }>(signals: readonly T[]): T[] => [...signals].sort((a, b) => (fieldRank.get(a.name) ?? Infinity) - (fieldRank.get(b.name) ?? Infinity) || a.name.localeCompare(b.name));

/** Money signals are minor units of the order's currency (ADR 0029): shown as the money they are. */
function signalValue(name: string, v: boolean | number | string | null, currency: string): string {
  if (v === true) return 'yes';
  if (v === false) return 'no';
  if (v === null) return 'unknown';
  if (typeof v === 'number' && FIELDS[name]?.type === 'money') return formatMinorMoney(v, currency);
  return String(v);
}

/**
 * What fraud screening decided at capture (ADR 0030): the verdict, the score against the tenant's
 * thresholds, the rule set version, the explanation, the matched rules and every signal. Shown to
 * roles with risk:read; an order captured without screening says so.
 */
export function OrderRisk({ order, canReview }: { order: Order; canReview: boolean }) {
  const [open, signals] = useDisclosure(false);
  const screened = order.risk !== null;
  const query = useQuery({ queryKey: ['order-risk', order.id], queryFn: () => call(api.GET('/v1/orders/{id}/risk', { params: { path: { id: order.id } } })), enabled: screened });
  const d = query.data;
  return (
    <Card withBorder padding="md" data-testid="order-risk">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Risk
        </Title>
        {order.risk && (
          <RiskActionBadge action={order.risk.action} testId="order-risk-action" />
        )}
      </Group>
      {!order.risk ? (
        <Text size="sm" data-testid="order-risk-none">
          Not screened: fraud screening was off when this order was captured, or the order is older than screening.
        </Text>
      ) : (
        <Stack gap="sm">
          <div>
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={600} data-testid="order-risk-score">
                Score {order.risk.score} of 100
              </Text>
              {d && (
                <Text size="xs" data-testid="order-risk-thresholds">
                  review at {d.thresholds.review}, reject at {d.thresholds.reject}
                </Text>
              )}
            </Group>
            <Progress value={order.risk.score} color={d && order.risk.score >= d.thresholds.reject ? 'red' : d && order.risk.score >= d.thresholds.review ? 'orange' : 'blue'} size="sm" mt={4} aria-label={`Risk score ${order.risk.score} of 100`} />
          </div>
          <Text size="sm">
            Rule set <span data-testid="order-risk-version">{order.risk.rule_set_version}</span>
          </Text>
          <Stack gap={4} data-testid="order-risk-explanation">
            {order.risk.explanation.map((s, i) => (
              <Text key={`${i}:${s}`} size="sm" fw={i === 0 ? 600 : undefined}>
                {s}
              </Text>
            ))}
          </Stack>
          {canReview && <OrderReviewCaseLinks orderId={order.id} holdCount={order.holds.length} testId="order-risk-case" kinds={riskCaseKinds} />}
          {d && d.matched.length > 0 && (
            <div>
              <Text size="sm" fw={600}>
                Matched rules
              </Text>
              <Stack gap={4} mt={4} data-testid="order-risk-matched">
                {d.matched.map((m) => (
                  <Group key={m.id} gap="xs" wrap="nowrap" align="flex-start" data-testid="order-risk-rule" data-id={m.id}>
                    <RiskActionBadge action={m.action} variant="outline" />
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" ff="monospace">
                        {m.id}
                      </Text>
                      <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                        {m.rule}
                      </Text>
                    </div>
                  </Group>
                ))}
              </Stack>
            </div>
          )}
          {d && (
            <div>
              <UnstyledButton onClick={signals.toggle} aria-expanded={open} data-testid="order-risk-signals-toggle">
                <Group gap={4}>
                  {open ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
                  <Text size="sm" fw={600}>
                    Signals ({d.signals.length})
                  </Text>
                </Group>
              </UnstyledButton>
              <Collapse expanded={open}>
                <Table verticalSpacing={4} fz="xs" mt="xs" layout="fixed" data-testid="order-risk-signals">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col" w="62%">
                        Signal · source
                      </Table.Th>
                      <Table.Th scope="col">Value</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {bySchema(d.signals).map((s) => (
                      <Table.Tr key={s.name} data-testid="order-risk-signal" data-id={s.name} data-source={s.source} title={s.sentence}>
                        <Table.Td style={{ overflowWrap: 'anywhere' }}>
                          <Text span ff="monospace" size="xs">
                            {s.name}
                          </Text>
                          <Text size="xs" c="dark.3">
                            {s.source}
                          </Text>
                        </Table.Td>
                        <Table.Td style={{ overflowWrap: 'anywhere' }} data-testid="order-risk-signal-value">
                          {signalValue(s.name, s.value, order.currency)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Collapse>
            </div>
          )}
        </Stack>
      )}
    </Card>
  );
}
