import type { Db } from '../../platform/db/database.js';
import type { Address } from '../../platform/http/address.js';
import { postgresErrorCode } from '../../platform/db/sql-state.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { claimIdempotencyKey, completeIdempotencyKey } from '../../platform/idempotency/idempotency.js';
import { requireCountry } from '../../platform/kernel/country.js';
import { newId } from '../../platform/kernel/ids.js';
import { findUnstorableString } from '../../platform/kernel/text.js';
import { moneyFromWire, requireCurrency } from '../../platform/kernel/money.js';
import { appendEvents, type Actor, type NewEvent } from '../../platform/outbox/events.js';
import { findStockPolicies, type StockPolicy } from '../../modules/catalog/index.js';
import { lockStockForPlanning, readStockForPlanning, reserve, StockChanged, stockAlerts, type StockSnapshotRow } from '../../modules/inventory/index.js';
import { allocationStatus, findOrderByExternalId, insertOrderWithLines, type OrderLineRow, type OrderRow } from '../../modules/orders/index.js';
import type { RoutedPlan } from '../../modules/routing/index.js';
import { getSettings, type TenantSettings } from '../../modules/tenancy/index.js';
import { takeCheckoutReservation } from '../inventory/reserve-for-checkout.js';
import { expectedDatesOf, loadOrderViews, orderView, type OrderView } from '../orders/steps/order-view.js';
import { loadRoutingSetup, routeLines, type RouteOptions, type RoutingSetup } from '../routing/steps/routing.js';
import { openFulfillmentOrders } from '../fulfillment/steps/fulfillment-orders.js';
import { assertExplodedLines, componentLineRows, customerLineIndex, lineIdsFor, plannedLines, stockSkusOf } from '../routing/steps/explode-kits.js';

/** The canonical order every channel is normalised into. */
export interface CanonicalOrder {
  channel: string;
  external_id?: string | null;
  currency: string;
  placed_at?: string | null;
  customer?: { email?: string | null; name?: string | null; phone?: string | null } | null;
  shipping_address?: Address | null;
  billing_address?: Address | null;
  lines: { sku: string; quantity: number; unit_price: string }[];
  shipping?: { service_level?: string | null; price?: string | null } | null;
  notes?: string | null;
  tags?: string[];
  /** A checkout reservation (POST /v1/reservations) whose units this order takes; consumed once. */
  reservation_id?: string | null;
}

export interface CaptureResult {
  statusCode: 200 | 201;
  body: OrderView;
  outcome: string;
}

export interface Prepared {
  unitPrices: number[];
  shippingMinor: number;
  subtotalMinor: number;
  products: Map<string, StockPolicy>;
}

/**
 * Every channel's order reaches the database through here: text no column can hold (NUL, a lone
 * surrogate, from an import file, an X12 set or a webhook) is refused naming the field, before
 * any query is sent with it.
 */
function requireStorable(input: CanonicalOrder): void {
  const bad = findUnstorableString(input);
  if (bad) throw new DomainError('REQUEST_INVALID', `${bad.field} ${bad.problem}.`, [{ field: bad.field, message: bad.problem }]);
}

