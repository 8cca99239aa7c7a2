import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { claimIdempotencyKey } from '../../platform/idempotency/idempotency.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { findStockPolicies } from '../../modules/catalog/index.js';
import { consumeCheckoutReservation, createCheckoutReservation, lockStockForPlanning, readStockForPlanning, StockChanged, stockAlerts, type CheckoutReservationView, type StockSnapshotRow } from '../../modules/inventory/index.js';
import { findOrderByExternalId } from '../../modules/orders/index.js';
import { defaultRule, type Plan, type RoutingPolicy } from '../../modules/routing/index.js';
import { loadRoutingSetup, routeLines, type RoutingSetup } from '../routing/steps/routing.js';

export interface CheckoutReservationInput {
  sku: string;
  quantity: number;
  ttl_seconds: number;
  channel?: string | null;
}

const CHECKOUT_LINE = 'checkout';

/**
 * Where a checkout reservation takes its units from: the tenant's routing rules for its channel
 * (the same path as capture, `routeLines`), for a line that may not be backordered — so it never
 * promises stock the channel may not sell (safety stock, channel visibility). One without a
 * channel is routed by the default rule with every location visible.
 */
export function chooseCheckoutLocations(request: { sku: string; quantity: number; channel: string | null }, snapshot: StockSnapshotRow[], setup: RoutingSetup): Plan {
  const line = { lineId: CHECKOUT_LINE, sku: request.sku, quantity: request.quantity, backorderable: false, unitPriceMinor: 0 };
  const anyChannel: RoutingPolicy = { name: 'default', position: 0, scope: {}, rules: [{ ...defaultRule, filters: { channel_visibility: false } }] };
  return routeLines({ channel: request.channel ?? '', currency: 'USD' }, [line], setup, snapshot, request.channel === null ? { policy: anyChannel } : {});
}

/** Optimistic attempts (plan on an unlocked read) before planning under row locks, as for a capture. */
const OPTIMISTIC_ATTEMPTS = 2;

/**
 * Reserves stock for a checkout: all of it or nothing (409 INVENTORY_INSUFFICIENT), at the
 * locations `chooseCheckoutLocations` picks, until `ttl_seconds` from now. Idempotent with a key.
 */
export async function reserveForCheckout(db: Db, actor: Actor, input: CheckoutReservationInput, now: Date, idempotency?: { key: string; fingerprint: string }): Promise<{ statusCode: 201; body: CheckoutReservationView }> {
  const policy = (await findStockPolicies(db, actor.tenantId, [input.sku])).find((p) => p.sku === input.sku);
  if (!policy) throw new DomainError('PRODUCT_UNKNOWN_SKU', `No product with SKU ${input.sku}.`, [{ field: 'sku', message: `no product with SKU ${input.sku}` }]);
  if (policy.components.length > 0) throw new DomainError('PRODUCT_IS_KIT', `${input.sku} is a kit; reserve its components.`, [{ field: 'sku', message: `${input.sku} is a kit and holds no stock of its own` }]);
  const [setup, firstRead] = await Promise.all([loadRoutingSetup(db, actor.tenantId, now), readStockForPlanning(db, actor.tenantId, [input.sku])]);
  let snapshot = firstRead;
  for (let attempt = 1; ; attempt++) {
    const locked = attempt > OPTIMISTIC_ATTEMPTS;
    try {
      return await inTransaction(db, (tx) => reserveInTransaction(tx, actor, input, policy.lowStockThreshold, setup, now, idempotency, locked ? undefined : snapshot));
    } catch (error) {
      if (!(error instanceof StockChanged) || locked) throw error;
      snapshot = await readStockForPlanning(db, actor.tenantId, [input.sku]);
    }
  }
}

async function reserveInTransaction(
  tx: Db,
  actor: Actor,
  input: CheckoutReservationInput,
  lowStockThreshold: number,
  setup: RoutingSetup,
  now: Date,
  idempotency: { key: string; fingerprint: string } | undefined,
  unlockedSnapshot: StockSnapshotRow[] | undefined,
): Promise<{ statusCode: 201; body: CheckoutReservationView }> {
  if (idempotency) {
    const claim = await claimIdempotencyKey(tx, actor.tenantId, idempotency.key, idempotency.fingerprint, now);
    if (claim.kind === 'replay') return { statusCode: 201, body: claim.response as CheckoutReservationView };
  }
  const request = { sku: input.sku, quantity: input.quantity, channel: input.channel ?? null };
  let plan = unlockedSnapshot ? chooseCheckoutLocations(request, unlockedSnapshot, setup) : undefined;
  // A refusal is decided on locked, current rows, never on a stale read.
  if (!plan || plan.shortages.length > 0) plan = chooseCheckoutLocations(request, await lockStockForPlanning(tx, actor.tenantId, [input.sku]), setup);
  const short = plan.shortages[0];
  if (short) {
    throw new DomainError('INVENTORY_INSUFFICIENT', `Not enough stock to reserve ${input.quantity} of ${input.sku}.`, [{ field: 'quantity', message: `only ${short.available} of ${input.sku} available, ${input.quantity} requested` }], {
      short_skus: [{ sku: input.sku, requested: input.quantity, available: short.available }],
    });
  }
  const allocations = plan.allocations.map((a) => ({ locationId: a.locationId, locationCode: a.locationCode, quantity: a.quantity }));
  const { reservation, changes, event } = await createCheckoutReservation(tx, actor, { ...request, ttlSeconds: input.ttl_seconds }, allocations, now);
  const body: CheckoutReservationView = {
    id: reservation.id,
    sku: reservation.sku,
    quantity: reservation.quantity,
    channel: reservation.channel,
    status: reservation.status,
    expires_at: reservation.expiresAt.toISOString(),
    order_id: null,
    created_at: reservation.createdAt.toISOString(),
    allocations: allocations.map((a) => ({ location: a.locationCode, quantity: a.quantity })),
  };
  const alerts = stockAlerts(changes, () => lowStockThreshold).map((a) => ({
    type: a.type,
    aggregateType: 'stock',
    aggregateId: `${a.sku}@${a.locationId}`,
    data: { sku: a.sku, location_id: a.locationId, available: a.available, threshold: a.threshold },
  }));
  await appendEvents(tx, actor, now, [{ ...event, data: { ...event.data, explanation: plan.explanation } }, ...alerts], idempotency ? { key: idempotency.key, statusCode: 201, response: body } : undefined);
  return { statusCode: 201, body };
}

/**
 * Called by the capture (inside its transaction) when the order carries `reservation_id`: the
 * checkout reservation is checked and consumed by this order, and its units are given back to
 * the stock rows, which are left locked, so the order's plan (made on locked rows; see
 * place-order) counts them and nobody else can take them before the order reserves. Returns
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
