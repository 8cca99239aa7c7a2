import { Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { AnchorLink } from '../../ui/links';
import { ageLabel, caseKindLabel } from '../reviews/reviews-search';

/** Links to the order's open review cases (ADR 0031); the Holds and Risk cards share the one query. */
export function OrderReviewCaseLinks({ orderId, holdCount, testId, kinds }: { orderId: string; holdCount: number; testId: string; kinds?: readonly string[] }) {
  const query = useQuery({ queryKey: ['reviews', 'order', orderId, holdCount], queryFn: () => call(api.GET('/v1/reviews', { params: { query: { order_id: orderId, status: 'open' } } })), enabled: holdCount > 0 });
  const cases = (query.data?.data ?? []).filter((c) => !kinds || kinds.includes(c.kind));
  if (cases.length === 0) return null;
  return (
    <>
      {cases.map((c) => (
        <Group key={c.id} gap="xs" data-testid={testId}>
          <Text size="sm">Open review:</Text>
          <AnchorLink to="/reviews/$caseId" params={{ caseId: c.id }} size="sm" data-testid={`${testId}-link`}>
            {caseKindLabel(c.kind)} · {ageLabel(c.age_seconds)}
          </AnchorLink>
        </Group>
      ))}
    </>
  );
}

/** The order's open review cases, linked from its Holds card; shown to those who may read the queue. */
export function OrderReviewCases({ orderId, holdCount }: { orderId: string; holdCount: number }) {
  return <OrderReviewCaseLinks orderId={orderId} holdCount={holdCount} testId="order-review-case" />;
}
