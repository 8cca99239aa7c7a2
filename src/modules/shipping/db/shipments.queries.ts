import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { DomainError } from '../../../platform/errors.js';
import { deliveryPromises, shipmentDocuments, shipmentEvents, shipmentPackages, shipments } from './schema.js';

export type ShipmentRow = typeof shipments.$inferSelect;
export type ShipmentPackageRow = typeof shipmentPackages.$inferSelect;
export type ShipmentEventRow = typeof shipmentEvents.$inferSelect;
export type DeliveryPromiseRow = typeof deliveryPromises.$inferSelect;
export type ShipmentDocumentRow = typeof shipmentDocuments.$inferSelect;
export type Shipment = ShipmentRow & { packages: ShipmentPackageRow[] };

/**
 * Inserts the shipment and its parcels. False when the fulfillment order already has a live
 * shipment (the partial unique index): the caller lost a race and rolls back.
 */
export async function insertShipment(db: Db, row: ShipmentRow, packages: ShipmentPackageRow[]): Promise<boolean> {
  const inserted = await db.insert(shipments).values(row).onConflictDoNothing().returning({ id: shipments.id });
  if (inserted.length === 0) return false;
  // A tracking number already used (an operator typing one twice) is refused the same way.
  const parcels = await db.insert(shipmentPackages).values(packages).onConflictDoNothing().returning({ seq: shipmentPackages.seq });
  if (parcels.length !== packages.length) throw new DomainError('SHIPMENT_TRACKING_NUMBER_TAKEN', 'A tracking number of this shipment already belongs to another.', [{ field: 'tracking_numbers', message: 'already belongs to a shipment' }]);
  return true;
}

export async function insertShipmentDocument(db: Db, row: ShipmentDocumentRow): Promise<void> {
  await db.insert(shipmentDocuments).values(row);
}

/** The customs paper printed for a shipment, when one was. */
export async function findShipmentDocument(db: Db, tenantId: string, shipmentId: string): Promise<ShipmentDocumentRow | undefined> {
  const [row] = await db.select().from(shipmentDocuments).where(and(eq(shipmentDocuments.tenantId, tenantId), eq(shipmentDocuments.shipmentId, shipmentId)));
  return row;
}

async function withPackages(db: Db, tenantId: string, rows: ShipmentRow[], labels = false): Promise<Shipment[]> {
  if (rows.length === 0) return [];
  const columns = {
    tenantId: shipmentPackages.tenantId,
    shipmentId: shipmentPackages.shipmentId,
    seq: shipmentPackages.seq,
    packageId: shipmentPackages.packageId,
    trackingNumber: shipmentPackages.trackingNumber,
    weightGrams: shipmentPackages.weightGrams,
    billableWeightGrams: shipmentPackages.billableWeightGrams,
    lengthMm: shipmentPackages.lengthMm,
    widthMm: shipmentPackages.widthMm,
    heightMm: shipmentPackages.heightMm,
    labelPdf: labels ? shipmentPackages.labelPdf : sql<Buffer | null>`null`,
    labelZpl: labels ? shipmentPackages.labelZpl : sql<string | null>`null`,
  };
  const packages = await db
    .select(columns)
    .from(shipmentPackages)
    .where(and(eq(shipmentPackages.tenantId, tenantId), inArray(shipmentPackages.shipmentId, rows.map((r) => r.id))))
    .orderBy(asc(shipmentPackages.shipmentId), asc(shipmentPackages.seq));
  const byShipment = new Map<string, ShipmentPackageRow[]>();
  for (const p of packages) byShipment.set(p.shipmentId, [...(byShipment.get(p.shipmentId) ?? []), p]);
  return rows.map((r) => ({ ...r, packages: byShipment.get(r.id) ?? [] }));
}

export async function findShipment(db: Db, tenantId: string, id: string, options: { labels?: boolean } = {}): Promise<Shipment | undefined> {
  const rows = await db.select().from(shipments).where(and(eq(shipments.tenantId, tenantId), eq(shipments.id, id)));
  return (await withPackages(db, tenantId, rows, options.labels))[0];
}

