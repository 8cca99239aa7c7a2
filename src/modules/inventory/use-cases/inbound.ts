import type { Db } from '../../../platform/db/database.js';
import type { PageRequest } from '../../../platform/db/keyset.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { findInbound, insertInbound, linesOfInbound, listInbound, lockInbound, setInboundStatus, setLinesReceived, type InboundLineRow, type InboundWithLocation } from '../db/inbound.queries.js';
import { canInboundTransition, planReceipt, statusFromLines, type InboundStatus } from '../domain/inbound.js';
import { resolveLocations } from './adjust-stock.js';

export interface InboundInput {
  reference: string | null;
  location: string;
  expectedDate: string;
  lines: { sku: string; quantity: number }[];
}

export interface InboundView {
  id: string;
  reference: string | null;
  location: string;
  expected_date: string;
  status: InboundStatus;
  lines: { sku: string; quantity: number; received: number }[];
  created_at: string;
  updated_at: string;
}

export function inboundView(shipment: InboundWithLocation, lines: InboundLineRow[]): InboundView {
  return {
    id: shipment.id,
    reference: shipment.reference,
    location: shipment.locationCode,
    expected_date: shipment.expectedDate,
    status: shipment.status,
    lines: lines.filter((l) => l.inboundId === shipment.id).map((l) => ({ sku: l.sku, quantity: l.quantity, received: l.received })),
    created_at: shipment.createdAt.toISOString(),
    updated_at: shipment.updatedAt.toISOString(),
  };
}

export async function getInbound(db: Db, tenantId: string, id: string): Promise<InboundView> {
  const shipment = await findInbound(db, tenantId, id);
  if (!shipment) throw new DomainError('INBOUND_NOT_FOUND', `No inbound shipment ${id}.`);
  return inboundView(shipment, await linesOfInbound(db, tenantId, [id]));
}

/** A page of inbound shipments, newest first, filtered by SKU, location (code or id) and status. */
export async function listInboundViews(db: Db, tenantId: string, filter: { sku?: string; location?: string; status?: InboundStatus }, page: PageRequest): Promise<InboundView[]> {
  const locationId = filter.location ? (await resolveLocations(db, tenantId, [filter.location], () => 'query.location'))[0]?.id : undefined;
  const rows = await listInbound(db, tenantId, { ...(filter.sku ? { sku: filter.sku } : {}), ...(locationId ? { locationId } : {}), ...(filter.status ? { status: filter.status } : {}) }, page);
  const lines = await linesOfInbound(db, tenantId, rows.map((r) => r.id));
  return rows.map((r) => inboundView(r, lines));
}

/**
 * Records expected supply. The SKUs must already be known (the caller checks the catalog); each
 * SKU appears once, so a receipt names its line by SKU without ambiguity.
 */
export async function createInbound(tx: Db, actor: Actor, input: InboundInput, now: Date, fieldOf: (i: number, name: 'sku' | 'quantity') => string): Promise<InboundView> {
  const seen = new Set<string>();
  const duplicates: FieldError[] = [];
  input.lines.forEach((l, i) => {
    if (seen.has(l.sku)) duplicates.push({ field: fieldOf(i, 'sku'), message: `${l.sku} is listed twice; give it one line with the total` });
    seen.add(l.sku);
  });
  if (duplicates.length > 0) throw new DomainError('REQUEST_INVALID', 'A SKU appears on more than one line.', duplicates);
  const [location] = await resolveLocations(tx, actor.tenantId, [input.location], () => 'location');
  if (!location) throw new DomainError('LOCATION_UNKNOWN');
  const id = newId('inb');
  const shipment = { tenantId: actor.tenantId, id, reference: input.reference, locationId: location.id, expectedDate: input.expectedDate, status: 'open' as const, createdAt: now, updatedAt: now };
  const lines: InboundLineRow[] = input.lines.map((l, i) => ({ tenantId: actor.tenantId, id: newId('inl'), inboundId: id, lineNo: i + 1, sku: l.sku, quantity: l.quantity, received: 0 }));
  await insertInbound(tx, shipment, lines);
  await appendEvents(tx, actor, now, [
    {
      type: 'inbound.created',
      aggregateType: 'inbound',
      aggregateId: id,
      data: { reference: input.reference, location: location.code, expected_date: input.expectedDate, lines: input.lines },
    },
  ]);
  return inboundView({ ...shipment, locationCode: location.code }, lines);
}

/**
 * Books a receipt against the shipment (locked): what was asked (or everything outstanding),
 * refused whole beyond what is outstanding. Returns what to add to stock and where; the caller
 * adds it in the same transaction.
 */
export async function recordReceipt(
  tx: Db,
  actor: Actor,
  id: string,
  asked: { sku: string; quantity: number }[] | undefined,
  now: Date,
): Promise<{ locationId: string; receipts: { sku: string; quantity: number }[] }> {
  const shipment = await lockInbound(tx, actor.tenantId, id);
  if (!shipment) throw new DomainError('INBOUND_NOT_FOUND', `No inbound shipment ${id}.`);
  if (!canInboundTransition(shipment.status, 'received')) throw new DomainError('INBOUND_NOT_OPEN', `Inbound shipment ${id} is ${shipment.status}.`);
  const lines = await linesOfInbound(tx, actor.tenantId, [id]);
  const { receipts, refusals } = planReceipt(lines, asked);
  const first = refusals[0];
  if (first) {
    const code = first.code === 'INBOUND_NOTHING_OUTSTANDING' ? 'INBOUND_NOT_OPEN' : first.code;
    throw new DomainError(code, `The receipt does not match what shipment ${id} still expects.`, refusals.map((r) => ({ field: r.field, message: r.message })));
  }
  const changed = lines.map((l) => ({ ...l, received: l.received + (receipts.find((r) => r.sku === l.sku)?.quantity ?? 0) }));
  await setLinesReceived(tx, actor.tenantId, changed.filter((l, i) => l.received !== lines[i]?.received));
  const status = statusFromLines(changed);
  await setInboundStatus(tx, actor.tenantId, id, status, now);
  await appendEvents(tx, actor, now, [
    { type: 'inbound.received', aggregateType: 'inbound', aggregateId: id, data: { from: shipment.status, to: status, lines: receipts } },
  ]);
  return { locationId: shipment.locationId, receipts };
}

/** Cancels what is still expected (nothing more will arrive). Cancelling twice answers the same. */
export async function cancelInbound(db: Db, actor: Actor, id: string, reason: string | null, now: Date): Promise<InboundView> {
  await inTransaction(db, async (tx) => {
    const shipment = await lockInbound(tx, actor.tenantId, id);
    if (!shipment) throw new DomainError('INBOUND_NOT_FOUND', `No inbound shipment ${id}.`);
    if (shipment.status === 'cancelled') return;
    if (!canInboundTransition(shipment.status, 'cancelled')) throw new DomainError('INBOUND_NOT_OPEN', `Inbound shipment ${id} is ${shipment.status}.`);
    await setInboundStatus(tx, actor.tenantId, id, 'cancelled', now);
    await appendEvents(tx, actor, now, [{ type: 'inbound.cancelled', aggregateType: 'inbound', aggregateId: id, data: { from: shipment.status, to: 'cancelled', reason } }]);
  });
  return getInbound(db, actor.tenantId, id);
}
