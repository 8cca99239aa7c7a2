import { Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A label on the left, its value on the right: the rows of a details card. */
export function LabelledRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text size="sm">{label}</Text>
      <Text size="sm" ta="right" component="div">
        {children}
      </Text>
    </Group>
  );
}
