import type { Db } from '../../../platform/db/database.js';
import type { CanonicalOrder } from '../../../platform/contracts/canonical-order.js';
import { postgresErrorCode } from '../../../platform/db/sql-state.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { idempotently, type Idempotency, type KeyCompletion } from '../../../platform/idempotency/idempotency.js';
import { normaliseEmail } from '../../../platform/kernel/email.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type Actor, type NewEvent } from '../../../platform/outbox/events.js';
import { lockStockForPlanning, readStockForPlanning, reserve, stockAlerts, type StockSnapshotRow } from '../../../modules/inventory/index.js';
import { allocationStatus, dayOf, findOrderByExternalId, insertOrderWithLinesAnd, orderChecksWrite, placeHold, type HoldRequest, type PlacedHold, type NewOrderRow, type OrderLineRow, type OrderRow, type OrderStatus } from '../../../modules/orders/index.js';
import type { RoutedPlan } from '../../../modules/routing/index.js';
import { getSettings, type TenantSettings } from '../../../modules/tenancy/index.js';
import { findChannel } from '../../../modules/channels/index.js';
import { openFulfillmentOrders } from '../../fulfillment/steps/fulfillment-orders.js';
import { withOptimisticPlan } from '../../inventory/steps/optimistic-plan.js';
import { takeCheckoutReservation } from '../../inventory/steps/checkout-reservation.js';
import { holdView } from '../../orders/steps/holds.js';
import { openCasesForHolds } from '../../reviews/steps/cases.js';
import type { ReviewDetails } from '../../../modules/reviews/index.js';
import { expectedDatesOf, loadOrderViews, orderView, type OrderView } from '../../orders/steps/order-view.js';
import { componentLineRows, customerLineIndex, lineIdsFor, stockSkusOf } from '../../routing/steps/explode-kits.js';
import { loadRoutingSetup, type RoutingSetup } from '../../routing/steps/routing.js';
import { answerDuplicate } from './answer-duplicate.js';
import { linkCustomer } from './link-customer.js';
import { checkEvents, checkOrder, checksRow, isDirectApiOrder, type OrderChecks } from './check-order.js';
import { openLedger } from './open-ledger.js';
import { planFor, prepare, requireStorable, type Prepared } from './prepare-order.js';
import { screenedEvent, screeningHolds, summaryOf, screeningInputOf, historyForScreening, screenWith, velocityReadOf, decisionWriteOf } from './screen-order.js';
import { activeScreening, type ScreeningInput, type Screening } from '../../../modules/risk/index.js';

export interface CaptureResult {
  statusCode: 200 | 201;
  body: OrderView;
  outcome: string;
}

/**
 * Unlocked tries before the capture plans under row locks (ADR 0002). Three: an order of several
 * hot SKUs can lose the race to a different order on each of them in turn, and every unlocked try
 * keeps the hot rows locked for one statement only; the locked plan, which always succeeds, holds
 * them for the whole transaction, so it is the last resort.
 */
const OPTIMISTIC_ATTEMPTS = 3;

/** What one capture attempt works with, read and checked before its transaction opens. */
interface CaptureContext {
  actor: Actor;
  input: CanonicalOrder;
  prepared: Prepared;
  routing: RoutingSetup;
  settings: TenantSettings;
  now: Date;
  /** The channel's name for the answer's view (null: not a connected channel). */
  channelName: string | null;
  /** Addresses standardised and their findings, price signals (check-order.ts). */
  checks: OrderChecks;
  /** Holds the order is created with (ADR 0025), placed in the capture's transaction. */
  initialHolds: InitialHold[];
  /** Fraud screening (ADR 0030): the tenant's rule set and what the order says; null when the tenant turned it off. */
  screening: { rules: Screening; base: ScreeningInput } | null;
}

/**
 * A hold a caller of the capture places on the new order (fraud or address review, verification…).
 * `review`: what the reviewer should see on the case a fraud_review, address_review or verification
 * hold opens (ADR 0031): the screening decision's score, matched rules and sentences.
 */
export type InitialHold = Omit<HoldRequest, 'orderId'> & { review?: ReviewDetails };

export interface CaptureOptions {
  /** POST /v1/orders: a direct API order is refused (422) for an address it cannot be shipped to (ADR 0027). */
  viaApi?: boolean;
  /** Holds to create the order with, in the capture's transaction: its fulfillment orders are created on_hold. */
  initialHolds?: InitialHold[];
}

/**
 * The one capture path every channel uses (API, POS aside, imports, X12 850s, webhooks). The order
 * is validated whole first; then, in ONE transaction: the idempotency key is claimed, the order,
 * its lines and its events are written, and the stock is reserved last, so hot stock rows stay
 * locked for one statement. The plan is made on an unlocked read (`withOptimisticPlan`); the last
 * attempt (and any plan that finds a shortage) plans under row locks, so a capture always
 * terminates and is never refused on a stale read. A repeated (channel, external_id) answers the
 * existing order with 200 and changes nothing.
 */
