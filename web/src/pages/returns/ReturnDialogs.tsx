import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, type UseMutationResult } from '@tanstack/react-query';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { inventoryQueries, locationOptions } from '../inventory/inventory-api';

export interface ApproveValues {
  location: string;
}

/** Approve a requested return: the location that will receive it (none chosen: the policy's first return location). */
export function ApproveDialog({ opened, onClose, mutation }: { opened: boolean; onClose: () => void; mutation: UseMutationResult<unknown, Error, ApproveValues> }) {
  const locations = useQuery(inventoryQueries.locations());
  const form = useForm<ApproveValues>({ mode: 'controlled', initialValues: { location: '' } });
  return (
    <Modal opened={opened} onClose={onClose} title="Approve this return" closeButtonProps={{ 'aria-label': 'Close' }} data-testid="approve-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v, { onSuccess: onClose, onError: (e) => showOnForm(form, e) }))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="approve-problem" />
          <Text size="sm">The customer sends the parcel to this location; its units are received and inspected there.</Text>
          <Select
            label="Receiving location"
            placeholder="The return policy’s first return location"
            data={locationOptions((locations.data?.data ?? []).filter((l) => l.active))}
            searchable
            clearable
            {...form.getInputProps('location')}
            onChange={(v) => form.setFieldValue('location', v ?? '')}
            data-testid="approve-location"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="approve-close">
              Go back
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="approve-submit">
              Approve
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Mark an approved return's parcel as on its way, with its tracking number when the customer gave one. */
export function TransitDialog({ opened, onClose, mutation }: { opened: boolean; onClose: () => void; mutation: UseMutationResult<unknown, Error, string> }) {
  const form = useForm({ mode: 'controlled', initialValues: { tracking_number: '' } });
  return (
    <Modal opened={opened} onClose={onClose} title="Parcel on its way" closeButtonProps={{ 'aria-label': 'Close' }} data-testid="transit-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v.tracking_number.trim(), { onSuccess: onClose, onError: (e) => showOnForm(form, e) }))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="transit-problem" />
          <TextInput label="Tracking number" description="Optional" maxLength={64} {...form.getInputProps('tracking_number')} data-testid="transit-tracking" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="transit-close">
              Go back
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="transit-submit">
              Mark in transit
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
