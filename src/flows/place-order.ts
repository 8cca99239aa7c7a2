import type { Db } from '../platform/db/database.js';
import { inTransaction, postgresErrorCode } from '../platform/db/transaction.js';
import { DomainError, type FieldError } from '../platform/errors.js';
import { claimIdempotencyKey, completeIdempotencyKey } from '../platform/idempotency/idempotency.js';
import { requireCountry } from '../platform/kernel/country.js';
import { newId } from '../platform/kernel/ids.js';
import { moneyFromWire, requireCurrency } from '../platform/kernel/money.js';
import { appendEvents, type Actor, type NewEvent } from '../platform/outbox/events.js';
import { findProducts, type ProductRow } from '../modules/catalog/index.js';
import { lockStockForPlanning, reserve, stockAlerts } from '../modules/inventory/index.js';
import { allocationStatus, findOrderByExternalId, insertOrderWithLines, type OrderLineRow, type OrderRow } from '../modules/orders/index.js';
import { planAllocation } from '../modules/sourcing/index.js';
import { getSettings } from '../modules/tenancy/index.js';
import { loadOrderViews, orderView, type OrderView } from './order-view.js';

export interface AddressInput {
  name?: string | null;
  company?: string | null;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postal_code?: string | null;
  country: string;
  phone?: string | null;
}

/** The canonical order every channel is normalised into. */
export interface CanonicalOrder {
  channel: string;
  external_id?: string | null;
  currency: string;
  placed_at?: string | null;
  customer?: { email?: string | null; name?: string | null; phone?: string | null } | null;
  shipping_address?: AddressInput | null;
  billing_address?: AddressInput | null;
  lines: { sku: string; quantity: number; unit_price: string }[];
  shipping?: { service_level?: string | null; price?: string | null } | null;
  notes?: string | null;
  tags?: string[];
}

export interface CaptureResult {
  statusCode: 200 | 201;
  body: OrderView;
  outcome: string;
}

interface Prepared {
  exponent: number;
  unitPrices: number[];
  shippingMinor: number;
  subtotalMinor: number;
  products: Map<string, ProductRow>;
}

/** Everything that can be checked before a transaction opens: money, countries, SKUs. */
async function prepare(db: Db, tenantId: string, input: CanonicalOrder): Promise<Prepared> {
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
  if (input.shipping_address) collect(() => requireCountry((input.shipping_address as AddressInput).country, 'shipping_address.country'));
  if (input.billing_address) collect(() => requireCountry((input.billing_address as AddressInput).country, 'billing_address.country'));
  if (errors.length > 0) throw new DomainError('REQUEST_INVALID', 'Some values are not acceptable.', errors);

  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const products = new Map((await findProducts(db, tenantId, skus)).map((p) => [p.sku, p]));
  const unknown: FieldError[] = input.lines.flatMap((l, i) => (products.has(l.sku) ? [] : [{ field: `lines[${i}].sku`, message: `no product with SKU ${l.sku}` }]));
  if (unknown.length > 0) throw new DomainError('PRODUCT_UNKNOWN_SKU', 'Some SKUs are not in the catalog.', unknown);

  const subtotalMinor = input.lines.reduce((sum, l, i) => sum + l.quantity * (unitPrices[i] as number), 0);
  if (!Number.isSafeInteger(subtotalMinor + shippingMinor)) throw new DomainError('MONEY_INVALID', 'The order total is too large.', [{ field: 'lines', message: 'total is too large' }]);
  return { exponent, unitPrices, shippingMinor, subtotalMinor, products };
}

/**
 * Captures an order: validates it whole, then in ONE transaction claims the idempotency key,
 * locks and plans stock, reserves, stores the order and its lines, and appends its events.
 * A repeated (channel, external_id) answers the existing order with 200 and changes nothing.
 */
