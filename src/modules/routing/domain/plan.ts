/**
 * The allocation engine, as a pure function over a stock snapshot. With the default options it is
 * the default routing rule:
 *  1. one location that holds every line wins (ties: the rank — priority, then most available —
 *     then code); "holds" means the whole quantity, or, where no location has that much, as much
 *     as the best one;
 *  2. otherwise the fewest locations that fill the most lines whole (exact for two, greedy beyond);
 *  3. a line no single location can fill is split across locations (chosen ones first);
 *  4. what is still missing is backordered if the SKU allows it, else reported short.
 * A routing rule (route.ts) changes the rank (proximity, cost…), whether shipments are minimised
 * first, and how far splitting may go. Every choice carries a reason.
 */
export interface PlanLine {
  lineId: string;
  sku: string;
  quantity: number;
  backorderable: boolean;
}

export interface StockAtLocation {
  sku: string;
  locationId: string;
  locationCode: string;
  priority: number;
  available: number;
}

export interface PlannedAllocation {
  lineId: string;
  sku: string;
  locationId: string;
  locationCode: string;
  quantity: number;
}

export interface Plan {
  allocations: PlannedAllocation[];
  backorders: { lineId: string; sku: string; quantity: number }[];
  shortages: { lineId: string; sku: string; requested: number; available: number }[];
  explanation: string[];
}

export interface Candidate {
  id: string;
  code: string;
  priority: number;
  stock: Map<string, number>;
}

/**
 * never: the whole order from one location; by_line: each line whole from one location;
 * split_line: a line may be split across locations when none can fill it.
 */
export type SplitPolicy = 'never' | 'by_line' | 'split_line';

export interface PlanOptions {
  /** Rank of a location, compared element by element, lower first (ties: code). */
  rankKey?: (c: Candidate, skus: string[]) => number[];
  split?: SplitPolicy;
  /**
   * first: the fewest locations beat any rank (set cover, the rank breaks ties);
   * prefer_chosen: locations are taken in rank order, but a line goes to an already chosen
   * location when one can fill it; off: every line from the first location in rank order.
   */
  fewestShipments?: 'first' | 'prefer_chosen' | 'off';
}

const defaultRankKey = (c: Candidate, skus: string[]): number[] => [c.priority, -totalAvailable(c, skus)];

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

function candidatesFrom(stock: StockAtLocation[]): Candidate[] {
  const byId = new Map<string, Candidate>();
  for (const s of stock) {
    if (s.available <= 0) continue;
    const c = byId.get(s.locationId) ?? { id: s.locationId, code: s.locationCode, priority: s.priority, stock: new Map<string, number>() };
    c.stock.set(s.sku, (c.stock.get(s.sku) ?? 0) + s.available);
    byId.set(s.locationId, c);
  }
  return [...byId.values()];
}

/** Lines are merged per SKU for coverage questions: two lines of one SKU need their sum. */
function demandBySku(lines: PlanLine[]): Map<string, number> {
  const demand = new Map<string, number>();
  for (const l of lines) demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.quantity);
  return demand;
}

function totalAvailable(c: Candidate, skus: Iterable<string>): number {
  let sum = 0;
  for (const sku of skus) sum += c.stock.get(sku) ?? 0;
  return sum;
}

function byCode(a: Candidate, b: Candidate): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * How much of each SKU one location must hold to count as "holding the line": the whole demand,
 * or, when no location has that much, as much as the best single location has (the rest will be
 * split or backordered whatever we choose). SKUs nobody holds do not constrain the choice.
 */
function coverageTargets(demand: Map<string, number>, candidates: Candidate[]): Map<string, number> {
  const targets = new Map<string, number>();
  for (const [sku, qty] of demand) {
    const best = Math.max(0, ...candidates.map((c) => c.stock.get(sku) ?? 0));
    if (best > 0) targets.set(sku, Math.min(qty, best));
  }
  return targets;
}

function covers(set: Candidate[], targets: Map<string, number>): boolean {
  for (const [sku, qty] of targets) {
    // Each SKU must come from one location of the set.
    if (!set.some((c) => (c.stock.get(sku) ?? 0) >= qty)) return false;
  }
  return true;
}

