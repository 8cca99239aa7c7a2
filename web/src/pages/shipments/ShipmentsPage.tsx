import { Anchor, Group, Select, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateOnly } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { LabelLinks } from '../fulfillment/FoParts';
import { safeUrl, shipmentStatuses, type Shipment } from './shipment-queries';
import type { ShipmentsSearch } from './shipments-search';

const route = getRouteApi('/app/shipments');

const columns: Column<Shipment>[] = [
  {
    header: 'Tracking',
    render: (s) => (
      <AnchorLink to="/shipments/$shipmentId" params={{ shipmentId: s.id }} ff="monospace" fw={600} data-testid="shipment-link">
        {s.tracking_number}
      </AnchorLink>
    ),
  },
  { header: 'Carrier', render: (s) => s.carrier, nowrap: true },
  { header: 'Service', render: (s) => s.service_name || s.service, hiddenBelow: 'lg' },
  { header: 'Status', render: (s) => <StatusBadge status={s.status} />, nowrap: true },
  { header: 'Shipped', render: (s) => <DateOnly value={s.ship_date} />, nowrap: true },
  { header: 'Reference', render: (s) => s.reference, hiddenBelow: 'lg' },
  { header: 'Cost', render: (s) => <Money amount={s.amount} currency={s.currency} />, align: 'right', nowrap: true },
  {
    header: 'Links',
    render: (s) => {
      const url = safeUrl(s.tracking_url);
      return (
        <Group gap="sm" wrap="nowrap">
          {url && (
            <Anchor href={url} target="_blank" rel="noopener noreferrer" size="sm" data-testid="tracking-link">
              Track
            </Anchor>
          )}
          {s.labels && <LabelLinks shipmentId={s.id} />}
        </Group>
      );
    },
  },
];

/** Shipments, oldest first; one found by its tracking number. */
export function ShipmentsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [tracking, setTracking] = useState(search.tracking_number ?? '');
  const filters: ShipmentsSearch = { tracking_number: search.tracking_number, status: search.status };
  const list = useCursorList(['shipments', filters], (cursor) =>
    call(
      api.GET('/v1/shipments', {
        params: { query: { ...(filters.tracking_number ? { tracking_number: filters.tracking_number } : {}), ...(filters.status ? { status: filters.status } : {}), limit: 50, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
  const set = (next: ShipmentsSearch) => void navigate({ search: { tracking_number: next.tracking_number || undefined, status: next.status || undefined }, replace: true });
  const filtered = Boolean(filters.tracking_number || filters.status);
  return (
    <>
      <PageHeader title="Shipments" subtitle="Labels bought, their tracking and documents." />
      <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
        <TextInput
          label="Tracking number"
          placeholder="Scan or type, then Enter"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={tracking}
          onChange={(e) => setTracking(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && set({ ...filters, tracking_number: tracking.trim() || undefined })}
          onBlur={() => set({ ...filters, tracking_number: tracking.trim() || undefined })}
          w={{ base: '100%', md: 320 }}
          data-testid="shipments-tracking"
        />
        <Select
          label="Status"
          placeholder="Any status"
          data={shipmentStatuses.map((s) => ({ value: s, label: statusLabel(s) }))}
          value={filters.status ?? null}
          onChange={(v) => set({ ...filters, status: (v as ShipmentsSearch['status']) ?? undefined })}
          clearable
          w={200}
          data-testid="shipments-status"
        />
      </Group>
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(s) => s.id}
        caption="Shipments"
        testId="shipments-table"
        empty={
          <EmptyState title={filtered ? 'No shipment matches' : 'No shipments yet'}>
            {filtered ? 'Check the tracking number, or clear the status.' : 'Shipments appear here when a label is bought at the pack station.'}
          </EmptyState>
        }
      />
    </>
  );
}