export async function captureOrder(db: Db, actor: Actor, input: CanonicalOrder, now: Date, idempotency?: Idempotency, options: CaptureOptions = {}): Promise<CaptureResult> {
  requireStorable(input); // before the reads below send its SKUs
  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const settingsRead = getSettings(db, actor.tenantId);
  // One read of the order's channel: its name for the answer, its type for the direct-order checks.
  const [prepared, settings, firstRead, routing, channel, rules] = await Promise.all([
    prepare(db, actor.tenantId, input),
    settingsRead,
    readStockForPlanning(db, actor.tenantId, skus),
    loadRoutingSetup(db, actor.tenantId, now),
    input.channel.startsWith('chn_') ? findChannel(db, actor.tenantId, input.channel) : undefined,
    settingsRead.then((s) => (s.fraud_screening ? activeScreening(db, actor.tenantId) : null)),
  ]);
  const checks = await checkOrder(input, prepared, settings, options.viaApi === true && isDirectApiOrder(input.channel, channel));
  // Kits carry no stock: their components' stock is what is planned on (read again only for kits).
  const stockSkus = stockSkusOf(skus, prepared.products);
  const snapshot = stockSkus === skus ? firstRead : await readStockForPlanning(db, actor.tenantId, stockSkus);
  const context: CaptureContext = { actor, input, prepared, routing, settings, now, channelName: channel?.name ?? null, checks, initialHolds: options.initialHolds ?? [],
    screening: rules ? { rules, base: screeningInputOf(input, prepared, now) } : null,
  };
  try {
    return await withOptimisticPlan(
      OPTIMISTIC_ATTEMPTS,
      snapshot,
      () => readStockForPlanning(db, actor.tenantId, stockSkus),
      (unlocked) => inTransaction(db, (tx) => captureInTransaction(tx, context, idempotency, unlocked)),
    );
  } catch (error) {
    const existing = postgresErrorCode(error) === '23505' && input.external_id ? await findOrderByExternalId(db, actor.tenantId, input.channel, input.external_id) : undefined;
    if (!existing) throw error;
    const [body] = await loadOrderViews(db, actor.tenantId, [existing], now);
    return answerDuplicate(db, actor.tenantId, body as OrderView, now, idempotency);
  }
}

/** One attempt, in its transaction: the key claimed (a retry replays), then the order written. */
async function captureInTransaction(tx: Db, c: CaptureContext, idempotency: Idempotency | undefined, unlockedSnapshot: StockSnapshotRow[] | undefined): Promise<CaptureResult> {
  const answer = await idempotently<OrderView, 200 | 201>(tx, c.actor.tenantId, idempotency, c.now, 201, (completion) => writeOrder(tx, c, completion, unlockedSnapshot));
  return { statusCode: answer.statusCode, body: answer.body, outcome: answer.replayed ? 'replayed' : answer.body.status };
}

