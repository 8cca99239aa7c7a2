import { Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, TagsInput, Text, Title, VisuallyHidden } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { showOnForm } from '../../ui/problem-form';
import { TableScroll } from '../../ui/TableScroll';
import { RowControls } from '../routing/RuleCard';
import type { Carrier, ShippingRules } from '../setup/types';
import { useAllowed } from '../../auth/use-can';

interface Values {
  strategy: ShippingRules['strategy'];
  best_value_days: number | string;
  preferred: { key: string; carrier: string | null; service: string | null; channels: string[]; countries: string[]; min_weight_grams: number | string; max_weight_grams: number | string }[];
  excluded: { key: string; carrier: string | null; service: string | null }[];
}

const valuesOf = (r: ShippingRules): Values => ({
  strategy: r.strategy,
  best_value_days: r.best_value_days ?? '',
  preferred: (r.preferred ?? []).map((p) => ({ key: randomId(), carrier: p.carrier, service: p.service ?? null, channels: p.channels ?? [], countries: p.countries ?? [], min_weight_grams: p.min_weight_grams ?? '', max_weight_grams: p.max_weight_grams ?? '' })),
  excluded: (r.excluded ?? []).map((e) => ({ key: randomId(), carrier: e.carrier, service: e.service ?? null })),
});

const num = (v: number | string) => (v === '' ? undefined : Number(v));
function bodyOf(v: Values): ShippingRules {
  return {
    strategy: v.strategy,
    ...(v.strategy === 'best_value' && v.best_value_days !== '' ? { best_value_days: Number(v.best_value_days) } : {}),
    preferred: v.preferred.map((p) => ({
      carrier: p.carrier ?? '',
      ...(p.service ? { service: p.service } : {}),
      ...(p.channels.length ? { channels: p.channels } : {}),
      ...(p.countries.length ? { countries: p.countries.map((c) => c.toUpperCase()) } : {}),
      ...(num(p.min_weight_grams) !== undefined ? { min_weight_grams: num(p.min_weight_grams) } : {}),
      ...(num(p.max_weight_grams) !== undefined ? { max_weight_grams: num(p.max_weight_grams) } : {}),
    })),
    excluded: v.excluded.map((e) => ({ carrier: e.carrier ?? '', ...(e.service ? { service: e.service } : {}) })),
  };
}

function carrierSelects(form: UseFormReturnType<Values>, carriers: Carrier[], path: string, carrier: string | null, label: string) {
  const services = carriers.find((c) => c.code === carrier)?.services ?? [];
  const carrierInput = form.getInputProps(`${path}.carrier`);
  return (
    <>
      <Table.Td miw={150}>
        <Select
          aria-label={`Carrier of ${label}`}
          placeholder="Carrier"
          data={carriers.map((c) => ({ value: c.code, label: c.name }))}
          {...carrierInput}
          onChange={(value) => {
            form.setFieldValue(`${path}.carrier`, value);
            form.setFieldValue(`${path}.service`, null);
          }}
          data-testid={`${path}-carrier`}
        />
      </Table.Td>
      <Table.Td miw={170}>
        <Select aria-label={`Service of ${label}`} placeholder="Any service" clearable data={services.map((s) => ({ value: s.code, label: s.name }))} {...form.getInputProps(`${path}.service`)} data-testid={`${path}-service`} />
      </Table.Td>
    </>
  );
}

