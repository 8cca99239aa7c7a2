/**
 * Pick paths: the order a picker walks the stops of a pick list.
 *
 * Bins are `ZONE-AISLE-BAY-LEVEL` (e.g. `A-03-2-B`: zone A, aisle 3, bay 2, level B). The walk is
 * serpentine (S-shape): zones in order; within a zone, the aisles that have stops in ascending
 * order, walking the first one up (bays ascending), the next one down (bays descending), and so
 * on, so the picker leaves each aisle at the end where the next one starts; within a bay, levels
 * in order. The alternation counts the aisles actually visited: with stops in every aisle
 * from 1 on, odd aisles are walked up and even aisles down; when an aisle is skipped the picker
 * does not walk an empty aisle just to keep the parity. Stops whose bin does not follow the
 * pattern come next (by bin), stops with no bin last (by SKU).
 */

export interface BinCode {
  zone: string;
  aisle: number;
  bay: number;
  level: string;
}

const BIN = /^([A-Za-z0-9]+)-([0-9]{1,4})-([0-9]{1,4})-([A-Za-z0-9]{1,4})$/;

export function parseBin(bin: string): BinCode | undefined {
  const match = BIN.exec(bin.trim());
  if (!match) return undefined;
  return { zone: (match[1] as string).toUpperCase(), aisle: Number(match[2]), bay: Number(match[3]), level: (match[4] as string).toUpperCase() };
}

/** Text order with digit runs compared as numbers: level 2 before level 10, A before B. */
function compareNatural(a: string, b: string): number {
  const na = /^[0-9]+$/.test(a);
  const nb = /^[0-9]+$/.test(b);
  if (na && nb) return Number(a) - Number(b);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Stop {
  bin: string | null;
  sku: string;
}

/** The stops in walking order (a new array; the input is not changed). */
export function orderPickPath<T extends Stop>(stops: readonly T[]): T[] {
  const located: { stop: T; bin: BinCode }[] = [];
  const unparsed: T[] = [];
  const binless: T[] = [];
  for (const stop of stops) {
    const parsed = stop.bin ? parseBin(stop.bin) : undefined;
    if (parsed) located.push({ stop, bin: parsed });
    else if (stop.bin) unparsed.push(stop);
    else binless.push(stop);
  }
  // Direction of each (zone, aisle): alternate over the visited aisles of a zone, first one up.
  const upward = new Map<string, boolean>();
  const aislesByZone = new Map<string, Set<number>>();
  for (const { bin } of located) {
    const set = aislesByZone.get(bin.zone) ?? new Set<number>();
    set.add(bin.aisle);
    aislesByZone.set(bin.zone, set);
  }
  for (const [zone, aisles] of aislesByZone) {
    [...aisles].sort((a, b) => a - b).forEach((aisle, i) => upward.set(`${zone}\u0000${aisle}`, i % 2 === 0));
  }
  located.sort((a, b) => {
    const zone = compareNatural(a.bin.zone, b.bin.zone);
    if (zone !== 0) return zone;
    if (a.bin.aisle !== b.bin.aisle) return a.bin.aisle - b.bin.aisle;
    if (a.bin.bay !== b.bin.bay) return upward.get(`${a.bin.zone}\u0000${a.bin.aisle}`) ? a.bin.bay - b.bin.bay : b.bin.bay - a.bin.bay;
    return compareNatural(a.bin.level, b.bin.level) || compareText(a.stop.sku, b.stop.sku);
  });
  unparsed.sort((a, b) => compareText(a.bin as string, b.bin as string) || compareText(a.sku, b.sku));
  binless.sort((a, b) => compareText(a.sku, b.sku));
  return [...located.map((l) => l.stop), ...unparsed, ...binless];
}

export interface PickLine {
  fulfillmentOrderId: string;
  sku: string;
  quantity: number;
}

/**
 * The stops of a pick list: the batched orders' lines merged by SKU and bin (a SKU sits in one
 * bin per location; `binOf` answers null when not recorded), in walking order.
 */
export function buildStops(lines: readonly PickLine[], binOf: (sku: string) => string | null): { bin: string | null; sku: string; quantity: number }[] {
  const merged = new Map<string, { bin: string | null; sku: string; quantity: number }>();
  for (const line of lines) {
    const bin = binOf(line.sku);
    const key = `${bin ?? ''}\u0000${line.sku}`;
    const stop = merged.get(key) ?? { bin, sku: line.sku, quantity: 0 };
    stop.quantity += line.quantity;
    merged.set(key, stop);
  }
  return orderPickPath([...merged.values()].filter((s) => s.quantity > 0));
}

/**
 * Which fulfillment orders a short pick of `shortfall` units of a SKU falls on: the newest orders
 * first, so the oldest (waiting longest) keep the units that were found.
 */
export function assignShortfall(lines: readonly PickLine[], sku: string, shortfall: number): { fulfillmentOrderId: string; quantity: number }[] {
  const perOrder = new Map<string, number>();
  for (const l of lines) if (l.sku === sku) perOrder.set(l.fulfillmentOrderId, (perOrder.get(l.fulfillmentOrderId) ?? 0) + l.quantity);
  const newestFirst = [...perOrder].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
  const result: { fulfillmentOrderId: string; quantity: number }[] = [];
  let left = shortfall;
  for (const [fulfillmentOrderId, held] of newestFirst) {
    if (left <= 0) break;
    const take = Math.min(left, held);
    if (take > 0) result.push({ fulfillmentOrderId, quantity: take });
    left -= take;
  }
  return result;
}
