import { Card, Group, Select, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { StockMovement } from './inventory-api';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink } from '../../ui/links';
import { movementReasonLabel } from './adjustment-reasons';
import { Units } from './Units';

/** What a movement's reference points at: a link inside the console when it is one of our records. */
function Reference({ movement }: { movement: StockMovement }) {
  const { reference, reference_type: type } = movement;
  if (!reference) return <span aria-label="none">—</span>;
  if (type === 'order')
    return (
      <AnchorLink to="/orders/$orderId" params={{ orderId: reference }} ff="monospace" size="sm">
        {reference}
      </AnchorLink>
    );
  if (type === 'inbound_shipment')
    return (
      <AnchorLink to="/inbound/$id" params={{ id: reference }} ff="monospace" size="sm">
        {reference}
      </AnchorLink>
    );
  return <Text span size="sm">{reference}</Text>;
}

const columns: Column<StockMovement>[] = [
  { header: 'When', render: (m) => <DateTime value={m.at} />, nowrap: true },
  { header: 'Location', render: (m) => m.location, nowrap: true },
  {
    header: 'Reason',
    render: (m) => (
      <Text span size="sm" fw={500} data-testid="movement-reason" data-reason={m.reason}>
        {movementReasonLabel(m.reason)}
      </Text>
    ),
    nowrap: true,
  },
  { header: 'Change', render: (m) => <Units value={m.delta} signed testId="movement-delta" />, align: 'right' },
  { header: 'On hand', render: (m) => <Units value={m.on_hand_after} />, align: 'right' },
  { header: 'Reference', render: (m) => <Reference movement={m} />, hiddenBelow: 'md' },
  {
    header: 'By',
    render: (m) => (
      <Text span size="sm" data-testid="movement-actor">
        {m.actor_label}
      </Text>
    ),
  },
];

/** GET /v1/inventory/{sku}/movements: every change of on-hand, newest first, at one location or all. */
export function MovementLedger({ sku, locations }: { sku: string; locations: string[] }) {
  const [location, setLocation] = useState<string | null>(null);
  const list = useCursorList(['inventory', 'movements', sku, location], (cursor) =>
    call(api.GET('/v1/inventory/{sku}/movements', { params: { path: { sku }, query: { limit: 50, ...(location ? { location } : {}), ...(cursor ? { cursor } : {}) } } })),
  );
  return (
    <Card withBorder padding="md" data-testid="movement-ledger">
      <Group justify="space-between" align="flex-end" mb="sm">
        <Title order={2} size="h4">
          Movement ledger
        </Title>
        {locations.length > 1 && (
          <Select aria-label="Movements at location" placeholder="All locations" data={locations} value={location} onChange={setLocation} clearable size="xs" w={200} data-testid="movement-location" />
        )}
      </Group>
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(m) => m.id}
        caption={`Movements of ${sku}`}
        testId="movements-table"
        empty={<EmptyState title="No movements yet">Every receipt, adjustment, shipment and sale of this SKU is recorded here.</EmptyState>}
      />
    </Card>
  );
}
