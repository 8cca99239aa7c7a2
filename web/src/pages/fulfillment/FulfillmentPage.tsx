import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconListCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { can } from '../../auth/permissions';
import { sessionQuery } from '../../auth/session';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateOnly, DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { foReference } from './fo-labels';
import { fulfillmentQueries, fulfillmentStatuses, unitsOfFo, type FulfillmentOrder } from './fulfillment-queries';
import type { FulfillmentSearch } from './fulfillment-search';

const route = getRouteApi('/app/fulfillment');
const packable = new Set(['released', 'accepted', 'picking', 'packed']);

const columns = (canPack: boolean): Column<FulfillmentOrder>[] => [
  {
    header: 'Order',
    render: (fo) => (
      <Stack gap={0}>
        <AnchorLink to="/fulfillment/$foId" params={{ foId: fo.id }} fw={600} data-testid="fo-link">
          {foReference(fo)}
        </AnchorLink>
        {fo.channel_order_name && <Text size="xs">{fo.channel_order_name}</Text>}
      </Stack>
    ),
  },
  { header: 'Location', render: (fo) => fo.location, nowrap: true },
  { header: 'Status', render: (fo) => <StatusBadge status={fo.status} />, nowrap: true },
  { header: 'Units', render: (fo) => unitsOfFo(fo), align: 'right' },
  { header: 'SKUs', render: (fo) => fo.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', '), hiddenBelow: 'lg' },
  { header: 'Ship by', render: (fo) => <DateOnly value={fo.promise?.ship_by} />, nowrap: true },
  { header: 'Released', render: (fo) => <DateTime value={fo.released_at} />, hiddenBelow: 'lg' },
  {
    header: 'Actions',
    render: (fo) =>
      canPack && packable.has(fo.status) ? (
        <ButtonLink to="/pack/$foId" params={{ foId: fo.id }} size="compact-sm" variant="light" data-testid="fo-pack">
          Pack
        </ButtonLink>
      ) : null,
  },
];

/** The location's fulfillment orders, oldest first (the API's order: the first released ships first). */
export function FulfillmentPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: session } = useSuspenseQuery(sessionQuery);
  const role = session?.user.role ?? 'viewer';
  // A location-bound person sees only their location: the API narrows it, so no picker.
  const bound = Boolean(session?.user.location_id);
  const locations = useQuery({ ...fulfillmentQueries.locations(), enabled: !bound && can(role, 'read') });
  const filters: FulfillmentSearch = { location: search.location, status: search.status };
  const list = useCursorList(['fulfillment', 'queue', filters], (cursor) =>
    call(api.GET('/v1/fulfillment-orders', { params: { query: { ...(filters.location ? { location: filters.location } : {}), ...(filters.status ? { status: filters.status } : {}), limit: 50, ...(cursor ? { cursor } : {}) } } })),
  );
  const set = (next: FulfillmentSearch) => void navigate({ search: { location: next.location || undefined, status: next.status || undefined }, replace: true });
  const pickList = useMutation({
    mutationFn: (location: string) => call(api.POST('/v1/pick-lists', { body: { location } })),
    onSuccess: (list) => {
      notifications.show({ color: 'green', title: 'Pick list created', message: `${list.fulfillment_order_ids.length} fulfillment orders, ${list.stops.length} stops.` });
      void navigate({ to: '/pick-lists/$pickListId', params: { pickListId: list.id } });
    },
  });
  const canPick = can(role, 'fulfillment:write') && Boolean(filters.location);
  return (
    <>
      <PageHeader
        title="Fulfillment"
        subtitle="Fulfillment orders to accept, pick, pack and ship, oldest first."
        actions={
          can(role, 'fulfillment:write') && (
            <Button leftSection={<IconListCheck size={16} aria-hidden />} disabled={!canPick} loading={pickList.isPending} onClick={() => filters.location && pickList.mutate(filters.location)} data-testid="queue-create-pick-list" title={canPick ? undefined : 'Choose a location first'}>
              Create pick list
            </Button>
          )
        }
      />
      <ProblemAlert error={pickList.error} testId="pick-list-problem" />
      <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
        {!bound && (
          <Select
            label="Location"
            placeholder="All locations"
            data={(locations.data?.data ?? []).map((l) => ({ value: l.code, label: `${l.code} · ${l.name}` }))}
            value={filters.location ?? null}
            onChange={(v) => set({ ...filters, location: v ?? undefined })}
            clearable
            searchable
            w={260}
            data-testid="queue-location"
          />
        )}
        <Select
          label="Status"
          placeholder="Any status"
          data={fulfillmentStatuses.map((s) => ({ value: s, label: statusLabel(s) }))}
          value={filters.status ?? null}
          onChange={(v) => set({ ...filters, status: (v as FulfillmentSearch['status']) ?? undefined })}
          clearable
          w={200}
          data-testid="queue-status"
        />
      </Group>
      <CursorTable
        list={list}
        columns={columns(can(role, 'fulfillment:pack'))}
        rowKey={(fo) => fo.id}
        caption="Fulfillment orders"
        testId="queue-table"
        empty={
          <EmptyState title={filters.location || filters.status ? 'Nothing matches' : 'Nothing to fulfill'}>
            {filters.location || filters.status ? 'Change the location or the status.' : 'Fulfillment orders appear here when orders are released to a location.'}
          </EmptyState>
        }
      />
    </>
  );
}
