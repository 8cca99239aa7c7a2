import { Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A page's title (its one h1), an optional line under it and its actions. The title names the
 * browser tab and takes focus after a client-side navigation, so a screen reader announces the new page.
 */
export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const text = typeof title === 'string' ? title : undefined;
  useEffect(() => {
    if (text) document.title = `${text} · OMS`;
    heading.current?.focus({ preventScroll: true });
  }, [text]);
  return (
    <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">
      <Stack gap={2}>
        <Title order={1} size="h2" ref={heading} tabIndex={-1} style={{ outline: 'none' }} data-testid="page-title">
          {title}
        </Title>
        {subtitle && (
          <Text c="dark.3" size="sm">
            {subtitle}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}
