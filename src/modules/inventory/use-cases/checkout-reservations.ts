import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError, type ErrorCode } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type Actor, type NewEvent } from '../../../platform/outbox/events.js';
import {
  allocationsOfCheckoutReservations,
  claimExpiredCheckoutReservations,
  endCheckoutReservation,
  findCheckoutReservation,
  insertCheckoutReservation,
  listCheckoutReservations,
  lockCheckoutReservation,
  releaseCheckoutUnits,
  type CheckoutReservationFilter,
  type CheckoutReservationRow,
} from '../db/checkout-reservations.queries.js';
import type { PageRequest } from '../../../platform/db/keyset.js';
import { lockStockForPlanning, reserveStock } from '../db/stock.queries.js';
import { expiryOf, refusalToConsume, visibleStatus } from '../domain/checkout-reservations.js';
import type { AvailabilityChange } from '../domain/stock-alerts.js';
import { StockChanged } from './reserve.js';

export interface CheckoutReservationRequest {
  sku: string;
  quantity: number;
  ttlSeconds: number;
  channel: string | null;
}

export interface CheckoutReservationView {
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

/** Events of a checkout reservation: `checkout_reservation.<created|consumed|released|expired>` (formerly `hold.*`, ADR 0015). */
const AGGREGATE = 'checkout_reservation';

/** The checkout reservation as the API shows it; `allocations` are the units it sets aside now (none once it ended). */
export function checkoutReservationView(reservation: CheckoutReservationRow, allocations: { location: string; quantity: number }[], now: Date): CheckoutReservationView {
  return {
    id: reservation.id,
    sku: reservation.sku,
    quantity: reservation.quantity,
    channel: reservation.channel,
    status: visibleStatus(reservation, now),
    expires_at: reservation.expiresAt.toISOString(),
    order_id: reservation.orderId,
    created_at: reservation.createdAt.toISOString(),
    allocations: reservation.status === 'active' ? allocations : [],
  };
}

export async function getCheckoutReservation(db: Db, tenantId: string, id: string, now: Date): Promise<CheckoutReservationView> {
  const reservation = await findCheckoutReservation(db, tenantId, id);
  if (!reservation) throw new DomainError('RESERVATION_NOT_FOUND', `No checkout reservation ${id}.`);
  return checkoutReservationView(reservation, (await allocationsOfCheckoutReservations(db, tenantId, [id])).map((a) => ({ location: a.location, quantity: a.quantity })), now);
}

/** A page of checkout reservations as the API shows them (the `size + 1` rows `page()` expects), with where live ones hold their units. */
export async function listCheckoutReservationViews(db: Db, tenantId: string, filter: CheckoutReservationFilter, now: Date, page: PageRequest): Promise<CheckoutReservationView[]> {
  const rows = await listCheckoutReservations(db, tenantId, filter, now, page);
  const allocations = await allocationsOfCheckoutReservations(db, tenantId, rows.filter((r) => r.status === 'active').map((r) => r.id));
  return rows.map((r) => checkoutReservationView(r, allocations.filter((a) => a.checkout_reservation_id === r.id).map((a) => ({ location: a.location, quantity: a.quantity })), now));
}

/**
 * Records a checkout reservation and reserves its units at the given locations (chosen by the
 * caller's plan), exactly or not at all: StockChanged when a stock row moved since the plan
 * (roll back, plan again).
 */
export async function createCheckoutReservation(
  tx: Db,
  actor: Actor,
  request: CheckoutReservationRequest,
  allocations: { locationId: string; locationCode: string; quantity: number }[],
  now: Date,
): Promise<{ reservation: CheckoutReservationRow; changes: AvailabilityChange[]; event: NewEvent }> {
  const reservation: CheckoutReservationRow = {
    tenantId: actor.tenantId,
    // `hld_`: the id prefix is part of the public API (reservation_id's pattern) and stays.
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
  await insertCheckoutReservation(tx, reservation);
  const changed = await reserveStock(tx, actor.tenantId, now, allocations.map((a) => ({ id: newId('res'), checkoutReservationId: reservation.id, sku: request.sku, locationId: a.locationId, quantity: a.quantity })));
  if (changed.length !== allocations.length) throw new StockChanged();
  const changes = changed.map((c) => {
    const qty = allocations.find((a) => a.locationId === c.location_id)?.quantity ?? 0;
    return { sku: c.sku, locationId: c.location_id, availableAfter: c.on_hand - c.reserved, availableBefore: c.on_hand - c.reserved + qty };
  });
  const event: NewEvent = {
    type: `${AGGREGATE}.created`,
    aggregateType: AGGREGATE,
    aggregateId: reservation.id,
    data: { sku: reservation.sku, quantity: reservation.quantity, channel: reservation.channel, expires_at: reservation.expiresAt.toISOString(), allocations: allocations.map((a) => ({ location: a.locationCode, quantity: a.quantity })) },
  };
  return { reservation, changes, event };
}

function endedEvent(reservation: Pick<CheckoutReservationRow, 'id' | 'sku' | 'quantity'>, to: 'released' | 'expired' | 'consumed', released: { location_id: string; quantity: number }[], extra: Record<string, unknown> = {}): NewEvent {
  return {
    type: `${AGGREGATE}.${to}`,
    aggregateType: AGGREGATE,
    aggregateId: reservation.id,
    data: { sku: reservation.sku, quantity: reservation.quantity, from: 'active', to, released: released.map((r) => ({ location_id: r.location_id, quantity: r.quantity })), ...extra },
  };
}

/**
 * Releases a checkout reservation (the client abandoned the checkout). Idempotent: one already
 * released or expired answers the same; a consumed one belongs to its order and is refused.
 */
export async function releaseCheckoutReservation(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  await inTransaction(db, async (tx) => {
    const reservation = await lockCheckoutReservation(tx, actor.tenantId, id);
    if (!reservation) throw new DomainError('RESERVATION_NOT_FOUND', `No checkout reservation ${id}.`);
    if (reservation.status === 'consumed') throw new DomainError('RESERVATION_CONSUMED', `Checkout reservation ${id} was used by order ${reservation.orderId}; cancel the order to give its stock back.`);
    if (reservation.status !== 'active') return;
    const { released } = await releaseCheckoutUnits(tx, actor.tenantId, [reservation.id], now);
    await endCheckoutReservation(tx, actor.tenantId, reservation.id, 'released', null, now);
    await appendEvents(tx, actor, now, [endedEvent(reservation, 'released', released, { reason: 'released by the client' })]);
  });
}

/**
 * Hands an active checkout reservation's units to an order being captured in `tx`: it is locked,
 * checked (tenant, status, expiry, SKU on the order), its reservation rows are released so the
 * order's plan sees the units as available, and it becomes consumed by `orderId`. Any refusal
 * names the field `reservation_id`. The caller reserves for the order in the same transaction,
 * so the units never become visible to anyone else.
 */
export async function consumeCheckoutReservation(tx: Db, actor: Actor, id: string, orderId: string, orderSkus: string[], now: Date): Promise<CheckoutReservationRow> {
  const refuse = (code: ErrorCode, message: string): never => {
    throw new DomainError(code, `The checkout reservation cannot be used: ${message}.`, [{ field: 'reservation_id', message }]);
  };
  const reservation = await lockCheckoutReservation(tx, actor.tenantId, id);
  if (!reservation) return refuse('RESERVATION_UNKNOWN', `no checkout reservation ${id}`);
  const refusal = refusalToConsume(reservation, now);
  if (refusal) return refuse(refusal, `checkout reservation ${id} is ${visibleStatus(reservation, now)}${reservation.orderId ? ` (used by order ${reservation.orderId})` : ''}`);
  if (!orderSkus.includes(reservation.sku)) return refuse('RESERVATION_SKU_MISMATCH', `checkout reservation ${id} is for ${reservation.sku}, which is not on the order`);
  // Take the order's stock locks now, in the global order (SKU advisory locks, then rows by
  // location, sku), before touching the reservation's rows: the capture's plan re-takes the same locks.
  await lockStockForPlanning(tx, actor.tenantId, orderSkus);
  const { released } = await releaseCheckoutUnits(tx, actor.tenantId, [reservation.id], now);
  await endCheckoutReservation(tx, actor.tenantId, reservation.id, 'consumed', orderId, now);
  await appendEvents(tx, actor, now, [endedEvent(reservation, 'consumed', released, { order_id: orderId })]);
  return reservation;
}

export const CHECKOUT_RESERVATION_EXPIRY_ACTOR = 'system:checkout-reservation-expiry';

/**
 * One round of the expiry worker: claims up to `batch` lapsed checkout reservations (SKIP
 * LOCKED, so workers never wait for each other nor take the same one), gives their units back
 * and marks them expired, in one transaction. Tenants are handled in a fixed order so two
 * workers never lock stock rows of two tenants in opposite orders.
 */
export async function expireCheckoutReservations(db: Db, now: Date, batch: number): Promise<{ handled: number; more: boolean }> {
  return inTransaction(db, async (tx) => {
    const claimed = await claimExpiredCheckoutReservations(tx, now, batch);
    const tenants = [...new Set(claimed.map((c) => c.tenant_id))].sort();
    for (const tenantId of tenants) {
      const lapsed = claimed.filter((c) => c.tenant_id === tenantId);
      const { released } = await releaseCheckoutUnits(tx, tenantId, lapsed.map((c) => c.id), now);
      const events: NewEvent[] = [];
      for (const c of lapsed) {
        if (!(await endCheckoutReservation(tx, tenantId, c.id, 'expired', null, now))) continue;
        events.push(endedEvent(c, 'expired', released.filter((r) => r.checkout_reservation_id === c.id), { expired_at: c.expires_at.toISOString() }));
      }
      await appendEvents(tx, { tenantId, actorId: CHECKOUT_RESERVATION_EXPIRY_ACTOR }, now, events);
    }
    return { handled: claimed.length, more: claimed.length === batch };
  });
}
