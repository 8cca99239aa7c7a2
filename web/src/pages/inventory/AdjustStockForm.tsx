import { Button, Card, NumberInput, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { reasonOptions } from './adjustment-reasons';
import { inventoryQueries, locationOptions, type AdjustmentReason, type SkuStock } from './inventory-api';

interface Values {
  location: string;
  mode: 'delta' | 'set';
  quantity: number | string;
  reason: AdjustmentReason | '';
  reference: string;
  bin: string;
}

/**
 * POST /v1/inventory/adjustments for one SKU: a change (+/−), or "set on hand to" a counted
 * quantity (the change is worked out from the on-hand shown). Always with a reason: it is the
 * ledger row's. The server's refusals land next to the field they name (`delta`: the quantity).
 */
export function AdjustStockForm({ stock }: { stock: SkuStock }) {
  const queryClient = useQueryClient();
  const locations = useQuery(inventoryQueries.locations());
  const onHandAt = (code: string) => stock.locations.find((l) => l.location === code)?.on_hand ?? 0;
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { location: stock.locations[0]?.location ?? '', mode: 'delta', quantity: '', reason: '', reference: '', bin: '' },
    validate: {
      location: (v) => (v ? null : 'Choose the location'),
      reason: (v) => (v ? null : 'Choose why: it is recorded on the ledger'),
      quantity: (v, values) => {
        if (v === '' || typeof v !== 'number' || !Number.isInteger(v)) return 'Enter a whole number of units';
        if (values.mode === 'delta' && v === 0) return 'A change of zero changes nothing';
        if (values.mode === 'set' && v < 0) return 'On hand cannot be negative';
        if (values.mode === 'set' && v === onHandAt(values.location)) return `Already ${v} on hand: nothing to change`;
        return null;
      },
    },
  });
  const values = form.getValues();
  const mutation = useMutation({
    mutationFn: (v: Values) => {
      const quantity = Number(v.quantity);
      const delta = v.mode === 'set' ? quantity - onHandAt(v.location) : quantity;
      return call(
        api.POST('/v1/inventory/adjustments', {
          body: { sku: stock.sku, location: v.location, delta, reason: v.reason as AdjustmentReason, ...(v.reference.trim() ? { reference: v.reference.trim() } : {}), ...(v.bin.trim() ? { bin: v.bin.trim() } : {}) },
        }),
      );
    },
    onSuccess: async (result) => {
      const after = result.adjustments[0];
      notifications.show({ color: 'green', title: 'Stock adjusted', message: after ? `${after.sku} at ${after.location}: ${after.on_hand} on hand, ${after.available} available.` : 'Stock adjusted.' });
      // Each adjustment states its own reason: none is carried over to the next.
      form.setValues({ quantity: '', reason: '', reference: '' });
      await queryClient.invalidateQueries({ queryKey: ['inventory'] });
    },
    onError: (error) => showOnForm(form, error, (field) => (field === 'delta' ? 'quantity' : field)),
  });
  const current = values.location ? onHandAt(values.location) : undefined;
  return (
    <Card withBorder padding="md" data-testid="adjust-form-card">
      <Title order={2} size="h4" mb="sm">
        Adjust stock
      </Title>
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate data-testid="adjust-form">
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="adjust-problem" />
          <Select label="Location" required data={locationOptions(locations.data?.data ?? [])} searchable allowDeselect={false} {...form.getInputProps('location')} data-testid="adjust-location" />
          <SegmentedControl
            fullWidth
            aria-label="How to adjust"
            data={[
              { value: 'delta', label: 'Add or remove' },
              { value: 'set', label: 'Set on hand to' },
            ]}
            {...form.getInputProps('mode')}
            onChange={(mode) => {
              form.setFieldValue('mode', mode as Values['mode']);
              if (mode === 'set' && !form.getValues().reason) form.setFieldValue('reason', 'cycle_count');
            }}
            data-testid="adjust-mode"
          />
          <NumberInput
            label={values.mode === 'set' ? 'Counted on hand' : 'Change in units'}
            description={values.mode === 'set' ? `Now ${current ?? 0} on hand at this location` : 'Negative removes units, e.g. -2'}
            required
            allowDecimal={false}
            {...form.getInputProps('quantity')}
            data-testid="adjust-quantity"
          />
          <Select label="Reason" required placeholder="Why the stock changed" data={reasonOptions} {...form.getInputProps('reason')} data-testid="adjust-reason" />
          <TextInput label="Reference" placeholder="PO number, count sheet…" maxLength={200} {...form.getInputProps('reference')} data-testid="adjust-reference" />
          <TextInput label="Bin" placeholder="A-03-2-B" description="Where the SKU sits at this location (optional)" maxLength={24} {...form.getInputProps('bin')} data-testid="adjust-bin" />
          {values.mode === 'set' && typeof values.quantity === 'number' && current !== undefined && values.quantity !== current && (
            <Text size="sm" data-testid="adjust-preview">
              Records a change of {values.quantity - current > 0 ? '+' : ''}
              {values.quantity - current} units.
            </Text>
          )}
          <Button type="submit" loading={mutation.isPending} data-testid="adjust-submit">
            Record adjustment
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
