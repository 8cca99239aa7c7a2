import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { DateTime } from '../../ui/DateTime';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { SurveyComment, SurveyScore } from '../surveys/survey-ui';

/**
 * GET /v1/orders/{id}/survey (ADR 0037): the customer's answer to the satisfaction survey (score,
 * category, comment), or that the survey was offered and is not answered yet. Nothing is shown
 * before a shipment of the order is delivered (no survey yet). For roles with surveys:read.
 */
export function OrderSurvey({ orderId }: { orderId: string }) {
  const query = useQuery({ queryKey: ['order-survey', orderId], queryFn: () => call(api.GET('/v1/orders/{id}/survey', { params: { path: { id: orderId } } })) });
  if (query.error) return <ProblemAlert error={query.error} testId="order-survey-error" />;
  const s = query.data;
  if (!s || (!s.response && !s.delivered_at)) return null;
  const r = s.response;
  return (
    <Card withBorder padding="md" data-testid="order-survey">
      <Title order={2} size="h4" mb="sm">
        Satisfaction
      </Title>
      {r ? (
        <Stack gap="xs">
          <Group justify="space-between" gap="xs">
            <SurveyScore score={r.score} category={r.category} testId="order-survey-score" />
            <Text size="xs" c="dimmed">
              <DateTime value={r.answered_at} />
            </Text>
          </Group>
          <SurveyComment response={r} testId="order-survey-comment" />
          {r.answers > 1 && (
            <Text size="xs" c="dimmed" data-testid="order-survey-answers">
              Answered {r.answers} times; the latest answer counts (first <DateTime value={r.first_answered_at} />).
            </Text>
          )}
        </Stack>
      ) : (
        <Text size="sm" data-testid="order-survey-pending">
          {s.url ? (
            <>
              Not answered yet. The delivered e-mail carries the survey link; it works until <DateTime value={s.expires_at} />.
            </>
          ) : (
            'Not answered; the survey link has expired.'
          )}
        </Text>
      )}
    </Card>
  );
}
