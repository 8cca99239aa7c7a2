import type { Db } from '../../../platform/db/database.js';
import type { FieldError } from '../../../platform/errors.js';
import type { Address } from '../../../platform/http/address.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { readStockForPlanning } from '../../../modules/inventory/index.js';
import { applyEdit, linesOfOrders, withComponentUnits, type EditChange, type EditRecord, type OrderEditRow, type OrderRow } from '../../../modules/orders/index.js';
import type { OrderTotals } from '../../../modules/orders/index.js';
import { ledgerOf, paymentSummary, transactionsOfOrder } from '../../../modules/payments/index.js';
import { loadRoutingSetup, routeLines } from '../../routing/steps/routing.js';
import { digestOf, editInputs, plannedUnitPrice } from './edit-inputs.js';

type TotalsView = Record<keyof OrderTotals, string>;
interface LineState {
  quantity: number;
  unit_price: string;
  discount: string;
  tax: string;
}

/** GET /v1/orders/{id}/edits/{edit_id}: the edit and, while open, the order as it would be. */
export interface OrderEditView {
  id: string;
  order_id: string;
  status: 'open' | 'committed' | 'discarded';
  base_version: number;
  /** Open edits: the order moved since the edit began (its version or what the edit depends on); committing would answer 409. */
  stale: boolean;
  changes: EditChange[];
  reason: string | null;
  created_by: string;
  created_at: string;
  closed_by: string | null;
  closed_at: string | null;
  preview: EditPreview | null;
  /** A committed edit: what it did (the data of its `order.edited` event). */
  result: Record<string, unknown> | null;
}

export interface EditPreview {
  /** False: some change cannot be made as the order is now (`errors` say which); nothing else is computed. */
  valid: boolean;
  errors: FieldError[];
  currency: string;
  before: TotalsView | null;
  after: TotalsView | null;
  /** after.total − before.total (negative: the order costs less). */
  delta: string | null;
  /** What the customer would owe (amount due) or be owed (refund owed) by the payment ledger after the edit. */
  amount_due: string | null;
  refund_owed: string | null;
  /** The customer's lines, then a kit's component lines (`parent_line_id`: their kit line; they carry no money). */
  lines: { line_id: string; sku: string; parent_line_id: string | null; before: LineState | null; after: LineState | null }[];
  changes: EditRecord[];
  /** What the new units would take, on the stock as it is now (the commit plans again under locks). */
  stock: {
    allocations: { line_id: string; sku: string; location: string; quantity: number }[];
    backorders: { line_id: string; sku: string; quantity: number }[];
    shortages: { line_id: string; sku: string; requested: number; available: number }[];
    released: { line_id: string; quantity: number }[];
  };
  tax_rate: string | null;
}

