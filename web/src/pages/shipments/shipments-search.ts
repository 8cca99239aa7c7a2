import { shipmentStatuses, type ShipmentStatus } from './shipment-queries';

/** The shipments list's filters in the URL (?tracking_number=…&status=…). */
export interface ShipmentsSearch {
  tracking_number?: string | undefined;
  status?: ShipmentStatus | undefined;
}

export function parseShipmentsSearch(raw: Record<string, unknown>): ShipmentsSearch {
  const tracking = typeof raw.tracking_number === 'string' && raw.tracking_number.trim() ? raw.tracking_number.trim().slice(0, 100) : undefined;
  const status = (shipmentStatuses as readonly unknown[]).includes(raw.status) ? (raw.status as ShipmentStatus) : undefined;
  return { tracking_number: tracking, status };
}
