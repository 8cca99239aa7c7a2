import { Button, Card, Center, Grid, Group, Loader, NumberInput, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { useCan } from '../../auth/use-can';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { AccountingExport } from './AccountingExport';
import { PortalSettings } from './PortalSettings';

type Settings = paths['/v1/settings']['get']['responses'][200]['content']['application/json'];
const accounts = [
  { key: 'receivable', label: 'Accounts receivable', fallback: '1200 Accounts Receivable' },
  { key: 'sales', label: 'Sales', fallback: '4000 Sales' },
  { key: 'shipping', label: 'Shipping income', fallback: '4100 Shipping Income' },
  { key: 'tax', label: 'Sales tax payable', fallback: '2200 Sales Tax Payable' },
] as const;
type AccountKey = (typeof accounts)[number]['key'];

interface Values {
  accept_unfillable_orders_on_hold: boolean;
  fulfillment_release: Settings['fulfillment_release'];
  release_waves: string[];
  location_keys_may_buy_labels: boolean;
  price_signal_percent: number | string;
  accounting_accounts: Record<AccountKey, { code: string; name: string }>;
}

const toValues = (s: Settings): Values => ({
  accept_unfillable_orders_on_hold: s.accept_unfillable_orders_on_hold,
  fulfillment_release: s.fulfillment_release,
  release_waves: s.release_waves,
  location_keys_may_buy_labels: s.location_keys_may_buy_labels,
  price_signal_percent: s.price_signal_percent,
  accounting_accounts: Object.fromEntries(accounts.map((a) => [a.key, { code: s.accounting_accounts[a.key]?.code ?? '', name: s.accounting_accounts[a.key]?.name ?? '' }])) as Values['accounting_accounts'],
});

/** Only the accounts given in full; an empty pair falls back to the default chart. */
const accountsOf = (v: Values): Settings['accounting_accounts'] =>
  Object.fromEntries(accounts.flatMap((a) => {
    const { code, name } = v.accounting_accounts[a.key];
    return code.trim() || name.trim() ? [[a.key, { code: code.trim(), name: name.trim() }]] : [];
  }));

/** The API's bounds of price_signal_percent (tenancy settings schema): whole percent, 1 to 1000. */
const validatePriceSignal = (v: number | string) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1000 ? null : 'A whole percent from 1 to 1000');

