/**
 * Point of sale: a sale already handed over at a store's counter, reported by the store's POS
 * (`POST /v1/channels/{id}/pos-sales`, a channel of type `pos`).
 *
 * In ONE transaction it becomes an order of the channel (external id = the receipt id) that is
 * already complete: every line allocated at the store, handed over and `delivered` (the lifecycle
 * walked received → allocated → shipped → delivered, so a return can follow), with no fulfillment
 * order, no shipment and no reservation. The store's on hand falls by the units sold, with one
 * ledger row per SKU (reason `pos_sale`, reference = the order id) and an `inventory.adjusted`
 * event, under the same per-SKU advisory lock and (location, sku) row order as receipts.
 *
 * Stock rule: the sale happened, so it is never refused for lack of stock. Units come from the
 * store's unreserved stock only: when the system thought the store had fewer unreserved units than
 * were sold, on hand falls only to what is reserved there (units reserved for other orders stay
 * theirs, `reserved <= on_hand` holds), and the units sold that the system did not have are
 * recorded as an `inventory.discrepancy` event (sku, location, missing units, order) and answered
 * in `discrepancies`, for someone to count the shelf. Low-stock / out-of-stock alerts fire as for
 * any other decrement.
 *
 * Idempotent per (channel, receipt id): the same receipt again answers 200 with the same order and
 * changes nothing (checked before, and caught by the unique index when two copies race). An
 * Idempotency-Key replays the first answer.
 */
import type { CanonicalOrder, CanonicalOrderLine } from '../../platform/contracts/canonical-order.js';
import type { Db } from '../../platform/db/database.js';
import { postgresErrorCode } from '../../platform/db/sql-state.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { idempotently, storedAnswer, type Idempotency, type KeyCompletion } from '../../platform/idempotency/idempotency.js';
import { newId } from '../../platform/kernel/ids.js';
import { appendEvents, listEventsOf, type Actor, type NewEvent } from '../../platform/outbox/events.js';
import { findChannel } from '../../modules/channels/index.js';
import { resolveLocations, stockAlerts, takeSoldUnits, type CounterSaleOutcome, type LocationRow } from '../../modules/inventory/index.js';
import { dayOf, findOrderByExternalId, recordHandedOverOrder, type OrderRow } from '../../modules/orders/index.js';
import { loadOrderViews, orderView, type OrderView } from '../orders/steps/order-view.js';
import { answerDuplicate } from './steps/answer-duplicate.js';
import { openLedger } from './steps/open-ledger.js';
import { linkCustomer } from './steps/link-customer.js';
import type { PreparedPayment } from './steps/prepare-money.js';
import { prepare, type Prepared } from './steps/prepare-order.js';

export const POS_SALE_REASON = 'pos_sale';

export interface PosSaleInput {
  external_id: string;
  location: string;
  lines: CanonicalOrderLine[];
  taxes_included?: boolean | null;
  order_discounts?: CanonicalOrder['order_discounts'];
  channel_totals?: CanonicalOrder['channel_totals'];
  /** The tenders taken at the till; none: one sale of the total on gateway `pos` (a sale is paid before it is handed over). */
  transactions?: CanonicalOrder['transactions'];
  currency: string;
  placed_at?: string | null;
  customer?: { email?: string | null; name?: string | null; phone?: string | null } | null;
  notes?: string | null;
}

export interface Discrepancy {
  sku: string;
  location: string;
  /** Units sold that the system did not have (unreserved) at the location. */
  missing: number;
}

export type PosSaleView = OrderView & { discrepancies: Discrepancy[] };

export interface PosSaleResult {
  statusCode: 200 | 201;
  body: PosSaleView;
  outcome: 'created' | 'duplicate' | 'replayed';
}

export interface PosSaleOptions {
  idempotency?: Idempotency | undefined;
}