export async function placeOrder(
  db: Db,
  actor: Actor,
  input: CanonicalOrder,
  now: Date,
  idempotency?: { key: string; fingerprint: string },
): Promise<CaptureResult> {
  const [prepared, settings] = await Promise.all([prepare(db, actor.tenantId, input), getSettings(db, actor.tenantId)]);
  try {
    return await inTransaction(db, async (tx) => {
      if (idempotency) {
        const claim = await claimIdempotencyKey(tx, actor.tenantId, idempotency.key, idempotency.fingerprint, now);
        if (claim.kind === 'replay') return { statusCode: claim.statusCode as 200 | 201, body: claim.response as OrderView, outcome: 'replayed' };
      }
      // A repeated (channel, external_id) is caught by the unique index at insert (23505 below):
      // no extra lookup on the path every new order takes.
      return captureInTransaction(tx, actor, input, prepared, settings.accept_unfillable_orders_on_hold, now, idempotency?.key);
    });
  } catch (error) {
    const existing =
      postgresErrorCode(error) === '23505' && input.external_id
          ? await findOrderByExternalId(db, actor.tenantId, input.channel, input.external_id)
          : undefined;
    if (!existing) throw error;
    const [body] = await loadOrderViews(db, actor.tenantId, [existing]);
    const result: CaptureResult = { statusCode: 200, body: body as OrderView, outcome: 'duplicate' };
    if (idempotency) {
      // Remember the answer for this key too, so its retries replay it.
      await inTransaction(db, async (tx) => {
        const claim = await claimIdempotencyKey(tx, actor.tenantId, idempotency.key, idempotency.fingerprint, now);
        if (claim.kind === 'new') await completeIdempotencyKey(tx, actor.tenantId, idempotency.key, 200, result.body);
      });
    }
    return result;
  }
}

async function captureInTransaction(
  tx: Db,
  actor: Actor,
  input: CanonicalOrder,
  prepared: Prepared,
  acceptOnHold: boolean,
  now: Date,
  idempotencyKey: string | undefined,
): Promise<CaptureResult> {
  const orderId = newId('ord');
  const lineIds = input.lines.map(() => newId('oln'));
  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const snapshot = await lockStockForPlanning(tx, actor.tenantId, skus);
  const plan = planAllocation(
    input.lines.map((l, i) => ({ lineId: lineIds[i] as string, sku: l.sku, quantity: l.quantity, backorderable: prepared.products.get(l.sku)?.backorderable ?? false })),
    snapshot.map((s) => ({ sku: s.sku, locationId: s.location_id, locationCode: s.location_code, priority: s.priority, available: s.available })),
  );
  if (plan.shortages.length > 0 && !acceptOnHold) {
    throw new DomainError(
      'INVENTORY_INSUFFICIENT',
      `Not enough stock for ${plan.shortages.map((s) => s.sku).join(', ')}.`,
      plan.shortages.map((s) => ({ field: `lines[${lineIds.indexOf(s.lineId)}].quantity`, message: `only ${s.available} of ${s.sku} available, ${s.requested} requested` })),
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
      allocated: plan.allocations.filter((a) => a.lineId === id).reduce((n, a) => n + a.quantity, 0),
      backordered: plan.backorders.filter((b) => b.lineId === id).reduce((n, b) => n + b.quantity, 0),
      cancelled: 0,
    };
  });
  const status = allocationStatus(lines, plan.shortages.length > 0);
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
  const changes = await reserve(
    tx,
    actor.tenantId,
    plan.allocations.map((a) => ({ orderId, orderLineId: a.lineId, sku: a.sku, locationId: a.locationId, quantity: a.quantity })),
    now,
  );
  await insertOrderWithLines(tx, order, lines);
  const allocations = plan.allocations.map((a) => ({ line_id: a.lineId, sku: a.sku, location: a.locationCode, quantity: a.quantity }));
  const events: NewEvent[] = [
    { type: 'order.created', aggregateType: 'order', aggregateId: orderId, data: { channel: order.channel, external_id: order.externalId, lines: lines.length, total: order.totalMinor, currency: order.currency } },
    {
      type: `order.${status}`,
      aggregateType: 'order',
      aggregateId: orderId,
      data: { from: 'received', to: status, reason: 'allocation at capture', explanation: plan.explanation, allocations, backorders: plan.backorders, shortages: plan.shortages },
    },
    ...stockAlerts(changes, (sku) => prepared.products.get(sku)?.lowStockThreshold).map((a) => ({
      type: a.type,
      aggregateType: 'stock',
      aggregateId: `${a.sku}@${a.locationId}`,
      data: { sku: a.sku, location_id: a.locationId, available: a.available, threshold: a.threshold },
    })),
  ];
  const body = orderView(order, lines, allocations);
  // The events and the stored idempotent response go in one statement: one round trip fewer
  // while the stock rows are locked.
  await appendEvents(tx, actor, now, events, idempotencyKey ? { key: idempotencyKey, statusCode: 201, response: body } : undefined);
  return { statusCode: 201, body, outcome: status };
}