/** PATCH /v1/settings (settings:write): release policy, unfillable orders, label buying by location keys, price signals, the chart of accounts. */
function SettingsForm({ settings, canWrite }: { settings: Settings; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(settings), validate: { price_signal_percent: validatePriceSignal } });
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      call(
        api.PATCH('/v1/settings', {
          body: {
            accept_unfillable_orders_on_hold: v.accept_unfillable_orders_on_hold,
            fulfillment_release: v.fulfillment_release,
            release_waves: v.release_waves,
            location_keys_may_buy_labels: v.location_keys_may_buy_labels,
            price_signal_percent: Number(v.price_signal_percent),
            accounting_accounts: accountsOf(v),
          },
        }),
      ),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['settings'], saved);
      form.setInitialValues(toValues(saved));
      form.resetDirty();
      notifications.show({ color: 'green', title: 'Saved', message: 'The settings are saved.' });
    },
    onError: (e) => showOnForm(form, e, (field) => field.replace(/^release_waves\[\d+\]$/, 'release_waves')),
  });
  return (
    <Card withBorder padding="md" data-testid="settings-form">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="md">
            <ProblemAlert error={mutation.error} form={form} testId="settings-problem" />
            <Title order={2} size="h4">
              Orders and fulfillment
            </Title>
            <Select
              label="Release fulfillment orders"
              data={[
                { value: 'immediate', label: 'Immediately, to their location' },
                { value: 'waves', label: 'In waves, at the times below' },
                { value: 'review', label: 'After review, one by one' },
              ]}
              allowDeselect={false}
              {...form.getInputProps('fulfillment_release')}
              data-testid="settings-release"
            />
            {form.getValues().fulfillment_release === 'waves' && (
              <TagsInput label="Wave times (HH:MM, UTC)" description="Enter after each" placeholder="09:00" {...form.getInputProps('release_waves')} data-testid="settings-waves" />
            )}
            <Switch label="Accept orders no location can fill, on hold" description="Off: such orders are refused at capture" {...form.getInputProps('accept_unfillable_orders_on_hold', { type: 'checkbox' })} data-testid="settings-unfillable" />
            <Switch label="Location keys may buy labels" description="A 3PL, drop-ship vendor or store may buy labels through your carriers; off: it reports its own tracking numbers" {...form.getInputProps('location_keys_may_buy_labels', { type: 'checkbox' })} data-testid="settings-location-labels" />
            <NumberInput
              label="Price signal threshold (%)"
              description="How far either way a line’s price may be from the catalogue price before capture records a price signal on the order (default 50); a signal never refuses an order"
              min={1}
              max={1000}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              styles={{ wrapper: { maxWidth: 200 } }}
              {...form.getInputProps('price_signal_percent')}
              data-testid="settings-price-signal"
            />
            <Title order={2} size="h4">
              Chart of accounts (accounting export)
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {accounts.map((a) => (
                <Group key={a.key} gap="xs" align="flex-start" wrap="nowrap">
                  <TextInput label={`${a.label}: code`} placeholder={a.fallback.split(' ')[0]} w={120} maxLength={30} {...form.getInputProps(`accounting_accounts.${a.key}.code`)} data-testid={`settings-account-${a.key}-code`} />
                  <TextInput label="name" placeholder={a.fallback.split(' ').slice(1).join(' ')} style={{ flex: 1 }} maxLength={100} {...form.getInputProps(`accounting_accounts.${a.key}.name`)} data-testid={`settings-account-${a.key}-name`} />
                </Group>
              ))}
            </SimpleGrid>
            {canWrite ? (
              <Group>
                <Button type="submit" loading={mutation.isPending} disabled={!form.isDirty()} data-testid="settings-save">
                  Save settings
                </Button>
              </Group>
            ) : (
              <Text size="sm" c="dark.3">
                Only an admin changes settings.
              </Text>
            )}
          </Stack>
        </fieldset>
      </form>
    </Card>
  );
}

/** The returns desk's settings live under Returns; an admin looking here is pointed there. */
function ReturnsSettingsLinks() {
  return (
    <Card withBorder padding="md" data-testid="settings-returns">
      <Title order={2} size="h4" mb="xs">
        Returns
      </Title>
      <Text size="sm" mb="xs">
        Return reasons and the return policy (window, fees, outcomes, return locations) are under Returns.
      </Text>
      <Group gap="md">
        <AnchorLink to="/returns/reasons" size="sm" data-testid="settings-return-reasons">
          Return reasons
        </AnchorLink>
        <AnchorLink to="/returns/policy" size="sm" data-testid="settings-return-policy">
          Return policy
        </AnchorLink>
      </Group>
    </Card>
  );
}

/** GET /v1/settings, the form to change them, the customer portal's, and the accounting export download. */
export function SettingsPage() {
  const allowed = useCan();
  const query = useQuery({ queryKey: ['settings'], queryFn: () => call(api.GET('/v1/settings')) });
  return (
    <>
      <PageHeader title="Settings" subtitle="How this tenant works: fulfillment release, unfillable orders, labels, accounting, the customer portal." />
      {query.error && <ErrorView error={query.error} reset={() => void query.refetch()} />}
      {!query.data && !query.error && (
        <Center py="xl">
          <Loader role="status" aria-label="Loading the settings" />
        </Center>
      )}
      {query.data && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="md">
              <SettingsForm settings={query.data} canWrite={allowed('settings:write')} />
              <PortalSettings settings={query.data} canWrite={allowed('settings:write')} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="md">
              <AccountingExport />
              <ReturnsSettingsLinks />
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
