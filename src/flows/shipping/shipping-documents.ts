import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { resolveLocations } from '../../modules/inventory/index.js';
import { findCarrier, findShipment, labelDataOf, manifestCsv, manifestOf, renderLabelsPdfOffLoop, renderLabelsZpl, renderManifestPdfOffLoop, shipmentsForManifest } from '../../modules/shipping/index.js';

/**
 * A shipment's labels. Labels an aggregator bought come as the carrier made them (one file per
 * parcel; `parcel` picks one); rate-card labels are rendered from the stored shipment.
 */
export async function shipmentLabel(db: Db, tenantId: string, id: string, format: 'pdf', parcel?: number, scopeLocationId?: string): Promise<Buffer>;
export async function shipmentLabel(db: Db, tenantId: string, id: string, format: 'zpl', parcel?: number, scopeLocationId?: string): Promise<string>;
export async function shipmentLabel(db: Db, tenantId: string, id: string, format: 'pdf' | 'zpl', parcel?: number, scopeLocationId?: string): Promise<Buffer | string> {
  const shipment = await findShipment(db, tenantId, id, { labels: true });
  // A location-scoped key reads only its location's labels (another's: as if missing).
  if (!shipment || (scopeLocationId !== undefined && shipment.locationId !== scopeLocationId)) throw new DomainError('SHIPMENT_NOT_FOUND', `No shipment ${id}.`);
  if (shipment.manual) throw new DomainError('SHIPMENT_NO_LABEL');
  const packages = parcel === undefined ? shipment.packages : shipment.packages.filter((p) => p.seq === parcel);
  if (packages.length === 0) throw new DomainError('REQUEST_INVALID', `The shipment has ${shipment.packages.length} parcel(s).`, [{ field: 'query.parcel', message: `must be between 1 and ${shipment.packages.length}` }]);
  const stored = format === 'pdf' ? packages.map((p) => p.labelPdf) : packages.map((p) => p.labelZpl);
  if (stored.every((s) => s !== null)) {
    if (format === 'zpl') return (stored as string[]).join('\n');
    if (stored.length === 1) return stored[0] as Buffer;
    throw new DomainError('REQUEST_INVALID', 'This carrier made one PDF per parcel; ask for one at a time.', [{ field: 'query.parcel', message: `is required: 1 to ${shipment.packages.length}` }]);
  }
  const carrier = await findCarrier(db, tenantId, shipment.carrier);
  const labels = labelDataOf({ ...shipment, packages }, carrier);
  return format === 'pdf' ? renderLabelsPdfOffLoop(labels) : renderLabelsZpl(labels);
}

/** The end-of-day manifest: one carrier's live shipments from one location on one pickup day. */
export interface ManifestQuery {
  carrier: string;
  location: string;
  date: string;
}

export async function manifest(db: Db, tenantId: string, query: ManifestQuery, now: Date) {
  const [carrier, [location]] = await Promise.all([findCarrier(db, tenantId, query.carrier), resolveLocations(db, tenantId, [query.location], () => 'query.location')]);
  if (!carrier) throw new DomainError('CARRIER_NOT_FOUND', `No carrier ${query.carrier}.`, [{ field: 'query.carrier', message: 'is not a carrier of this tenant' }]);
  if (!location) throw new Error('resolveLocations returned nothing');
  const shipments = await shipmentsForManifest(db, tenantId, carrier.code, location.id, query.date);
  return manifestOf(shipments, carrier, location, query.date, now);
}

export async function manifestFile(db: Db, tenantId: string, query: ManifestQuery, format: 'pdf', now: Date): Promise<Buffer>;
export async function manifestFile(db: Db, tenantId: string, query: ManifestQuery, format: 'csv', now: Date): Promise<string>;
export async function manifestFile(db: Db, tenantId: string, query: ManifestQuery, format: 'pdf' | 'csv', now: Date): Promise<Buffer | string> {
  const m = await manifest(db, tenantId, query, now);
  return format === 'pdf' ? renderManifestPdfOffLoop(m) : manifestCsv(m);
}
