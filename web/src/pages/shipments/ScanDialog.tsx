import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { statusLabel } from '../../ui/StatusBadge';
import { shipmentStatuses, type TrackingStatus } from './shipment-queries';

const trackingStatuses = shipmentStatuses.filter((s): s is TrackingStatus => s !== 'voided');

/** Now in the user's zone, as a datetime-local input shows it. */
const localNow = (): string => {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

interface Values {
  status: TrackingStatus | '';
  occurred_at: string;
  location: string;
  description: string;
}

/**
 * POST /v1/shipments/{id}/events: a scan recorded by hand (a carrier without webhooks, a driver's
 * word). The API keeps it whatever it says and moves the shipment only forward.
 */
export function ScanDialog({ shipmentId, opened, onClose }: { shipmentId: string; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { status: '', occurred_at: localNow(), location: '', description: '' },
    validate: {
      status: (v) => (v ? null : 'Choose what the scan says'),
      occurred_at: (v) => (v && !Number.isNaN(new Date(v).getTime()) ? null : 'When did it happen?'),
    },
  });
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      call(
        api.POST('/v1/shipments/{id}/events', {
          params: { path: { id: shipmentId } },
          body: {
            status: v.status as TrackingStatus,
            // datetime-local is the user's wall clock: Date reads it in their zone.
            occurred_at: new Date(v.occurred_at).toISOString(),
            ...(v.location.trim() ? { location: v.location.trim() } : {}),
            ...(v.description.trim() ? { description: v.description.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (result) => {
      notifications.show({ color: result.applied ? 'green' : 'orange', title: result.applied ? 'Scan recorded' : 'Scan kept, shipment unchanged', message: result.note });
      await queryClient.invalidateQueries({ queryKey: ['shipment', shipmentId] });
      await queryClient.invalidateQueries({ queryKey: ['shipments'] });
      await queryClient.invalidateQueries({ queryKey: ['order'] });
      form.setValues({ status: '', occurred_at: localNow(), location: '', description: '' });
      onClose();
    },
    // The API says `occurred_at` where the form has `occurred_at` too: the error lands next to the field.
    onError: (e) => showOnForm(form, e, (f) => f.replace(/^body\./, '')),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Record a tracking scan" closeButtonProps={{ 'aria-label': 'Close' }} data-testid="scan-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="scan-problem" />
          <Select label="Status" required data={trackingStatuses.map((s) => ({ value: s, label: statusLabel(s) }))} {...form.getInputProps('status')} data-testid="scan-status" />
          <TextInput label="When" type="datetime-local" required {...form.getInputProps('occurred_at')} data-testid="scan-occurred-at" />
          <TextInput label="Where" placeholder="City, depot" maxLength={200} {...form.getInputProps('location')} data-testid="scan-location" />
          <TextInput label="Note" placeholder="Left at the front door" maxLength={500} {...form.getInputProps('description')} data-testid="scan-description" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="scan-close">
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="scan-submit">
              Record scan
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