/** The preview of these changes over the order as it is (read, not locked). */
export async function previewEdit(db: Db, order: OrderRow, changes: EditChange[], now: Date): Promise<EditPreview> {
  const lines = await linesOfOrders(db, order.tenantId, [order.id]);
  const inputs = await editInputs(db, order, lines, changes);
  const exp = currencyExponent(order.currency) ?? 2;
  const money = (minor: number) => formatMoney(minor, exp);
  const applied = applyEdit(inputs.base, changes, inputs.context);
  const empty = { allocations: [], backorders: [], shortages: [], released: [] };
  if (!applied.ok) {
    return { valid: false, errors: applied.errors, currency: order.currency, before: null, after: null, delta: null, amount_due: null, refund_owed: null, lines: [], changes: [], stock: empty, tax_rate: inputs.context.taxRate };
  }
  const o = applied.outcome;
  const totals = (t: OrderTotals): TotalsView => ({ subtotal: money(t.subtotal), discount: money(t.discount), tax: money(t.tax), shipping: money(t.shipping), duties: money(t.duties), total: money(t.total) });
  const stateOf = (l: { quantity: number; cancelled: number; unitPriceMinor: number; discountMinor: number; taxMinor: number }): LineState => ({ quantity: l.quantity - l.cancelled, unit_price: money(l.unitPriceMinor), discount: money(l.discountMinor), tax: money(l.taxMinor) });
  const beforeOf = new Map(inputs.base.lines.map((l) => [l.id, l]));
  const view = (l: (typeof o.lines)[number]) => {
    const was = beforeOf.get(l.id);
    return { line_id: l.id, sku: l.sku, parent_line_id: l.parentLineId, before: was ? stateOf(was) : null, after: l.quantity - l.cancelled > 0 ? stateOf(l) : null };
  };
  const lineViews = [...o.lines.filter((l) => l.parentLineId === null), ...o.lines.filter((l) => l.parentLineId !== null)].map(view);
  const summary = paymentSummary(ledgerOf(await transactionsOfOrder(db, order.tenantId, order.id)), o.after.total);
  // A kit line's cancelled units release its components' units (the cancel path carries them down); the kit line holds none.
  const kits = new Set(lines.flatMap((l) => (l.parentLineId ? [l.parentLineId] : [])));
  const released = [...withComponentUnits(o.cancelled, lines)].filter(([id]) => !kits.has(id));
  let stock: EditPreview['stock'] = { ...empty, released: released.map(([line_id, quantity]) => ({ line_id, quantity })) };
  if (o.added.length > 0) {
    const skus = [...new Set(o.added.map((a) => a.sku))];
    const [setup, snapshot] = await Promise.all([loadRoutingSetup(db, order.tenantId, now), readStockForPlanning(db, order.tenantId, skus)]);
    const plan = routeLines(
      { channel: order.channel, currency: order.currency, tags: o.tags, shipping_address: o.shippingAddress as Address | null },
      o.added.map((a) => ({ lineId: a.lineId, sku: a.sku, quantity: a.quantity, backorderable: inputs.policies.get(a.sku)?.backorderable ?? false, unitPriceMinor: plannedUnitPrice(o.lines.find((l) => l.id === a.lineId) ?? { unitPriceMinor: 0, quantity: 0 }) })),
      setup,
      snapshot,
    );
    stock = {
      allocations: plan.allocations.map((a) => ({ line_id: a.lineId, sku: a.sku, location: a.locationCode, quantity: a.quantity })),
      backorders: plan.backorders.map((b) => ({ line_id: b.lineId, sku: b.sku, quantity: b.quantity })),
      shortages: plan.shortages.map((s) => ({ line_id: s.lineId, sku: s.sku, requested: s.requested, available: s.available })),
      released: stock.released,
    };
  }
  return {
    valid: true,
    errors: [],
    currency: order.currency,
    before: totals(o.before),
    after: totals(o.after),
    delta: money(o.delta),
    amount_due: money(Math.max(0, -summary.balanceMinor)),
    refund_owed: money(Math.max(0, summary.balanceMinor)),
    lines: lineViews,
    changes: o.records,
    stock,
    tax_rate: inputs.context.taxRate,
  };
}

/** The edit's view; an open edit is previewed over the order as it is now. */
export async function orderEditView(db: Db, order: OrderRow, edit: OrderEditRow, now: Date): Promise<OrderEditView> {
  const open = edit.status === 'open';
  const stale = open && (order.version !== edit.baseVersion || digestOf(order, await linesOfOrders(db, order.tenantId, [order.id])) !== edit.baseDigest);
  return {
    id: edit.id,
    order_id: edit.orderId,
    status: edit.status,
    base_version: edit.baseVersion,
    stale,
    changes: edit.changes,
    reason: edit.reason,
    created_by: edit.createdBy,
    created_at: edit.createdAt.toISOString(),
    closed_by: edit.closedBy,
    closed_at: edit.closedAt ? edit.closedAt.toISOString() : null,
    preview: open ? await previewEdit(db, order, edit.changes, now) : null,
    result: edit.result ?? null,
  };
}
