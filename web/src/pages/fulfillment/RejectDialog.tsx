import { Button, Checkbox, Group, Modal, NumberInput, Select, Stack, Table } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { rejectReasons, type FulfillmentOrder } from './fulfillment-queries';

type Reason = (typeof rejectReasons)[number]['value'];
interface Values {
  reason: Reason | '';
  some: boolean;
  lines: { sku: string; open: number; quantity: number }[];
}

/**
 * POST /v1/fulfillment-orders/{id}/reject: the location cannot ship all or some units; the API
 * releases them and routes them to other locations.
 */
export function RejectDialog({ fo, opened, onClose }: { fo: FulfillmentOrder; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { reason: '', some: false, lines: fo.lines.map((l) => ({ sku: l.sku, open: l.quantity, quantity: 0 })) },
    validate: {
      reason: (v) => (v ? null : 'Choose why the location cannot ship it'),
      lines: (v, values) => (!values.some || v.some((l) => l.quantity > 0) ? null : 'Choose the units to reject'),
    },
  });
  const chosen = form.getValues().lines.map((l, index) => ({ ...l, index })).filter((l) => l.quantity > 0);
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      call(
        api.POST('/v1/fulfillment-orders/{id}/reject', {
          params: { path: { id: fo.id } },
          body: { reason: v.reason as Reason, ...(v.some ? { lines: chosen.map((l) => ({ sku: l.sku, quantity: l.quantity })) } : {}) },
        }),
      ),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Rejected', message: 'The units are released and routed to another location.' });
      await queryClient.invalidateQueries({ queryKey: ['fulfillment'] });
      onClose();
    },
    onError: (error) => showOnForm(form, error, (field) => field.replace(/^body\./, '').replace(/^lines\[(\d+)\]/, (_, i: string) => `lines[${chosen[Number(i)]?.index ?? i}]`)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Reject this fulfillment order" size="lg" closeButtonProps={{ 'aria-label': 'Close' }} data-testid="reject-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="reject-problem" />
          <Select label="Reason" required data={rejectReasons.map((r) => ({ value: r.value, label: r.label }))} {...form.getInputProps('reason')} data-testid="reject-reason" />
          <Checkbox label="Only some units" {...form.getInputProps('some', { type: 'checkbox' })} data-testid="reject-some" />
          {form.getValues().some && (
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">SKU</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Units
                  </Table.Th>
                  <Table.Th scope="col">Units to reject</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {form.getValues().lines.map((l, i) => (
                  <Table.Tr key={l.sku}>
                    <Table.Td ff="monospace">{l.sku}</Table.Td>
                    <Table.Td ta="right">{l.open}</Table.Td>
                    <Table.Td>
                      <NumberInput aria-label={`Units of ${l.sku} to reject`} min={0} max={l.open} allowDecimal={false} w={110} {...form.getInputProps(`lines.${i}.quantity`)} data-testid={`reject-qty-${l.sku}`} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {form.errors.lines && (
            <div role="alert" style={{ color: 'var(--mantine-color-red-8)', fontSize: 'var(--mantine-font-size-sm)' }}>
              {form.errors.lines}
            </div>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="reject-close">
              Keep it
            </Button>
            <Button color="red" type="submit" loading={mutation.isPending} data-testid="reject-submit">
              Reject
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
