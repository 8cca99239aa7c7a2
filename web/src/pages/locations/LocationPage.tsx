import { Button, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, TagsInput, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { ErrorView } from '../../ui/ErrorView';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { showOnForm } from '../../ui/problem-form';
import { AnchorLink } from '../../ui/links';
import type { Location } from '../setup/types';
import { useAllowed } from '../../auth/use-can';
import { locationCreate, locationPatch, locationValues, timeZones, type LocationValues } from './location-form';
import { locationTypeOptions } from './LocationsPage';

const route = getRouteApi('/app/locations/$code');

function LocationForm({ location }: { location?: Location }) {
  const canWrite = useAllowed('locations:write');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<LocationValues>({ mode: 'controlled', initialValues: locationValues(location) });
  const mutation = useMutation({
    mutationFn: (v: LocationValues) =>
      location
        ? call(api.PATCH('/v1/locations/{id}', { params: { path: { id: location.code } }, body: locationPatch(v) }))
        : call(api.POST('/v1/locations', { body: locationCreate(v) })),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['locations'] });
      queryClient.setQueryData(['location', saved.code], saved);
      notifications.show({ color: 'green', title: location ? 'Location saved' : 'Location created', message: `${saved.code} · ${saved.name}` });
      form.resetDirty(locationValues(saved));
      if (!location) await navigate({ to: '/locations/$code', params: { code: saved.code } });
    },
    onError: (e) => showOnForm(form, e),
  });
  const input = (path: string) => form.getInputProps(path);
  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate data-testid="location-form">
      <Stack gap="md">
        <ProblemAlert error={mutation.error} form={form} testId="location-problem" />
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Location
          </Title>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <TextInput label="Code" description="Permanent: orders and stock refer to it" required disabled={Boolean(location)} {...input('code')} data-testid="location-code" />
            <TextInput label="Name" required {...input('name')} data-testid="location-name" />
            <Select label="Type" data={locationTypeOptions} allowDeselect={false} {...input('type')} data-testid="location-type" />
          </SimpleGrid>
          <Group mt="sm">
            <Checkbox label="Active" {...form.getInputProps('active', { type: 'checkbox' })} data-testid="location-active" />
            <Checkbox label="Ships to customers" {...form.getInputProps('ships_to_customers', { type: 'checkbox' })} data-testid="location-ships" />
          </Group>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Address
          </Title>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <TextInput label="Address line 1" {...input('address.line1')} data-testid="location-address-line1" />
            <TextInput label="Address line 2" {...input('address.line2')} data-testid="location-address-line2" />
            <TextInput label="City" {...input('address.city')} data-testid="location-address-city" />
            <TextInput label="Region / state" {...input('address.region')} data-testid="location-address-region" />
            <TextInput label="Postal code" {...input('address.postal_code')} data-testid="location-address-postal-code" />
            <TextInput label="Country" description="ISO code, e.g. US" maxLength={2} {...input('address.country')} data-testid="location-address-country" />
            <TextInput label="Contact name" {...input('address.name')} data-testid="location-address-name" />
            <TextInput label="Company" {...input('address.company')} data-testid="location-address-company" />
            <TextInput label="Phone" {...input('address.phone')} data-testid="location-address-phone" />
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Routing
          </Title>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <NumberInput label="Priority" description="Lower wins: 1 before 2" allowDecimal={false} {...input('priority')} data-testid="location-priority" />
            <NumberInput label="Daily capacity" description="Most fulfillment orders a day; blank: no limit" allowDecimal={false} {...input('daily_capacity')} data-testid="location-capacity" />
            <NumberInput label="Safety stock" description="Units of every SKU held back from online orders" allowDecimal={false} {...input('safety_stock')} data-testid="location-safety-stock" />
            <TagsInput label="Groups" description="Routing rules can filter by group, e.g. east" {...input('groups')} data-testid="location-groups" />
            <TagsInput label="Serves countries" description="Destination countries; none: anywhere" {...input('serves_countries')} data-testid="location-serves-countries" />
            <TagsInput label="Channels" description="Channels that may sell its stock; none: all" {...input('channels')} data-testid="location-channels" />
            <NumberInput label="Latitude" description="Blank: from the postal code" decimalScale={6} {...input('latitude')} data-testid="location-latitude" />
            <NumberInput label="Longitude" decimalScale={6} {...input('longitude')} data-testid="location-longitude" />
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Shipping day
          </Title>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <Select label="Time zone" description="Blank: the zone at the location" data={timeZones} searchable clearable {...input('time_zone')} data-testid="location-time-zone" />
            <TextInput label="Cut-off time" description="Orders at or after it ship the next business day" type="time" {...input('cutoff_time')} data-testid="location-cutoff" />
            <NumberInput label="Processing days" description="Business days of handling before the ship day" allowDecimal={false} {...input('processing_days')} data-testid="location-processing-days" />
          </SimpleGrid>
        </Card>
        {canWrite && (
          <Group justify="flex-end">
            <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()} data-testid="location-reset">
              Discard changes
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="location-save">
              {location ? 'Save location' : 'Create location'}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

const back = (
  <AnchorLink to="/locations" data-testid="locations-back">
    All locations
  </AnchorLink>
);

/** /locations/new: a new location. */
export function NewLocationPage() {
  return (
    <>
      <PageHeader title="New location" actions={back} />
      <LocationForm />
    </>
  );
}

/** /locations/{code}: a location's address and routing attributes (PATCH /v1/locations/{code}). */
export function LocationPage() {
  const { code } = route.useParams();
  const query = useQuery({ queryKey: ['location', code], queryFn: () => call(api.GET('/v1/locations/{id}', { params: { path: { id: code } } })) });
  if (query.error) return <ErrorView error={query.error} />;
  if (!query.data) return <PageHeader title={code} />;
  return (
    <>
      <PageHeader title={`${query.data.name}`} subtitle={query.data.code} actions={back} />
      <LocationForm key={query.data.updated_at} location={query.data} />
    </>
  );
}
