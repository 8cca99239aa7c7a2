import { Badge, Group, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { api, call } from '../../api/client';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import type { Location } from '../setup/types';
import { useAllowed } from '../../auth/use-can';

const typeLabels: Record<Location['type'], string> = { warehouse: 'Warehouse', store: 'Store', dropship: 'Drop-ship vendor', '3pl': '3PL' };
export const locationTypeOptions = Object.entries(typeLabels).map(([value, label]) => ({ value, label }));

const place = (l: Location): string => (l.address ? [l.address.city, l.address.region, l.address.country].filter(Boolean).join(', ') : '');

const columns: Column<Location>[] = [
  {
    header: 'Location',
    render: (l) => (
      <Stack gap={0}>
        <AnchorLink to="/locations/$code" params={{ code: l.code }} fw={600} ff="monospace" data-testid="location-link">
          {l.code}
        </AnchorLink>
        <Text size="xs">{l.name}</Text>
      </Stack>
    ),
  },
  { header: 'Type', render: (l) => typeLabels[l.type], nowrap: true },
  {
    header: 'Address',
    render: (l) =>
      l.address ? (
        place(l)
      ) : (
        <Badge color="orange" variant="light" data-testid="location-no-address">
          No address
        </Badge>
      ),
  },
  { header: 'Priority', render: (l) => l.priority, align: 'right' },
  { header: 'Capacity / day', render: (l) => l.daily_capacity ?? 'No limit', align: 'right', hiddenBelow: 'lg' },
  { header: 'Cut-off', render: (l) => `${l.cutoff_time}${l.time_zone ? ` ${l.time_zone}` : ''}`, hiddenBelow: 'lg' },
  { header: 'Groups', render: (l) => l.groups.join(', '), hiddenBelow: 'lg' },
  {
    header: 'Status',
    render: (l) => (
      <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }} miw="max-content">
        <Badge color={l.active ? 'green' : 'gray'} variant="light">
          {l.active ? 'Active' : 'Inactive'}
        </Badge>
        {!l.ships_to_customers && (
          <Badge color="gray" variant="light">
            No customer orders
          </Badge>
        )}
      </Group>
    ),
    nowrap: true,
  },
];

/** GET /v1/locations: where stock is kept and orders ship from, with their routing attributes. */
export function LocationsPage() {
  const canWrite = useAllowed('locations:write');
  const list = useCursorList(['locations'], (cursor) => call(api.GET('/v1/locations', { params: { query: { cursor, limit: 50 } } })));
  const add = canWrite ? (
    <ButtonLink to="/locations/new" leftSection={<IconPlus size={16} aria-hidden />} data-testid="location-new">
      New location
    </ButtonLink>
  ) : undefined;
  return (
    <>
      <PageHeader title="Locations" subtitle="Warehouses, stores and vendors that hold stock and ship orders" actions={add} />
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(l) => l.code}
        caption="Locations"
        testId="locations-table"
        empty={
          <EmptyState title="No locations yet" action={add}>
            A location with an address is where orders ship from: add your warehouse or store.
          </EmptyState>
        }
      />
    </>
  );
}
