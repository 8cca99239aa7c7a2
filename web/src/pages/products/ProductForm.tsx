import { ActionIcon, Button, Card, Checkbox, Group, NumberInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import type { Product, ProductBody } from '../inventory/inventory-api';

type Whole = number | string;
interface Values {
  sku: string;
  name: string;
  price: string;
  currency: string;
  weight_grams: Whole;
  dimensions_mm: { length: Whole; width: Whole; height: Whole };
  low_stock_threshold: Whole;
  backorderable: boolean;
  gtin: string;
  hs_code: string;
  country_of_origin: string;
  customs_description: string;
  components: { sku: string; quantity: Whole }[];
}

const valuesOf = (p: Product | undefined): Values => ({
  sku: p?.sku ?? '',
  name: p?.name ?? '',
  price: p?.price ?? '',
  currency: p?.currency ?? 'USD',
  weight_grams: p?.weight_grams ?? '',
  dimensions_mm: p?.dimensions_mm ?? { length: '', width: '', height: '' },
  low_stock_threshold: p?.low_stock_threshold ?? 0,
  backorderable: p?.backorderable ?? false,
  gtin: p?.gtin ?? '',
  hs_code: p?.hs_code ?? '',
  country_of_origin: p?.country_of_origin ?? '',
  customs_description: p?.customs_description ?? '',
  components: p?.components ?? [],
});

const orNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());
const numberOrNull = (v: Whole): number | null => (v === '' ? null : Number(v));

/** The PUT body: a full replacement, so every field is sent (empty ones as null). */
function bodyOf(v: Values): ProductBody {
  const d = v.dimensions_mm;
  const hasDimensions = [d.length, d.width, d.height].every((x) => x !== '');
  return {
    name: v.name.trim(),
    price: v.price.trim(),
    currency: v.currency.trim().toUpperCase(),
    weight_grams: numberOrNull(v.weight_grams),
    dimensions_mm: hasDimensions ? { length: Number(d.length), width: Number(d.width), height: Number(d.height) } : null,
    backorderable: v.backorderable,
    low_stock_threshold: v.low_stock_threshold === '' ? 0 : Number(v.low_stock_threshold),
    gtin: orNull(v.gtin),
    hs_code: orNull(v.hs_code),
    country_of_origin: orNull(v.country_of_origin)?.toUpperCase() ?? null,
    customs_description: orNull(v.customs_description),
    components: v.components.map((c) => ({ sku: c.sku.trim(), quantity: Number(c.quantity) })),
  };
}

const partialDimensions = (v: Whole, values: Values) => {
  const d = values.dimensions_mm;
  const given = [d.length, d.width, d.height].filter((x) => x !== '').length;
  return given > 0 && given < 3 && v === '' ? 'Give all three dimensions, or none' : null;
};

/**
 * PUT /v1/products/{sku}: create (no `product`) or replace a product, with its weight, dimensions,
 * low-stock threshold, customs data and kit components. Refusals land next to the field named.
 */
