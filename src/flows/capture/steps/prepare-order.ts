import type { Db } from '../../../platform/db/database.js';
import type { CanonicalAddress, CanonicalOrder } from '../../../platform/contracts/canonical-order.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { requireCountry } from '../../../platform/kernel/country.js';
import { requireCurrency } from '../../../platform/kernel/money.js';
import { findUnstorableString } from '../../../platform/kernel/text.js';
import { isIpAddress } from '../../../platform/kernel/ip.js';
import { findStockPolicies, type StockPolicy } from '../../../modules/catalog/index.js';
import type { StockSnapshotRow } from '../../../modules/inventory/index.js';
import type { RoutedPlan } from '../../../modules/routing/index.js';
import { assertExplodedLines, plannedLines } from '../../routing/steps/explode-kits.js';
import { prepareMoney, type PreparedMoney } from './prepare-money.js';
import { routeLines, type RouteOptions, type RoutingSetup } from '../../routing/steps/routing.js';

export interface Prepared {
  unitPrices: number[];
  shippingMinor: number;
  subtotalMinor: number;
  products: Map<string, StockPolicy>;
  /** Discounts, taxes, shipping lines, duties and the totals (prepare-money.ts). */
  money: PreparedMoney;
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
  const money = prepareMoney(input, exponent, errors);
  const { unitPrices } = money;
  if (input.shipping_address) collect(() => requireCountry((input.shipping_address as CanonicalAddress).country, 'shipping_address.country'));
  if (input.billing_address) collect(() => requireCountry((input.billing_address as CanonicalAddress).country, 'billing_address.country'));
  const ip = input.client?.ip;
  if (ip && !isIpAddress(ip)) errors.push({ field: 'client.ip', message: `"${ip.slice(0, 45)}" is not an IPv4 (203.0.113.24) or IPv6 (2001:db8::1) address` });
  if (errors.length > 0) throw new DomainError('REQUEST_INVALID', 'Some values are not acceptable.', errors);

  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const products = new Map((await findStockPolicies(db, tenantId, skus)).map((p) => [p.sku, p]));
  const unknown: FieldError[] = input.lines.flatMap((l, i) => (products.has(l.sku) ? [] : [{ field: `lines[${i}].sku`, message: `no product with SKU ${l.sku}` }]));
  if (unknown.length > 0) throw new DomainError('PRODUCT_UNKNOWN_SKU', 'Some SKUs are not in the catalog.', unknown);
  assertExplodedLines(input.lines, products);

  return { unitPrices, shippingMinor: money.shippingPrice, subtotalMinor: money.totals.subtotal, products, money };
}

/** The allocation plan for an order over a stock snapshot, by the tenant's routing rules (capture and simulation). */
export function planFor(input: CanonicalOrder, lineIds: string[], prepared: Prepared, routing: RoutingSetup, snapshot: StockSnapshotRow[], options: RouteOptions = {}): RoutedPlan {
  // Kit lines are planned as their component lines (src/flows/routing/steps/explode-kits.ts).
  const lines = plannedLines(input.lines, prepared.unitPrices, prepared.products, lineIds);
  return routeLines(input, lines, routing, snapshot, options);
}
