import { Button, Group, Modal, NumberInput, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useRef } from 'react';
import { api, call } from '../../api/client';
import { newKey } from '../../api/idempotency';
import type { Order } from '../../api/types';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { TableScroll } from '../../ui/TableScroll';
import { returnQueries, type Return } from '../returns/return-api';
import { orderKey } from './order-queries';

interface Values {
  lines: { order_line_id: string; sku: string; returnable: number; quantity: number; reason: string; note: string }[];
  customer_note: string;
  override_note: string;
}

const holdsUnits = (r: Return) => r.status !== 'declined' && r.status !== 'cancelled';

/** Units of each order line that may still be returned: shipped less those on returns not declined or cancelled. */
export function returnableUnits(order: Order, returns: readonly Return[]): Map<string, number> {
  const held = new Map<string, number>();
  for (const r of returns.filter(holdsUnits)) for (const l of r.lines) held.set(l.order_line_id, (held.get(l.order_line_id) ?? 0) + l.quantity);
  return new Map(order.lines.filter((l) => !l.parent_line_id).map((l) => [l.id, Math.max(0, l.shipped - (held.get(l.id) ?? 0))]));
}

/**
 * POST /v1/orders/{id}/returns: units of shipped lines, each line with a reason of the tenant's list
 * (a note where the reason asks for one). The server checks every rule (quantities, the policy); its
 * refusals land next to the field they name.
 */
export function CreateReturnDialog({ order, returns, opened, onClose }: { order: Order; returns: readonly Return[]; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const reasons = useQuery(returnQueries.reasons());
  // One key per return being entered: a double click or a retry creates it once.
  const idempotencyKey = useRef(newKey());
  const returnable = returnableUnits(order, returns);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      lines: order.lines.filter((l) => (returnable.get(l.id) ?? 0) > 0).map((l) => ({ order_line_id: l.id, sku: l.sku, returnable: returnable.get(l.id) ?? 0, quantity: 0, reason: '', note: '' })),
      customer_note: '',
      override_note: '',
    },
    validate: {
      lines: {
        quantity: (q, values, path) => (values.lines.some((l) => l.quantity > 0) || path !== 'lines.0.quantity' ? null : 'Choose at least one unit to return'),
        reason: (r, values, path) => {
          const i = Number(path.split('.')[1]);
          return (values.lines[i]?.quantity ?? 0) > 0 && !r ? 'Choose a reason' : null;
        },
      },
    },
  });
  const chosen = form.getValues().lines.map((l, index) => ({ ...l, index })).filter((l) => l.quantity > 0);
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      call(
        api.POST('/v1/orders/{id}/returns', {
          params: { path: { id: order.id }, header: { 'idempotency-key': idempotencyKey.current } },
          body: {
            lines: chosen.map((l) => ({ order_line_id: l.order_line_id, quantity: l.quantity, reason: l.reason, ...(l.note.trim() ? { note: l.note.trim() } : {}) })),
            ...(v.customer_note.trim() ? { customer_note: v.customer_note.trim() } : {}),
            ...(v.override_note.trim() ? { override_note: v.override_note.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (created) => {
      idempotencyKey.current = newKey();
      notifications.show({ color: 'green', title: 'Return requested', message: 'Approve it to tell the customer where to send the parcel.' });
      await queryClient.invalidateQueries({ queryKey: ['returns'] });
      await queryClient.invalidateQueries({ queryKey: orderKey(order.id) });
      onClose();
      await navigate({ to: '/returns/$returnId', params: { returnId: created.id } });
    },
    // The body lists only the chosen lines: lines[0] is the first chosen one, not the form's first row.
    onError: (error) => showOnForm(form, error, (field) => field.replace(/^body\./, '').replace(/^lines\[(\d+)\]/, (_, i: string) => `lines[${chosen[Number(i)]?.index ?? i}]`)),
  });
  const reasonOptions = (reasons.data?.reasons ?? []).map((r) => ({ value: r.code, label: r.label }));
  const needsNote = (code: string) => reasons.data?.reasons.find((r) => r.code === code)?.requires_note ?? false;
  return (
    <Modal opened={opened} onClose={onClose} title="Create a return" size="xl" closeButtonProps={{ 'aria-label': 'Close' }} data-testid="create-return-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error ?? reasons.error} form={form} testId="create-return-problem" />
          {form.getValues().lines.length === 0 ? (
            <Text size="sm" data-testid="create-return-nothing">
              Nothing to return: no shipped unit is free of another return.
            </Text>
          ) : (
            <TableScroll label="Lines to return" minWidth={720}>
              <Table verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">SKU</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Returnable
                    </Table.Th>
                    <Table.Th scope="col">Units</Table.Th>
                    <Table.Th scope="col">Reason</Table.Th>
                    <Table.Th scope="col">Note</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {form.getValues().lines.map((l, i) => (
                    <Table.Tr key={l.order_line_id} data-testid="create-return-line" data-sku={l.sku}>
                      <Table.Td ff="monospace">{l.sku}</Table.Td>
                      <Table.Td ta="right">{l.returnable}</Table.Td>
                      <Table.Td>
                        <NumberInput aria-label={`Units of ${l.sku} to return`} min={0} max={l.returnable} allowDecimal={false} w={90} {...form.getInputProps(`lines.${i}.quantity`)} data-testid={`create-return-qty-${i}`} />
                      </Table.Td>
                      <Table.Td>
                        <Select
                          aria-label={`Reason for ${l.sku}`}
                          placeholder="Reason"
                          data={reasonOptions}
                          w={200}
                          {...form.getInputProps(`lines.${i}.reason`)}
                          onChange={(v) => form.setFieldValue(`lines.${i}.reason`, v ?? '')}
                          data-testid={`create-return-reason-${i}`}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`Note for ${l.sku}`}
                          placeholder={needsNote(l.reason) ? 'What is wrong with it?' : 'Optional'}
                          required={needsNote(l.reason)}
                          maxLength={1000}
                          {...form.getInputProps(`lines.${i}.note`)}
                          data-testid={`create-return-note-${i}`}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
          <Textarea label="Customer’s note" autosize minRows={2} maxLength={2000} {...form.getInputProps('customer_note')} data-testid="create-return-customer-note" />
          <TextInput
            label="Override note"
            description="Staff only: accept a return the return policy refuses (outside the window, final sale); recorded on the return"
            maxLength={1000}
            {...form.getInputProps('override_note')}
            data-testid="create-return-override"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="create-return-close">
              Go back
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={form.getValues().lines.length === 0} data-testid="create-return-submit">
              Request return
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