/** Everything that can be checked before a transaction opens: money, countries, SKUs (also used by routing simulation). */
export async function prepare(db: Db, tenantId: string, input: CanonicalOrder): Promise<Prepared> {
  requireStorable(input);
  const exponent = requireCurrency(input.currency, 'currency');
  const errors: FieldError[] = [];
  const collect = (check: () => void) => {
    try {
      check();
    } catch (error) {
      if (error instanceof DomainError && error.errors) errors.push(...error.errors);
      else throw error;
    }
  };
  const unitPrices = input.lines.map((line, i) => {
    let minor = 0;
    collect(() => (minor = moneyFromWire(line.unit_price, input.currency, exponent, `lines[${i}].unit_price`)));
    return minor;
  });
  let shippingMinor = 0;
  if (input.shipping?.price != null) collect(() => (shippingMinor = moneyFromWire(input.shipping?.price as string, input.currency, exponent, 'shipping.price')));
  if (input.shipping_address) collect(() => requireCountry((input.shipping_address as Address).country, 'shipping_address.country'));
  if (input.billing_address) collect(() => requireCountry((input.billing_address as Address).country, 'billing_address.country'));
  if (errors.length > 0) throw new DomainError('REQUEST_INVALID', 'Some values are not acceptable.', errors);

  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const products = new Map((await findStockPolicies(db, tenantId, skus)).map((p) => [p.sku, p]));
  const unknown: FieldError[] = input.lines.flatMap((l, i) => (products.has(l.sku) ? [] : [{ field: `lines[${i}].sku`, message: `no product with SKU ${l.sku}` }]));
  if (unknown.length > 0) throw new DomainError('PRODUCT_UNKNOWN_SKU', 'Some SKUs are not in the catalog.', unknown);
  assertExplodedLines(input.lines, products);

  const subtotalMinor = input.lines.reduce((sum, l, i) => sum + l.quantity * (unitPrices[i] as number), 0);
  if (!Number.isSafeInteger(subtotalMinor + shippingMinor)) throw new DomainError('MONEY_INVALID', 'The order total is too large.', [{ field: 'lines', message: 'total is too large' }]);
  return { unitPrices, shippingMinor, subtotalMinor, products };
}

/** Optimistic attempts (plan on an unlocked read) before planning under row locks. */
const OPTIMISTIC_ATTEMPTS = 3;

/**
 * Captures an order. It is validated whole first; then, in ONE transaction: the idempotency key
 * is claimed, the order, its lines and its events are written, and the stock is reserved last,
 * so hot stock rows stay locked for one statement. The plan is made on an unlocked read; if stock
 * moved meanwhile the conditional reservation fails, the transaction rolls back and the order is
 * planned again; the last attempt (and any plan that finds a shortage) plans under row locks, so
 * a capture always terminates and is never refused on a stale read.
 * A repeated (channel, external_id) answers the existing order with 200 and changes nothing.
 */
export async function placeOrder(
  db: Db,
  actor: Actor,
  input: CanonicalOrder,
  now: Date,
  idempotency?: { key: string; fingerprint: string },
): Promise<CaptureResult> {
  requireStorable(input); // before the reads below send its SKUs
  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const [prepared, settings, firstRead, routing] = await Promise.all([
    prepare(db, actor.tenantId, input),
    getSettings(db, actor.tenantId),
    readStockForPlanning(db, actor.tenantId, skus),
    loadRoutingSetup(db, actor.tenantId, now),
  ]);
  // Kits carry no stock: their components' stock is what is planned on (read again only for kits).
  const stockSkus = stockSkusOf(skus, prepared.products);
  let snapshot = stockSkus === skus ? firstRead : await readStockForPlanning(db, actor.tenantId, stockSkus);
  for (let attempt = 1; ; attempt++) {
    const locked = attempt > OPTIMISTIC_ATTEMPTS;
    try {
      return await inTransaction(db, (tx) => captureInTransaction(tx, actor, input, prepared, routing, settings, now, idempotency, locked ? undefined : snapshot));
    } catch (error) {
      if (error instanceof StockChanged && !locked) {
        snapshot = await readStockForPlanning(db, actor.tenantId, stockSkus);
        continue;
      }
      const existing = postgresErrorCode(error) === '23505' && input.external_id ? await findOrderByExternalId(db, actor.tenantId, input.channel, input.external_id) : undefined;
      if (!existing) throw error;
      return answerExisting(db, actor, existing, now, idempotency);
    }
  }
}

