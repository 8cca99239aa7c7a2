import type { Db } from '../../../platform/db/database.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { expectedDateFor, expectedSupplyOfSkus, reservationsOfOrders } from '../../../modules/inventory/index.js';
import { channelNamesOf } from '../../../modules/channels/index.js';
import { activeHoldsOfOrders, adjustmentsOfOrders, backorderedAhead, checksOfOrders, type OrderChecksRow, dayOf, isLate, kitLineQuantities, linesOfOrders, notesOfOrders, orderUnits, type NewOrderAdjustment, type OrderLineRow, type OrderNoteRow, type OrderRow } from '../../../modules/orders/index.js';
import { ledgerOf, paymentSummary, paymentView, transactionsOfOrders, type TransactionRow } from '../../../modules/payments/index.js';
import { actorLabels } from '../../../modules/tenancy/index.js';
import { riskSummariesOfOrders, type RiskSummaryRow } from '../../../modules/risk/index.js';
import { holdView, type HoldView } from './holds.js';
import { moneyView } from './money-view.js';
import type { AddressChecksView } from '../../capture/steps/check-order.js';

export interface AllocationView {
  line_id: string;
  sku: string;
  location: string;
  quantity: number;
}

/** What the view shows beside the order's own rows, each read in one query for a whole page of orders. */
export interface OrderViewContext {
  /** Per backordered line, when inbound supply covers it (see `expectedDatesOf`); null when unknown. */
  expectedDates?: Map<string, string | null> | undefined;
  /** The name of the order's channel (channels module), when its channel is a connected one. */
  channelName?: string | null | undefined;
  notes?: OrderNoteRow[] | undefined;
  /** The order's discounts, taxes, shipping lines and duties (none: an order captured without them). */
  adjustments?: NewOrderAdjustment[] | undefined;
  /** Judges `late`: today (`YYYY-MM-DD`) where the viewer is, against ship_by. Computed once per page (a zone lookup is not free). */
  today: string;
  /** The order's payment ledger (payments module); none when absent (a new order). */
  transactions?: TransactionRow[] | undefined;
  /** What capture found (order_checks); none for orders captured before it was recorded. */
  checks?: OrderChecksRow | undefined;
  /** The order's active holds (ADR 0025), oldest first; none when absent. */
  holds?: HoldView[] | undefined;
  /** Fraud screening's verdict (ADR 0030); none for an order captured without screening. */
  risk?: RiskSummaryRow | null | undefined;
}

/** The order as the API shows it: order + lines (orders module) + allocations (inventory module) + channel name (channels module). */
export function orderView(order: OrderRow, lines: OrderLineRow[], allocations: AllocationView[], context: OrderViewContext) {
  const { expectedDates } = context;
  const exp = currencyExponent(order.currency) ?? 2;
  const money = (minor: number) => formatMoney(minor, exp);
  // Kits: one flat list; a component line names its kit line in parent_line_id, a kit line shows
  // quantities derived from its components (it is never allocated itself).
  const kits = kitLineQuantities(lines);
  const kitExpected = (kitId: string) => {
    const dates = lines.filter((c) => c.parentLineId === kitId && c.backordered > 0).map((c) => expectedDates?.get(c.id) ?? null);
    return dates.length === 0 || dates.includes(null) ? null : ([...dates].sort().pop() ?? null);
  };
  const m = moneyView(order, lines, context.adjustments ?? []);
  const lineViews = lines.map((l) => {
    const kit = kits.get(l.id);
    const backordered = kit ? kit.backordered : l.backordered;
    return {
      id: l.id,
      sku: l.sku,
      quantity: l.quantity,
      unit_price: money(l.unitPriceMinor),
      allocated: kit ? kit.allocated : l.allocated,
      backordered,
      cancelled: l.cancelled,
      shipped: kit ? kit.shipped : l.shipped,
      expected_date: backordered > 0 ? (kit ? kitExpected(l.id) : (expectedDates?.get(l.id) ?? null)) : null,
      kit: kit !== undefined,
      parent_line_id: l.parentLineId,
      price_share: l.priceShareMinor === null ? null : money(l.priceShareMinor),
      ...(m.lineViews.get(l.id) as NonNullable<ReturnType<typeof m.lineViews.get>>),
    };
  });
  return {
    id: order.id,
    number: order.number,
    channel: order.channel,
    channel_name: context.channelName ?? null,
    external_id: order.externalId,
    channel_order_name: order.channelOrderName,
    status: order.status,
    version: order.version,
    currency: order.currency,
    placed_at: order.placedAt?.toISOString() ?? null,
    customer: order.customer,
    customer_id: order.customerId,
    shipping_address: order.shippingAddress,
    billing_address: order.billingAddress,
    shipping: { service_level: order.shippingServiceLevel, price: money(order.shippingMinor) },
    notes: order.notes,
    tags: order.tags,
    // Holds are beside the status, not in it: the status says how the order is allocated and shipped (ADR 0025).
    held: (context.holds ?? []).length > 0,
    holds: context.holds ?? [],
    notes_log: (context.notes ?? []).map((n) => ({ id: n.id, text: n.text, actor: n.actor, at: n.at.toISOString() })),
    lines: lineViews,
    units: orderUnits(lineViews.map((l) => ({ ...l, parentLineId: l.parent_line_id }))),
    ship_by: order.shipBy,
    late: isLate(order.status, order.shipBy, context.today),
    allocations,
    shipping_lines: m.shipping_lines,
    duties: m.duties,
    taxes_included: m.taxes_included,
    totals: m.totals,
    money_discrepancy: m.money_discrepancy,
    address_checks: addressChecksNow(context.checks?.addressChecks as AddressChecksView | undefined, context.holds ?? []),
    signals: context.checks?.signals ?? [],
    risk: context.risk ? { action: context.risk.action, score: context.risk.score, rule_set_version: context.risk.ruleSetVersion, decided_by: context.risk.decidedBy, explanation: context.risk.explanation } : null,
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
    // Derived against the current total each time, so a partial cancel shows the refund owed at once.
    payment: paymentView(paymentSummary(ledgerOf(context.transactions ?? []), order.totalMinor), exp),
  };
}