function RulesForm({ rules, carriers }: { rules: ShippingRules; carriers: Carrier[] }) {
  const canWrite = useAllowed('carriers:write');
  const queryClient = useQueryClient();
  const form = useForm<Values>({ mode: 'controlled', initialValues: valuesOf(rules) });
  const values = form.getValues();
  const mutation = useMutation({
    mutationFn: (v: Values) => call(api.PUT('/v1/shipping/rules', { body: bodyOf(v) })),
    onSuccess: (saved) => {
      queryClient.setQueryData(['shipping-rules'], saved);
      form.resetDirty(valuesOf(saved));
      notifications.show({ color: 'green', title: 'Shipping rules saved', message: 'The next label is chosen by them.' });
    },
    onError: (e) => showOnForm(form, e),
  });
  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate data-testid="shipping-rules-form">
      <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="md">
          <ProblemAlert error={mutation.error} form={form} testId="shipping-rules-problem" />
          <Card withBorder>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Select
                label="Choose among the services that meet the promise"
                allowDeselect={false}
                data={[
                  { value: 'cheapest', label: 'Cheapest' },
                  { value: 'fastest', label: 'Fastest' },
                  { value: 'best_value', label: 'Best value: the cheapest arriving within some days' },
                ]}
                {...form.getInputProps('strategy')}
                data-testid="shipping-strategy"
              />
              {values.strategy === 'best_value' && <NumberInput label="Within (business days)" allowDecimal={false} {...form.getInputProps('best_value_days')} data-testid="shipping-best-value-days" />}
            </SimpleGrid>
          </Card>
          <Card withBorder>
            <Title order={2} size="h4">
              Preferred services
            </Title>
            <Text size="sm" mb="sm">
              Tried first, top to bottom: the first that matches the parcel and meets the promise wins.
            </Text>
            {values.preferred.length > 0 && (
              <TableScroll label="Preferred services">
                <Table verticalSpacing={4} data-testid="preferred-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Carrier</Table.Th>
                      <Table.Th scope="col">Service</Table.Th>
                      <Table.Th scope="col">Channels</Table.Th>
                      <Table.Th scope="col">Countries</Table.Th>
                      <Table.Th scope="col">From (g)</Table.Th>
                      <Table.Th scope="col">To (g)</Table.Th>
                      <Table.Th scope="col">
                        <VisuallyHidden>Order</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {values.preferred.map((p, i) => (
                      <Table.Tr key={p.key} data-testid="preferred-row">
                        {carrierSelects(form, carriers, `preferred.${i}`, p.carrier, `preference ${i + 1}`)}
                        <Table.Td miw={140}>
                          <TagsInput aria-label={`Channels of preference ${i + 1}`} placeholder="Any" {...form.getInputProps(`preferred.${i}.channels`)} data-testid={`preferred.${i}-channels`} />
                        </Table.Td>
                        <Table.Td miw={120}>
                          <TagsInput aria-label={`Countries of preference ${i + 1}`} placeholder="Any" {...form.getInputProps(`preferred.${i}.countries`)} data-testid={`preferred.${i}-countries`} />
                        </Table.Td>
                        <Table.Td w={100}>
                          <NumberInput aria-label={`Lightest parcel of preference ${i + 1}, grams`} allowDecimal={false} {...form.getInputProps(`preferred.${i}.min_weight_grams`)} data-testid={`preferred.${i}-min`} />
                        </Table.Td>
                        <Table.Td w={100}>
                          <NumberInput aria-label={`Heaviest parcel of preference ${i + 1}, grams`} allowDecimal={false} {...form.getInputProps(`preferred.${i}.max_weight_grams`)} data-testid={`preferred.${i}-max`} />
                        </Table.Td>
                        <Table.Td>
                          <RowControls label={`preference ${i + 1}`} index={i} count={values.preferred.length} onMove={(to) => form.reorderListItem('preferred', { from: i, to })} onRemove={() => form.removeListItem('preferred', i)} testId={`preferred-${i}`} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            )}
            <Button variant="subtle" size="xs" mt="xs" w="fit-content" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('preferred', { key: randomId(), carrier: null, service: null, channels: [], countries: [], min_weight_grams: '', max_weight_grams: '' })} data-testid="preferred-add">
              Add a preference
            </Button>
          </Card>
          <Card withBorder>
            <Title order={2} size="h4">
              Never use
            </Title>
            <Text size="sm" mb="sm">
              Carriers or single services rate shopping must skip.
            </Text>
            {values.excluded.length > 0 && (
              <Table verticalSpacing={4} data-testid="excluded-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Carrier</Table.Th>
                    <Table.Th scope="col">Service</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>Remove</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {values.excluded.map((e, i) => (
                    <Table.Tr key={e.key} data-testid="excluded-row">
                      {carrierSelects(form, carriers, `excluded.${i}`, e.carrier, `exclusion ${i + 1}`)}
                      <Table.Td>
                        <Button variant="subtle" color="red" size="xs" onClick={() => form.removeListItem('excluded', i)} data-testid={`excluded-${i}-remove`}>
                          Remove
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            <Button variant="subtle" size="xs" mt="xs" w="fit-content" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('excluded', { key: randomId(), carrier: null, service: null })} data-testid="excluded-add">
              Add an exclusion
            </Button>
          </Card>
          {canWrite && (
            <Group justify="flex-end">
              <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()} data-testid="shipping-rules-reset">
                Discard changes
              </Button>
              <Button type="submit" loading={mutation.isPending} data-testid="shipping-rules-save">
                Save rules
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}

/** GET/PUT /v1/shipping/rules: how rate shopping picks a service (strategy, preferences, exclusions). */
export function ShippingRulesPage() {
  const rules = useQuery({ queryKey: ['shipping-rules'], queryFn: () => call(api.GET('/v1/shipping/rules')) });
  const carriers = useQuery({ queryKey: ['carriers'], queryFn: () => call(api.GET('/v1/carriers')) });
  const error = rules.error ?? carriers.error;
  if (error) return <ErrorView error={error} />;
  return (
    <>
      <PageHeader
        title="Shipping rules"
        subtitle="How a service is chosen among those that meet the delivery promise"
        actions={
          <AnchorLink to="/carriers" data-testid="shipping-rules-carriers">
            Carriers
          </AnchorLink>
        }
      />
      {rules.data && carriers.data && <RulesForm rules={rules.data} carriers={carriers.data.data} />}
    </>
  );
}
