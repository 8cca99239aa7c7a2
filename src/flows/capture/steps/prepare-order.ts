import type { Db } from '../../../platform/db/database.js';
import type { CanonicalAddress, CanonicalOrder } from '../../../platform/contracts/canonical-order.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { requireCountry } from '../../../platform/kernel/country.js';
import { moneyFromWire, requireCurrency } from '../../../platform/kernel/money.js';
import { findUnstorableString } from '../../../platform/kernel/text.js';
import { findStockPolicies, type StockPolicy } from '../../../modules/catalog/index.js';
import type { StockSnapshotRow } from '../../../modules/inventory/index.js';
import type { RoutedPlan } from '../../../modules/routing/index.js';
import { assertExplodedLines, plannedLines } from '../../routing/steps/explode-kits.js';
import { routeLines, type RouteOptions, type RoutingSetup } from '../../routing/steps/routing.js';

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
export function requireStorable(input: CanonicalOrder): void {
  const bad = findUnstorableString(input);
  if (bad) throw new DomainError('REQUEST_INVALID', `${bad.field} ${bad.problem}.`, [{ field: bad.field, message: bad.problem }]);
}

/** Everything that can be checked before a transaction opens: money, countries, SKUs (capture, the POS and routing simulation). */
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
  if (input.shipping_address) collect(() => requireCountry((input.shipping_address as CanonicalAddress).country, 'shipping_address.country'));
  if (input.billing_address) collect(() => requireCountry((input.billing_address as CanonicalAddress).country, 'billing_address.country'));
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

/** The allocation plan for an order over a stock snapshot, by the tenant's routing rules (capture and simulation). */
export function planFor(input: CanonicalOrder, lineIds: string[], prepared: Prepared, routing: RoutingSetup, snapshot: StockSnapshotRow[], options: RouteOptions = {}): RoutedPlan {
  // Kit lines are planned as their component lines (src/flows/routing/steps/explode-kits.ts).
  const lines = plannedLines(input.lines, prepared.unitPrices, prepared.products, lineIds);
  return routeLines(input, lines, routing, snapshot, options);
}
