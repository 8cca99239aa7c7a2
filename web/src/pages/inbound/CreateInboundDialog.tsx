import { ActionIcon, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { inventoryQueries, locationOptions } from '../inventory/inventory-api';

interface Values {
  reference: string;
  location: string;
  expected_date: string;
  lines: { sku: string; quantity: number | string }[];
}

/** POST /v1/inbound: a purchase order / ASN with its expected lines. */
export function CreateInboundDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const locations = useQuery(inventoryQueries.locations());
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { reference: '', location: '', expected_date: '', lines: [{ sku: '', quantity: '' }] },
    validate: {
      location: (v) => (v ? null : 'Choose where it arrives'),
      expected_date: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Choose the day it is expected'),
      lines: { sku: (v) => (v.trim() ? null : 'Enter the SKU'), quantity: (v) => (typeof v === 'number' && v >= 1 ? null : 'At least 1') },
    },
  });
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      call(
        api.POST('/v1/inbound', {
          body: { ...(v.reference.trim() ? { reference: v.reference.trim() } : {}), location: v.location, expected_date: v.expected_date, lines: v.lines.map((l) => ({ sku: l.sku.trim(), quantity: Number(l.quantity) })) },
        }),
      ),
    onSuccess: async (created) => {
      notifications.show({ color: 'green', title: 'Inbound shipment recorded', message: `${created.reference ?? created.id} expected at ${created.location}.` });
      await queryClient.invalidateQueries({ queryKey: ['inbound'] });
      form.reset();
      onClose();
      await navigate({ to: '/inbound/$id', params: { id: created.id } });
    },
    onError: (error) => showOnForm(form, error),
  });
  const lines = form.getValues().lines;
  return (
    <Modal opened={opened} onClose={onClose} title="New inbound shipment" size="lg" data-testid="inbound-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="inbound-problem" />
          <Group grow align="flex-start">
            <TextInput label="Reference" placeholder="PO-1042" maxLength={200} {...form.getInputProps('reference')} data-testid="inbound-reference" />
            <TextInput label="Expected on" type="date" required {...form.getInputProps('expected_date')} data-testid="inbound-expected-date" />
          </Group>
          <Select label="Arrives at" required data={locationOptions(locations.data?.data ?? [])} searchable {...form.getInputProps('location')} data-testid="inbound-location-input" comboboxProps={{ withinPortal: true }} />
          <Text size="sm" fw={600}>
            Expected lines
          </Text>
          {lines.map((_, i) => (
            <Group key={i} align="flex-start" gap="xs" data-testid="inbound-line">
              <TextInput label="SKU" required maxLength={64} style={{ flex: 1 }} {...form.getInputProps(`lines.${i}.sku`)} data-testid={`inbound-line-sku-${i}`} />
              <NumberInput label="Units" required min={1} allowDecimal={false} w={120} {...form.getInputProps(`lines.${i}.quantity`)} data-testid={`inbound-line-quantity-${i}`} />
              <ActionIcon variant="subtle" color="red" mt={28} disabled={lines.length === 1} onClick={() => form.removeListItem('lines', i)} aria-label={`Remove line ${i + 1}`} data-testid={`inbound-line-remove-${i}`}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          <Button variant="default" size="xs" w="fit-content" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('lines', { sku: '', quantity: '' })} data-testid="inbound-line-add">
            Add line
          </Button>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="inbound-close">
              Close
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="inbound-create">
              Record shipment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
