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

/** What every phase reads: the candidate locations, their rank, and the rule's split settings. */
interface Ranking {
  candidates: Candidate[];
  ranked: Candidate[];
  targets: Map<string, number>;
  keys: Map<string, number[]>;
  better: (a: Candidate, b: Candidate) => number;
  split: SplitPolicy;
  fewest: 'first' | 'prefer_chosen' | 'off';
}

/** What the allocation phase writes: the locations in use, the stock left at each, and the plan. */
interface Allocating {
  ranking: Ranking;
  chosen: Candidate[];
  remaining: Map<string, Map<string, number>>;
  plan: Plan;
}

export function planAllocation(lines: PlanLine[], stock: StockAtLocation[], options: PlanOptions = {}): Plan {
  const ranking = rankCandidates(lines, stock, options);
  const explanation: string[] = [];
  const chosen = chooseLocations(ranking, explanation);
  const allocating: Allocating = {
    ranking,
    chosen,
    remaining: new Map(ranking.candidates.map((c) => [c.id, new Map(c.stock)])),
    plan: { allocations: [], backorders: [], shortages: [], explanation },
  };
  for (const line of lines) allocateLine(allocating, line);
  return allocating.plan;
}

function rankCandidates(lines: PlanLine[], stock: StockAtLocation[], options: PlanOptions): Ranking {
  const candidates = candidatesFrom(stock);
  const demand = demandBySku(lines);
  const skus = [...demand.keys()];
  const split = options.split ?? 'split_line';
  // A rule that never splits must find one location for everything, so it minimises shipments first.
  const fewest = split === 'never' ? 'first' : (options.fewestShipments ?? 'first');
  const keyOf = options.rankKey ?? defaultRankKey;
  const keys = new Map(candidates.map((c) => [c.id, keyOf(c, skus)]));
  const better = (a: Candidate, b: Candidate) => compareKeys(keys.get(a.id) as number[], keys.get(b.id) as number[]) || byCode(a, b);
  const ranked = [...candidates].sort(better);
  return { candidates, ranked, targets: coverageTargets(demand, candidates), keys, better, split, fewest };
}

/**
 * Phase 1: the locations to ship from before any line is placed. Minimising shipments first: one
 * location holding every line, else the best pair, else a greedy cover. Otherwise none yet (lines
 * are placed in rank order).
 */
function chooseLocations(r: Ranking, explanation: string[]): Candidate[] {
  if (r.fewest !== 'first') {
    explanation.push(`locations taken in rank order: ${r.ranked.map((c) => c.code).join(', ') || 'none'}`);
    return [];
  }
  const single = r.ranked.filter((c) => covers([c], r.targets));
  const first = single[0];
  if (first) {
    const runnersUp = single.length > 1 ? `; ranked before ${single.slice(1).map((c) => c.code).join(', ')}` : '';
    explanation.push(`${first.code}: holds every line${runnersUp}`);
    return [first];
  }
  const pair = bestPair(r);
  if (pair) {
    const chosen = [...pair].sort(r.better);
    explanation.push(`${chosen.map((c) => c.code).join(' + ')}: no single location holds every line; the fewest locations that do`);
    return chosen;
  }
  return greedyCover(r, explanation);
}

/** The two locations that together hold every line, best by summed rank (exhaustive up to 64 locations). */
function bestPair(r: Ranking): [Candidate, Candidate] | undefined {
  if (r.split === 'never' || r.candidates.length > 64) return undefined;
  let best: [Candidate, Candidate] | undefined;
  for (let i = 0; i < r.candidates.length; i++) {
    for (let j = i + 1; j < r.candidates.length; j++) {
      const pair: [Candidate, Candidate] = [r.candidates[i] as Candidate, r.candidates[j] as Candidate];
      if (!covers(pair, r.targets)) continue;
      if (!best || comparePairs(pair, best, r.keys) < 0) best = pair;
    }
  }
  return best;
}

/** Takes, one at a time, the location that fills the most still-unfilled SKUs whole. */
function greedyCover(r: Ranking, explanation: string[]): Candidate[] {
  const chosen: Candidate[] = [];
  const open = new Set(r.targets.keys());
  const fillsWhole = (c: Candidate, sku: string) => (c.stock.get(sku) ?? 0) >= (r.targets.get(sku) ?? 0);
  for (;;) {
    let best: Candidate | undefined;
    let bestCount = 0;
    for (const c of r.candidates) {
      if (chosen.includes(c)) continue;
      let n = 0;
      for (const sku of open) if (fillsWhole(c, sku)) n++;
      if (n > bestCount || (n === bestCount && n > 0 && best && r.better(c, best) < 0)) {
        best = c;
        bestCount = n;
      }
    }
    if (!best || bestCount === 0) return chosen;
    chosen.push(best);
    if (r.split === 'never') {
      explanation.push(`${best.code}: no location holds every line and the rule never splits; the one that holds the most`);
      return chosen;
    }
    for (const sku of [...open]) if (fillsWhole(best, sku)) open.delete(sku);
    explanation.push(`${best.code}: fills ${bestCount} more line(s) whole`);
  }
}

