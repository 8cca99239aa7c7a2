import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One labelled value of a record's detail (a delivery, a message): the label small above, the value below; long ids and addresses wrap anywhere. */
export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dark.3">
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId} style={{ wordBreak: 'break-all' }}>
        {children}
      </Text>
    </Stack>
  );
}