export type OrderView = ReturnType<typeof orderView>;

/**
 * When each backordered line can expect its units: open inbound supply of its SKU (soonest first)
 * against the backorders of that SKU (oldest first, as receipts fill them). Two queries, only when
 * some line waits.
 */
export async function expectedDatesOf(db: Db, tenantId: string, lines: OrderLineRow[]): Promise<Map<string, string | null>> {
  const waiting = lines.filter((l) => l.backordered > 0);
  if (waiting.length === 0) return new Map();
  const [ahead, supply] = await Promise.all([backorderedAhead(db, tenantId, waiting.map((l) => l.id)), expectedSupplyOfSkus(db, tenantId, [...new Set(waiting.map((l) => l.sku))])]);
  const aheadOf = new Map(ahead.map((a) => [a.id, a.ahead]));
  return new Map(
    waiting.map((l) => [
      l.id,
      expectedDateFor(aheadOf.get(l.id) ?? 0, l.backordered, supply.filter((s) => s.sku === l.sku).map((s) => ({ expectedDate: s.expected_date, outstanding: s.outstanding }))),
    ]),
  );
}

/** The views of a page of orders: a fixed number of queries whatever the page size (no read per order). */
export async function loadOrderViews(db: Db, tenantId: string, orders: OrderRow[], now: Date, zone?: string): Promise<OrderView[]> {
  if (orders.length === 0) return [];
  const ids = orders.map((o) => o.id);
  const [lines, reservations, channelNames, notes, transactions, adjustments, checks, holds, risks] = await Promise.all([
    linesOfOrders(db, tenantId, ids),
    reservationsOfOrders(db, tenantId, ids),
    channelNamesOf(db, tenantId, [...new Set(orders.map((o) => o.channel))]),
    notesOfOrders(db, tenantId, ids),
    transactionsOfOrders(db, tenantId, ids),
    adjustmentsOfOrders(db, tenantId, ids),
    checksOfOrders(db, tenantId, ids),
    activeHoldsOfOrders(db, tenantId, ids),
    riskSummariesOfOrders(db, tenantId, ids),
  ]);
  const holdLabels = holds.length > 0 ? await actorLabels(db, tenantId, holds.map((h) => h.placedBy)) : new Map<string, string>();
  const expectedDates = await expectedDatesOf(db, tenantId, lines);
  const today = dayOf(now, zone);
  const group = <T extends { orderId: string }>(rows: T[]) => {
    const by = new Map<string, T[]>();
    for (const r of rows) by.set(r.orderId, [...(by.get(r.orderId) ?? []), r]);
    return by;
  };
  const linesBy = group(lines);
  const reservationsBy = group(reservations);
  const notesBy = group(notes);
  const transactionsBy = group(transactions);
  const adjustmentsBy = group(adjustments);
  const checksBy = new Map(checks.map((c) => [c.orderId, c]));
  const holdsBy = group(holds);
  const risksBy = new Map(risks.map((r) => [r.orderId, r]));
  return orders.map((o) =>
    orderView(
      o,
      linesBy.get(o.id) ?? [],
      (reservationsBy.get(o.id) ?? []).map((r) => ({ line_id: r.lineId, sku: r.sku, location: r.locationCode, quantity: r.quantity })),
      { expectedDates, channelName: channelNames.get(o.channel) ?? null, notes: notesBy.get(o.id), adjustments: adjustmentsBy.get(o.id), today, transactions: transactionsBy.get(o.id), checks: checksBy.get(o.id), holds: (holdsBy.get(o.id) ?? []).map((h) => holdView(h, holdLabels)), risk: risksBy.get(o.id) },
    ),
  );
}

/**
 * What capture found about the addresses, with `needs_review` as it stands now: while the order's
 * `address_review` hold is active (capture found a problem and nobody has released it since).
 */
function addressChecksNow(found: AddressChecksView | undefined, activeHolds: HoldView[]): AddressChecksView | null {
  if (!found) return null;
  return { ...found, needs_review: found.needs_review && activeHolds.some((h) => h.type === 'address_review') };
}
