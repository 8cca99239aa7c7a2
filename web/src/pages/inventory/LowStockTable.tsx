import { Alert } from '@mantine/core';
import { api, call } from '../../api/client';
import type { StockAlert } from './inventory-api';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink } from '../../ui/links';
import { StatusBadge } from '../../ui/StatusBadge';
import { Units } from './Units';

const columns: Column<StockAlert>[] = [
  {
    header: 'SKU',
    render: (r) => (
      <AnchorLink to="/inventory/$sku" params={{ sku: r.sku }} ff="monospace" fw={600} data-testid="alert-sku-link">
        {r.sku}
      </AnchorLink>
    ),
  },
  { header: 'Location', render: (r) => r.location, nowrap: true },
  { header: 'Level', render: (r) => <StatusBadge status={r.level} />, nowrap: true },
  { header: 'Available', render: (r) => <Units value={r.available} warn testId="alert-available" />, align: 'right' },
  { header: 'Threshold', render: (r) => <Units value={r.threshold} />, align: 'right' },
  { header: 'On hand', render: (r) => <Units value={r.on_hand} />, align: 'right', hiddenBelow: 'md' },
  { header: 'Reserved', render: (r) => <Units value={r.reserved} />, align: 'right', hiddenBelow: 'md' },
  { header: 'Low since', render: (r) => <DateTime value={r.since} />, hiddenBelow: 'lg' },
];

/**
 * GET /v1/stock-alerts: stock at or below its product's low-stock threshold. The API takes no
 * filters, so the SKU prefix and location narrow the rows loaded (the list is short by nature).
 */
export function LowStockTable({ skuPrefix, location }: { skuPrefix?: string | undefined; location?: string | undefined }) {
  const list = useCursorList(['inventory', 'alerts'], (cursor) => call(api.GET('/v1/stock-alerts', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })));
  const narrowed = skuPrefix !== undefined || location !== undefined;
  const rows = list.rows.filter((r) => (skuPrefix === undefined || r.sku.startsWith(skuPrefix)) && (location === undefined || r.location === location));
  return (
    <>
      {narrowed && list.hasMore && (
        <Alert variant="light" color="blue" mb="sm">
          The SKU and location filters apply to the low-stock rows loaded so far: load more to search further.
        </Alert>
      )}
      <CursorTable
        list={{ ...list, rows }}
        columns={columns}
        rowKey={(r) => `${r.sku}@${r.location}`}
        caption="Low stock by SKU and location"
        testId="alerts-table"
        empty={
          <EmptyState title={narrowed ? 'No low stock matches' : 'Nothing is running low'} testId="alerts-empty">
            {narrowed ? 'Change the SKU or the location.' : 'A SKU shows here when its available stock at a location falls to its low-stock threshold (set on the product) or to zero.'}
          </EmptyState>
        }
      />
    </>
  );
}
