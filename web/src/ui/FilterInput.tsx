import { TextInput, type TextInputProps } from '@mantine/core';

/**
 * A text filter of a list: its value goes into the URL when the field is left or Enter is pressed
 * (not at every key, so each keystroke is not a request); empty clears the filter.
 */
export function FilterInput({ value, onCommit, ...props }: { value: string | undefined; onCommit: (value: string | undefined) => void } & Omit<TextInputProps, 'value' | 'defaultValue' | 'onBlur' | 'onKeyDown'>) {
  return (
    <TextInput
      {...props}
      defaultValue={value ?? ''}
      onBlur={(e) => onCommit(e.currentTarget.value.trim() || undefined)}
      onKeyDown={(e) => e.key === 'Enter' && onCommit(e.currentTarget.value.trim() || undefined)}
    />
  );
}
