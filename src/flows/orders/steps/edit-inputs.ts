import type { Db } from '../../../platform/db/database.js';
import { CANONICAL_ORDER_LIMITS } from '../../../platform/contracts/canonical-order.js';
import { DomainError } from '../../../platform/errors.js';
import { currencyExponent } from '../../../platform/kernel/money.js';
import { allocateKitPrice, findStockPolicies, type StockPolicy } from '../../../modules/catalog/index.js';
import { adjustmentsOfOrders, editDigest, orderCharges, type EditBase, type EditChange, type EditContext, type OrderAdjustmentRow, type OrderLineRow, type OrderRow } from '../../../modules/orders/index.js';
import { serviceLevels, shipmentStatusesOfOrder } from '../../../modules/shipping/index.js';
import { MAX_EXPLODED_LINES } from '../../routing/steps/explode-kits.js';

/** What `applyEdit` plays the changes over, read for one order (preview and commit alike). */
export interface EditInputs {
  base: EditBase;
  context: EditContext;
  adjustments: OrderAdjustmentRow[];
  policies: Map<string, StockPolicy>;
}

/** The SKUs the changes name (new lines, swapped variants). */
export function skusOfChanges(changes: readonly EditChange[]): string[] {
  return [...new Set(changes.flatMap((c) => (c.type === 'add_line' || c.type === 'change_variant' ? [c.sku] : [])))];
}

/**
 * The SKUs whose stock an edit's changes may plan on: the SKUs they name and, for a kit, its
 * components (the allocation locks a commit takes before the order's row).
 */
export async function stockSkusOfChanges(db: Db, tenantId: string, changes: readonly EditChange[]): Promise<string[]> {
  const skus = skusOfChanges(changes);
  if (skus.length === 0) return [];
  return [...new Set([...skus, ...(await findStockPolicies(db, tenantId, skus)).map((p) => p.sku)])];
}

/** What routing weighs a planned unit at: its price, or for a kit's component its share per unit (as capture plans it). */
export function plannedUnitPrice(line: { unitPriceMinor: number; quantity: number; priceShareMinor?: number | null | undefined }): number {
  return line.priceShareMinor !== null && line.priceShareMinor !== undefined && line.quantity > 0 ? Math.floor(line.priceShareMinor / line.quantity) : line.unitPriceMinor;
}

/** The order's digest as an edit compares it (domain/edit-digest.ts). */
export function digestOf(order: OrderRow, lines: OrderLineRow[]): string {
  return editDigest({ ...order, lines });
}

/**
 * Reads what an edit needs besides the order and its lines: its adjustments (charges, the tax
 * rate), the catalogue entries of the SKUs the changes name and of the order's own, and whether a
 * label is bought for an open shipment (shipping's `label_created`: printed, not yet scanned).
 */
export async function editInputs(db: Db, order: OrderRow, lines: OrderLineRow[], changes: readonly EditChange[]): Promise<EditInputs> {
  const exponent = currencyExponent(order.currency);
  if (exponent === undefined) throw new DomainError('CURRENCY_UNKNOWN', `${order.currency} is not an ISO 4217 currency code.`);
  const skus = [...new Set([...skusOfChanges(changes), ...lines.map((l) => l.sku)])];
  const [adjustments, policyRows, shipments] = await Promise.all([
    adjustmentsOfOrders(db, order.tenantId, [order.id]),
    findStockPolicies(db, order.tenantId, skus),
    changes.some((c) => c.type === 'change_shipping_address') ? shipmentStatusesOfOrder(db, order.tenantId, order.id) : Promise.resolve([]),
  ]);
  const policies = new Map(policyRows.map((p) => [p.sku, p]));
  // One rate on all the line taxes the channel sent: added lines and discounts are taxed at it.
  const rates = new Set(adjustments.filter((a) => a.kind === 'tax' && a.lineNo !== null && a.rate !== null).map((a) => a.rate as string));
  const base: EditBase = {
    status: order.status,
    currency: order.currency,
    exponent,
    taxesIncluded: order.taxesIncluded,
    shippingAddress: order.shippingAddress,
    shippingServiceLevel: order.shippingServiceLevel,
    notes: order.notes,
    tags: order.tags,
    lines: lines.map((l) => ({ id: l.id, lineNo: l.lineNo, sku: l.sku, quantity: l.quantity, cancelled: l.cancelled, shipped: l.shipped, unitPriceMinor: l.unitPriceMinor, discountMinor: l.discountMinor, taxMinor: l.taxMinor, parentLineId: l.parentLineId, priceShareMinor: l.priceShareMinor })),
    charges: orderCharges(order, adjustments),
  };
  const context: EditContext = {
    catalogue: new Map(policyRows.map((p) => [p.sku, { priceMinor: p.priceMinor, currency: p.currency, kit: p.components.length > 0, components: p.components }])),
    // Kits added by an edit are exploded and priced as capture does (flows/routing/steps/explode-kits.ts).
    splitKitPrice: allocateKitPrice,
    labelBought: shipments.includes('label_created'),
    taxRate: rates.size === 1 ? ([...rates][0] as string) : null,
    serviceLevels,
    maxTags: CANONICAL_ORDER_LIMITS.maxTags,
    maxLines: MAX_EXPLODED_LINES,
  };
  return { base, context, adjustments, policies };
}
