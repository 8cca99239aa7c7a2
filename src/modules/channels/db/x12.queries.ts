import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { storableJson, storableText } from '../../../platform/kernel/text.js';
import { x12ControlNumbers, x12Documents, x12PurchaseOrders, type X12Direction, type X12DocumentType } from './x12.schema.js';

export type X12DocumentRow = typeof x12Documents.$inferSelect;
export type X12PurchaseOrderRow = typeof x12PurchaseOrders.$inferSelect;

/**
 * The next control number of a kind for a channel (1, 2, …), allocated in the caller's
 * transaction: the row stays locked until it commits, so two senders never get the same number
 * and a rolled-back document gives its number back (X12 wants them unique, not gapless).
 */
/** ISA13 and GS06 have 9 digits: after 999,999,999 the sequence starts again at 1. */
export const MAX_CONTROL_NUMBER = 999_999_999;

export async function nextControlNumber(db: Db, tenantId: string, channelId: string, name: 'interchange' | 'group' | 'sscc'): Promise<number> {
  const c = x12ControlNumbers;
  const next = name === 'sscc' ? sql`${c.lastValue} + 1` : sql`case when ${c.lastValue} >= ${MAX_CONTROL_NUMBER} then 1 else ${c.lastValue} + 1 end`;
  const [row] = await db
    .insert(c)
    .values({ tenantId, channelId, name, lastValue: 1 })
    .onConflictDoUpdate({ target: [c.tenantId, c.channelId, c.name], set: { lastValue: next } })
    .returning({ value: x12ControlNumbers.lastValue });
  if (!row) throw new Error('control number upsert returned nothing');
  return row.value;
}

/** False when it exists already (same inbound interchange, or same shipment document). */
/**
 * A received interchange is stored as sent, except a character no text column holds (NUL): it is
 * stored as the visible `\u0000` (the set holding it was rejected; see parseInterchange).
 */
export async function insertX12Document(db: Db, row: X12DocumentRow): Promise<boolean> {
  const storable = { ...row, body: storableText(row.body), summary: storableJson(row.summary) };
  const inserted = await db.insert(x12Documents).values(storable).onConflictDoNothing().returning({ id: x12Documents.id });
  return inserted.length > 0;
}

export async function findX12Document(db: Db, tenantId: string, id: string): Promise<X12DocumentRow | undefined> {
  const [row] = await db.select().from(x12Documents).where(and(eq(x12Documents.tenantId, tenantId), eq(x12Documents.id, id)));
  return row;
}

/** An interchange received before from this sender with this ISA13. */
export async function findInboundInterchange(db: Db, tenantId: string, channelId: string, partnerId: string, controlNumber: string): Promise<X12DocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(x12Documents)
    .where(and(eq(x12Documents.tenantId, tenantId), eq(x12Documents.channelId, channelId), eq(x12Documents.direction, 'inbound'), eq(x12Documents.partnerId, partnerId), eq(x12Documents.controlNumber, controlNumber)));
  return row;
}

/** The documents sent in answer to a received one (997, 855s), oldest first. */
export async function repliesTo(db: Db, tenantId: string, documentId: string): Promise<X12DocumentRow[]> {
  return db.select().from(x12Documents).where(and(eq(x12Documents.tenantId, tenantId), eq(x12Documents.replyToId, documentId))).orderBy(x12Documents.id);
}

export async function documentsOfShipment(db: Db, tenantId: string, shipmentId: string): Promise<X12DocumentRow[]> {
  return db.select().from(x12Documents).where(and(eq(x12Documents.tenantId, tenantId), eq(x12Documents.shipmentId, shipmentId)));
}

export interface X12DocumentFilter {
  direction?: X12Direction | undefined;
  type?: X12DocumentType | undefined;
}

/** Newest first (platform/db/keyset.ts). The body is left out (fetch one document for it). */
export async function listX12Documents(db: Db, tenantId: string, channelId: string, filter: X12DocumentFilter, page: PageRequest): Promise<Omit<X12DocumentRow, 'body'>[]> {
  const k = keyset([x12Documents.id], page);
  return db
    .select({
      tenantId: x12Documents.tenantId,
      id: x12Documents.id,
      channelId: x12Documents.channelId,
      direction: x12Documents.direction,
      type: x12Documents.type,
      partnerId: x12Documents.partnerId,
      controlNumber: x12Documents.controlNumber,
      replyToId: x12Documents.replyToId,
      orderId: x12Documents.orderId,
      shipmentId: x12Documents.shipmentId,
      poNumber: x12Documents.poNumber,
      summary: x12Documents.summary,
      acknowledgedAt: x12Documents.acknowledgedAt,
      createdAt: x12Documents.createdAt,
    })
    .from(x12Documents)
    .where(
      and(
        eq(x12Documents.tenantId, tenantId),
        eq(x12Documents.channelId, channelId),
        filter.direction ? eq(x12Documents.direction, filter.direction) : undefined,
        filter.type ? eq(x12Documents.type, filter.type) : undefined,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

export async function setX12DocumentSummary(db: Db, tenantId: string, id: string, summary: Record<string, unknown>): Promise<void> {
  await db.update(x12Documents).set({ summary: storableJson(summary) }).where(and(eq(x12Documents.tenantId, tenantId), eq(x12Documents.id, id)));
}

/** Marks a document picked up; the first moment stays. */
export async function acknowledgeX12Document(db: Db, tenantId: string, id: string, now: Date): Promise<X12DocumentRow | undefined> {
  const [row] = await db
    .update(x12Documents)
    .set({ acknowledgedAt: sql`coalesce(${x12Documents.acknowledgedAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(x12Documents.tenantId, tenantId), eq(x12Documents.id, id)))
    .returning();
  return row;
}

/** The first 850 with this PO number wins; a repeat changes nothing (false). */
export async function insertPurchaseOrder(db: Db, row: X12PurchaseOrderRow): Promise<boolean> {
  const inserted = await db.insert(x12PurchaseOrders).values(row).onConflictDoNothing().returning({ poNumber: x12PurchaseOrders.poNumber });
  return inserted.length > 0;
}

export async function purchaseOrderOfOrder(db: Db, tenantId: string, orderId: string): Promise<X12PurchaseOrderRow | undefined> {
  const [row] = await db.select().from(x12PurchaseOrders).where(and(eq(x12PurchaseOrders.tenantId, tenantId), eq(x12PurchaseOrders.orderId, orderId)));
  return row;
}
