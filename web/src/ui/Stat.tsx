import { Card, Text } from '@mantine/core';

/** One figure of a dashboard row: its label, the value large, and an optional line under it (a share, a range). */
export function Stat({ label, value, detail, testId }: { label: string; value: string; detail?: string | undefined; testId: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dark.3">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
      {detail && (
        <Text size="xs" c="dark.3" data-testid={`${testId}-detail`}>
          {detail}
        </Text>
      )}
    </Card>
  );
}
