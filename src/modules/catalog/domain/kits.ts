/**
 * Kits (bundles): a product made of other products, one level deep. A kit holds no stock of its
 * own; what it can be sold for is derived from its components, and an order line for a kit is
 * exploded into component lines that are reserved, picked and shipped. Pure functions only.
 */
import type { FieldError } from '../../../platform/errors.js';

export interface KitComponent {
  sku: string;
  /** Units of the component in one kit. */
  quantity: number;
}

/** What validation needs to know about a SKU named as a component. */
export interface ComponentCandidate {
  sku: string;
  /** The candidate is itself a kit (kits do not nest). */
  isKit: boolean;
}

/**
 * The refusals for a kit definition, each naming its field: a component must exist, must not be
 * the kit itself, must not be a kit (one level), must be named once and have a positive integer
 * quantity. `kitsUsingThis`: kits that already use the product being defined as a component —
 * it cannot then become a kit itself.
 */
export function kitDefinitionErrors(kitSku: string, components: KitComponent[], known: Map<string, ComponentCandidate>, kitsUsingThis: string[]): FieldError[] {
  const errors: FieldError[] = [];
  if (components.length > 0 && kitsUsingThis.length > 0) {
    errors.push({ field: 'components', message: `${kitSku} is a component of ${kitsUsingThis.join(', ')}; kits nest one level only, so it cannot be a kit itself` });
  }
  const seen = new Set<string>();
  components.forEach((c, i) => {
    const field = `components[${i}]`;
    if (!Number.isSafeInteger(c.quantity) || c.quantity < 1) errors.push({ field: `${field}.quantity`, message: 'must be an integer of at least 1' });
    if (c.sku === kitSku) errors.push({ field: `${field}.sku`, message: 'a kit cannot contain itself' });
    else if (seen.has(c.sku)) errors.push({ field: `${field}.sku`, message: `${c.sku} is named twice; give it once with the total quantity` });
    else if (!known.has(c.sku)) errors.push({ field: `${field}.sku`, message: `no product with SKU ${c.sku}` });
    else if (known.get(c.sku)?.isKit) errors.push({ field: `${field}.sku`, message: `${c.sku} is a kit; kits nest one level only, name its components instead` });
    seen.add(c.sku);
  });
  return errors;
}

/** Units of a kit that can be assembled from the given availability of its components (never below 0). */
export function kitsAssemblable(components: KitComponent[], availableOf: (sku: string) => number): number {
  if (components.length === 0) return 0;
  return Math.max(0, Math.min(...components.map((c) => Math.floor(availableOf(c.sku) / c.quantity))));
}

export interface StockAt {
  location: string;
  sku: string;
  available: number;
}

export interface KitAvailability {
  /** Sum over locations of what each can assemble on its own: a kit ships complete from one location. */
  total: number;
  /** Per location that stocks every component: floor(min over components of available / quantity). */
  locations: { location: string; available: number }[];
}

/**
 * A kit's availability from its components' stock rows. Per location: the complete kits it can
 * assemble from its own stock, floor(min over components of available / quantity); a location
 * missing a component assembles none. Total: the sum over locations — components at different
 * locations are not combined, because a kit ships complete from one location. Locations are listed
 * in the order they first appear in `stock`.
 */
export function kitAvailability(components: KitComponent[], stock: StockAt[]): KitAvailability {
  const byLocation = new Map<string, Map<string, number>>();
  for (const row of stock) {
    const at = byLocation.get(row.location) ?? new Map<string, number>();
    at.set(row.sku, (at.get(row.sku) ?? 0) + row.available);
    byLocation.set(row.location, at);
  }
  const locations = [...byLocation]
    .filter(([, at]) => components.length > 0 && components.every((c) => at.has(c.sku)))
    .map(([location, at]) => ({ location, available: kitsAssemblable(components, (sku) => at.get(sku) ?? 0) }));
  return { total: locations.reduce((n, l) => n + l.available, 0), locations };
}

/**
 * Splits a kit line's total (minor units) across its components in proportion to their list value
 * in one kit (list price × quantity), rounding down, with the remainder on the first component: the
 * shares always add up exactly to the total. When every component is free, the first takes it all.
 * BigInt arithmetic: totals and weights may each approach 2^53.
 */
export function allocateKitPrice(totalMinor: number, components: { listPriceMinor: number; quantity: number }[]): number[] {
  if (components.length === 0) return [];
  const weights = components.map((c) => BigInt(c.listPriceMinor) * BigInt(c.quantity));
  const sum = weights.reduce((n, w) => n + w, 0n);
  const total = BigInt(totalMinor);
  const shares = weights.map((w) => (sum === 0n ? 0n : (total * w) / sum));
  const remainder = total - shares.reduce((n, s) => n + s, 0n);
  shares[0] = (shares[0] as bigint) + remainder;
  return shares.map(Number);
}
