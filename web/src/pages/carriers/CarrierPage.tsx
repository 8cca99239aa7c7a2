import { Alert, Button, Card, Checkbox, Code, Group, NumberInput, PasswordInput, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { showOnForm } from '../../ui/problem-form';
import type { Carrier } from '../setup/types';
import { useAllowed } from '../../auth/use-can';
import { carrierBody, carrierValues, newService, type CarrierValues } from './carrier-form';
import { CsvFile } from './CsvFile';

const route = getRouteApi('/app/carriers/$code');
type Form = UseFormReturnType<CarrierValues>;

function Services({ form }: { form: Form }) {
  const services = form.getValues().rate_card.services;
  return (
    <Stack gap="xs">
      {services.map((s, i) => (
        <Group key={s.key} gap="xs" align="flex-end" wrap="nowrap" data-testid="carrier-service">
          <TextInput label="Service code" required w={150} {...form.getInputProps(`rate_card.services.${i}.code`)} data-testid={`carrier-service-${i}-code`} />
          <TextInput label="Name" required style={{ flex: 1 }} {...form.getInputProps(`rate_card.services.${i}.name`)} data-testid={`carrier-service-${i}-name`} />
          <Select label="Level" w={130} allowDeselect={false} data={['standard', 'expedited', 'overnight']} {...form.getInputProps(`rate_card.services.${i}.service_level`)} data-testid={`carrier-service-${i}-level`} />
          <TextInput label="Tracking code" description="UPS 03, USPS 001" w={120} {...form.getInputProps(`rate_card.services.${i}.tracking_code`)} data-testid={`carrier-service-${i}-tracking-code`} />
          <Button variant="subtle" color="red" px={8} aria-label={`Remove service ${i + 1}`} disabled={services.length === 1} onClick={() => form.removeListItem('rate_card.services', i)} data-testid={`carrier-service-${i}-remove`}>
            <IconTrash size={16} aria-hidden />
          </Button>
        </Group>
      ))}
      <Button variant="subtle" size="xs" w="fit-content" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('rate_card.services', newService())} data-testid="carrier-add-service">
        Add a service
      </Button>
    </Stack>
  );
}

function StoredServices({ carrier }: { carrier: Carrier }) {
  return (
    <Text size="sm" data-testid="carrier-services">
      Services: {carrier.services.map((s) => `${s.name} (${s.code}, ${s.service_level})`).join(', ') || 'none'}
    </Text>
  );
}