/** A repeated (channel, external_id): the existing order, remembered for this key's retries too. */
async function answerExisting(db: Db, actor: Actor, existing: OrderRow, now: Date, idempotency?: { key: string; fingerprint: string }): Promise<CaptureResult> {
  const [body] = await loadOrderViews(db, actor.tenantId, [existing]);
  const result: CaptureResult = { statusCode: 200, body: body as OrderView, outcome: 'duplicate' };
  if (idempotency) {
    const replay = await inTransaction(db, async (tx) => {
      const claim = await claimIdempotencyKey(tx, actor.tenantId, idempotency.key, idempotency.fingerprint, now);
      if (claim.kind === 'replay') return { statusCode: claim.statusCode as 200 | 201, body: claim.response as OrderView, outcome: 'replayed' };
      await completeIdempotencyKey(tx, actor.tenantId, idempotency.key, 200, result.body);
      return undefined;
    });
    if (replay) return replay;
  }
  return result;
}

/** The allocation plan for an order over a stock snapshot, by the tenant's routing rules (also used by simulation). */
export function planFor(input: CanonicalOrder, lineIds: string[], prepared: Prepared, routing: RoutingSetup, snapshot: StockSnapshotRow[], options: RouteOptions = {}): RoutedPlan {
  // Kit lines are planned as their component lines (src/flows/routing/steps/explode-kits.ts).
  const lines = plannedLines(input.lines, prepared.unitPrices, prepared.products, lineIds);
  return routeLines(input, lines, routing, snapshot, options);
}

