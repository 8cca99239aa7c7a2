import { Text } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import type { CustomerListItem } from '../../api/types';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { FilterInput } from '../../ui/FilterInput';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { activeCustomersSearch } from './customers-search';

const route = getRouteApi('/app/customers');

const columns: Column<CustomerListItem>[] = [
  {
    header: 'Customer',
    render: (c) => (
      <AnchorLink to="/customers/$customerId" params={{ customerId: c.id }} fw={600} data-testid="customer-link">
        {c.name ?? c.email ?? c.phone ?? (c.erased_at ? 'Erased customer' : c.id)}
      </AnchorLink>
    ),
  },
  { header: 'E-mail', render: (c) => c.email ?? '—', hiddenBelow: 'md' },
  { header: 'Phone', render: (c) => c.phone ?? '—', hiddenBelow: 'md', nowrap: true },
  { header: 'Orders', render: (c) => <span data-testid="customer-orders-count">{c.orders_count}</span>, align: 'right' },
  { header: 'Last order', render: (c) => (c.last_order_at ? <DateTime value={c.last_order_at} /> : '—'), hiddenBelow: 'md' },
  { header: 'Tags', render: (c) => c.tags.join(', '), hiddenBelow: 'lg' },
];

/** GET /v1/customers: every customer, newest first, searched by e-mail, name or phone. */
export function CustomersPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const filters = activeCustomersSearch(search);
  const list = useCursorList(['customers', 'list', filters], (cursor) => call(api.GET('/v1/customers', { params: { query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } } })));
  return (
    <>
      <PageHeader title="Customers" subtitle={<Text span size="sm">One customer per e-mail (or phone), across every channel: created with their first order.</Text>} />
      <FilterInput
        label="Search"
        placeholder="E-mail, name or phone"
        leftSection={<IconSearch size={16} />}
        value={filters.q}
        onCommit={(q) => void navigate({ search: activeCustomersSearch({ q }), replace: true })}
        w={360}
        mb="md"
        data-testid="customers-search"
      />
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(c) => c.id}
        caption="Customers"
        testId="customers-table"
        empty={<EmptyState title={filters.q ? 'No customer matches' : 'No customers yet'}>{filters.q ? 'Try the beginning of the e-mail, the name or the phone with its country code.' : 'A customer is created when their first order is captured.'}</EmptyState>}
      />
    </>
  );
}
