import type { ReactNode } from 'react';
import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';

/**
 * A secret the API answers only once (an API key, a webhook signing secret, a reset link): shown in
 * full with a copy button and the warning that it cannot be shown again.
 */
export function SecretOnce({ label, value, testId, children }: { label: string; value: string; testId: string; children?: ReactNode }) {
  return (
    <Alert color="yellow" variant="light" icon={<IconKey aria-hidden />} title={label} data-testid={testId}>
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1 }} data-testid={`${testId}-value`}>
            {value}
          </Code>
          <CopyValue value={value} testId={`${testId}-copy`} />
        </Group>
        <Text size="sm">{children ?? 'Copy it now: it is not shown again. Whoever holds it can use it.'}</Text>
      </Stack>
    </Alert>
  );
}

/** A copy-to-clipboard button that says it worked. */
export function CopyValue({ value, testId, label = 'Copy' }: { value: string; testId: string; label?: string }) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : label} withArrow>
          <ActionIcon variant="default" onClick={copy} aria-label={copied ? 'Copied' : label} data-testid={testId} data-copied={copied}>
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}
