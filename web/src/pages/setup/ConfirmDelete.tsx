import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ProblemAlert } from '../../ui/ProblemAlert';

/**
 * A destructive action asks first: says what goes and what stays, and shows the server's problem
 * when it refuses. `onConfirm` does the call; the dialog closes on success.
 */
export function ConfirmDelete({ opened, onClose, title, children, onConfirm, onDone, testId }: { opened: boolean; onClose: () => void; title: string; children: ReactNode; onConfirm: () => Promise<unknown>; onDone: () => void | Promise<void>; testId: string }) {
  const mutation = useMutation({
    mutationFn: onConfirm,
    onSuccess: async () => {
      onClose();
      await onDone();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={title} data-testid={testId}>
      <Stack gap="sm">
        <ProblemAlert error={mutation.error} testId={`${testId}-problem`} />
        <Text size="sm" component="div">
          {children}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid={`${testId}-cancel`}>
            Keep it
          </Button>
          <Button color="red" loading={mutation.isPending} onClick={() => mutation.mutate()} data-testid={`${testId}-confirm`}>
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
