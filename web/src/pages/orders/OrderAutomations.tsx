import { Card, Title } from '@mantine/core';
import { RunList } from '../automations/RunList';

/** The automation runs an order's events caused (ADR 0038): each rule, its status and what each action did. */
export function OrderAutomations({ orderId }: { orderId: string }) {
  return (
    <Card withBorder padding="md" data-testid="order-automations">
      <Title order={2} size="h4" mb="xs">
        Automations
      </Title>
      <RunList ruleId={null} orderId={orderId} empty="No automation has run for this order." />
    </Card>
  );
}