export function planAllocation(lines: PlanLine[], stock: StockAtLocation[], options: PlanOptions = {}): Plan {
  const explanation: string[] = [];
  const candidates = candidatesFrom(stock);
  const demand = demandBySku(lines);
  const targets = coverageTargets(demand, candidates);
  const skus = [...demand.keys()];
  const remaining = new Map(candidates.map((c) => [c.id, new Map(c.stock)]));
  const split = options.split ?? 'split_line';
  const fewest = split === 'never' ? 'first' : (options.fewestShipments ?? 'first');
  const keyOf = options.rankKey ?? defaultRankKey;
  const keys = new Map(candidates.map((c) => [c.id, keyOf(c, skus)]));
  const better = (a: Candidate, b: Candidate) => compareKeys(keys.get(a.id) as number[], keys.get(b.id) as number[]) || byCode(a, b);
  const ranked = [...candidates].sort(better);
  let chosen: Candidate[] = [];

  const single = fewest === 'first' ? ranked.filter((c) => covers([c], targets)) : [];
  if (fewest !== 'first') {
    explanation.push(`locations taken in rank order: ${ranked.map((c) => c.code).join(', ') || 'none'}`);
  } else if (single.length > 0) {
    chosen = [single[0] as Candidate];
    explanation.push(`${(single[0] as Candidate).code}: holds every line${single.length > 1 ? `; ranked before ${single.slice(1).map((c) => c.code).join(', ')}` : ''}`);
  } else {
    let bestPair: [Candidate, Candidate] | undefined;
    if (split !== 'never' && candidates.length <= 64) {
      for (let i = 0; i < candidates.length; i++) {
        for (let j = i + 1; j < candidates.length; j++) {
          const pair: [Candidate, Candidate] = [candidates[i] as Candidate, candidates[j] as Candidate];
          if (!covers(pair, targets)) continue;
          if (!bestPair || comparePairs(pair, bestPair, keys) < 0) bestPair = pair;
        }
      }
    }
    if (bestPair) {
      chosen = [...bestPair].sort(better);
      explanation.push(`${chosen.map((c) => c.code).join(' + ')}: no single location holds every line; the fewest locations that do`);
    } else {
      // Greedy cover: take the location that fills the most still-unfilled SKUs whole.
      const open = new Set(targets.keys());
      for (;;) {
        let best: Candidate | undefined;
        let bestCount = 0;
        for (const c of candidates) {
          if (chosen.includes(c)) continue;
          let n = 0;
          for (const sku of open) if ((c.stock.get(sku) ?? 0) >= (targets.get(sku) ?? 0)) n++;
          if (n > bestCount || (n === bestCount && n > 0 && best && better(c, best) < 0)) {
            best = c;
            bestCount = n;
          }
        }
        if (!best || bestCount === 0) break;
        chosen.push(best);
        if (split === 'never') {
          explanation.push(`${best.code}: no location holds every line and the rule never splits; the one that holds the most`);
          break;
        }
        for (const sku of [...open]) if ((best.stock.get(sku) ?? 0) >= (targets.get(sku) ?? 0)) open.delete(sku);
        explanation.push(`${best.code}: fills ${bestCount} more line(s) whole`);
      }
    }
  }

  const allocations: PlannedAllocation[] = [];
  const backorders: Plan['backorders'] = [];
  const shortages: Plan['shortages'] = [];
  const take = (line: PlanLine, c: Candidate, qty: number) => {
    const left = remaining.get(c.id) as Map<string, number>;
    left.set(line.sku, (left.get(line.sku) ?? 0) - qty);
    const existing = allocations.find((a) => a.lineId === line.lineId && a.locationId === c.id);
    if (existing) existing.quantity += qty;
    else allocations.push({ lineId: line.lineId, sku: line.sku, locationId: c.id, locationCode: c.code, quantity: qty });
  };
  const availableAt = (c: Candidate, sku: string) => remaining.get(c.id)?.get(sku) ?? 0;

  for (const line of lines) {
    const holdsLine = (c: Candidate) => availableAt(c, line.sku) >= line.quantity;
    const whole = fewest === 'first' ? chosen.find(holdsLine) : (fewest === 'prefer_chosen' ? chosen.find(holdsLine) : undefined) ?? (split === 'never' ? undefined : ranked.find(holdsLine));
    if (whole) {
      if (!chosen.includes(whole)) chosen.push(whole);
      take(line, whole, line.quantity);
      continue;
    }
    // Split: chosen locations first, then the others (by most available when minimising
    // shipments, else in rank order). A rule that does not split lines takes what one location has.
    const others = candidates.filter((c) => !chosen.includes(c));
    const order =
      split === 'never'
        ? chosen.slice(0, 1)
        : split === 'by_line'
          ? [...chosen, ...others].filter((c) => availableAt(c, line.sku) > 0).sort((a, b) => availableAt(b, line.sku) - availableAt(a, line.sku) || better(a, b)).slice(0, 1)
          : [...chosen, ...(fewest === 'first' ? others.sort((a, b) => availableAt(b, line.sku) - availableAt(a, line.sku) || a.priority - b.priority) : others.sort(better))];
    let needed = line.quantity;
    const used: string[] = [];
    for (const c of order) {
      if (needed === 0) break;
      const qty = Math.min(needed, availableAt(c, line.sku));
      if (qty <= 0) continue;
      take(line, c, qty);
      used.push(`${c.code}×${qty}`);
      needed -= qty;
    }
    if (used.length > 1) explanation.push(`${line.sku}: no location holds ${line.quantity}; split ${used.join(', ')}`);
    else if (used.length === 1 && split !== 'split_line') explanation.push(`${line.sku}: no location holds ${line.quantity} and the rule does not split lines; ${used[0]} from the location with the most`);
    if (needed > 0) {
      if (line.backorderable) {
        backorders.push({ lineId: line.lineId, sku: line.sku, quantity: needed });
        explanation.push(`${line.sku}: ${needed} backordered (not enough stock; SKU is backorderable)`);
      } else {
        shortages.push({ lineId: line.lineId, sku: line.sku, requested: line.quantity, available: line.quantity - needed });
        explanation.push(`${line.sku}: short by ${needed} and not backorderable`);
      }
    }
  }
  return { allocations, backorders, shortages, explanation };
}

/** Pairs compare by the element-wise sum of their members' rank keys (lower first). */
function comparePairs(a: [Candidate, Candidate], b: [Candidate, Candidate], keys: Map<string, number[]>): number {
  const sum = (p: [Candidate, Candidate]) => {
    const k0 = keys.get(p[0].id) as number[];
    const k1 = keys.get(p[1].id) as number[];
    return k0.map((v, i) => v + (k1[i] as number));
  };
  return compareKeys(sum(a), sum(b));
}