/** Phase 2, per line: whole from one location if one holds it, else split, then backorder or short the rest. */
function allocateLine(a: Allocating, line: PlanLine): void {
  const whole = wholeLocation(a, line);
  if (whole) {
    if (!a.chosen.includes(whole)) a.chosen.push(whole);
    take(a, line, whole, line.quantity);
    return;
  }
  const needed = takeInOrder(a, line, splitOrder(a, line));
  if (needed > 0) reportUnfilled(a.plan, line, needed);
}

/**
 * The location that fills the line whole. Minimising shipments first: only a chosen one;
 * prefer_chosen: a chosen one, else the first in rank order; off: the first in rank order.
 * (A rule that never splits always minimises shipments first, so rank order never breaks it.)
 */
function wholeLocation(a: Allocating, line: PlanLine): Candidate | undefined {
  const holdsLine = (c: Candidate) => availableAt(a, c, line.sku) >= line.quantity;
  if (a.ranking.fewest === 'first') return a.chosen.find(holdsLine);
  if (a.ranking.fewest === 'prefer_chosen') {
    const chosen = a.chosen.find(holdsLine);
    if (chosen) return chosen;
  }
  return a.ranking.ranked.find(holdsLine);
}

/**
 * Where a line no location holds whole is taken from: chosen locations first, then the others (by
 * most available when minimising shipments, else in rank order). A rule that does not split lines
 * takes what one location has.
 */
function splitOrder(a: Allocating, line: PlanLine): Candidate[] {
  const r = a.ranking;
  const moreAvailable = (x: Candidate, y: Candidate) => availableAt(a, y, line.sku) - availableAt(a, x, line.sku);
  const others = r.candidates.filter((c) => !a.chosen.includes(c));
  if (r.split === 'never') return a.chosen.slice(0, 1);
  if (r.split === 'by_line') {
    const holding = [...a.chosen, ...others].filter((c) => availableAt(a, c, line.sku) > 0);
    return holding.sort((x, y) => moreAvailable(x, y) || r.better(x, y)).slice(0, 1);
  }
  if (r.fewest === 'first') return [...a.chosen, ...others.sort((x, y) => moreAvailable(x, y) || x.priority - y.priority)];
  return [...a.chosen, ...others.sort(r.better)];
}

/** Takes the line from the locations in order until it is filled; answers how much is still missing. */
function takeInOrder(a: Allocating, line: PlanLine, order: Candidate[]): number {
  let needed = line.quantity;
  const used: string[] = [];
  for (const c of order) {
    if (needed === 0) break;
    const qty = Math.min(needed, availableAt(a, c, line.sku));
    if (qty <= 0) continue;
    take(a, line, c, qty);
    used.push(`${c.code}×${qty}`);
    needed -= qty;
  }
  const explanation = a.plan.explanation;
  if (used.length > 1) {
    explanation.push(`${line.sku}: no location holds ${line.quantity}; split ${used.join(', ')}`);
  } else if (used.length === 1 && a.ranking.split !== 'split_line') {
    explanation.push(`${line.sku}: no location holds ${line.quantity} and the rule does not split lines; ${used[0]} from the location with the most`);
  }
  return needed;
}

function reportUnfilled(plan: Plan, line: PlanLine, needed: number): void {
  if (line.backorderable) {
    plan.backorders.push({ lineId: line.lineId, sku: line.sku, quantity: needed });
    plan.explanation.push(`${line.sku}: ${needed} backordered (not enough stock; SKU is backorderable)`);
    return;
  }
  plan.shortages.push({ lineId: line.lineId, sku: line.sku, requested: line.quantity, available: line.quantity - needed });
  plan.explanation.push(`${line.sku}: short by ${needed} and not backorderable`);
}

function availableAt(a: Allocating, c: Candidate, sku: string): number {
  return a.remaining.get(c.id)?.get(sku) ?? 0;
}

/** Records qty of the line at the location (one allocation per line and location) and takes it from the stock left. */
function take(a: Allocating, line: PlanLine, c: Candidate, qty: number): void {
  const left = a.remaining.get(c.id) as Map<string, number>;
  left.set(line.sku, (left.get(line.sku) ?? 0) - qty);
  const existing = a.plan.allocations.find((x) => x.lineId === line.lineId && x.locationId === c.id);
  if (existing) existing.quantity += qty;
  else a.plan.allocations.push({ lineId: line.lineId, sku: line.sku, locationId: c.id, locationCode: c.code, quantity: qty });
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
