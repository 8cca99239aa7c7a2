import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError, type ErrorCode } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type Actor, type NewEvent } from '../../../platform/outbox/events.js';
import { allocationsOfHolds, claimExpiredHolds, endHold, findHold, insertHold, lockHold, releaseHoldUnits, reserveForHold, type HoldRow } from '../db/holds.queries.js';
import { lockStockForPlanning } from '../db/stock.queries.js';
import { expiryOf, refusalToConsume, visibleHoldStatus } from '../domain/holds.js';
import type { AvailabilityChange } from '../domain/stock-alerts.js';
import { StockChanged } from './reserve.js';

export interface HoldRequest {
  sku: string;
  quantity: number;
  ttlSeconds: number;
  channel: string | null;
}

export interface HoldView {
  id: string;
  sku: string;
  quantity: number;
  channel: string | null;
  status: string;
  expires_at: string;
  order_id: string | null;
  created_at: string;
  allocations: { location: string; quantity: number }[];
}

/** The hold as the API shows it; `allocations` are the units it holds now (none once it ended). */
export function holdView(hold: HoldRow, allocations: { location: string; quantity: number }[], now: Date): HoldView {
  return {
    id: hold.id,
    sku: hold.sku,
    quantity: hold.quantity,
    channel: hold.channel,
    status: visibleHoldStatus(hold, now),
    expires_at: hold.expiresAt.toISOString(),
    order_id: hold.orderId,
    created_at: hold.createdAt.toISOString(),
    allocations: hold.status === 'active' ? allocations : [],
  };
}

export async function getHold(db: Db, tenantId: string, id: string, now: Date): Promise<HoldView> {
  const hold = await findHold(db, tenantId, id);
  if (!hold) throw new DomainError('RESERVATION_NOT_FOUND', `No reservation hold ${id}.`);
  return holdView(hold, (await allocationsOfHolds(db, tenantId, [id])).map((a) => ({ location: a.location, quantity: a.quantity })), now);
}

/**
 * Records a hold and reserves its units at the given locations (chosen by the caller's plan),
 * exactly or not at all: StockChanged when a stock row moved since the plan (roll back, plan again).
 */
export async function createHold(
  tx: Db,
  actor: Actor,
  request: HoldRequest,
  allocations: { locationId: string; locationCode: string; quantity: number }[],
  now: Date,
): Promise<{ hold: HoldRow; changes: AvailabilityChange[]; event: NewEvent }> {
  const hold: HoldRow = {
    tenantId: actor.tenantId,
    id: newId('hld'),
    sku: request.sku,
    quantity: request.quantity,
    channel: request.channel,
    status: 'active',
    expiresAt: expiryOf(now, request.ttlSeconds),
    orderId: null,
    createdAt: now,
    updatedAt: now,
  };
  await insertHold(tx, hold);
  const changed = await reserveForHold(tx, actor.tenantId, now, hold.id, allocations.map((a) => ({ id: newId('res'), sku: request.sku, locationId: a.locationId, quantity: a.quantity })));
  if (changed.length !== allocations.length) throw new StockChanged();
  const changes = changed.map((c) => {
    const qty = allocations.find((a) => a.locationId === c.location_id)?.quantity ?? 0;
    return { sku: c.sku, locationId: c.location_id, availableAfter: c.on_hand - c.reserved, availableBefore: c.on_hand - c.reserved + qty };
  });
  const event: NewEvent = {
    type: 'hold.created',
    aggregateType: 'hold',
    aggregateId: hold.id,
    data: { sku: hold.sku, quantity: hold.quantity, channel: hold.channel, expires_at: hold.expiresAt.toISOString(), allocations: allocations.map((a) => ({ location: a.locationCode, quantity: a.quantity })) },
  };
  return { hold, changes, event };
}

function endedEvent(hold: HoldRow, to: 'released' | 'expired' | 'consumed', released: { location_id: string; quantity: number }[], extra: Record<string, unknown> = {}): NewEvent {
  return {
    type: `hold.${to}`,
    aggregateType: 'hold',
    aggregateId: hold.id,
    data: { sku: hold.sku, quantity: hold.quantity, from: 'active', to, released: released.map((r) => ({ location_id: r.location_id, quantity: r.quantity })), ...extra },
  };
}