export async function recordPosSale(db: Db, actor: Actor, channelId: string, input: PosSaleInput, now: Date, options: PosSaleOptions = {}): Promise<PosSaleResult> {
  const channel = await findChannel(db, actor.tenantId, channelId);
  if (!channel) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${channelId}.`);
  if (channel.type !== 'pos') throw new DomainError('CHANNEL_TYPE_MISMATCH', `Channel ${channel.id} is a ${channel.type} channel; point-of-sale sales go to a pos channel.`);
  if (!channel.active) throw new DomainError('CHANNEL_INACTIVE', `Channel ${channel.id} is deactivated.`);

  const stored = await storedAnswer(db, actor.tenantId, options.idempotency);
  if (stored) return { statusCode: stored.statusCode as 200 | 201, body: stored.body as PosSaleView, outcome: 'replayed' };
  const existing = await findOrderByExternalId(db, actor.tenantId, channel.id, input.external_id);
  if (existing) return answerExisting(db, actor, existing, now, options.idempotency);

  const [location] = await resolveLocations(db, actor.tenantId, [input.location], () => 'location');
  if (!location) throw new Error('resolveLocations answered no location');
  if (channel.locationIds.length > 0 && !channel.locationIds.includes(location.id)) {
    throw new DomainError('CHANNEL_LOCATION_NOT_LINKED', `Location ${location.code} does not sell through channel ${channel.id}.`, [{ field: 'location', message: `must be one of the channel's locations` }]);
  }
  const canonical: CanonicalOrder = {
    channel: channel.id,
    external_id: input.external_id,
    currency: input.currency,
    lines: input.lines,
    taxes_included: input.taxes_included ?? null,
    ...(input.order_discounts ? { order_discounts: input.order_discounts } : {}),
    channel_totals: input.channel_totals ?? null,
    ...(input.transactions ? { transactions: input.transactions } : {}),
  };
  const prepared = await prepare(db, actor.tenantId, canonical);
  // A kit carries no stock of its own; which components left the shelf is the till's to say.
  const kits: FieldError[] = input.lines.flatMap((l, i) => (prepared.products.get(l.sku)?.components.length ? [{ field: `lines[${i}].sku`, message: `${l.sku} is a kit; ring up its components` }] : []));
  if (kits.length > 0) throw new DomainError('PRODUCT_IS_KIT', 'Kits hold no stock; record the components sold.', kits);

  const sale: CounterSale = { actor, channelId: channel.id, channelName: channel.name, input, location, prepared, now };
  try {
    const answer = await inTransaction(db, (tx) => idempotently<PosSaleView, 200 | 201>(tx, actor.tenantId, options.idempotency, now, 201, (completion) => recordSale(tx, sale, completion)));
    return { statusCode: answer.statusCode, body: answer.body, outcome: answer.replayed ? 'replayed' : 'created' };
  } catch (error) {
    // The same receipt committed by a racing request: answer that order.
    const raced = postgresErrorCode(error) === '23505' ? await findOrderByExternalId(db, actor.tenantId, channel.id, input.external_id) : undefined;
    if (!raced) throw error;
    return answerExisting(db, actor, raced, now, options.idempotency);
  }
}

/** What the sale's transaction works with, checked before it opens. */
interface CounterSale {
  actor: Actor;
  channelId: string;
  channelName: string;
  input: PosSaleInput;
  location: LocationRow;
  prepared: Prepared;
  now: Date;
}

