import { Text } from '@mantine/core';
import { PageHeader } from '../../ui/PageHeader';
import { InventoryTabs } from './InventoryTabs';
import { LowStockTable } from './LowStockTable';

/** /inventory/alerts: every SKU × location at or below its low-stock threshold now. */
export function AlertsPage() {
  return (
    <>
      <PageHeader title="Low stock" subtitle={<Text span size="sm">Available stock at or below the product’s low-stock threshold, or out of stock.</Text>} />
      <InventoryTabs />
      <LowStockTable />
    </>
  );
}
