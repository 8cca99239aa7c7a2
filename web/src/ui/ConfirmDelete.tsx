import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * A delete that asks first and owns its call: `onConfirm` deletes, the dialog closes on success and
 * `onDone` refreshes what showed the record; a refusal stays in the dialog.
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
    <ConfirmDialog opened={opened} onClose={onClose} title={title} confirmLabel="Delete" onConfirm={() => mutation.mutate()} pending={mutation.isPending} error={mutation.error} testId={testId}>
      {children}
    </ConfirmDialog>
  );
}
