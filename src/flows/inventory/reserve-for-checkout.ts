import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { idempotently, type Idempotency, type KeyCompletion } from '../../platform/idempotency/idempotency.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { findStockPolicies } from '../../modules/catalog/index.js';
import { createCheckoutReservation, lockStockForPlanning, readStockForPlanning, stockAlerts, type CheckoutReservationView, type StockSnapshotRow } from '../../modules/inventory/index.js';
import { defaultRule, type Plan, type RoutingPolicy } from '../../modules/routing/index.js';
import { loadRoutingSetup, routeLines, type RoutingSetup } from '../routing/steps/routing.js';
import { withOptimisticPlan } from './steps/optimistic-plan.js';

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

/**
 * Unlocked tries before a checkout reservation plans under row locks (ADR 0002). Two, not
 * capture's three: it plans one SKU, so a second stale read means that one row is contended right
 * now, and planning under its lock (which cannot fail on a stale read) is the cheaper way through.
 */
const OPTIMISTIC_ATTEMPTS = 2;

/**
 * Reserves stock for a checkout: all of it or nothing (409 INVENTORY_INSUFFICIENT), at the
 * locations `chooseCheckoutLocations` picks, until `ttl_seconds` from now. Idempotent with a key.
 */
export async function reserveForCheckout(db: Db, actor: Actor, input: CheckoutReservationInput, now: Date, idempotency?: Idempotency): Promise<{ statusCode: 201; body: CheckoutReservationView }> {
  const policy = (await findStockPolicies(db, actor.tenantId, [input.sku])).find((p) => p.sku === input.sku);
  if (!policy) throw new DomainError('PRODUCT_UNKNOWN_SKU', `No product with SKU ${input.sku}.`, [{ field: 'sku', message: `no product with SKU ${input.sku}` }]);
  if (policy.components.length > 0) throw new DomainError('PRODUCT_IS_KIT', `${input.sku} is a kit; reserve its components.`, [{ field: 'sku', message: `${input.sku} is a kit and holds no stock of its own` }]);
  const [setup, firstRead] = await Promise.all([loadRoutingSetup(db, actor.tenantId, now), readStockForPlanning(db, actor.tenantId, [input.sku])]);
  const { statusCode, body } = await withOptimisticPlan(
    OPTIMISTIC_ATTEMPTS,
    firstRead,
    () => readStockForPlanning(db, actor.tenantId, [input.sku]),
    (snapshot) =>
      inTransaction(db, (tx) =>
        idempotently(tx, actor.tenantId, idempotency, now, 201, (completion) => reserveInTransaction(tx, actor, input, policy.lowStockThreshold, setup, now, completion, snapshot)),
      ),
  );
  return { statusCode, body };
}

async function reserveInTransaction(
  tx: Db,
  actor: Actor,
  input: CheckoutReservationInput,
  lowStockThreshold: number,
  setup: RoutingSetup,
  now: Date,
  completion: KeyCompletion,
  unlockedSnapshot: StockSnapshotRow[] | undefined,
): Promise<CheckoutReservationView> {
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
  await appendEvents(tx, actor, now, [{ ...event, data: { ...event.data, explanation: plan.explanation } }, ...alerts], completion.inEvents(body));
  return body;
}
