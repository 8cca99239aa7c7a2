import { Button, Card, Center, Checkbox, Group, Loader, MultiSelect, NumberInput, Select, SimpleGrid, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { useAllowed } from '../../auth/use-can';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { inventoryQueries, locationOptions } from '../inventory/inventory-api';
import { returnQueries, type ReturnPolicy } from './return-api';
import { ReturnsTabs } from './ReturnsTabs';

const outcomes = [
  { value: 'refund', label: 'Refund' },
  { value: 'store_credit', label: 'Store credit' },
  { value: 'exchange', label: 'Exchange' },
] as const;

/** The form's values: the policy with the fee in percent (the API keeps basis points: 1000 = 10 %). */
type Values = Omit<ReturnPolicy, 'restocking_fee_bps'> & { restocking_fee_percent: number | string };

const toValues = ({ restocking_fee_bps, ...p }: ReturnPolicy): Values => ({ ...p, restocking_fee_percent: restocking_fee_bps / 100 });
const toPolicy = ({ restocking_fee_percent, ...v }: Values): ReturnPolicy => ({ ...v, restocking_fee_bps: Math.round(Number(restocking_fee_percent) * 100) });
/** The API names the field it refuses; the form shows a list (`return_locations[1]`) at the list's input. */
const fieldOf = (field: string): string => (field === 'restocking_fee_bps' ? 'restocking_fee_percent' : field.replace(/^(final_sale_skus|return_locations|allowed_outcomes)\[\d+\]$/, '$1'));

/** The reasons that make return shipping free whatever the policy says (the merchant's fault). */
function FreeShippingReasons() {
  const reasons = useQuery(returnQueries.reasons());
  const free = (reasons.data?.reasons ?? []).filter((r) => r.merchant_fault);
  return (
    <Text size="sm" data-testid="policy-free-reasons">
      Free for these reasons (the merchant’s fault): {free.length > 0 ? free.map((r) => r.label).join(', ') : 'none'}.{' '}
      <AnchorLink to="/returns/reasons" size="sm">
        Change on Reasons
      </AnchorLink>
    </Text>
  );
}

function PolicyForm({ policy, canWrite }: { policy: ReturnPolicy; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const locations = useQuery(inventoryQueries.locations());
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(policy) });
  const save = useMutation({
    mutationFn: (v: Values) => call(api.PUT('/v1/return-policy', { body: toPolicy(v) })),
    onSuccess: (saved) => {
      queryClient.setQueryData(returnQueries.policy().queryKey, saved);
      form.setInitialValues(toValues(saved));
      form.reset();
      notifications.show({ color: 'green', title: 'Saved', message: 'The return policy is saved.' });
    },
    onError: (e) => showOnForm(form, e, fieldOf),
  });
  const locationData = locationOptions(locations.data?.data ?? []);
  // A code the policy names that is not (or no longer) a location still shows, so it can be removed.
  for (const code of form.getValues().return_locations) if (!locationData.some((o) => o.value === code)) locationData.push({ value: code, label: `${code} (unknown)` });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate data-testid="policy-form">
      <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="md">
          <ProblemAlert error={save.error} form={form} testId="policy-problem" />
          <Card withBorder padding="md">
            <Title order={2} size="h4" mb="sm">
              Window
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <NumberInput label="Return window (days)" description="Days after delivery a return may be requested" min={0} allowDecimal={false} {...form.getInputProps('window_days')} data-testid="policy-window-days" />
              <NumberInput
                label="Assumed transit (days)"
                description="Without a delivery scan: delivered = ship date + these days"
                min={0}
                allowDecimal={false}
                {...form.getInputProps('assumed_transit_days')}
                data-testid="policy-transit-days"
              />
            </SimpleGrid>
          </Card>
          <Card withBorder padding="md">
            <Title order={2} size="h4" mb="sm">
              What may come back, and how
            </Title>
            <Stack gap="md">
              <TagsInput label="Final-sale SKUs" description="Never returnable. Type a SKU and Enter." placeholder={canWrite ? "SKU, then Enter" : undefined} clearable {...form.getInputProps('final_sale_skus')} data-testid="policy-final-sale" />
              <Checkbox.Group label="Allowed outcomes" description="What a customer may ask for" {...form.getInputProps('allowed_outcomes')} data-testid="policy-outcomes">
                <Group gap="lg" mt={6}>
                  {outcomes.map((o) => (
                    <Checkbox key={o.value} value={o.value} label={o.label} data-testid={`policy-outcome-${o.value}`} />
                  ))}
                </Group>
              </Checkbox.Group>
              <MultiSelect
                label="Return locations"
                description="Locations that accept returns, preferred first (approving picks the first active one)"
                data={locationData}
                placeholder={canWrite ? 'Choose locations' : undefined}
                searchable
                clearable
                {...form.getInputProps('return_locations')}
                data-testid="policy-locations"
              />
            </Stack>
          </Card>
          <Card withBorder padding="md">
            <Title order={2} size="h4" mb="sm">
              Money
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <NumberInput
                label="Restocking fee (%)"
                description="Of the goods’ value, for a customer’s reason only"
                min={0}
                decimalScale={2}
                suffix=" %"
                {...form.getInputProps('restocking_fee_percent')}
                data-testid="policy-restocking-fee"
              />
              <NumberInput
                label="Keep-the-item threshold (minor units)"
                description="Refund without the item up to this value (1500 = 15.00); 0: never"
                min={0}
                allowDecimal={false}
                {...form.getInputProps('keep_item_threshold_minor')}
                data-testid="policy-keep-threshold"
              />
              <Stack gap={4}>
                <Select
                  label="Return shipping"
                  data={[
                    { value: 'free', label: 'Free for every return' },
                    { value: 'charged', label: 'Charged to the customer' },
                  ]}
                  allowDeselect={false}
                  {...form.getInputProps('return_shipping')}
                  data-testid="policy-return-shipping"
                />
                {form.getValues().return_shipping === 'charged' && <FreeShippingReasons />}
              </Stack>
            </SimpleGrid>
          </Card>
          {policy.overrides.length > 0 && (
            <Text size="sm" data-testid="policy-overrides">
              {policy.overrides.length} per-SKU override(s) apply too; they are kept as they are (change them through the API).
            </Text>
          )}
          {canWrite && (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()} data-testid="policy-save">
                Save policy
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}

/** GET/PUT /v1/return-policy: when a return is accepted and what it costs (changing it: administrators). */
export function ReturnPolicyPage() {
  const canWrite = useAllowed('settings:write');
  const query = useQuery(returnQueries.policy());
  return (
    <>
      <PageHeader title="Return policy" subtitle={canWrite ? 'Checked on every return request; staff may accept a refused one with a note.' : 'Read only: only an administrator may change the return policy.'} />
      <ReturnsTabs />
      {query.error ? (
        <ErrorView error={query.error} reset={() => void query.refetch()} />
      ) : !query.data ? (
        <Center py="xl">
          <Loader aria-label="Loading the return policy" />
        </Center>
      ) : (
        <PolicyForm key={JSON.stringify(query.data)} policy={query.data} canWrite={canWrite} />
      )}
    </>
  );
}
