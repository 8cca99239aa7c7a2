import { Button, Checkbox, Group, Modal, NumberInput, Stack, Table, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { Order } from '../../api/types';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { orderKey } from './order-queries';

type Line = Order['lines'][number];
interface Values {
  whole: boolean;
  reason: string;
  lines: { line_id: string; sku: string; open: number; quantity: number }[];
}

/** Units of a line that can still be cancelled: not shipped, not cancelled already. */
const openUnits = (l: Line): number => Math.max(0, l.quantity - l.shipped - l.cancelled);

/**
 * POST /v1/orders/{id}/cancel: the whole order, or some units of some lines, always with a reason
 * (it goes on the timeline). Kit component lines are cancelled through their kit line.
 */
export function CancelDialog({ order, opened, onClose }: { order: Order; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const lines = order.lines.filter((l) => !l.parent_line_id && openUnits(l) > 0);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { whole: false, reason: '', lines: lines.map((l) => ({ line_id: l.id, sku: l.sku, open: openUnits(l), quantity: 0 })) },
    validate: {
      reason: (v) => (v.trim() ? null : 'Say why: it goes on the order’s timeline'),
      lines: (v, values) => (values.whole || v.some((l) => l.quantity > 0) ? null : 'Choose the units to cancel, or the whole order'),
    },
  });
  const chosen = form.getValues().lines.map((l, index) => ({ ...l, index })).filter((l) => l.quantity > 0);
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      call(
        api.POST('/v1/orders/{id}/cancel', {
          params: { path: { id: order.id } },
          body: v.whole ? { reason: v.reason.trim() } : { reason: v.reason.trim(), lines: chosen.map((l) => ({ line_id: l.line_id, quantity: l.quantity })) },
        }),
      ),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Cancelled', message: 'The order’s units are cancelled and their stock released.' });
      await queryClient.invalidateQueries({ queryKey: orderKey(order.id) });
      form.reset();
      onClose();
    },
    // The body lists only the chosen lines: lines[0] is the first chosen one, not the form's first row.
    onError: (error) => showOnForm(form, error, (field) => field.replace(/^lines\[(\d+)\]/, (_, i: string) => `lines[${chosen[Number(i)]?.index ?? i}]`)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Cancel units of this order" size="lg" data-testid="cancel-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="cancel-problem" />
          <Checkbox label="Cancel the whole order" {...form.getInputProps('whole', { type: 'checkbox' })} data-testid="cancel-whole" />
          {!form.getValues().whole && (
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">SKU</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Open units
                  </Table.Th>
                  <Table.Th scope="col">Units to cancel</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {form.getValues().lines.map((l, i) => (
                  <Table.Tr key={l.line_id}>
                    <Table.Td ff="monospace">{l.sku}</Table.Td>
                    <Table.Td ta="right">{l.open}</Table.Td>
                    <Table.Td>
                      <NumberInput aria-label={`Units of ${l.sku} to cancel`} min={0} max={l.open} allowDecimal={false} w={110} {...form.getInputProps(`lines.${i}.quantity`)} data-testid={`cancel-qty-${l.sku}`} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {form.errors.lines && (
            <Text c="red.8" size="sm" role="alert">
              {form.errors.lines}
            </Text>
          )}
          <Textarea label="Reason" required autosize minRows={2} maxLength={500} {...form.getInputProps('reason')} data-testid="cancel-reason" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="cancel-close">
              Keep the order
            </Button>
            <Button color="red" type="submit" loading={mutation.isPending} data-testid="cancel-submit">
              Cancel units
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
