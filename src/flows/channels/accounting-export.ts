import type { Db } from '../../platform/db/database.js';
import { eventsOfTypeBetween } from '../../platform/outbox/event-queries.js';
import { REFUND_CREATED } from '../../platform/outbox/event-types.js';
import { linesOfFulfillmentOrders } from '../../modules/fulfillment/index.js';
import { adjustmentsOfOrders, linesOfOrders, ordersByIds, type OrderAdjustmentRow, type OrderLineRow, type OrderRow } from '../../modules/orders/index.js';
import { shipmentsForAccounting } from '../../modules/shipping/index.js';
import { getSettings } from '../../modules/tenancy/index.js';
import {
  accountingDocuments,
  defaultAccountCodes,
  journalCsv,
  journalOf,
  toQboCreditMemo,
  toQboInvoice,
  utcDayBounds,
  xeroBodies,
  type AccountCodes,
  type AccountingDocument,
  type Skipped,
  type SourceOrder,
  type SourceShipment,
} from '../../modules/integrations/index.js';

export const accountingFormats = ['quickbooks', 'xero', 'csv'] as const;
export type AccountingFormat = (typeof accountingFormats)[number];

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** The discounts and taxes of the order's shipping lines (orders captured before shipping lines were stored have none). */
function shippingMoney(adjustments: readonly OrderAdjustmentRow[]): { shippingDiscountMinor: number; shippingTaxMinor: number } {
  const sum = (kind: string) => adjustments.filter((a) => a.kind === kind && a.shippingLine !== null).reduce((n, a) => n + a.amountMinor, 0);
  return { shippingDiscountMinor: sum('discount'), shippingTaxMinor: sum('tax') };
}

function sourceOrder(order: OrderRow, lines: readonly OrderLineRow[], adjustments: readonly OrderAdjustmentRow[]): SourceOrder {
  const customer = order.customer ?? {};
  const name = typeof customer.name === 'string' && customer.name !== '' ? customer.name : null;
  const email = order.customerEmail ?? (typeof customer.email === 'string' ? customer.email : null);
  return {
    id: order.id,
    channel: order.channel,
    externalId: order.externalId,
    currency: order.currency,
    customer: { name, email },
    shippingMinor: order.shippingMinor,
    ...shippingMoney(adjustments),
    taxesIncluded: order.taxesIncluded,
    lines: lines.map((l) => ({ id: l.id, sku: l.sku, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, priceShareMinor: l.priceShareMinor, discountMinor: l.discountMinor, taxMinor: l.taxMinor })),
  };
}

/**
 * The accounting documents of one UTC day (tenant settings carry no time zone yet): invoices for
 * the day's shipments, credit notes for labels voided that day after their invoice's day and for
 * the day's `refund.created` events. Read-only; the same day exported twice gives the same answer
 * once the day is over.
 */
export async function accountingDocumentsOfDay(db: Db, tenantId: string, date: string): Promise<{ documents: AccountingDocument[]; skipped: Skipped[] }> {
  const { from, to } = utcDayBounds(date);
  const [shipments, refunds] = await Promise.all([shipmentsForAccounting(db, tenantId, from, to), eventsOfTypeBetween(db, tenantId, REFUND_CREATED, from, to)]);
  const refundOrderIds = refunds.map((r) => r.data.order_id).filter((id): id is string => typeof id === 'string');
  const orderIds = [...new Set([...shipments.map((s) => s.orderId), ...refundOrderIds])];
  const [orders, lines, adjustments, foLines] = await Promise.all([
    ordersByIds(db, tenantId, orderIds),
    linesOfOrders(db, tenantId, orderIds),
    adjustmentsOfOrders(db, tenantId, orderIds),
    linesOfFulfillmentOrders(db, tenantId, [...new Set(shipments.map((s) => s.fulfillmentOrderId))]),
  ]);
  const foLinesByFo = groupBy(foLines, (l) => l.fulfillmentOrderId);
  const linesByOrder = groupBy(lines, (l) => l.orderId);
  const adjustmentsByOrder = groupBy(adjustments, (a) => a.orderId);
  const source: SourceShipment[] = shipments.map((s) => ({
    id: s.id,
    orderId: s.orderId,
    createdAt: s.createdAt,
    voidedAt: s.status === 'voided' ? s.updatedAt : null,
    lines: (foLinesByFo.get(s.fulfillmentOrderId) ?? []).map((l) => ({ orderLineId: l.orderLineId, sku: l.sku, quantity: l.quantity })),
  }));
  return accountingDocuments({
    date,
    orders: new Map(orders.map((o) => [o.id, sourceOrder(o, linesByOrder.get(o.id) ?? [], adjustmentsByOrder.get(o.id) ?? [])])),
    shipments: source,
    refunds: refunds.map((r) => ({ eventId: r.id, at: r.at, data: r.data })),
  });
}

export type AccountingExport =
  | { format: 'quickbooks' | 'xero'; body: { date: string; format: AccountingFormat; invoices: unknown; credit_notes: unknown; skipped: Skipped[] } }
  | { format: 'csv'; filename: string; csv: string; skipped: Skipped[] };

/** GET /v1/exports/accounting: the day in the asked format. */
export async function accountingExport(db: Db, tenantId: string, date: string, format: AccountingFormat, accounts?: AccountCodes): Promise<AccountingExport> {
  accounts ??= { ...defaultAccountCodes, ...(await getSettings(db, tenantId)).accounting_accounts };
  const { documents, skipped } = await accountingDocumentsOfDay(db, tenantId, date);
  switch (format) {
    case 'quickbooks':
      return {
        format,
        body: {
          date,
          format,
          invoices: documents.filter((d) => d.kind === 'invoice').map((d) => toQboInvoice(d)),
          credit_notes: documents.filter((d) => d.kind === 'credit_note').map((d) => toQboCreditMemo(d)),
          skipped,
        },
      };
    case 'xero':
      return { format, body: { date, format, ...xeroBodies(documents, { accounts }), skipped } };
    case 'csv':
      return { format, filename: `accounting-journal-${date}.csv`, csv: journalCsv(journalOf(documents, accounts)), skipped };
  }
}
