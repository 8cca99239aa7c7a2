import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import type { Inbound } from '../inventory/inventory-api';

/** POST /v1/inbound/{id}/cancel: what is still expected will not come (what arrived stays). */
export function CancelInboundDialog({ shipment, opened, onClose }: { shipment: Inbound; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm({ mode: 'controlled', initialValues: { reason: '' } });
  const mutation = useMutation({
    mutationFn: (v: { reason: string }) => call(api.POST('/v1/inbound/{id}/cancel', { params: { path: { id: shipment.id } }, body: v.reason.trim() ? { reason: v.reason.trim() } : {} })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Inbound shipment cancelled', message: 'What was still expected no longer is.' });
      await queryClient.invalidateQueries({ queryKey: ['inbound'] });
      onClose();
    },
    onError: (error) => showOnForm(form, error),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Cancel this inbound shipment?" data-testid="inbound-cancel-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="inbound-cancel-problem" />
          <Text size="sm">Units not received yet stop being expected; backordered lines no longer count on them. Units already received stay in stock.</Text>
          <Textarea label="Reason" placeholder="Supplier cancelled the PO" autosize minRows={2} maxLength={500} {...form.getInputProps('reason')} data-testid="inbound-cancel-reason" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="inbound-cancel-keep">
              Keep it
            </Button>
            <Button color="red" type="submit" loading={mutation.isPending} data-testid="inbound-cancel-confirm">
              Cancel shipment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
