import { Group, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { inventoryQueries, locationOptions } from '../inventory/inventory-api';
import { reasonLabel, returnQueries, returnStatuses, unitsOfReturn, type ReturnListItem } from './return-api';
import { ReturnsTabs } from './ReturnsTabs';
import { activeReturnsFilters, type ReturnsSearch } from './returns-search';

const route = getRouteApi('/app/returns');

/** Whole days since the request ("today", "3 d"): what a returns desk sorts its work by. */
export function ageOf(createdAt: string, now = Date.now()): string {
  const days = Math.floor((now - Date.parse(createdAt)) / 86_400_000);
  return days < 1 ? 'today' : `${days} d`;
}

/** The order's number, customer and channel: given by GET /v1/returns for the whole page (no read per row). */
function OrderCell({ r }: { r: ReturnListItem }) {
  const o = r.order;
  const customer = o ? (o.customer_name ?? o.customer_email ?? '—') : null;
  return (
    <Stack gap={0}>
      <AnchorLink to="/orders/$orderId" params={{ orderId: r.order_id }} size="sm" data-testid="return-order-link">
        {o ? o.number : r.order_id.slice(-8)}
      </AnchorLink>
      {o && (
        <Text size="xs" data-testid="return-customer" title={o.customer_email ?? undefined}>
          {customer} · {o.channel_name ?? o.channel}
        </Text>
      )}
    </Stack>
  );
}

function Reasons({ r }: { r: ReturnListItem }) {
  const reasons = useQuery(returnQueries.reasons());
  return <>{[...new Set(r.lines.map((l) => reasonLabel(reasons.data?.reasons, l.reason)))].join(', ')}</>;
}

const columns: Column<ReturnListItem>[] = [
  {
    header: 'Return',
    render: (r) => (
      <AnchorLink to="/returns/$returnId" params={{ returnId: r.id }} fw={600} data-testid="return-link">
        {r.id.slice(-8).toUpperCase()}
      </AnchorLink>
    ),
    nowrap: true,
  },
  { header: 'Order', render: (r) => <OrderCell r={r} /> },
  { header: 'Units', render: (r) => <span data-testid="return-units">{unitsOfReturn(r)}</span>, align: 'right' },
  { header: 'Reasons', render: (r) => <Reasons r={r} />, hiddenBelow: 'md' },
  { header: 'Status', render: (r) => <StatusBadge status={r.status} />, nowrap: true },
  { header: 'Age', render: (r) => <span title={r.created_at} data-testid="return-age">{ageOf(r.created_at)}</span>, nowrap: true },
  { header: 'Requested', render: (r) => <DateTime value={r.created_at} />, hiddenBelow: 'lg' },
];

function Filters({ search, onChange }: { search: ReturnsSearch; onChange: (next: ReturnsSearch) => void }) {
  const locations = useQuery(inventoryQueries.locations());
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" mb="md">
      <Select
        label="Status"
        placeholder="Any"
        data={returnStatuses.map((s) => ({ value: s, label: statusLabel(s) }))}
        value={search.status ?? null}
        onChange={(v) => onChange({ ...search, status: (v as ReturnsSearch['status']) ?? undefined })}
        clearable
        w={200}
        data-testid="returns-status"
      />
      <Select
        label="Receiving location"
        placeholder="All locations"
        data={locationOptions(locations.data?.data ?? [])}
        value={search.location ?? null}
        onChange={(v) => onChange({ ...search, location: v ?? undefined })}
        clearable
        searchable
        w={260}
        data-testid="returns-location"
      />
    </Group>
  );
}

/** GET /v1/returns: the returns desk's queue, newest first, with the filters of the URL. */
export function ReturnsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const filters = activeReturnsFilters(search);
  const list = useCursorList(['returns', 'list', filters], (cursor) => call(api.GET('/v1/returns', { params: { query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } } })));
  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <PageHeader title="Returns" subtitle={<Text span size="sm">Returns (RMAs) requested from shipped orders: approve, receive and inspect, refund.</Text>} />
      <ReturnsTabs />
      <Filters search={filters} onChange={(next) => void navigate({ search: activeReturnsFilters(next), replace: true })} />
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(r) => r.id}
        caption="Returns"
        testId="returns-table"
        empty={
          <EmptyState title={filtered ? 'No return matches' : 'No returns yet'}>
            {filtered ? 'Change or clear a filter.' : 'A return is created from a shipped order’s page (Create return).'}
          </EmptyState>
        }
      />
    </>
  );
}
