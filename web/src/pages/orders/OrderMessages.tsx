import { Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { DateTime } from '../../ui/DateTime';
import { AnchorLink } from '../../ui/links';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { templateLabel } from '../messages/messages-search';

/** The messages this order's customer was sent (GET /v1/notifications?order_id=…), each linked to its detail; shown to roles with notifications:read. */
export function OrderMessages({ orderId }: { orderId: string }) {
  const query = useQuery({ queryKey: ['notifications', 'order', orderId], queryFn: () => call(api.GET('/v1/notifications', { params: { query: { order_id: orderId, limit: 20 } } })) });
  const rows = query.data?.data ?? [];
  return (
    <Card withBorder padding="md" data-testid="order-messages">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Messages
        </Title>
        {query.data?.next_cursor && (
          <AnchorLink to="/messages" search={{ order: orderId }} size="sm" data-testid="order-messages-all">
            All
          </AnchorLink>
        )}
      </Group>
      {query.isPending && <Loader size="sm" aria-label="Loading the order’s messages" />}
      <ProblemAlert error={query.error} testId="order-messages-problem" />
      {query.data && rows.length === 0 && (
        <Text size="sm" c="dark.3" data-testid="order-messages-empty">
          No message to the customer yet.
        </Text>
      )}
      <Stack gap="xs">
        {rows.map((m) => (
          <Group key={m.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="order-message" data-id={m.id}>
            <Stack gap={0} style={{ minWidth: 0 }}>
              <AnchorLink to="/messages" search={{ message: m.id, order: orderId }} size="sm" data-testid="order-message-link">
                {templateLabel(m.template)}
              </AnchorLink>
              <Text size="xs" c="dark.3" truncate="end">
                {m.recipient} · <DateTime value={m.sent_at ?? m.created_at} />
              </Text>
            </Stack>
            <StatusBadge status={m.status} />
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