/** The handed-over order, then the stock (last: the hot rows stay locked only from there to COMMIT), then the events with the stored answer. */
async function recordSale(tx: Db, sale: CounterSale, completion: KeyCompletion): Promise<PosSaleView> {
  const { actor, input, location, prepared, now } = sale;
  const orderId = newId('ord');
  const lineRows = input.lines.map((l, i) => ({ tenantId: actor.tenantId, id: newId('oln'), orderId, lineNo: i + 1, sku: l.sku, quantity: l.quantity, unitPriceMinor: prepared.unitPrices[i] as number,
    discountMinor: prepared.money.lineDiscounts[i] as number,
    taxMinor: prepared.money.lineTaxes[i] as number,
  }));
  const customerEvents: NewEvent[] = [];
  const { customerId } = await linkCustomer(tx, actor.tenantId, input.customer, null, now, customerEvents);
  const { order, lines, events } = await recordHandedOverOrder(tx, { ...handedOverRow(sale, orderId), customerId }, lineRows, `sold over the counter at ${location.code}`, prepared.money.adjustments);
  const payments = await openLedger(tx, actor, order, input.transactions ? prepared.money.payments : paidAtTheTill(order, now), now);
  const { outcomes, changes } = await takeSoldUnits(tx, actor, location.id, input.lines, POS_SALE_REASON, orderId, now);
  const discrepancies = outcomes.filter((o) => o.missing > 0).map((o) => ({ sku: o.sku, location: location.code, missing: o.missing }));
  const body: PosSaleView = { ...orderView(order, lines, [], { channelName: sale.channelName, adjustments: prepared.money.adjustments, today: dayOf(now), transactions: payments.ledger }), discrepancies };
  const all: NewEvent[] = [
    {
      type: 'order.created',
      aggregateType: 'order',
      aggregateId: orderId,
      data: { channel: order.channel, external_id: order.externalId, source: 'pos', location: location.code, lines: lines.length, total: order.totalMinor, currency: order.currency, discrepancies },
    },
    ...customerEvents,
    ...events,
    ...payments.events,
    ...outcomes.filter((o) => o.taken > 0).map((o) => stockEvent('inventory.adjusted', o, { sku: o.sku, location: location.code, delta: -o.taken, on_hand: o.onHand, reason: POS_SALE_REASON, order_id: orderId })),
    ...outcomes.filter((o) => o.missing > 0).map((o) =>
      stockEvent('inventory.discrepancy', o, { sku: o.sku, location: location.code, location_id: location.id, sold: o.sold, missing: o.missing, on_hand: o.onHand, reserved: o.reserved, reason: POS_SALE_REASON, order_id: orderId }),
    ),
    ...stockAlerts(changes, (sku) => prepared.products.get(sku)?.lowStockThreshold).map((a) => ({
      type: a.type,
      aggregateType: 'stock',
      aggregateId: `${a.sku}@${a.locationId}`,
      data: { sku: a.sku, location_id: a.locationId, available: a.available, threshold: a.threshold },
    })),
  ];
  await appendEvents(tx, actor, now, all, completion.inEvents(body));
  return body;
}

/** A receipt that names no tender was paid in full at the till: one sale of its total. */
function paidAtTheTill(order: OrderRow, now: Date): PreparedPayment[] {
  return order.totalMinor > 0 ? [{ kind: 'sale', status: 'success', amountMinor: order.totalMinor, gateway: 'pos', gatewayReference: null, processedAt: (order.placedAt ?? now).toISOString() }] : [];
}

/** The order row of a sale already handed over: no shipping, tagged `pos`, placed now unless the till says when. */
function handedOverRow(sale: CounterSale, orderId: string) {
  const { actor, input, prepared, now } = sale;
  const { totals } = prepared.money;
  return {
    tenantId: actor.tenantId,
    id: orderId,
    channel: sale.channelId,
    externalId: input.external_id,
    // The receipt number is what the till calls the sale.
    channelOrderName: input.external_id,
    currency: input.currency,
    placedAt: input.placed_at ? new Date(input.placed_at) : now,
    customerEmail: input.customer?.email?.toLowerCase() ?? null,
    customer: input.customer ?? null,
    shippingAddress: null,
    billingAddress: null,
    shippingServiceLevel: null,
    shippingMinor: 0,
    subtotalMinor: totals.subtotal,
    discountTotalMinor: totals.discount,
    taxTotalMinor: totals.tax,
    shippingTotalMinor: 0,
    dutiesTotalMinor: 0,
    totalMinor: totals.total,
    cancelledTotalMinor: 0,
    taxesIncluded: prepared.money.charges.taxesIncluded,
    moneyDiscrepancy: prepared.money.discrepancy,
    notes: input.notes ?? null,
    tags: ['pos'],
    createdBy: actor.actorId,
    createdAt: now,
    updatedAt: now,
  };
}

function stockEvent(type: string, o: CounterSaleOutcome, data: Record<string, unknown>): NewEvent {
  return { type, aggregateType: 'stock', aggregateId: `${o.sku}@${o.locationId}`, data };
}

/** The receipt was recorded before: its order as it is now, with the discrepancies found then. */
async function answerExisting(db: Db, actor: Actor, existing: OrderRow, now: Date, idempotency: Idempotency | undefined): Promise<PosSaleResult> {
  const [[view], events] = await Promise.all([loadOrderViews(db, actor.tenantId, [existing], now), listEventsOf(db, actor.tenantId, existing.id)]);
  const created = events.find((e) => e.type === 'order.created');
  const discrepancies = Array.isArray(created?.data.discrepancies) ? (created.data.discrepancies as Discrepancy[]) : [];
  return answerDuplicate(db, actor.tenantId, { ...(view as OrderView), discrepancies }, now, idempotency);
}
