import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { currencyExponent, formatMoney } from '../../platform/kernel/money.js';
import { VERIFICATION_CONFIRMED } from '../../platform/outbox/event-types.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { activeHoldsOfOrders, findOrder, linesOfOrders, lockedOrder } from '../../modules/orders/index.js';
import { closeCase, findOpenCase, getCase, liveVerification, requestVerification, useVerification } from '../../modules/reviews/index.js';
import { lockOrderToRelease, releaseOrderHold } from '../orders/steps/holds.js';

/**
 * Customer verification (ADR 0031): the public page behind a signed link, its confirmation, and an
 * operator's resend. The token is the only credential; a problem answer changes nothing.
 */

/** GET /v1/verify/{token}: what the customer is asked to confirm (no more personal data than they gave). */
export async function verificationPage(db: Db, token: string, now: Date) {
  const link = await liveVerification(db, token, now);
  const order = await findOrder(db, link.tenantId, link.orderId);
  if (!order) throw new DomainError('VERIFICATION_LINK_INVALID', 'No such verification link.', [{ field: 'token', message: 'names no order' }]);
  const lines = (await linesOfOrders(db, link.tenantId, [order.id])).filter((l) => l.parentLineId === null);
  const address = order.shippingAddress as Record<string, unknown> | null;
  const exp = currencyExponent(order.currency) ?? 2;
  return {
    order_number: order.channelOrderName ?? String(order.number),
    placed_at: (order.placedAt ?? order.createdAt).toISOString(),
    total: formatMoney(order.totalMinor, exp),
    currency: order.currency,
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity - l.cancelled })),
    ship_to: address ? { name: str(address.name), city: str(address.city), region: str(address.region), postal_code: str(address.postal_code), country: str(address.country) } : null,
    expires_at: link.expiresAt.toISOString(),
  };
}
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * POST /v1/verify/{token}: the customer confirms. Under the order's row lock the link is used
 * (once), the verification case closed as approved and its hold released (`verification.confirmed`).
 */
export async function confirmVerification(db: Db, token: string, now: Date): Promise<{ confirmed: true; order_number: string }> {
  return inTransaction(db, async (tx) => {
    const link = await liveVerification(tx, token, now);
    const actor: Actor = { tenantId: link.tenantId, actorId: `customer:${link.id}` };
    const order = await lockOrderToRelease(tx, link.tenantId, link.orderId);
    const c = await getCase(tx, link.tenantId, link.caseId);
    const holdActive = (await activeHoldsOfOrders(tx, link.tenantId, [order.id])).some((h) => h.id === link.holdId);
    if (c.status !== 'open' || !holdActive) throw new DomainError('VERIFICATION_LINK_USED', 'This order no longer waits for your confirmation.', [{ field: 'token', message: 'is no longer needed' }]);
    await useVerification(tx, link, now);
    const closed = await closeCase(tx, actor, c.id, { resolution: 'approved', reason: 'confirmed by the customer through the verification link' }, now);
    await appendEvents(tx, actor, now, [closed.event, { type: VERIFICATION_CONFIRMED, aggregateType: 'order', aggregateId: order.id, data: { case_id: c.id, verification_id: link.id, hold_id: link.holdId } }]);
    await releaseOrderHold(tx, actor, order, link.holdId, 'customer confirmed the order', now);
    return { confirmed: true as const, order_number: order.channelOrderName ?? String(order.number) };
  });
}

/** POST /v1/orders/{id}/verification: a new link for the order's open verification case; earlier links are void. */
export async function resendVerification(db: Db, actor: Actor, orderId: string, now: Date): Promise<{ case_id: string; url: string; expires_at: string }> {
  return inTransaction(db, async (tx) => {
    await lockedOrder(tx, actor.tenantId, orderId);
    const c = await findOpenCase(tx, actor.tenantId, orderId, 'verification');
    if (!c) throw new DomainError('VERIFICATION_NOT_PENDING', `Order ${orderId} has no open verification.`, [{ field: 'id', message: 'has no active verification hold' }]);
    const requested = await requestVerification(tx, actor, c, now);
    await appendEvents(tx, actor, now, [requested.event]);
    return { case_id: c.id, url: requested.url, expires_at: requested.expiresAt.toISOString() };
  });
}
