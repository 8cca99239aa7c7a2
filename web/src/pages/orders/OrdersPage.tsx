import { Button, Checkbox, Group, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { AnchorLink } from '../../ui/links';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { Order } from '../../api/types';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateOnly, DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { userTimeZone } from '../../ui/format';
import { Money } from '../../ui/Money';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { customerLabel, holdTypeLabel } from './order-labels';
import { activeFilters, holdTypes, orderSorts, orderStatuses, ordersQuery, type OrderSort, type OrdersSearch } from './orders-search';
import type { HoldType } from '../../../../src/modules/orders/domain/holds';

const route = getRouteApi('/app/orders');

const columns: Column<Order>[] = [
  {
    header: 'Order',
    render: (o) => (
      <Stack gap={0}>
        <AnchorLink to="/orders/$orderId" params={{ orderId: o.id }} fw={600} data-testid="order-link">
          {o.number}
        </AnchorLink>
        {o.channel_order_name && (
          <Text size="xs" data-testid="order-channel-name">
            {o.channel_order_name}
          </Text>
        )}
      </Stack>
    ),
  },
  { header: 'Date', render: (o) => <DateTime value={o.placed_at ?? o.created_at} /> },
  { header: 'Customer', render: (o) => customerLabel(o.customer) },
  { header: 'Channel', render: (o) => o.channel_name ?? o.channel, hiddenBelow: 'lg' },
  {
    header: 'Status',
    render: (o) => (
      <Group gap={4}>
        <StatusBadge status={o.status} />
        {o.late && <StatusBadge status="late" />}
        {o.held && <StatusBadge status="held" />}
      </Group>
    ),
    nowrap: true,
  },
  { header: 'Units', render: (o) => o.units.ordered, align: 'right' },
  { header: 'Total', render: (o) => <Money amount={o.totals.total} currency={o.currency} />, align: 'right', nowrap: true },
  { header: 'Ship by', render: (o) => <DateOnly value={o.ship_by} />, hiddenBelow: 'md' },
];

function Filters({ search, onChange }: { search: OrdersSearch; onChange: (next: OrdersSearch) => void }) {
  const [q, setQ] = useState(search.q ?? '');
  const pushQ = useDebouncedCallback((value: string) => onChange({ ...search, q: value.trim() || undefined }), 300);
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" mb="md">
      <TextInput
        label="Search"
        placeholder="Order number, #1042, e-mail, name, phone, tracking number, SKU"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          pushQ(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            pushQ.flush?.();
            onChange({ ...search, q: q.trim() || undefined });
          }
        }}
        w={{ base: '100%', md: 380 }}
        data-testid="orders-search"
      />
      <MultiSelect
        label="Status"
        placeholder={search.status?.length ? undefined : 'Any'}
        data={orderStatuses.map((s) => ({ value: s, label: statusLabel(s) }))}
        value={search.status ?? []}
        onChange={(v) => onChange({ ...search, status: v.length ? (v as OrdersSearch['status']) : undefined })}
        clearable
        w={240}
        data-testid="orders-status"
      />
      <TextInput
        label="Channel"
        placeholder="Code or name"
        defaultValue={search.channel ?? ''}
        onBlur={(e) => onChange({ ...search, channel: e.currentTarget.value.trim() || undefined })}
        onKeyDown={(e) => e.key === 'Enter' && onChange({ ...search, channel: e.currentTarget.value.trim() || undefined })}
        w={160}
        data-testid="orders-channel"
      />
      <TextInput
        label="Tag"
        defaultValue={search.tag ?? ''}
        onBlur={(e) => onChange({ ...search, tag: e.currentTarget.value.trim() || undefined })}
        onKeyDown={(e) => e.key === 'Enter' && onChange({ ...search, tag: e.currentTarget.value.trim() || undefined })}
        w={140}
        data-testid="orders-tag"
      />
      <Select
        label="Sort"
        data={orderSorts}
        value={search.sort ?? '-created_at'}
        onChange={(v) => onChange({ ...search, sort: v && v !== '-created_at' ? (v as OrderSort) : undefined })}
        allowDeselect={false}
        w={170}
        data-testid="orders-sort"
      />
      <Stack gap={6} pb={4}>
        <Checkbox label="Has backorders" checked={search.has_backorder ?? false} onChange={(e) => onChange({ ...search, has_backorder: e.currentTarget.checked || undefined })} data-testid="orders-has-backorder" />
        <Checkbox label="Late" checked={search.late ?? false} onChange={(e) => onChange({ ...search, late: e.currentTarget.checked || undefined })} data-testid="orders-late" />
        <Checkbox label="Held" checked={search.held ?? false} onChange={(e) => onChange({ ...search, held: e.currentTarget.checked || undefined })} data-testid="orders-held" />
      </Stack>
      <Select
        label="Hold type"
        placeholder="Any"
        data={holdTypes.map((h) => ({ value: h, label: holdTypeLabel(h) }))}
        value={search.hold_type ?? null}
        onChange={(v) => onChange({ ...search, hold_type: (v as HoldType | null) ?? undefined })}
        clearable
        w={170}
        data-testid="orders-hold-type"
      />
    </Group>
  );
}

/** GET /v1/orders with the filters of the URL; pages by cursor. */
export function OrdersPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const filters = activeFilters(search);
  const list = useCursorList(['orders', filters], (cursor) => call(api.GET('/v1/orders', { params: { query: ordersQuery(filters, cursor, userTimeZone()) } })));
  const filtered = Object.keys(filters).length > 0;
  // Clearing remounts the filter inputs (they keep what is being typed in their own state).
  const [generation, setGeneration] = useState(0);
  const clear = () => {
    setGeneration((g) => g + 1);
    void navigate({ search: {}, replace: true });
  };
  return (
    <>
      <PageHeader
        title="Orders"
        actions={
          filtered && (
            <Button variant="default" onClick={clear} data-testid="orders-clear">
              Clear filters
            </Button>
          )
        }
      />
      <Filters key={generation} search={filters} onChange={(next) => void navigate({ search: activeFilters(next), replace: true })} />
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(o) => o.id}
        caption="Orders"
        testId="orders-table"
        empty={
          <EmptyState title={filtered ? 'No order matches' : 'No orders yet'}>
            {filtered ? 'Change the search or clear a filter.' : 'Orders appear here as channels send them or the API captures them.'}
          </EmptyState>
        }
      />
    </>
  );
}
