import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { UseMutationResult } from '@tanstack/react-query';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';

/**
 * A confirmation for a move that cannot be undone (cancel a fulfillment order, void a label): what it
 * does, and a reason that goes on the timeline.
 */
export function ReasonDialog({
  title,
  explain,
  confirm,
  opened,
  onClose,
  mutation,
  testId,
}: {
  title: string;
  explain: string;
  confirm: string;
  opened: boolean;
  onClose: () => void;
  mutation: UseMutationResult<unknown, Error, string>;
  testId: string;
}) {
  const form = useForm({ mode: 'controlled', initialValues: { reason: '' }, validate: { reason: (v: string) => (v.trim() ? null : 'Say why: it goes on the timeline') } });
  return (
    <Modal opened={opened} onClose={onClose} title={title} closeButtonProps={{ 'aria-label': 'Close' }} data-testid={`${testId}-dialog`}>
      <form
        onSubmit={form.onSubmit((v) =>
          mutation.mutate(v.reason.trim(), {
            onSuccess: () => {
              form.reset();
              onClose();
            },
            onError: (e) => showOnForm(form, e, (f) => f.replace(/^body\./, '')),
          }),
        )}
        noValidate
      >
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId={`${testId}-problem`} />
          <Text size="sm">{explain}</Text>
          <Textarea label="Reason" required autosize minRows={2} maxLength={500} {...form.getInputProps('reason')} data-testid={`${testId}-reason`} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid={`${testId}-close`}>
              Go back
            </Button>
            <Button color="red" type="submit" loading={mutation.isPending} data-testid={`${testId}-submit`}>
              {confirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