export function ProductForm({ product }: { product?: Product }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: valuesOf(product),
    validate: {
      sku: (v) => (v.trim() ? null : 'Enter the SKU'),
      name: (v) => (v.trim() ? null : 'Enter the name'),
      price: (v) => (/^\d+(\.\d+)?$/.test(v.trim()) ? null : 'A price such as 19.99'),
      dimensions_mm: { length: partialDimensions, width: partialDimensions, height: partialDimensions },
      components: { sku: (v) => (v.trim() ? null : 'Enter the component’s SKU'), quantity: (v) => (typeof v === 'number' && v >= 1 ? null : 'At least 1') },
    },
  });
  const values = form.getValues();
  const mutation = useMutation({
    mutationFn: (v: Values) => call(api.PUT('/v1/products/{sku}', { params: { path: { sku: v.sku.trim() } }, body: bodyOf(v) })),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', title: product ? 'Product saved' : 'Product created', message: `${saved.sku}: ${saved.name}` });
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      if (!product) await navigate({ to: '/products/$sku', params: { sku: saved.sku } });
    },
    onError: (error) => showOnForm(form, error, (field) => (field === 'params.sku' ? 'sku' : field)),
  });
  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate data-testid="product-form">
      <Stack gap="md" maw={900}>
        <ProblemAlert error={mutation.error} form={form} testId="product-problem" />
        <Card withBorder padding="md">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <TextInput label="SKU" required disabled={Boolean(product)} maxLength={64} {...form.getInputProps('sku')} data-testid="product-sku" />
            <TextInput label="Name" required maxLength={500} {...form.getInputProps('name')} data-testid="product-name-input" />
            <TextInput label="Price" required placeholder="19.99" inputMode="decimal" maxLength={32} {...form.getInputProps('price')} data-testid="product-price-input" />
            <TextInput label="Currency" required placeholder="USD" maxLength={3} {...form.getInputProps('currency')} data-testid="product-currency" />
          </SimpleGrid>
        </Card>
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="xs">
            Shipping and stock
          </Title>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <NumberInput label="Weight (g)" min={0} allowDecimal={false} {...form.getInputProps('weight_grams')} data-testid="product-weight-input" />
            <NumberInput label="Length (mm)" min={1} allowDecimal={false} {...form.getInputProps('dimensions_mm.length')} data-testid="product-length" />
            <NumberInput label="Width (mm)" min={1} allowDecimal={false} {...form.getInputProps('dimensions_mm.width')} data-testid="product-width" />
            <NumberInput label="Height (mm)" min={1} allowDecimal={false} {...form.getInputProps('dimensions_mm.height')} data-testid="product-height" />
            <NumberInput label="Low-stock threshold" description="Alert at or below" min={0} allowDecimal={false} {...form.getInputProps('low_stock_threshold')} data-testid="product-threshold-input" />
          </SimpleGrid>
          <Checkbox mt="sm" label="Accept orders when out of stock (backorders)" {...form.getInputProps('backorderable', { type: 'checkbox' })} data-testid="product-backorderable-input" />
        </Card>
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="xs">
            Customs
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <TextInput label="GTIN / UPC / EAN" maxLength={14} {...form.getInputProps('gtin')} data-testid="product-gtin" />
            <TextInput label="HS code" maxLength={20} {...form.getInputProps('hs_code')} data-testid="product-hs-code" />
            <TextInput label="Country of origin" placeholder="US" maxLength={2} {...form.getInputProps('country_of_origin')} data-testid="product-origin" />
            <TextInput label="Customs description" maxLength={255} {...form.getInputProps('customs_description')} data-testid="product-customs-description" />
          </SimpleGrid>
        </Card>
        <Card withBorder padding="md" data-testid="product-components-editor">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4">
              Kit components
            </Title>
            <Button variant="default" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('components', { sku: '', quantity: 1 })} data-testid="component-add">
              Add component
            </Button>
          </Group>
          {values.components.length === 0 ? (
            <Text size="sm">A plain product. Add components to sell it as a kit: a kit holds no stock of its own and ships complete from one location.</Text>
          ) : (
            <Stack gap="xs">
              {values.components.map((_, i) => (
                <Group key={i} align="flex-start" gap="xs" data-testid="component-row">
                  <TextInput label="Component SKU" required maxLength={64} {...form.getInputProps(`components.${i}.sku`)} data-testid={`component-sku-${i}`} />
                  <NumberInput label="Units per kit" required min={1} allowDecimal={false} w={130} {...form.getInputProps(`components.${i}.quantity`)} data-testid={`component-quantity-${i}`} />
                  <ActionIcon variant="subtle" color="red" mt={28} onClick={() => form.removeListItem('components', i)} aria-label={`Remove component ${i + 1}`} data-testid={`component-remove-${i}`}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
            </Stack>
          )}
        </Card>
        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending} data-testid="product-save">
            {product ? 'Save product' : 'Create product'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
