import { Text } from '@mantine/core';

/** A count of units, right-aligned digits; `warn`: nothing (or less) left shows in red. */
export function Units({ value, warn = false, signed = false, testId }: { value: number; warn?: boolean; signed?: boolean; testId?: string }) {
  const low = warn && value <= 0;
  return (
    <Text span inherit fw={low ? 700 : undefined} c={low ? 'red.8' : undefined} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
      {signed && value > 0 ? `+${value}` : value}
    </Text>
  );
}
