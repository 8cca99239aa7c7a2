import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import type { InboundStatus } from '../domain/inbound.js';
import { inboundLines, inboundShipments, locations } from './schema.js';

export type InboundRow = typeof inboundShipments.$inferSelect;
export type InboundLineRow = typeof inboundLines.$inferSelect;
export type InboundWithLocation = InboundRow & { locationCode: string };

export async function insertInbound(db: Db, shipment: InboundRow, lines: InboundLineRow[]): Promise<void> {
  await db.insert(inboundShipments).values(shipment);
  await db.insert(inboundLines).values(lines);
}

const withLocation = {
  tenantId: inboundShipments.tenantId,
  id: inboundShipments.id,
  reference: inboundShipments.reference,
  locationId: inboundShipments.locationId,
  expectedDate: inboundShipments.expectedDate,
  status: inboundShipments.status,
  createdAt: inboundShipments.createdAt,
  updatedAt: inboundShipments.updatedAt,
  locationCode: locations.code,
};

export async function findInbound(db: Db, tenantId: string, id: string): Promise<InboundWithLocation | undefined> {
  const [row] = await db
    .select(withLocation)
    .from(inboundShipments)
    .innerJoin(locations, and(eq(locations.tenantId, inboundShipments.tenantId), eq(locations.id, inboundShipments.locationId)))
    .where(and(eq(inboundShipments.tenantId, tenantId), eq(inboundShipments.id, id)));
  return row;
}

/** Locks the shipment: receipts and cancellation of one shipment run one after the other. */
export async function lockInbound(db: Db, tenantId: string, id: string): Promise<InboundRow | undefined> {
  const [row] = await db.select().from(inboundShipments).where(and(eq(inboundShipments.tenantId, tenantId), eq(inboundShipments.id, id))).for('update');
  return row;
}

export async function setInboundStatus(db: Db, tenantId: string, id: string, status: InboundStatus, now: Date): Promise<void> {
  await db.update(inboundShipments).set({ status, updatedAt: now }).where(and(eq(inboundShipments.tenantId, tenantId), eq(inboundShipments.id, id)));
}

export async function setLinesReceived(db: Db, tenantId: string, lines: { id: string; received: number }[]): Promise<void> {
  if (lines.length === 0) return;
  await db.execute(sql`
    update inbound_lines l set received = v.received
    from unnest(${sql.param(lines.map((l) => l.id))}::text[], ${sql.param(lines.map((l) => l.received))}::int[]) as v(id, received)
    where l.tenant_id = ${tenantId} and l.id = v.id`);
}

export async function linesOfInbound(db: Db, tenantId: string, ids: string[]): Promise<InboundLineRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(inboundLines)
    .where(and(eq(inboundLines.tenantId, tenantId), inArray(inboundLines.inboundId, ids)))
    .orderBy(asc(inboundLines.inboundId), asc(inboundLines.lineNo));
}

export interface InboundFilter {
  sku?: string;
  locationId?: string;
  status?: InboundStatus;
}

/** Newest first (platform/db/keyset.ts). */
export async function listInbound(db: Db, tenantId: string, filter: InboundFilter, page: PageRequest): Promise<InboundWithLocation[]> {
  const k = keyset([inboundShipments.id], page);
  return db
    .select(withLocation)
    .from(inboundShipments)
    .innerJoin(locations, and(eq(locations.tenantId, inboundShipments.tenantId), eq(locations.id, inboundShipments.locationId)))
    .where(
      and(
        eq(inboundShipments.tenantId, tenantId),
        filter.status ? eq(inboundShipments.status, filter.status) : undefined,
        filter.locationId ? eq(inboundShipments.locationId, filter.locationId) : undefined,
        filter.sku
          ? sql`exists (select 1 from inbound_lines l where l.tenant_id = ${inboundShipments.tenantId} and l.inbound_id = ${inboundShipments.id} and l.sku = ${filter.sku})`
          : undefined,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

export interface ExpectedSupplyRow {
  sku: string;
  expected_date: string;
  outstanding: number;
}

/**
 * What is still expected per SKU, soonest first: open and partly received shipments at active
 * locations that ship to customers (only stock arriving there fills backorders).
 */
export async function expectedSupplyOfSkus(db: Db, tenantId: string, skus: string[]): Promise<ExpectedSupplyRow[]> {
  if (skus.length === 0) return [];
  return queryRows<ExpectedSupplyRow>(db, sql`
    select l.sku, s.expected_date::text as expected_date, (l.quantity - l.received)::int as outstanding
    from inbound_lines l
    join inbound_shipments s on s.tenant_id = l.tenant_id and s.id = l.inbound_id
    join locations loc on loc.tenant_id = s.tenant_id and loc.id = s.location_id
    where l.tenant_id = ${tenantId} and l.sku = any(${sql.param(skus)}::text[]) and l.received < l.quantity
      and s.status in ('open', 'partially_received') and loc.active and loc.ships_to_customers
    order by l.sku, s.expected_date, s.id`);
}