/** The phases of a new order, in statement order: plan, rows, order and lines, fulfillment orders and events, stock last. */
async function writeOrder(tx: Db, c: CaptureContext, completion: KeyCompletion, unlockedSnapshot: StockSnapshotRow[] | undefined): Promise<OrderView> {
  const orderId = newId('ord');
  const lineIds = lineIdsFor(c.input.lines, c.prepared.products, () => newId('oln'));
  // The customer first: before the plan, which may lock stock rows (ADR 0026).
  const customerEvents: NewEvent[] = [];
  const { customerId, created: newCustomer } = await linkCustomer(tx, c.actor.tenantId, c.input.customer, c.input.shipping_address, c.now, customerEvents);
  // The customer's history before the plan (no stock row is locked yet) and before this order exists.
  const screeningInput = c.screening ? await historyForScreening(tx, c.actor.tenantId, customerId, newCustomer, c.screening.base) : null;
  const plan = await planOrder(tx, c, orderId, lineIds, unlockedSnapshot);
  const { order: row, lines } = orderRows(c, orderId, lineIds, plan);
  // Velocity is recorded and counted in the order's insert (a round trip fewer), then the order screened.
  const velocityRead = screeningInput ? velocityReadOf(c.actor.tenantId, orderId, screeningInput) : undefined;
  const { order, read: velocity } = await insertOrderWithLinesAnd(tx, { ...row, customerId }, lines, c.prepared.money.adjustments, velocityRead);
  const screened = c.screening && screeningInput ? screenWith(screeningInput, velocity, c.screening.rules) : null;
  const holds = await placeInitialHolds(tx, c, order, plan, screened ? screeningHolds(screened.decision) : []);
  const payments = await openLedger(tx, c.actor, order, c.prepared.money.payments, c.now);
  const allocations = plan.allocations.map((a) => ({ line_id: a.lineId, sku: a.sku, location: a.locationCode, quantity: a.quantity }));
  const checks = checksRow(c.actor.tenantId, orderId, c.checks, c.now);
  // Backordered lines answer when inbound supply is expected to cover them (two reads, only then).
  const body = orderView(order, lines, allocations, {
    expectedDates: plan.backorders.length > 0 ? await expectedDatesOf(tx, c.actor.tenantId, lines) : undefined,
    channelName: c.channelName,
    adjustments: c.prepared.money.adjustments,
    today: dayOf(c.now),
    transactions: payments.ledger,
    checks,
    holds: holds.map((h) => holdView(h.hold)),
    risk: screened ? summaryOf(orderId, screened.decision) : null,
  });
  const events = captureEvents(order, lines.length, plan, allocations);
  if (screened) events.push(screenedEvent(orderId, screened.decision));
  events.push(...holds.flatMap((h) => (h.event ? [h.event] : [])));
  // Review cases (and a verification link) for the review holds, after their order.held (ADR 0031).
  events.push(...(await openCasesForHolds(tx, c.actor, order, holds, c.now)));
  events.push(...customerEvents, ...payments.events, ...checkEvents(orderId, c.checks));
  // One fulfillment order per order × location, released or pending by the tenant's release policy
  // (before the reservation, so the hot stock rows are not held while it is written).
  events.push(...(await openFulfillmentOrders(tx, c.actor, orderId, plan.allocations, c.now, { mergeIntoOpen: false, policy: c.settings.fulfillment_release, held: holds.length > 0 })));
  // The events, the stored idempotent response, the checks and the risk decision go in one statement.
  const alongside = [orderChecksWrite(checks), ...(screened ? [decisionWriteOf(c.actor.tenantId, orderId, screened.input, screened.decision, c.now)] : [])];
  await appendEvents(tx, c.actor, c.now, events, { completes: completion.inEvents(body), alongside });
  await reserveLast(tx, c, orderId, plan);
  return body;
}

/**
 * The allocation plan, refusing the order when it cannot be filled and the tenant does not take
 * such orders on hold. A checkout reservation (`reservation_id`) is consumed first.
 */
async function planOrder(tx: Db, c: CaptureContext, orderId: string, lineIds: string[], unlockedSnapshot: StockSnapshotRow[] | undefined): Promise<RoutedPlan> {
  const { actor, input, prepared, routing } = c;
  const skus = [...new Set(input.lines.map((l) => l.sku))];
  // A checkout reservation hands its units back to the (now locked) stock rows; the plan must then
  // run on those locked rows, which count them, rather than on the read made before it was released.
  const snapshot = (await takeCheckoutReservation(tx, actor, input, orderId, skus, c.now)) ? undefined : unlockedSnapshot;
  let plan = snapshot ? planFor(input, lineIds, prepared, routing, snapshot) : undefined;
  if (!plan || plan.shortages.length > 0 || plan.backorders.length > 0 || plan.hold) {
    // A refusal or a backorder is decided on locked, current rows, never on a stale read: a
    // receipt committing meanwhile then either is seen here or sees this backorder and fills it.
    plan = planFor(input, lineIds, prepared, routing, await lockStockForPlanning(tx, actor.tenantId, stockSkusOf(skus, prepared.products)));
  }
  if (plan.shortages.length > 0 && !c.settings.accept_unfillable_orders_on_hold) {
    throw new DomainError(
      'INVENTORY_INSUFFICIENT',
      `Not enough stock for ${plan.shortages.map((s) => s.sku).join(', ')}.`,
      plan.shortages.map((s) => ({ field: `lines[${customerLineIndex(input.lines, prepared.unitPrices, prepared.products, lineIds, s.lineId)}].quantity`, message: `only ${s.available} of ${s.sku} available, ${s.requested} requested` })),
      { short_skus: plan.shortages.map((s) => ({ sku: s.sku, requested: s.requested, available: s.available })) },
    );
  }
  return plan;
}

/**
 * The holds the new order starts with: the caller's, and a routing policy's hold queue as a
 * `routing` hold. Their `order.held` events follow `order.created` on the timeline.
 */
