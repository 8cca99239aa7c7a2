import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { FilterInput } from '../../ui/FilterInput';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { type CheckoutReservation } from '../inventory/inventory-api';
import { useAllowed } from '../../auth/use-can';
import { InventoryTabs } from '../inventory/InventoryTabs';
import { activeReservationFilters, reservationStatuses, type ReservationsSearch } from './reservations-search';

const route = getRouteApi('/app/reservations');

function Filters({ search, onChange }: { search: ReservationsSearch; onChange: (next: ReservationsSearch) => void }) {
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" mb="md">
      <Select
        label="Status"
        placeholder="Any"
        data={reservationStatuses.map((s) => ({ value: s, label: statusLabel(s) }))}
        value={search.status ?? null}
        onChange={(v) => onChange({ ...search, status: (v as ReservationsSearch['status']) ?? undefined })}
        clearable
        w={180}
        data-testid="holds-status"
      />
      <FilterInput label="Channel" w={200} value={search.channel} onCommit={(channel) => onChange({ ...search, channel })} data-testid="holds-channel" />
      <FilterInput label="SKU" w={180} value={search.sku} onCommit={(sku) => onChange({ ...search, sku })} data-testid="holds-sku" />
    </Group>
  );
}

/** DELETE /v1/reservations/{id}, after a confirmation: the units go back to available at once. */
function ReleaseDialog({ hold, onClose }: { hold: CheckoutReservation | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/v1/reservations/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Checkout hold released', message: `${hold?.quantity ?? ''} units of ${hold?.sku ?? ''} are available again.` });
      await queryClient.invalidateQueries({ queryKey: ['reservations'] });
      await queryClient.invalidateQueries({ queryKey: ['inventory'] });
      mutation.reset();
      onClose();
    },
  });
  return (
    <Modal opened={hold !== null} onClose={onClose} title="Release this checkout hold?" data-testid="hold-release-dialog">
      <Stack gap="sm">
        <ProblemAlert error={mutation.error} testId="hold-release-problem" />
        <Text size="sm">
          {hold?.quantity} units of {hold?.sku} go back to available stock now. An order that later names this hold is refused; the shopper’s checkout has to reserve again.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="hold-release-keep">
            Keep it
          </Button>
          <Button color="red" loading={mutation.isPending} onClick={() => hold && mutation.mutate(hold.id)} data-testid="hold-release-confirm">
            Release
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** GET /v1/reservations: stock set aside for checkouts, newest first; an active one can be released. */
export function ReservationsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const filters = activeReservationFilters(search);
  const canRelease = useAllowed('orders:write');
  const [releasing, setReleasing] = useState<CheckoutReservation | null>(null);
  const list = useCursorList(['reservations', filters], (cursor) => call(api.GET('/v1/reservations', { params: { query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } } })));
  const columns: Column<CheckoutReservation>[] = [
    { header: 'Hold', render: (h) => <Text span ff="monospace" size="sm">{h.id}</Text> },
    {
      header: 'SKU',
      render: (h) => (
        <AnchorLink to="/inventory/$sku" params={{ sku: h.sku }} ff="monospace" fw={600}>
          {h.sku}
        </AnchorLink>
      ),
    },
    { header: 'Units', render: (h) => h.quantity, align: 'right' },
    { header: 'Channel', render: (h) => h.channel ?? '—', hiddenBelow: 'md' },
    { header: 'Status', render: (h) => <StatusBadge status={h.status} />, nowrap: true },
    { header: 'Held at', render: (h) => (h.allocations.length ? h.allocations.map((a) => `${a.location} × ${a.quantity}`).join(', ') : '—'), hiddenBelow: 'lg' },
    { header: 'Expires', render: (h) => <DateTime value={h.expires_at} />, nowrap: true },
    {
      header: 'Order',
      render: (h) =>
        h.order_id ? (
          <AnchorLink to="/orders/$orderId" params={{ orderId: h.order_id }} size="sm">
            {h.order_id}
          </AnchorLink>
        ) : (
          '—'
        ),
      hiddenBelow: 'lg',
    },
    {
      header: 'Actions',
      render: (h) =>
        canRelease && h.status === 'active' ? (
          <Button size="compact-xs" variant="light" color="red" onClick={() => setReleasing(h)} data-testid="hold-release" aria-label={`Release hold ${h.id}`}>
            Release
          </Button>
        ) : null,
    },
  ];
  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <PageHeader title="Checkout holds" subtitle={<Text span size="sm">Stock a storefront set aside while a shopper checks out; it returns to available when released or expired.</Text>} />
      <InventoryTabs />
      <Filters search={filters} onChange={(next) => void navigate({ search: activeReservationFilters(next), replace: true })} />
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(h) => h.id}
        caption="Checkout holds"
        testId="holds-table"
        empty={
          <EmptyState title={filtered ? 'No checkout hold matches' : 'No checkout holds'}>
            {filtered ? 'Change or clear a filter.' : 'A storefront holds stock with POST /v1/reservations while a shopper checks out; the order then uses the hold.'}
          </EmptyState>
        }
      />
      <ReleaseDialog hold={releasing} onClose={() => setReleasing(null)} />
    </>
  );
}
