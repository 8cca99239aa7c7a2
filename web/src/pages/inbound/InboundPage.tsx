import { Button, Group, Select, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateOnly, DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { FilterInput } from '../../ui/FilterInput';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { inventoryQueries, locationOptions, type Inbound } from '../inventory/inventory-api';
import { useAllowed } from '../../auth/use-can';
import { InventoryTabs } from '../inventory/InventoryTabs';
import { CreateInboundDialog } from './CreateInboundDialog';
import { activeInboundFilters, inboundStatuses, type InboundSearch } from './inbound-search';

const route = getRouteApi('/app/inbound');

export const unitsOf = (s: Inbound) => s.lines.reduce((sum, l) => ({ expected: sum.expected + l.quantity, received: sum.received + l.received }), { expected: 0, received: 0 });

const columns: Column<Inbound>[] = [
  {
    header: 'Shipment',
    render: (s) => (
      <AnchorLink to="/inbound/$id" params={{ id: s.id }} fw={600} data-testid="inbound-link">
        {s.reference ?? s.id}
      </AnchorLink>
    ),
  },
  { header: 'Location', render: (s) => s.location, nowrap: true },
  { header: 'Expected', render: (s) => <DateOnly value={s.expected_date} />, nowrap: true },
  { header: 'Status', render: (s) => <StatusBadge status={s.status} />, nowrap: true },
  { header: 'Lines', render: (s) => s.lines.length, align: 'right', hiddenBelow: 'md' },
  {
    header: 'Received',
    render: (s) => {
      const u = unitsOf(s);
      return <span data-testid="inbound-received">{`${u.received} / ${u.expected}`}</span>;
    },
    align: 'right',
    nowrap: true,
  },
  { header: 'Created', render: (s) => <DateTime value={s.created_at} />, hiddenBelow: 'lg' },
];

function Filters({ search, onChange }: { search: InboundSearch; onChange: (next: InboundSearch) => void }) {
  const locations = useQuery(inventoryQueries.locations());
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" mb="md">
      <Select
        label="Status"
        placeholder="Any"
        data={inboundStatuses.map((s) => ({ value: s, label: statusLabel(s) }))}
        value={search.status ?? null}
        onChange={(v) => onChange({ ...search, status: (v as InboundSearch['status']) ?? undefined })}
        clearable
        w={200}
        data-testid="inbound-status"
      />
      <Select label="Location" placeholder="All locations" data={locationOptions(locations.data?.data ?? [])} value={search.location ?? null} onChange={(v) => onChange({ ...search, location: v ?? undefined })} clearable searchable w={260} data-testid="inbound-location" />
      <FilterInput label="SKU" value={search.sku} onCommit={(sku) => onChange({ ...search, sku })} w={180} data-testid="inbound-sku" />
    </Group>
  );
}

/** GET /v1/inbound: purchase orders and ASNs, newest first, with the filters of the URL. */
export function InboundPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const filters = activeInboundFilters(search);
  const [creating, create] = useDisclosure(false);
  const canWrite = useAllowed('inventory:write');
  const list = useCursorList(['inbound', 'list', filters], (cursor) => call(api.GET('/v1/inbound', { params: { query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } } })));
  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <PageHeader
        title="Inbound shipments"
        subtitle={<Text span size="sm">Purchase orders and advance shipping notices: what is expected where, and what has arrived.</Text>}
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open} data-testid="inbound-new">
              New inbound shipment
            </Button>
          )
        }
      />
      <InventoryTabs />
      <Filters search={filters} onChange={(next) => void navigate({ search: activeInboundFilters(next), replace: true })} />
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(s) => s.id}
        caption="Inbound shipments"
        testId="inbound-table"
        empty={
          <EmptyState title={filtered ? 'No inbound shipment matches' : 'No inbound shipments yet'}>
            {filtered ? 'Change or clear a filter.' : 'Record what a supplier is sending: backordered lines get their expected date from it, and receiving it adds the stock.'}
          </EmptyState>
        }
      />
      {canWrite && <CreateInboundDialog opened={creating} onClose={create.close} />}
    </>
  );
}
