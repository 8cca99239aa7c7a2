import { DomainError } from '../../../platform/errors.js';
import { allocateKitPrice, type StockPolicy } from '../../../modules/catalog/index.js';
import type { OrderLineRow } from '../../../modules/orders/index.js';
import type { RouteLine } from '../../../modules/routing/index.js';

/**
 * Kits at capture. A customer's line for a kit stays the customer's line (SKU, quantity, price;
 * it counts once in the subtotal) and is exploded into one component line per component:
 * `parent_line_id` = the kit line, quantity = kit quantity × component quantity, unit price 0 and
 * `price_share_minor` = its share of the kit line's total, split by the components' list prices
 * (shares add up exactly; the remainder goes to the first component). Only plain lines and
 * component lines are routed and reserved; a kit line is never allocated itself, its status
 * is derived from its components (orders' `stockLines`).
 *
 * Component line ids come after the customer lines' ids in the `lineIds` a capture makes with
 * `lineIdsFor`; a caller that passes only the customer lines' ids (routing simulation) gets
 * `<kit line id>/<n>` ids for the components.
 */
interface CustomerLine {
  sku: string;
  quantity: number;
}

export interface ComponentLine {
  id: string;
  /** Index of the kit line among the customer's lines. */
  parentIndex: number;
  parentId: string;
  sku: string;
  quantity: number;
  priceShareMinor: number;
}

const componentsOf = (products: Map<string, StockPolicy>, sku: string) => products.get(sku)?.components ?? [];

/** The SKUs whose stock a capture plans on: the order's SKUs with each kit replaced by its components. */
export function stockSkusOf(skus: string[], products: Map<string, StockPolicy>): string[] {
  if (!skus.some((s) => componentsOf(products, s).length > 0)) return skus;
  return [...new Set(skus.flatMap((s) => {
    const components = componentsOf(products, s);
    return components.length > 0 ? components.map((c) => c.sku) : [s];
  }))];
}

/**
 * At most this many lines once kits count as their components (500 kit lines of 100 components
 * would be 50,000 lines to plan, insert and show: seconds of work for one request).
 */
export const MAX_EXPLODED_LINES = 1000;

/** Refuses an order whose kits explode into more lines than MAX_EXPLODED_LINES. */
export function assertExplodedLines(lines: CustomerLine[], products: Map<string, StockPolicy>): void {
  const count = lines.reduce((n, l) => n + 1 + componentsOf(products, l.sku).length, 0);
  if (count > MAX_EXPLODED_LINES) {
    throw new DomainError('ORDER_TOO_MANY_LINES', `With its kits' components the order has ${count} lines.`, [{ field: 'lines', message: `at most ${MAX_EXPLODED_LINES} lines counting each kit's components (${count})` }], { lines: count, max: MAX_EXPLODED_LINES });
  }
}

/** Ids for a capture's lines: one per customer line, then one per component line of its kits. */
export function lineIdsFor(lines: CustomerLine[], products: Map<string, StockPolicy>, newLineId: () => string): string[] {
  const ids = lines.map(() => newLineId());
  for (const l of lines) for (const _ of componentsOf(products, l.sku)) ids.push(newLineId());
  return ids;
}

/** The component lines of the order's kit lines, in line order then component order. */
export function componentLines(lines: CustomerLine[], unitPrices: number[], products: Map<string, StockPolicy>, lineIds: string[]): ComponentLine[] {
  const out: ComponentLine[] = [];
  lines.forEach((line, i) => {
    const components = componentsOf(products, line.sku);
    if (components.length === 0) return;
    const parentId = lineIds[i] as string;
    const shares = allocateKitPrice(line.quantity * (unitPrices[i] as number), components.map((c) => ({ listPriceMinor: products.get(c.sku)?.priceMinor ?? 0, quantity: c.quantity })));
    components.forEach((c, j) => {
      out.push({
        id: lineIds[lines.length + out.length] ?? `${parentId}/${j}`,
        parentIndex: i,
        parentId,
        sku: c.sku,
        quantity: line.quantity * c.quantity,
        priceShareMinor: shares[j] as number,
      });
    });
  });
  return out;
}

/** What routing plans: the plain customer lines and the kits' component lines (kit lines carry no stock). */
export function plannedLines(lines: CustomerLine[], unitPrices: number[], products: Map<string, StockPolicy>, lineIds: string[]): RouteLine[] {
  const plain: RouteLine[] = lines.flatMap((l, i) =>
    componentsOf(products, l.sku).length > 0
      ? []
      : [{ lineId: lineIds[i] as string, sku: l.sku, quantity: l.quantity, backorderable: products.get(l.sku)?.backorderable ?? false, unitPriceMinor: unitPrices[i] as number }],
  );
  if (plain.length === lines.length) return plain;
  const components = componentLines(lines, unitPrices, products, lineIds).map((c) => ({
    lineId: c.id,
    sku: c.sku,
    quantity: c.quantity,
    backorderable: products.get(c.sku)?.backorderable ?? false,
    // Routing weighs a shipment's value (minimum per shipment): a component is worth its share.
    unitPriceMinor: Math.floor(c.priceShareMinor / c.quantity),
  }));
  return [...plain, ...components];
}

/** The customer's line a planned line belongs to (a component line answers its kit line); -1 if none. */
export function customerLineIndex(lines: CustomerLine[], unitPrices: number[], products: Map<string, StockPolicy>, lineIds: string[], lineId: string): number {
  const direct = lineIds.indexOf(lineId);
  if (direct >= 0 && direct < lines.length) return direct;
  return componentLines(lines, unitPrices, products, lineIds).find((c) => c.id === lineId)?.parentIndex ?? -1;
}

/** The order line rows of the component lines, quantities from the plan, to insert after the customer's lines. */
export function componentLineRows(
  base: Pick<OrderLineRow, 'tenantId' | 'orderId'>,
  lines: CustomerLine[],
  unitPrices: number[],
  products: Map<string, StockPolicy>,
  lineIds: string[],
  plan: { allocations: { lineId: string; quantity: number }[]; backorders: { lineId: string; quantity: number }[] },
): OrderLineRow[] {
  const sums = (rows: { lineId: string; quantity: number }[]) => rows.reduce((m, r) => m.set(r.lineId, (m.get(r.lineId) ?? 0) + r.quantity), new Map<string, number>());
  const allocated = sums(plan.allocations);
  const backordered = sums(plan.backorders);
  return componentLines(lines, unitPrices, products, lineIds).map((c, k) => ({
    ...base,
    id: c.id,
    lineNo: lines.length + k + 1,
    sku: c.sku,
    quantity: c.quantity,
    unitPriceMinor: 0,
    allocated: allocated.get(c.id) ?? 0,
    backordered: backordered.get(c.id) ?? 0,
    cancelled: 0,
    shipped: 0,
    parentLineId: c.parentId,
    priceShareMinor: c.priceShareMinor,
    // A kit's money (discounts, taxes) stays on the customer's kit line.
    discountMinor: 0,
    taxMinor: 0,
  }));
}