async function captureInTransaction(
  tx: Db,
  actor: Actor,
  input: CanonicalOrder,
  prepared: Prepared,
  routing: RoutingSetup,
  settings: TenantSettings,
  now: Date,
  idempotency: { key: string; fingerprint: string } | undefined,
  unlockedSnapshot: StockSnapshotRow[] | undefined,
): Promise<CaptureResult> {
  if (idempotency) {
    const claim = await claimIdempotencyKey(tx, actor.tenantId, idempotency.key, idempotency.fingerprint, now);
    if (claim.kind === 'replay') return { statusCode: claim.statusCode as 200 | 201, body: claim.response as OrderView, outcome: 'replayed' };
  }
  const orderId = newId('ord');
  const lineIds = lineIdsFor(input.lines, prepared.products, () => newId('oln'));
  const skus = [...new Set(input.lines.map((l) => l.sku))];
  // A checkout reservation hands its units back to the (now locked) stock rows; the plan must then
  // run on those locked rows, which count them, rather than on the read made before it was released.
  if (await takeCheckoutReservation(tx, actor, input, orderId, skus, now)) unlockedSnapshot = undefined;
  let plan = unlockedSnapshot ? planFor(input, lineIds, prepared, routing, unlockedSnapshot) : undefined;
  if (!plan || plan.shortages.length > 0 || plan.backorders.length > 0 || plan.hold) {
    // A refusal or a backorder is decided on locked, current rows, never on a stale read: a
    // receipt committing meanwhile then either is seen here or sees this backorder and fills it.
    plan = planFor(input, lineIds, prepared, routing, await lockStockForPlanning(tx, actor.tenantId, stockSkusOf(skus, prepared.products)));
  }
  if (plan.shortages.length > 0 && !settings.accept_unfillable_orders_on_hold) {
    throw new DomainError(
      'INVENTORY_INSUFFICIENT',
      `Not enough stock for ${plan.shortages.map((s) => s.sku).join(', ')}.`,
      plan.shortages.map((s) => ({ field: `lines[${customerLineIndex(input.lines, prepared.unitPrices, prepared.products, lineIds, s.lineId)}].quantity`, message: `only ${s.available} of ${s.sku} available, ${s.requested} requested` })),
      { short_skus: plan.shortages.map((s) => ({ sku: s.sku, requested: s.requested, available: s.available })) },
    );
  }
  const lines: OrderLineRow[] = input.lines.map((l, i) => {
    const id = lineIds[i] as string;
    return {
      tenantId: actor.tenantId,
      id,
      orderId,
      lineNo: i + 1,
      sku: l.sku,
      quantity: l.quantity,
      unitPriceMinor: prepared.unitPrices[i] as number,
      allocated: (plan as RoutedPlan).allocations.filter((a) => a.lineId === id).reduce((n, a) => n + a.quantity, 0),
      backordered: (plan as RoutedPlan).backorders.filter((b) => b.lineId === id).reduce((n, b) => n + b.quantity, 0),
      cancelled: 0,
      shipped: 0,
      parentLineId: null,
      priceShareMinor: null,
    };
  });
  lines.push(...componentLineRows({ tenantId: actor.tenantId, orderId }, input.lines, prepared.unitPrices, prepared.products, lineIds, plan));
  // A rule may hold the order in a named queue: it is captured unallocated, on hold, with the reason.
  const status = allocationStatus(lines, plan.shortages.length > 0 || plan.hold !== null);
  const order: OrderRow = {
    tenantId: actor.tenantId,
    id: orderId,
    channel: input.channel,
    externalId: input.external_id ?? null,
    status,
    version: 1,
    currency: input.currency,
    placedAt: input.placed_at ? new Date(input.placed_at) : null,
    customerEmail: input.customer?.email?.toLowerCase() ?? null,
    customer: input.customer ?? null,
    shippingAddress: (input.shipping_address as Record<string, unknown> | undefined) ?? null,
    billingAddress: (input.billing_address as Record<string, unknown> | undefined) ?? null,
    shippingServiceLevel: input.shipping?.service_level ?? null,
    shippingMinor: prepared.shippingMinor,
    subtotalMinor: prepared.subtotalMinor,
    totalMinor: prepared.subtotalMinor + prepared.shippingMinor,
    notes: input.notes ?? null,
    tags: input.tags ?? [],
    createdBy: actor.actorId,
    createdAt: now,
    updatedAt: now,
  };
  await insertOrderWithLines(tx, order, lines);
  const allocations = plan.allocations.map((a) => ({ line_id: a.lineId, sku: a.sku, location: a.locationCode, quantity: a.quantity }));
  const events: NewEvent[] = [
    { type: 'order.created', aggregateType: 'order', aggregateId: orderId, data: { channel: order.channel, external_id: order.externalId, lines: lines.length, total: order.totalMinor, currency: order.currency } },
    {
      type: `order.${status}`,
      aggregateType: 'order',
      aggregateId: orderId,
      data: {
        from: 'received',
        to: status,
        reason: plan.hold ? `held in queue ${plan.hold.queue} by routing rule ${plan.rule}: ${plan.hold.reason}` : 'allocation at capture',
        policy: plan.policy,
        rule: plan.rule,
        ...(plan.hold ? { hold_queue: plan.hold.queue } : {}),
        explanation: plan.explanation,
        allocations,
        backorders: plan.backorders,
        shortages: plan.shortages,
      },
    },
  ];
  // Backordered lines answer when inbound supply is expected to cover them (two reads, only then).
  const body = orderView(order, lines, allocations, plan.backorders.length > 0 ? await expectedDatesOf(tx, actor.tenantId, lines) : undefined);
  // The events and the stored idempotent response go in one statement.
  // One fulfillment order per order × location, released or pending by the tenant's release policy
  // (before the reservation, so the hot stock rows are not held while it is written).
  events.push(...(await openFulfillmentOrders(tx, actor, orderId, plan.allocations, now, { mergeIntoOpen: false, policy: settings.fulfillment_release })));
  await appendEvents(tx, actor, now, events, idempotency ? { key: idempotency.key, statusCode: 201, response: body } : undefined);
  // Reserve last: the stock rows are locked only from here to COMMIT.
  const changes = await reserve(
    tx,
    actor.tenantId,
    plan.allocations.map((a) => ({ orderId, orderLineId: a.lineId, sku: a.sku, locationId: a.locationId, quantity: a.quantity })),
    now,
  );
  const alerts = stockAlerts(changes, (sku) => prepared.products.get(sku)?.lowStockThreshold);
  await appendEvents(
    tx,
    actor,
    now,
    [...alerts.map((a) => ({ type: a.type, aggregateType: 'stock', aggregateId: `${a.sku}@${a.locationId}`, data: { sku: a.sku, location_id: a.locationId, available: a.available, threshold: a.threshold } }))],
  );
  return { statusCode: 201, body, outcome: status };
}