async function placeInitialHolds(tx: Db, c: CaptureContext, order: OrderRow, plan: RoutedPlan, screeningHolds: InitialHold[]): Promise<(PlacedHold & { review?: ReviewDetails | undefined })[]> {
  const requests: InitialHold[] = [...c.initialHolds, ...screeningHolds];
  // A channel's order with an address it cannot be shipped to is captured, and held for someone to check it (ADR 0027).
  if (c.checks.needsAddressReview) requests.push({ type: 'address_review', reason: c.checks.reviewReason ?? 'the shipping address needs checking' });
  if (plan.hold) requests.push({ type: 'routing', queue: plan.hold.queue, reason: `held in queue ${plan.hold.queue} by routing rule ${plan.rule}: ${plan.hold.reason}` });
  const placed: (PlacedHold & { review?: ReviewDetails | undefined })[] = [];
  for (const { review, ...request } of requests) placed.push({ ...(await placeHold(tx, c.actor, order, { ...request, orderId: order.id }, c.now)), review });
  return placed;
}

/** The order row and its line rows (kit components included) as the plan fills them. */
function orderRows(c: CaptureContext, orderId: string, lineIds: string[], plan: RoutedPlan): { order: NewOrderRow; lines: OrderLineRow[] } {
  const { actor, input, prepared, now } = c;
  const units = (rows: { lineId: string; quantity: number }[], id: string) => rows.filter((r) => r.lineId === id).reduce((n, r) => n + r.quantity, 0);
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
      allocated: units(plan.allocations, id),
      backordered: units(plan.backorders, id),
      cancelled: 0,
      shipped: 0,
      parentLineId: null,
      priceShareMinor: null,
      discountMinor: prepared.money.lineDiscounts[i] as number,
      taxMinor: prepared.money.lineTaxes[i] as number,
    };
  });
  lines.push(...componentLineRows({ tenantId: actor.tenantId, orderId }, input.lines, prepared.unitPrices, prepared.products, lineIds, plan));
  // A rule may hold the order in a named queue: it is captured unallocated, on hold, with the reason.
  const { totals } = prepared.money;
  const status: OrderStatus = allocationStatus(lines, plan.shortages.length > 0 || plan.hold !== null);
  const order: NewOrderRow = {
    tenantId: actor.tenantId,
    id: orderId,
    channel: input.channel,
    externalId: input.external_id ?? null,
    channelOrderName: input.channel_order_name ?? null,
    status,
    version: 1,
    currency: input.currency,
    placedAt: input.placed_at ? new Date(input.placed_at) : null,
    customerEmail: input.customer?.email ? normaliseEmail(input.customer.email) : null,
    customer: input.customer ?? null,
    shippingAddress: (input.shipping_address as Record<string, unknown> | undefined) ?? null,
    billingAddress: (input.billing_address as Record<string, unknown> | undefined) ?? null,
    shippingServiceLevel: prepared.money.serviceLevel,
    shippingMinor: prepared.shippingMinor,
    subtotalMinor: totals.subtotal,
    discountTotalMinor: totals.discount,
    taxTotalMinor: totals.tax,
    shippingTotalMinor: totals.shipping,
    dutiesTotalMinor: totals.duties,
    totalMinor: totals.total,
    cancelledTotalMinor: 0,
    taxesIncluded: prepared.money.charges.taxesIncluded,
    moneyDiscrepancy: prepared.money.discrepancy,
    notes: input.notes ?? null,
    tags: input.tags ?? [],
    createdBy: actor.actorId,
    createdAt: now,
    updatedAt: now,
  };
  return { order, lines };
}

/** `order.created` and the move out of `received`, with the plan's reasons. */
function captureEvents(order: OrderRow, lineCount: number, plan: RoutedPlan, allocations: { line_id: string; sku: string; location: string; quantity: number }[]): NewEvent[] {
  return [
    { type: 'order.created', aggregateType: 'order', aggregateId: order.id, data: { channel: order.channel, external_id: order.externalId, lines: lineCount, total: order.totalMinor, currency: order.currency } },
    {
      type: `order.${order.status}`,
      aggregateType: 'order',
      aggregateId: order.id,
      data: {
        from: 'received',
        to: order.status,
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
}

/** Reserve last: the stock rows are locked only from here to COMMIT. Alerts for rows that ran low. */
async function reserveLast(tx: Db, c: CaptureContext, orderId: string, plan: RoutedPlan): Promise<void> {
  const changes = await reserve(
    tx,
    c.actor.tenantId,
    plan.allocations.map((a) => ({ orderId, orderLineId: a.lineId, sku: a.sku, locationId: a.locationId, quantity: a.quantity })),
    c.now,
  );
  const alerts = stockAlerts(changes, (sku) => c.prepared.products.get(sku)?.lowStockThreshold);
  await appendEvents(
    tx,
    c.actor,
    c.now,
    alerts.map((a) => ({ type: a.type, aggregateType: 'stock', aggregateId: `${a.sku}@${a.locationId}`, data: { sku: a.sku, location_id: a.locationId, available: a.available, threshold: a.threshold } })),
  );
}
