import { Button, Checkbox, Group, Modal, NumberInput, Radio, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, call, isProblem } from '../../api/client';
import { newKey } from '../../api/idempotency';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { TableScroll } from '../../ui/TableScroll';
import { useOutcomeOverride } from './OutcomeOverride';
import type { ExchangeBody, Return } from './return-api';

interface ExchangeValues {
  lines: { return_line_id: string; returned: string; max: number; sku: string; quantity: number | string }[];
  instant: boolean;
  difference_to: 'original_payment' | 'store_credit';
}

/**
 * Exchange a return (ADR 0022): per return line a replacement SKU and units (0: not replaced), now
 * or once inspected, and where a negative difference goes. The replacement is a new order; a
 * replacement that cannot be allocated is refused (409) with the refund and store credit as the
 * alternatives, nothing written.
 */
export function ExchangeDialog({ ret, opened, onClose }: { ret: Return; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const idempotencyKey = useRef(newKey());
  const form = useForm<ExchangeValues>({
    mode: 'controlled',
    initialValues: {
      lines: ret.lines.map((l) => ({ return_line_id: l.id, returned: l.sku, max: l.quantity, sku: l.sku, quantity: l.quantity })),
      // Before inspection the only exchange is an instant one.
      instant: ret.status !== 'inspected',
      difference_to: 'original_payment',
    },
  });
  // The body's line i is the form's row sent[i] (rows of 0 units are not sent).
  const sent = useRef<number[]>([]);
  const override = useOutcomeOverride('exchange');
  const exchange = useMutation({
    mutationFn: (body: ExchangeBody) => call(api.POST('/v1/returns/{id}/exchange', { params: { path: { id: ret.id }, header: { 'idempotency-key': idempotencyKey.current } }, body })),
    onSuccess: async () => {
      idempotencyKey.current = newKey();
      notifications.show({ color: 'green', title: 'Exchange made', message: 'The replacement order was created.' });
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['returns'] });
      await queryClient.invalidateQueries({ queryKey: ['order', ret.order_id] });
    },
    onError: (e) => {
      // A refusal is a new request once corrected: a fresh key, or the replay would answer the refusal.
      idempotencyKey.current = newKey();
      override.onRefusal(e);
      showOnForm(form, e, (field) => field.replace(/^lines\[(\d+)\]/, (_, i: string) => `lines[${sent.current[Number(i)] ?? i}]`));
    },
  });
  const submit = (v: ExchangeValues) => {
    const rows = v.lines.map((l, i) => ({ ...l, i, quantity: Number(l.quantity) || 0 })).filter((l) => l.quantity > 0);
    if (rows.length === 0) {
      form.setFieldError('lines.0.quantity', 'Replace at least one unit');
      return;
    }
    const overriding = override.body();
    if (!overriding) return;
    sent.current = rows.map((r) => r.i);
    exchange.mutate({ lines: rows.map((r) => ({ return_line_id: r.return_line_id, sku: r.sku.trim(), quantity: r.quantity })), instant: v.instant, difference_to: v.difference_to, ...overriding });
  };
  const outOfStock = isProblem(exchange.error) && exchange.error.code === 'RETURN_EXCHANGE_OUT_OF_STOCK';
  return (
    <Modal opened={opened} onClose={onClose} title="Exchange this return" size="lg" closeButtonProps={{ 'aria-label': 'Close' }} data-testid="exchange-dialog">
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={exchange.error} form={form} testId="exchange-problem" />
          {outOfStock && (
            <Text size="sm" data-testid="exchange-alternatives">
              The Refund card offers a refund and store credit once the return is inspected.
            </Text>
          )}
          <Text size="sm">The replacement is a new order to the same customer and address, paid with what the returned units are worth.</Text>
          <TableScroll label="Replacement per return line">
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Returned</Table.Th>
                  <Table.Th scope="col">Replacement SKU</Table.Th>
                  <Table.Th scope="col">Units</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {form.values.lines.map((l, i) => (
                  <Table.Tr key={l.return_line_id} data-testid="exchange-line">
                    <Table.Td ff="monospace">
                      {l.returned} × {l.max}
                    </Table.Td>
                    <Table.Td>
                      <TextInput aria-label={`Replacement SKU for ${l.returned}`} maxLength={64} {...form.getInputProps(`lines.${i}.sku`)} data-testid={`exchange-sku-${i}`} />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput aria-label={`Replacement units for ${l.returned}`} min={0} max={l.max} allowDecimal={false} w={90} {...form.getInputProps(`lines.${i}.quantity`)} data-testid={`exchange-qty-${i}`} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
          <Checkbox
            label="Instant: ship the replacement now, before the returned units come back"
            description={ret.status === 'inspected' ? undefined : 'Required until the return is inspected; it is flagged overdue if the parcel does not move in time.'}
            {...form.getInputProps('instant', { type: 'checkbox' })}
            data-testid="exchange-instant"
          />
          <Radio.Group label="If the replacement costs less, the rest goes to" {...form.getInputProps('difference_to')} data-testid="exchange-difference-to">
            <Group mt={4}>
              <Radio value="original_payment" label="The original payment" data-testid="exchange-difference-original_payment" />
              <Radio value="store_credit" label="Store credit" data-testid="exchange-difference-store_credit" />
            </Group>
          </Radio.Group>
          {override.field}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="exchange-close">
              Go back
            </Button>
            <Button type="submit" loading={exchange.isPending} data-testid="exchange-submit">
              {override.asked ? 'Create replacement order anyway' : 'Create replacement order'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
