import { Anchor, Text } from '@mantine/core';
import { useMatches } from '@tanstack/react-router';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

/** A screen not built yet: says so, and where the same thing is done today (the API). */
export function ComingSoon() {
  const title = useMatches({ select: (m) => m.at(-1)?.staticData.title }) ?? 'This screen';
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title="Not in the console yet" testId="coming-soon">
        <Text size="sm">
          This screen is being built. Everything it will show is in the API today:{' '}
          <Anchor href="/docs" data-testid="coming-soon-docs">
            API documentation
          </Anchor>
          .
        </Text>
      </EmptyState>
    </>
  );
}
