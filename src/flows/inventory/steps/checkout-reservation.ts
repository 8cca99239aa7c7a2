import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Actor } from '../../../platform/outbox/events.js';
import { consumeCheckoutReservation } from '../../../modules/inventory/index.js';
import { findOrderByExternalId } from '../../../modules/orders/index.js';

/**
 * Called by the capture (inside its transaction) when the order carries `reservation_id`: the
 * checkout reservation is checked and consumed by this order, and its units are given back to
 * the stock rows, which are left locked, so the order's plan (made on locked rows; see
 * capture/steps/capture-order.ts) counts them and nobody else can take them before the order reserves. Returns
 * whether a checkout reservation was consumed.
 */
export async function takeCheckoutReservation(tx: Db, actor: Actor, input: { channel: string; external_id?: string | null; reservation_id?: string | null }, orderId: string, skus: string[], now: Date): Promise<boolean> {
  if (!input.reservation_id) return false;
  try {
    await consumeCheckoutReservation(tx, actor, input.reservation_id, orderId, skus, now);
  } catch (error) {
    // A retry of an order that already took this checkout reservation is a duplicate, not a misuse of it.
    if (!(error instanceof DomainError && error.code === 'RESERVATION_CONSUMED' && input.external_id)) throw error;
    const existing = await findOrderByExternalId(tx, actor.tenantId, input.channel, input.external_id);
    if (existing) throw new OrderAlreadyCaptured();
    throw error;
  }
  return true;
}

/**
 * The order (channel, external_id) exists and consumed this checkout reservation. It carries the SQLSTATE the
 * orders' unique index raises for a duplicate, so the capture answers it exactly as it answers
 * any repeated (channel, external_id): 200 with the existing order.
 */
export class OrderAlreadyCaptured extends Error {
  readonly code = '23505';
  constructor() {
    super('the order was already captured with this checkout reservation');
    this.name = 'OrderAlreadyCaptured';
  }
}
