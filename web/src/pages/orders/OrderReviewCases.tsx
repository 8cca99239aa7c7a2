import { Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { AnchorLink } from '../../ui/links';
import { ageLabel, caseKindLabel } from '../reviews/reviews-search';

/** The order's open review cases (ADR 0031), linked from its Holds card; shown to those who may read the queue. */
export function OrderReviewCases({ orderId, holdCount }: { orderId: string; holdCount: number }) {
  const query = useQuery({ queryKey: ['reviews', 'order', orderId, holdCount], queryFn: () => call(api.GET('/v1/reviews', { params: { query: { order_id: orderId, status: 'open' } } })) });
  const cases = query.data?.data ?? [];
  if (cases.length === 0) return null;
  return (
    <>
      {cases.map((c) => (
        <Group key={c.id} gap="xs" data-testid="order-review-case">
          <Text size="sm">Open review:</Text>
          <AnchorLink to="/reviews/$caseId" params={{ caseId: c.id }} size="sm" data-testid="order-review-case-link">
            {caseKindLabel(c.kind)} · {ageLabel(c.age_seconds)}
          </AnchorLink>
        </Group>
      ))}
    </>
  );
}