export async function lockShipment(db: Db, tenantId: string, id: string): Promise<Shipment | undefined> {
  const rows = await db.select().from(shipments).where(and(eq(shipments.tenantId, tenantId), eq(shipments.id, id))).for('update');
  return (await withPackages(db, tenantId, rows))[0];
}

/** The shipment a parcel's tracking number belongs to. */
export async function shipmentIdOfTrackingNumber(db: Db, tenantId: string, trackingNumber: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: shipmentPackages.shipmentId })
    .from(shipmentPackages)
    .where(and(eq(shipmentPackages.tenantId, tenantId), eq(shipmentPackages.trackingNumber, trackingNumber)));
  return row?.id;
}

/** The orders with a parcel of this tracking number, in any of its spellings (`trackingNumberSpellings`). */
export async function orderIdsWithTrackingNumber(db: Db, tenantId: string, trackingNumber: string[]): Promise<string[]> {
  const rows = await db
    .select({ orderId: shipments.orderId })
    .from(shipments)
    .where(and(eq(shipments.tenantId, tenantId), inArray(shipments.id, parcelsTracked(tenantId, trackingNumber))));
  return rows.map((r) => r.orderId);
}

/** Every parcel's tracking number is in shipment_packages (unique per tenant); the shipment's own is its first parcel's. */
function parcelsTracked(tenantId: string, spellings: string[]) {
  return sql`(select ${shipmentPackages.shipmentId} from ${shipmentPackages} where ${shipmentPackages.tenantId} = ${tenantId} and ${shipmentPackages.trackingNumber} = any(${sql.param(spellings)}::text[]))`;
}

export interface ShipmentFilter {
  /** Any of these spellings of one tracking number (`trackingNumberSpellings`). */
  trackingNumber?: string[] | undefined;
  orderId?: string | undefined;
  fulfillmentOrderId?: string | undefined;
  status?: string | undefined;
  locationId?: string | undefined;
}

/** Oldest first, as published: an exception to platform/db/keyset.ts. */
export async function listShipments(db: Db, tenantId: string, filter: ShipmentFilter, page: PageRequest): Promise<Shipment[]> {
  const k = keyset([shipments.id], page, 'oldest_first');
  const rows = await db
    .select()
    .from(shipments)
    .where(
      and(
        eq(shipments.tenantId, tenantId),
        filter.orderId ? eq(shipments.orderId, filter.orderId) : undefined,
        filter.trackingNumber ? inArray(shipments.id, parcelsTracked(tenantId, filter.trackingNumber)) : undefined,
        filter.fulfillmentOrderId ? eq(shipments.fulfillmentOrderId, filter.fulfillmentOrderId) : undefined,
        filter.status ? eq(shipments.status, filter.status) : undefined,
        filter.locationId ? eq(shipments.locationId, filter.locationId) : undefined,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return withPackages(db, tenantId, rows);
}

/** Statuses of every shipment of an order (voided ones included; the caller decides). */
export async function shipmentStatusesOfOrder(db: Db, tenantId: string, orderId: string): Promise<string[]> {
  const rows = await db.select({ status: shipments.status }).from(shipments).where(and(eq(shipments.tenantId, tenantId), eq(shipments.orderId, orderId)));
  return rows.map((r) => r.status);
}

/** When the order's latest delivered shipment was delivered; null while none is (the survey is offered after delivery, ADR 0037). */
export async function lastDeliveryOfOrder(db: Db, tenantId: string, orderId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | string | null>`max(${shipments.deliveredAt})` })
    .from(shipments)
    .where(and(eq(shipments.tenantId, tenantId), eq(shipments.orderId, orderId), eq(shipments.status, 'delivered')));
  return row?.at ? new Date(row.at) : null;
}

/** The live shipments a carrier picked up (or will) at a location on a day: the manifest. */
export async function shipmentsForManifest(db: Db, tenantId: string, carrier: string, locationId: string, shipDate: string): Promise<Shipment[]> {
  const rows = await db
    .select()
    .from(shipments)
    .where(and(eq(shipments.tenantId, tenantId), eq(shipments.carrier, carrier), eq(shipments.locationId, locationId), eq(shipments.shipDate, shipDate), ne(shipments.status, 'voided')))
    .orderBy(asc(shipments.id));
  return withPackages(db, tenantId, rows);
}

