import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { showOnForm } from '../../ui/problem-form';
import type { Box, BoxBody } from '../setup/types';

interface BoxValues {
  code: string;
  inner_mm: { length: number | string; width: number | string; height: number | string };
  max_weight_grams: number | string;
  tare_grams: number | string;
  cost: string;
  currency: string;
}

const valuesOf = (b?: Box): BoxValues => ({
  code: b?.code ?? '',
  inner_mm: { length: b?.inner_mm.length ?? '', width: b?.inner_mm.width ?? '', height: b?.inner_mm.height ?? '' },
  max_weight_grams: b?.max_weight_grams ?? '',
  tare_grams: b?.tare_grams ?? 0,
  cost: b?.cost ?? '',
  currency: b?.currency ?? 'USD',
});

// Numbers go as typed: the server says what is wrong and next to which field (blank is not a number).
const num = (v: number | string): number => (v === '' ? Number.NaN : Number(v));
const bodyOf = (v: BoxValues): BoxBody => ({
  inner_mm: { length: num(v.inner_mm.length), width: num(v.inner_mm.width), height: num(v.inner_mm.height) },
  max_weight_grams: num(v.max_weight_grams),
  tare_grams: num(v.tare_grams),
  cost: v.cost.trim() || null,
  currency: v.currency.trim().toUpperCase(),
});

const blankIsRequired = (v: number | string) => (v === '' ? 'Enter a whole number' : null);

/** PUT /v1/boxes/{code}: a new box, or the box given with its code fixed. */
export function BoxDialog({ box, opened, onClose }: { box?: Box; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<BoxValues>({
    mode: 'controlled',
    initialValues: valuesOf(box),
    validate: {
      code: (v) => (v.trim() ? null : 'Give the box a code, e.g. M-BOX'),
      inner_mm: { length: blankIsRequired, width: blankIsRequired, height: blankIsRequired },
      max_weight_grams: blankIsRequired,
    },
  });
  const mutation = useMutation({
    mutationFn: (v: BoxValues) => call(api.PUT('/v1/boxes/{code}', { params: { path: { code: v.code.trim() } }, body: bodyOf(v) })),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', title: box ? 'Box saved' : 'Box added', message: saved.code });
      await queryClient.invalidateQueries({ queryKey: ['boxes'] });
      onClose();
    },
    onError: (e) => showOnForm(form, e, (field) => (field === '(path).code' || field === 'params.code' ? 'code' : field)),
  });
  const input = (path: string) => form.getInputProps(path);
  return (
    <Modal opened={opened} onClose={onClose} title={box ? `Box ${box.code}` : 'New box'} size="lg" data-testid="box-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="box-problem" />
          <TextInput label="Code" required disabled={Boolean(box)} {...input('code')} data-testid="box-code" />
          <Text size="sm" fw={500}>
            Inner dimensions (mm)
          </Text>
          <SimpleGrid cols={3}>
            <NumberInput label="Length" allowDecimal={false} clampBehavior="none" {...input('inner_mm.length')} data-testid="box-length" />
            <NumberInput label="Width" allowDecimal={false} clampBehavior="none" {...input('inner_mm.width')} data-testid="box-width" />
            <NumberInput label="Height" allowDecimal={false} clampBehavior="none" {...input('inner_mm.height')} data-testid="box-height" />
          </SimpleGrid>
          <SimpleGrid cols={2}>
            <NumberInput label="Max weight (g)" description="Packed, box included" allowDecimal={false} {...input('max_weight_grams')} data-testid="box-max-weight" />
            <NumberInput label="Empty weight (g)" description="Tare" allowDecimal={false} {...input('tare_grams')} data-testid="box-tare" />
            <TextInput label="Cost" description="Cheaper boxes are tried first; blank: unknown" placeholder="1.25" {...input('cost')} data-testid="box-cost" />
            <TextInput label="Currency" maxLength={3} {...input('currency')} data-testid="box-currency" />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="box-cancel">
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="box-save">
              {box ? 'Save box' : 'Add box'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
