import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Address } from '../../../platform/http/address.js';
import { findCustomsData } from '../../../modules/catalog/index.js';
import type { FulfillmentOrder } from '../../../modules/fulfillment/index.js';
import { linesOfOrders, type OrderRow } from '../../../modules/orders/index.js';
import { customsRequired, declareCustoms, type CustomsDeclaration, type CustomsOverride, type DeclarationLine } from '../../../modules/shipping/index.js';

type OrderLine = Awaited<ReturnType<typeof linesOfOrders>>[number];

/**
 * The customs declaration of a fulfillment order leaving its customs territory: what ships (its
 * lines), what the customer paid for those units (kit components at their share of the kit's
 * price), and the products' HS codes, origins and weights; the ship request's `customs` overrides.
 * Undefined when the parcels stay inside one customs territory (the override is then not needed
 * and is ignored). An incomplete declaration is refused before anything is bought: 422
 * SHIPMENT_CUSTOMS_INCOMPLETE naming each SKU and field.
 */
export async function customsDeclarationFor(
  db: Db,
  tenantId: string,
  shipment: { fulfillmentOrder: FulfillmentOrder; order: OrderRow; from: Address; to: Address; parcels: { weightGrams: number }[] },
  override: CustomsOverride | undefined,
): Promise<CustomsDeclaration | undefined> {
  const { fulfillmentOrder, order, from, to } = shipment;
  if (!customsRequired(from, to)) return undefined;
  const units = fulfillmentOrder.lines.filter((l) => l.quantity > 0);
  const [orderLines, products] = await Promise.all([linesOfOrders(db, tenantId, [order.id]), findCustomsData(db, tenantId, units.map((u) => u.sku))]);
  const byId = new Map(orderLines.map((l) => [l.id, l]));
  const lines: DeclarationLine[] = units.map((u) => ({ sku: u.sku, quantity: u.quantity, valueMinor: paidFor(byId.get(u.orderLineId), u.quantity) }));
  const result = declareCustoms({
    from,
    to,
    currency: order.currency,
    lines,
    products,
    parcelWeightGrams: shipment.parcels.reduce((sum, p) => sum + p.weightGrams, 0),
    // An empty name is no signer: fall through to the company.
    defaultSigner: from.name || from.company || undefined,
    override,
  });
  if ('problems' in result) {
    throw new DomainError('SHIPMENT_CUSTOMS_INCOMPLETE', `The parcels leave for ${to.country}: their customs declaration is incomplete (${result.problems.map((p) => p.field).join(', ')}).`, result.problems);
  }
  return result.declaration;
}

/**
 * What the customer paid for the next `units` of a line: price × units, or for a kit component the
 * slice of its share of the kit's total that these units add (cumulative, so the slices of all
 * shipments add up to the share exactly).
 */
function paidFor(line: OrderLine | undefined, units: number): number {
  if (!line) return 0;
  if (line.priceShareMinor === null || line.quantity <= 0) return line.unitPriceMinor * units;
  const before = Math.min(line.shipped, line.quantity);
  const upTo = Math.min(before + units, line.quantity);
  return Math.floor((line.priceShareMinor * upTo) / line.quantity) - Math.floor((line.priceShareMinor * before) / line.quantity);
}
