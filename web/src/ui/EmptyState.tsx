import { EmptyState as MantineEmptyState } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** What a list shows when it has nothing: say why and what to do next. */
export function EmptyState({ title, children, action, testId = 'empty-state' }: { title: string; children?: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <MantineEmptyState data-testid={testId} title={title} description={children} icon={<IconInbox aria-hidden />} py="xl">
      {action}
    </MantineEmptyState>
  );
}
