import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert';

/**
 * "Are you sure?" before something that cannot be undone from here (delete, revoke, disable): says
 * what will happen, shows the server's refusal in place, and confirms with a red button.
 */
export function ConfirmDialog({
  opened,
  onClose,
  title,
  children,
  confirmLabel,
  onConfirm,
  pending,
  error,
  testId,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending: boolean;
  error: unknown;
  testId: string;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} data-testid={testId}>
      <Stack gap="sm">
        <ProblemAlert error={error} testId={`${testId}-problem`} />
        <Text size="sm" component="div">
          {children}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid={`${testId}-cancel`}>
            Keep it
          </Button>
          <Button color="red" onClick={onConfirm} loading={pending} data-testid={`${testId}-confirm`}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