/** Compare-and-set on version; false when someone else moved the shipment first. */
export async function updateShipment(
  db: Db,
  tenantId: string,
  id: string,
  version: number,
  set: Partial<Pick<ShipmentRow, 'status' | 'lastEventAt' | 'deliveredAt' | 'onTime' | 'voidRequestedAt' | 'updatedAt'>>,
): Promise<boolean> {
  const updated = await db
    .update(shipments)
    .set({ ...set, version: version + 1 })
    .where(and(eq(shipments.tenantId, tenantId), eq(shipments.id, id), eq(shipments.version, version)))
    .returning({ id: shipments.id });
  return updated.length > 0;
}

/** Records a scan; false when the same scan (status and time) was recorded before. */
export async function insertShipmentEvent(db: Db, row: ShipmentEventRow): Promise<boolean> {
  const inserted = await db.insert(shipmentEvents).values(row).onConflictDoNothing().returning({ id: shipmentEvents.id });
  return inserted.length > 0;
}

/** The note of a scan recorded while a void was in progress, not applied (yet). */
export const HELD_FOR_VOID = 'void_requested';

/** Scans held while a void was in progress, oldest first (the order they are replayed in). */
export async function heldScans(db: Db, tenantId: string, shipmentId: string): Promise<ShipmentEventRow[]> {
  return db
    .select()
    .from(shipmentEvents)
    .where(and(eq(shipmentEvents.tenantId, tenantId), eq(shipmentEvents.shipmentId, shipmentId), eq(shipmentEvents.applied, false), eq(shipmentEvents.note, HELD_FOR_VOID)))
    .orderBy(asc(shipmentEvents.occurredAt), asc(shipmentEvents.recordedAt), asc(shipmentEvents.id));
}

/** The outcome of a held scan once it is replayed. */
export async function settleShipmentEvent(db: Db, tenantId: string, id: string, set: { applied: boolean; note: string }): Promise<void> {
  await db.update(shipmentEvents).set(set).where(and(eq(shipmentEvents.tenantId, tenantId), eq(shipmentEvents.id, id)));
}

export async function eventsOfShipments(db: Db, tenantId: string, shipmentIds: string[]): Promise<ShipmentEventRow[]> {
  if (shipmentIds.length === 0) return [];
  return db
    .select()
    .from(shipmentEvents)
    .where(and(eq(shipmentEvents.tenantId, tenantId), inArray(shipmentEvents.shipmentId, shipmentIds)))
    .orderBy(asc(shipmentEvents.occurredAt), asc(shipmentEvents.id));
}

export async function insertPromises(db: Db, rows: DeliveryPromiseRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(deliveryPromises).values(rows).onConflictDoNothing();
}

export async function promiseOf(db: Db, tenantId: string, orderId: string, locationId: string): Promise<DeliveryPromiseRow | undefined> {
  const [row] = await db
    .select()
    .from(deliveryPromises)
    .where(and(eq(deliveryPromises.tenantId, tenantId), eq(deliveryPromises.orderId, orderId), eq(deliveryPromises.locationId, locationId)));
  return row;
}

export async function promisesOfOrders(db: Db, tenantId: string, orderIds: readonly string[]): Promise<DeliveryPromiseRow[]> {
  if (orderIds.length === 0) return [];
  return db.select().from(deliveryPromises).where(and(eq(deliveryPromises.tenantId, tenantId), inArray(deliveryPromises.orderId, [...orderIds])));
}

export async function promisesOfOrder(db: Db, tenantId: string, orderId: string): Promise<DeliveryPromiseRow[]> {
  return db.select().from(deliveryPromises).where(and(eq(deliveryPromises.tenantId, tenantId), eq(deliveryPromises.orderId, orderId))).orderBy(asc(deliveryPromises.locationId));
}