function RateCardFields({ form, carrier }: { form: Form; carrier?: Carrier }) {
  const input = (p: string) => form.getInputProps(`rate_card.${p}`);
  const values = form.getValues();
  const format = values.tracking.format;
  const stored = carrier?.kind === 'rate_card';
  return (
    <>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Rate card
        </Title>
        {stored && (
          <Stack gap="xs" mb="sm">
            <StoredServices carrier={carrier} />
            <Checkbox label="Replace the rate card (upload its files again; the stored prices are never shown back)" {...form.getInputProps('replace_card', { type: 'checkbox' })} data-testid="carrier-replace-card" />
          </Stack>
        )}
        {values.replace_card && (
          <>
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <TextInput label="Currency" maxLength={3} {...input('currency')} data-testid="carrier-currency" />
              <Select label="Weight unit of the rates" allowDeselect={false} data={['lb', 'oz', 'kg']} {...input('weight_unit')} data-testid="carrier-weight-unit" />
              <NumberInput label="Dimensional divisor" description="139 UPS/FedEx, 166 USPS, 5000 metric" {...input('dim_divisor')} data-testid="carrier-dim-divisor" />
              <NumberInput label="Dimensional weight above (volume)" description="USPS: 1728 in³; blank: always" {...input('dim_min_volume')} data-testid="carrier-dim-min" />
              <TextInput label="Fuel surcharge (%)" {...input('fuel_surcharge_percent')} data-testid="carrier-fuel" />
              <TextInput label="Residential surcharge" description="Per parcel, in the currency" {...input('residential_surcharge')} data-testid="carrier-residential" />
              <Select
                label="Customs papers abroad"
                allowDeselect={false}
                data={[
                  { value: 'default', label: 'By tracking format (USPS: postal)' },
                  { value: 'postal', label: 'Postal: CN 22 / CN 23' },
                  { value: 'courier', label: 'Courier: commercial invoice' },
                ]}
                {...input('postal')}
                data-testid="carrier-postal"
              />
            </SimpleGrid>
            <Title order={3} size="h5" mt="md" mb="xs">
              Services
            </Title>
            <Services form={form} />
            <Title order={3} size="h5" mt="md" mb="xs">
              Files
            </Title>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <CsvFile form={form} path="rate_card.rates_csv" label="Rates" description="service,zone,max_weight,price" testId="carrier-rates-csv" />
              <CsvFile form={form} path="rate_card.zones_csv" label="Zones" description="origin_zip3_from,origin_zip3_to,dest_zip3_from,dest_zip3_to,zone" testId="carrier-zones-csv" />
              <CsvFile form={form} path="rate_card.transit_csv" label="Transit days" description="service,zone,days" testId="carrier-transit-csv" />
              <CsvFile form={form} path="rate_card.country_zones_csv" label="Countries abroad (optional)" description="country,zone" testId="carrier-country-zones-csv" />
            </SimpleGrid>
          </>
        )}
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Tracking numbers
        </Title>
        {carrier?.tracking && (
          <Stack gap="xs" mb="sm">
            <Text size="sm" data-testid="carrier-tracking-left">
              {carrier.tracking.format.toUpperCase()} numbers: {carrier.tracking.remaining?.toLocaleString() ?? '—'} left; the next is {carrier.tracking.next_serial ?? '—'}.
            </Text>
            <Checkbox label="Give a new range or account" {...form.getInputProps('replace_tracking', { type: 'checkbox' })} data-testid="carrier-replace-tracking" />
          </Stack>
        )}
        {values.replace_tracking && (
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <Select label="Format" allowDeselect={false} data={[{ value: 'ups', label: 'UPS (1Z…)' }, { value: 'fedex', label: 'FedEx' }, { value: 'usps', label: 'USPS (IMpb)' }]} {...form.getInputProps('tracking.format')} data-testid="carrier-tracking-format" />
            {format === 'ups' && <TextInput label="UPS shipper number" description="6 letters or digits" {...form.getInputProps('tracking.shipper_number')} data-testid="carrier-shipper-number" />}
            {format === 'usps' && <TextInput label="USPS Mailer ID" description="6 or 9 digits" {...form.getInputProps('tracking.mailer_id')} data-testid="carrier-mailer-id" />}
            <NumberInput label="Range start" allowDecimal={false} {...form.getInputProps('tracking.range_start')} data-testid="carrier-range-start" />
            <NumberInput label="Range end" allowDecimal={false} {...form.getInputProps('tracking.range_end')} data-testid="carrier-range-end" />
          </SimpleGrid>
        )}
      </Card>
    </>
  );
}

/** An aggregator's connection: its secrets are typed once, sealed by the server and never shown again. */
function AggregatorFields({ form, carrier }: { form: Form; carrier?: Carrier }) {
  const stored = carrier?.easypost;
  const input = (p: string) => form.getInputProps(`easypost.${p}`);
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        EasyPost-format aggregator
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <TextInput label="Base URL" placeholder="https://api.easypost.com/v2" {...input('base_url')} data-testid="carrier-base-url" />
        <span />
        <PasswordInput
          label="API key"
          description={stored?.has_api_key ? 'A key is stored (never shown). Leave blank to keep it.' : 'Sealed when saved, never shown again'}
          autoComplete="new-password"
          {...input('api_key')}
          data-testid="carrier-api-key"
        />
        <TextInput label="…or the installation variable holding it" placeholder="EASYPOST_API_KEY" {...input('api_key_env')} data-testid="carrier-api-key-env" />
        <PasswordInput
          label="Webhook secret"
          description={stored?.has_webhook_secret ? 'A secret is stored (never shown). Leave blank to keep it.' : 'The secret the aggregator signs tracking webhooks with'}
          autoComplete="new-password"
          {...input('webhook_secret')}
          data-testid="carrier-webhook-secret"
        />
        <TextInput label="…or the installation variable holding it" {...input('webhook_secret_env')} data-testid="carrier-webhook-secret-env" />
      </SimpleGrid>
      {carrier?.webhook_url && (
        <Text size="sm" mt="sm">
          Tracking webhook address for the aggregator: <Code data-testid="carrier-webhook-url">{`${window.location.origin}${carrier.webhook_url}`}</Code>
        </Text>
      )}
    </Card>
  );
}

