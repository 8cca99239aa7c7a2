import { Button, Card, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { IconDownload, IconPrinter } from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { can } from '../../auth/permissions';
import { sessionQuery } from '../../auth/session';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { TableScroll } from '../../ui/TableScroll';
import { fulfillmentQueries } from '../fulfillment/fulfillment-queries';
import type { ManifestsSearch } from './manifests-search';
import { today } from './shipment-queries';

const route = getRouteApi('/app/manifests');

/** The end-of-day manifest of a carrier at a location: what the driver signs for, as PDF or CSV. */
export function ManifestsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: session } = useSuspenseQuery(sessionQuery);
  const role = session?.user.role ?? 'viewer';
  const readsConfig = can(role, 'read');
  const carriers = useQuery({ queryKey: ['carriers'], queryFn: () => call(api.GET('/v1/carriers')), enabled: readsConfig, staleTime: 60_000 });
  const locations = useQuery({ ...fulfillmentQueries.locations(), enabled: readsConfig });
  // A location-bound person's manifest is their location's: the API narrows it.
  const location = search.location ?? session?.user.location_id ?? undefined;
  const query: ManifestsSearch = { carrier: search.carrier, location, date: search.date ?? today() };
  const ready = Boolean(query.carrier && query.location && query.date);
  const manifest = useQuery({
    queryKey: ['manifest', query],
    enabled: ready,
    queryFn: () => call(api.GET('/v1/manifests', { params: { query: { carrier: query.carrier!, location: query.location!, date: query.date! } } })),
  });
  const set = (next: ManifestsSearch) => void navigate({ search: { carrier: next.carrier || undefined, location: next.location || undefined, date: next.date || undefined }, replace: true });
  const qs = ready ? new URLSearchParams({ carrier: query.carrier!, location: query.location!, date: query.date! }).toString() : '';
  return (
    <>
      <PageHeader
        title="Manifests"
        subtitle="A carrier’s shipments from a location on a pickup day."
        actions={
          ready && (
            <>
              <Button component="a" href={`/v1/manifests.pdf?${qs}`} target="_blank" rel="noopener" leftSection={<IconPrinter size={16} aria-hidden />} data-testid="manifest-pdf">
                Print PDF
              </Button>
              <Button component="a" href={`/v1/manifests.csv?${qs}`} download={`manifest-${query.carrier}-${query.date}.csv`} variant="light" leftSection={<IconDownload size={16} aria-hidden />} data-testid="manifest-csv">
                CSV
              </Button>
            </>
          )
        }
      />
      <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
        {readsConfig ? (
          <Select label="Carrier" placeholder="Choose" data={(carriers.data?.data ?? []).map((c) => ({ value: c.code, label: `${c.code} · ${c.name}` }))} value={query.carrier ?? null} onChange={(v) => set({ ...query, carrier: v ?? undefined })} searchable w={240} data-testid="manifest-carrier" />
        ) : (
          <TextInput label="Carrier code" defaultValue={query.carrier ?? ''} onBlur={(e) => set({ ...query, carrier: e.currentTarget.value.trim() || undefined })} w={200} data-testid="manifest-carrier" />
        )}
        {readsConfig && !session?.user.location_id && (
          <Select label="Location" placeholder="Choose" data={(locations.data?.data ?? []).map((l) => ({ value: l.code, label: `${l.code} · ${l.name}` }))} value={query.location ?? null} onChange={(v) => set({ ...query, location: v ?? undefined })} searchable w={240} data-testid="manifest-location" />
        )}
        <TextInput label="Pickup day" type="date" value={query.date ?? ''} onChange={(e) => set({ ...query, date: e.currentTarget.value || undefined })} w={180} data-testid="manifest-date" />
      </Group>
      <ProblemAlert error={manifest.error} testId="manifest-problem" />
      {!ready && <EmptyState title="Choose a carrier and a location">The manifest lists that carrier’s shipments from the location on the day.</EmptyState>}
      {manifest.data && manifest.data.shipments.length === 0 && <EmptyState title="No shipments that day">Nothing was shipped with this carrier from this location on this day.</EmptyState>}
      {manifest.data && manifest.data.shipments.length > 0 && (
        <Card withBorder padding="md">
          <Text size="sm" mb="sm" data-testid="manifest-totals">
            {manifest.data.totals.shipments} shipments · {manifest.data.totals.packages} packages · {(manifest.data.totals.weight_grams / 1000).toFixed(2)} kg
          </Text>
          <TableScroll label="Manifest" minWidth={640}>
            <Table striped verticalSpacing="xs" data-testid="manifest-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Tracking</Table.Th>
                  <Table.Th scope="col">Reference</Table.Th>
                  <Table.Th scope="col">Service</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Packages
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Weight (g)
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Cost
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {manifest.data.shipments.map((r) => (
                  <Table.Tr key={r.shipment_id} data-testid="manifest-row" data-id={r.shipment_id}>
                    <Table.Td ff="monospace">
                      <AnchorLink to="/shipments/$shipmentId" params={{ shipmentId: r.shipment_id }}>
                        {r.tracking_number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{r.reference}</Table.Td>
                    <Table.Td>{r.service}</Table.Td>
                    <Table.Td ta="right">{r.packages}</Table.Td>
                    <Table.Td ta="right">{r.weight_grams}</Table.Td>
                    <Table.Td ta="right">
                      <Money amount={r.amount} currency={r.currency} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </Card>
      )}
    </>
  );
}
