/**
 * Low-stock and out-of-stock alerts fire when a location's available quantity crosses the
 * product's threshold (or zero) downwards, once per crossing, not on every order below it.
 */
export interface AvailabilityChange {
  sku: string;
  locationId: string;
  availableBefore: number;
  availableAfter: number;
}

export interface StockAlert {
  type: 'inventory.low_stock' | 'inventory.out_of_stock';
  sku: string;
  locationId: string;
  available: number;
  threshold: number;
}

export function stockAlerts(changes: AvailabilityChange[], thresholdOf: (sku: string) => number | undefined): StockAlert[] {
  const alerts: StockAlert[] = [];
  for (const c of changes) {
    const threshold = thresholdOf(c.sku) ?? 0;
    if (c.availableAfter <= 0 && c.availableBefore > 0) {
      alerts.push({ type: 'inventory.out_of_stock', sku: c.sku, locationId: c.locationId, available: c.availableAfter, threshold });
    } else if (c.availableAfter <= threshold && c.availableBefore > threshold) {
      alerts.push({ type: 'inventory.low_stock', sku: c.sku, locationId: c.locationId, available: c.availableAfter, threshold });
    }
  }
  return alerts;
}