/**
 * Releases a hold (the client abandoned the checkout). Idempotent: a hold already released or
 * expired answers the same; a consumed hold belongs to its order and is refused.
 */
export async function releaseHold(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  await inTransaction(db, async (tx) => {
    const hold = await lockHold(tx, actor.tenantId, id);
    if (!hold) throw new DomainError('RESERVATION_NOT_FOUND', `No reservation hold ${id}.`);
    if (hold.status === 'consumed') throw new DomainError('RESERVATION_CONSUMED', `Hold ${id} was used by order ${hold.orderId}; cancel the order to give its stock back.`);
    if (hold.status !== 'active') return;
    const { released } = await releaseHoldUnits(tx, actor.tenantId, [hold.id], now);
    await endHold(tx, actor.tenantId, hold.id, 'released', null, now);
    await appendEvents(tx, actor, now, [endedEvent(hold, 'released', released, { reason: 'released by the client' })]);
  });
}

/**
 * Hands an active hold's units to an order being captured in `tx`: the hold is locked, checked
 * (tenant, status, expiry, SKU on the order), its reservation rows are released so the order's
 * plan sees the units as available, and it becomes consumed by `orderId`. Any refusal names the
 * field `reservation_id`. The caller reserves for the order in the same transaction, so the units
 * never become visible to anyone else.
 */
export async function consumeHold(tx: Db, actor: Actor, id: string, orderId: string, orderSkus: string[], now: Date): Promise<HoldRow> {
  const refuse = (code: ErrorCode, message: string): never => {
    throw new DomainError(code, `The reservation hold cannot be used: ${message}.`, [{ field: 'reservation_id', message }]);
  };
  const hold = await lockHold(tx, actor.tenantId, id);
  if (!hold) return refuse('RESERVATION_UNKNOWN', `no reservation hold ${id}`);
  const refusal = refusalToConsume(hold, now);
  if (refusal) return refuse(refusal, `hold ${id} is ${visibleHoldStatus(hold, now)}${hold.orderId ? ` (used by order ${hold.orderId})` : ''}`);
  if (!orderSkus.includes(hold.sku)) return refuse('RESERVATION_SKU_MISMATCH', `hold ${id} is for ${hold.sku}, which is not on the order`);
  // Take the order's stock locks now, in the global order (SKU advisory locks, then rows by
  // location, sku), before touching the hold's rows: the capture's plan re-takes the same locks.
  await lockStockForPlanning(tx, actor.tenantId, orderSkus);
  const { released } = await releaseHoldUnits(tx, actor.tenantId, [hold.id], now);
  await endHold(tx, actor.tenantId, hold.id, 'consumed', orderId, now);
  await appendEvents(tx, actor, now, [endedEvent(hold, 'consumed', released, { order_id: orderId })]);
  return hold;
}

export const HOLD_EXPIRY_ACTOR = 'system:hold-expiry';

/**
 * One round of the expiry worker: claims up to `batch` lapsed holds (SKIP LOCKED, so workers
 * never wait for each other nor take the same hold), gives their units back and marks them
 * expired, in one transaction. Tenants are handled in a fixed order so two workers never lock
 * stock rows of two tenants in opposite orders.
 */
export async function expireHolds(db: Db, now: Date, batch: number): Promise<{ handled: number; more: boolean }> {
  return inTransaction(db, async (tx) => {
    const claimed = await claimExpiredHolds(tx, now, batch);
    const tenants = [...new Set(claimed.map((h) => h.tenant_id))].sort();
    for (const tenantId of tenants) {
      const holds = claimed.filter((h) => h.tenant_id === tenantId);
      const { released } = await releaseHoldUnits(tx, tenantId, holds.map((h) => h.id), now);
      const events: NewEvent[] = [];
      for (const h of holds) {
        if (!(await endHold(tx, tenantId, h.id, 'expired', null, now))) continue;
        const row = { id: h.id, sku: h.sku, quantity: h.quantity } as HoldRow;
        events.push(endedEvent(row, 'expired', released.filter((r) => r.hold_id === h.id), { expired_at: h.expires_at.toISOString() }));
      }
      await appendEvents(tx, { tenantId, actorId: HOLD_EXPIRY_ACTOR }, now, events);
    }
    return { handled: claimed.length, more: claimed.length === batch };
  });
}
