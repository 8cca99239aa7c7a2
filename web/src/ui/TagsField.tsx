import { Pill, TagsInput, type TagsInputProps } from '@mantine/core';

/** Tags typed one by one (Enter adds one), each removable by a named button. */
export function TagsField(props: TagsInputProps & { 'data-testid'?: string }) {
  return (
    <TagsInput
      placeholder="Type a tag and press Enter"
      {...props}
      // Mantine's own pill leaves its remove button without a name.
      renderPill={({ value, onRemove, disabled }) => (
        <Pill withRemoveButton={!disabled} onRemove={onRemove} removeButtonProps={{ 'aria-label': `Remove tag ${value ?? ''}` }}>
          {value}
        </Pill>
      )}
    />
  );
}
