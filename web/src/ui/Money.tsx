import { Text, type TextProps } from '@mantine/core';
import { formatMoney } from './format';

/** An amount of money (decimal string as the API sends it) in its currency. */
export function Money({ amount, currency, ...props }: { amount: string; currency: string } & TextProps) {
  return (
    <Text span inherit style={{ fontVariantNumeric: 'tabular-nums' }} {...props}>
      {formatMoney(amount, currency)}
    </Text>
  );
}