function CarrierForm({ carrier }: { carrier?: Carrier }) {
  const canWrite = useAllowed('carriers:write');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<CarrierValues>({
    mode: 'controlled',
    initialValues: carrierValues(carrier),
    validate: { code: (v) => (v.trim() ? null : 'Give the carrier a code, e.g. ups') },
  });
  const values = form.getValues();
  const mutation = useMutation({
    mutationFn: (v: CarrierValues) => call(api.PUT('/v1/carriers/{code}', { params: { path: { code: v.code.trim() } }, body: carrierBody(v) })),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['carrier', saved.code], saved);
      await queryClient.invalidateQueries({ queryKey: ['carriers'] });
      notifications.show({ color: 'green', title: carrier ? 'Carrier saved' : 'Carrier added', message: saved.name });
      if (!carrier) await navigate({ to: '/carriers/$code', params: { code: saved.code } });
    },
    onError: (e) => showOnForm(form, e),
  });
  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate data-testid="carrier-form">
      <Stack gap="md">
        <ProblemAlert error={mutation.error} form={form} testId="carrier-problem" />
        {carrier?.sample && (
          <Alert color="orange" variant="light" title="A sample carrier">
            Its prices are illustrative, not the carrier's tariff. Upload your own rate card before shipping for real.
          </Alert>
        )}
        <Card withBorder>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <TextInput label="Code" required disabled={Boolean(carrier)} {...form.getInputProps('code')} data-testid="carrier-code" />
            <TextInput label="Name" required {...form.getInputProps('name')} data-testid="carrier-name" />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Kind
              </Text>
              <SegmentedControl
                data={[
                  { value: 'rate_card', label: 'Rate card' },
                  { value: 'easypost', label: 'Aggregator' },
                ]}
                {...form.getInputProps('kind')}
                data-testid="carrier-kind"
              />
            </Stack>
          </SimpleGrid>
          <Checkbox mt="sm" label="Active: quoted and used for labels" {...form.getInputProps('active', { type: 'checkbox' })} data-testid="carrier-active" />
        </Card>
        {values.kind === 'rate_card' ? <RateCardFields form={form} carrier={carrier} /> : <AggregatorFields form={form} carrier={carrier} />}
        {canWrite && (
          <Group justify="flex-end">
            <Button type="submit" loading={mutation.isPending} data-testid="carrier-save">
              {carrier ? 'Save carrier' : 'Add carrier'}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

const back = (
  <AnchorLink to="/carriers" data-testid="carriers-back">
    All carriers
  </AnchorLink>
);

/** /carriers/new: a rate card (three CSVs and a tracking range) or an aggregator connection. */
export function NewCarrierPage() {
  return (
    <>
      <PageHeader title="New carrier" actions={back} />
      <CarrierForm />
    </>
  );
}

/** /carriers/{code}: a carrier's settings (PUT /v1/carriers/{code}); secrets are never shown. */
export function CarrierPage() {
  const { code } = route.useParams();
  const query = useQuery({ queryKey: ['carrier', code], queryFn: () => call(api.GET('/v1/carriers/{code}', { params: { path: { code } } })) });
  if (query.error) return <ErrorView error={query.error} />;
  return (
    <>
      <PageHeader title={query.data?.name ?? code} subtitle={code} actions={back} />
      {query.data && <CarrierForm key={query.data.updated_at} carrier={query.data} />}
    </>
  );
}
