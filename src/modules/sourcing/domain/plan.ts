/**
 * The default sourcing rule, as a pure function over a stock snapshot:
 *  1. one location that holds every line wins (ties: priority, then most available, then code);
 *     "holds" means the whole quantity, or, where no location has that much, as much as the best one;
 *  2. otherwise the fewest locations that fill the most lines whole (exact for two, greedy beyond);
 *  3. a line no single location can fill is split across locations (chosen ones first);
 *  4. what is still missing is backordered if the SKU allows it, else reported short.
 * Every choice carries a reason, so a merchant can read why stock came from where it did.
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

interface Candidate {
  id: string;
  code: string;
  priority: number;
  stock: Map<string, number>;
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

function better(a: Candidate, b: Candidate, skus: string[]): number {
  return a.priority - b.priority || totalAvailable(b, skus) - totalAvailable(a, skus) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
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

export function planAllocation(lines: PlanLine[], stock: StockAtLocation[]): Plan {
  const explanation: string[] = [];
  const candidates = candidatesFrom(stock);
  const demand = demandBySku(lines);
  const targets = coverageTargets(demand, candidates);
  const skus = [...demand.keys()];
  const remaining = new Map(candidates.map((c) => [c.id, new Map(c.stock)]));
  let chosen: Candidate[] = [];

  const single = candidates.filter((c) => covers([c], targets)).sort((a, b) => better(a, b, skus));
  if (single.length > 0) {
    chosen = [single[0] as Candidate];
    explanation.push(`${(single[0] as Candidate).code}: holds every line (priority ${(single[0] as Candidate).priority}${single.length > 1 ? `, chosen over ${single.slice(1).map((c) => c.code).join(', ')}` : ''})`);
  } else {
    let bestPair: [Candidate, Candidate] | undefined;
    if (candidates.length <= 64) {
      for (let i = 0; i < candidates.length; i++) {
        for (let j = i + 1; j < candidates.length; j++) {
          const pair: [Candidate, Candidate] = [candidates[i] as Candidate, candidates[j] as Candidate];
          if (!covers(pair, targets)) continue;
          if (!bestPair || pairScore(pair, skus) < pairScore(bestPair, skus)) bestPair = pair;
        }
      }
    }
    if (bestPair) {
      chosen = [...bestPair].sort((a, b) => better(a, b, skus));
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
          if (n > bestCount || (n === bestCount && n > 0 && best && better(c, best, skus) < 0)) {
            best = c;
            bestCount = n;
          }
        }
        if (!best || bestCount === 0) break;
        chosen.push(best);
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
    const whole = chosen.find((c) => availableAt(c, line.sku) >= line.quantity);
    if (whole) {
      take(line, whole, line.quantity);
      continue;
    }
    // Split: chosen locations first, then the others by most available, then priority.
    const order = [
      ...chosen,
      ...candidates.filter((c) => !chosen.includes(c)).sort((a, b) => availableAt(b, line.sku) - availableAt(a, line.sku) || a.priority - b.priority),
    ];
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

function pairScore(pair: [Candidate, Candidate], skus: string[]): number {
  // Lower is better: sum of priorities dominates, more stock breaks ties.
  return (pair[0].priority + pair[1].priority) * 1e9 - (totalAvailable(pair[0], skus) + totalAvailable(pair[1], skus));
}
