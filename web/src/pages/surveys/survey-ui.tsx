import { Badge, Group, Text } from '@mantine/core';
import type { paths } from '../../api/schema';

export type SurveyResponse = paths['/v1/survey-responses']['get']['responses'][200]['content']['application/json']['data'][number];
type Category = SurveyResponse['category'];

const categories: Record<Category, { label: string; color: string }> = {
  promoter: { label: 'Promoter', color: 'green' },
  passive: { label: 'Passive', color: 'gray' },
  detractor: { label: 'Detractor', color: 'red' },
};

/** "9 / 10 Promoter": the score and its NPS category (light badge: its text meets AA, theme.ts). */
export function SurveyScore({ score, category, testId }: { score: number; category: Category; testId: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text span fw={700} size="sm" data-testid={testId}>
        {score}
        <Text span size="xs" c="dimmed">
          {' '}/ 10
        </Text>
      </Text>
      <Badge variant="light" color={categories[category].color} size="sm" data-testid={`${testId}-category`}>
        {categories[category].label}
      </Badge>
    </Group>
  );
}

/** The customer's words as text (never HTML); an erased comment says so. */
export function SurveyComment({ response, testId }: { response: Pick<SurveyResponse, 'comment' | 'comment_erased'>; testId: string }) {
  if (response.comment_erased) {
    return (
      <Text size="sm" c="dimmed" fs="italic" data-testid={testId}>
        Erased with the customer’s personal data
      </Text>
    );
  }
  if (response.comment === null) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        No comment
      </Text>
    );
  }
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }} data-testid={testId}>
      {response.comment}
    </Text>
  );
}
