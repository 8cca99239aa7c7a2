/**
 * Cartonization: which boxes hold a fulfillment order's units, and where each unit sits.
 *
 * Heuristic: units sorted by volume (largest first) are placed first-fit on extreme points
 * (Crainic, Perboli & Tadei 2008): the corners a placed unit exposes, projected back toward the
 * box's origin so units settle against walls and neighbours. Each unit tries its allowed
 * orientations (six axis rotations, or the two that keep its height vertical when upright-only).
 * Boxes: if everything left fits one box, the preferred box that holds it (cheapest, then
 * smallest); otherwise the box that takes the most volume is filled and the rest goes round again.
 * Finally each box is downsized to the preferred box its contents fit alone.
 *
 * Cost: the packer works on blocks of identical units (an order line), not on single units, and a
 * fill that still holds for what is left is reused (see `replay`), so 5,000 units of one SKU cost
 * about what one box of them costs; an occupancy grid (occupancy.ts) keeps each box's placement
 * near-linear in its units. A plan is bounded (`cartonizeLimits`: units, packages, work steps) and
 * refused past the bound, never left to run: callers are HTTP requests.
 *
 * Hard invariants (checked again on the result; a breach is a bug and throws): every unit lies
 * inside its box's inner dimensions, no two units overlap, and units + tare ≤ max weight.
 * A heuristic may miss a packing that exists (it is NP-hard); it never returns one that breaks these.
 * Units are mm and grams, integers. Pure: no clock, no randomness.
 */
import { inside, Occupancy, overlaps } from './occupancy.js';

export interface Dims {
  length: number;
  width: number;
  height: number;
}

export interface CartonItem {
  sku: string;
  quantity: number;
  /** One unit's dimensions. */
  dims: Dims;
  /** One unit's weight. */
  weightGrams: number;
  /** "This side up": may only turn around the vertical axis; its height stays vertical. */
  uprightOnly?: boolean;
}

export interface BoxType {
  code: string;
  inner: Dims;
  maxWeightGrams: number;
  tareGrams: number;
  /** Minor units; null when the tenant did not price the box (then volume decides). */
  costMinor: number | null;
}

/** One unit in a box: its corner (x along length, y along width, z up) and oriented size. */
export interface Placement {
  sku: string;
  x: number;
  y: number;
  z: number;
  length: number;
  width: number;
  height: number;
  weightGrams: number;
}

export interface PackedBox {
  box: BoxType;
  placements: Placement[];
  /** Units plus the box's tare. */
  weightGrams: number;
  lines: { sku: string; quantity: number }[];
}

export type CartonizeResult =
  | { ok: true; packages: PackedBox[] }
  | { ok: false; code: 'FULFILLMENT_NO_BOXES' }
  | { ok: false; code: 'FULFILLMENT_ITEM_TOO_LARGE'; skus: string[] }
  | { ok: false; code: 'FULFILLMENT_PLAN_TOO_LARGE'; limit: keyof CartonizeLimits; max: number };

/**
 * Work a plan may do before it is refused (`FULFILLMENT_PLAN_TOO_LARGE`): `units` and `packages`
 * are the limits a caller can understand; `steps` (candidate positions tried, points kept) bounds
 * the rest, so no geometry makes one plan run for long. Deterministic: the same input is refused
 * the same way on any machine.
 */
export interface CartonizeLimits {
  units: number;
  packages: number;
  steps: number;
}

export const cartonizeLimits: CartonizeLimits = { units: 5_000, packages: 100, steps: 40_000_000 };

/** Steps left for one plan (shared by every box it tries). */
export interface Budget {
  steps: number;
}

export function workBudget(steps = cartonizeLimits.steps): Budget {
  return { steps };
}

/** Thrown when a plan has used its budget; `cartonize` turns it into a refusal. */
export class OverBudget extends Error {
  constructor() {
    super('cartonization work budget exhausted');
    this.name = 'OverBudget';
  }
}

function spend(budget: Budget, steps: number): void {
  budget.steps -= steps;
  if (budget.steps < 0) throw new OverBudget();
}

/** One kind of unit: every unit of an order line is the same, so they share one of these. */
interface Kind {
  sku: string;
  weightGrams: number;
  volume: number;
  orientations: Dims[];
}

/**
 * `count` identical units. The packer works on blocks, not on single units: a unit that does not
 * fit a box leaves the box as it was, so the next identical unit would not fit either, and the
 * rest of the block is skipped at once. Its cost grows with the units placed and the distinct
 * kinds, not with the quantity ordered.
 */
interface Block {
  kind: Kind;
  count: number;
}

interface Point {
  x: number;
  y: number;
  z: number;
}

interface BoxFill {
  placements: Placement[];
  weightGrams: number;
  volume: number;
  /** The blocks it was filled from, and how many units of each it took (-1: never reached). */
  from: Block[];
  taken: number[];
  /** Every unit of `from` was placed. */
  complete: boolean;
}

export function volumeOf(d: Dims): number {
  return d.length * d.width * d.height;
}

/** The distinct orientations a unit may take: 6 rotations, or 2 when upright-only. */
export function orientations(d: Dims, uprightOnly = false): Dims[] {
  const { length: l, width: w, height: h } = d;
  const all: Dims[] = uprightOnly
    ? [{ length: l, width: w, height: h }, { length: w, width: l, height: h }]
    : [
        { length: l, width: w, height: h },
        { length: w, width: l, height: h },
        { length: l, width: h, height: w },
        { length: h, width: l, height: w },
        { length: w, width: h, height: l },
        { length: h, width: w, height: l },
      ];
  const seen = new Set<string>();
  const distinct = all.filter((o) => {
    const key = `${o.length}x${o.width}x${o.height}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Lying flat first: low units leave a level floor for the next ones.
  return distinct.sort((a, b) => a.height - b.height || b.length - a.length);
}

/** Preference between boxes: cheaper first (unpriced after priced), then smaller, then by code. */
function compareBoxes(a: BoxType, b: BoxType): number {
  const ca = a.costMinor ?? Number.POSITIVE_INFINITY;
  const cb = b.costMinor ?? Number.POSITIVE_INFINITY;
  if (ca !== cb) return ca < cb ? -1 : 1;
  return volumeOf(a.inner) - volumeOf(b.inner) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

function fitsInside(o: Dims, box: Dims): boolean {
  return o.length <= box.length && o.width <= box.width && o.height <= box.height;
}

/** Units of a quantity (a fraction counts as a whole unit, as a loop `i < quantity` would). */
function unitCount(quantity: number): number {
  return quantity > 0 ? Math.ceil(quantity) : 0;
}

/** Largest first; heavier first among equals; then by SKU so the result is deterministic (stable). */
function blocksOf(items: CartonItem[]): Block[] {
  const blocks = items
    .filter((item) => unitCount(item.quantity) > 0)
    .map((item) => ({ kind: { sku: item.sku, weightGrams: item.weightGrams, volume: volumeOf(item.dims), orientations: orientations(item.dims, item.uprightOnly ?? false) }, count: unitCount(item.quantity) }));
  return blocks.sort((a, b) => b.kind.volume - a.kind.volume || b.kind.weightGrams - a.kind.weightGrams || (a.kind.sku < b.kind.sku ? -1 : a.kind.sku > b.kind.sku ? 1 : 0));
}

function unitsIn(blocks: Block[]): number {
  return blocks.reduce((s, b) => s + b.count, 0);
}

const byFloor = (a: Point, b: Point): number => a.z - b.z || a.y - b.y || a.x - b.x;

/** Inserts `e` into `points` (sorted by `byFloor`) unless it is there already. */
function insertPoint(points: Point[], e: Point): void {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = byFloor(points[mid] as Point, e);
    if (c === 0) return;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  points.splice(lo, 0, e);
}

/** The median of the units' smallest edges (what sizes the occupancy grid's cells). */
function typicalEdge(blocks: Block[]): number {
  const edges = blocks.map((b) => ({ edge: Math.min(...(b.kind.orientations[0] ? [b.kind.orientations[0].length, b.kind.orientations[0].width, b.kind.orientations[0].height] : [1])), count: b.count })).sort((a, b) => a.edge - b.edge);
  let half = unitsIn(blocks) / 2;
  for (const e of edges) {
    half -= e.count;
    if (half <= 0) return e.edge;
  }
  return 1;
}

/**
 * First-fit of the blocks' units (in the given order) into one box on extreme points. With
 * `allOrNothing` it gives up at the first unit that does not fit.
 */
function fillBox(blocks: Block[], box: BoxType, budget: Budget, allOrNothing = false): BoxFill {
  const L = box.inner.length;
  const W = box.inner.width;
  const H = box.inner.height;
  spend(budget, blocks.length);
  const occupancy = new Occupancy(box.inner, typicalEdge(blocks));
  const placed: Placement[] = [];
  const taken = blocks.map(() => -1);
  let points: Point[] = [{ x: 0, y: 0, z: 0 }];
  let weight = box.tareGrams;
  let volume = 0;
  let complete = true;
  for (let b = 0; b < blocks.length; b++) {
    const { kind, count } = blocks[b] as Block;
    let n = 0;
    for (; n < count; n++) {
      if (weight + kind.weightGrams > box.maxWeightGrams) break;
      let spot: { p: Point; o: Dims } | undefined;
      search: for (const p of points) {
        for (const o of kind.orientations) {
          if (p.x + o.length > L || p.y + o.width > W || p.z + o.height > H) continue;
          if (occupancy.overlapsAny(p, o)) continue;
          spot = { p, o };
          break search;
        }
      }
      spend(budget, points.length + occupancy.work);
      occupancy.work = 0;
      if (!spot) break;
      const { p, o } = spot;
      const placement: Placement = { sku: kind.sku, x: p.x, y: p.y, z: p.z, length: o.length, width: o.width, height: o.height, weightGrams: kind.weightGrams };
      placed.push(placement);
      occupancy.add(placement);
      weight += kind.weightGrams;
      volume += kind.volume;
      const corners: Point[] = [
        { x: p.x + o.length, y: p.y, z: p.z },
        { x: p.x, y: p.y + o.width, z: p.z },
        { x: p.x, y: p.y, z: p.z + o.height },
      ];
      const fresh: Point[] = [];
      for (const c of corners) {
        fresh.push(c);
        for (const axis of ['x', 'y', 'z'] as const) if (c[axis] === p[axis]) fresh.push(occupancy.project(c, axis));
      }
      // Bottom first, then back to front, then left to right: fill the floor before stacking.
      points = points.filter((e) => !inside(e, placement));
      for (const e of fresh) if (e.x < L && e.y < W && e.z < H && !occupancy.covers(e)) insertPoint(points, e);
      spend(budget, points.length + occupancy.work);
      occupancy.work = 0;
    }
    taken[b] = n;
    if (n < count) {
      complete = false;
      if (allOrNothing) break;
    }
  }
  return { placements: placed, weightGrams: weight, volume, from: blocks, taken, complete };
}

/**
 * Whether a fill made from `fill.from` is also what `blocks` would give, and if so how many units
 * of each block it takes. It is when every block it emptied is still whole, every block it stopped
 * in still has more units than it took, and blocks it never reached (or took none of) are anything:
 * the units it did not place never changed the box. This is what makes a run of identical boxes
 * (2,000 units of one SKU, 192 to a box) cost one fill instead of one per box.
 */
function replay(fill: BoxFill, blocks: Block[]): number[] | undefined {
  const taken: number[] = [];
  let j = 0;
  for (let i = 0; i < fill.from.length; i++) {
    const was = fill.from[i] as Block;
    const t = fill.taken[i] as number;
    const here = blocks[j]?.kind === was.kind ? (blocks[j] as Block) : undefined;
    const now = here?.count ?? 0;
    if (!(t <= 0 || (t === was.count ? now === was.count : now > t))) return undefined;
    if (here) {
      taken.push(Math.max(t, 0));
      j += 1;
    }
  }
  return j === blocks.length ? taken : undefined;
}

function restOf(blocks: Block[], taken: number[]): Block[] {
  return blocks.flatMap((b, i) => (b.count > (taken[i] as number) ? [{ kind: b.kind, count: b.count - (taken[i] as number) }] : []));
}

function linesOf(placements: Placement[]): { sku: string; quantity: number }[] {
  const counts = new Map<string, number>();
  for (const p of placements) counts.set(p.sku, (counts.get(p.sku) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}

function packed(box: BoxType, fill: BoxFill): PackedBox {
  return { box, placements: fill.placements, weightGrams: fill.weightGrams, lines: linesOf(fill.placements) };
}

/** Whether all these units can go in this box: cheap bounds first, then the real packing. */
function fillWhole(blocks: Block[], box: BoxType, budget: Budget): BoxFill | undefined {
  const fill = boundsAllow(blocks, box) ? fillBox(blocks, box, budget, true) : undefined;
  return fill?.complete ? fill : undefined;
}

function boundsAllow(blocks: Block[], box: BoxType): boolean {
  const totalVolume = blocks.reduce((s, b) => s + b.count * b.kind.volume, 0);
  const totalWeight = blocks.reduce((s, b) => s + b.count * b.kind.weightGrams, 0);
  return totalVolume <= volumeOf(box.inner) && totalWeight + box.tareGrams <= box.maxWeightGrams;
}

/** The SKUs that no box can take even one unit of (by size or by weight). */
function oversizedSkus(items: CartonItem[], boxes: BoxType[]): string[] {
  return [
    ...new Set(
      items
        .filter((item) => item.quantity > 0)
        .filter((item) => !boxes.some((b) => item.weightGrams + b.tareGrams <= b.maxWeightGrams && orientations(item.dims, item.uprightOnly ?? false).some((o) => fitsInside(o, b.inner))))
        .map((item) => item.sku),
    ),
  ].sort();
}

/** Chooses boxes for the items; see the module comment for the heuristic. */
export function cartonize(items: CartonItem[], boxes: BoxType[], limits: CartonizeLimits = cartonizeLimits): CartonizeResult {
  if (boxes.length === 0) return { ok: false, code: 'FULFILLMENT_NO_BOXES' };
  const tooLarge = oversizedSkus(items, boxes);
  if (tooLarge.length > 0) return { ok: false, code: 'FULFILLMENT_ITEM_TOO_LARGE', skus: tooLarge };
  const blocks = blocksOf(items);
  const units = unitsIn(blocks);
  if (units > limits.units) return { ok: false, code: 'FULFILLMENT_PLAN_TOO_LARGE', limit: 'units', max: limits.units };
  try {
    return plan(blocks, boxes, limits, workBudget(limits.steps));
  } catch (e) {
    if (e instanceof OverBudget) return { ok: false, code: 'FULFILLMENT_PLAN_TOO_LARGE', limit: 'steps', max: limits.steps };
    throw e;
  }
}

function plan(blocks: Block[], boxes: BoxType[], limits: CartonizeLimits, budget: Budget): CartonizeResult {
  const preferred = [...boxes].sort(compareBoxes);
  // Per box: the last fill tried, kept while `replay` says it still holds.
  const lastFill: (BoxFill | undefined)[] = preferred.map(() => undefined);
  const lastMiss: (BoxFill | undefined)[] = preferred.map(() => undefined);
  const fills: { box: BoxType; fill: BoxFill }[] = [];
  let remaining = blocks;
  while (remaining.length > 0) {
    if (fills.length >= limits.packages) return { ok: false, code: 'FULFILLMENT_PLAN_TOO_LARGE', limit: 'packages', max: limits.packages };
    let whole: { box: BoxType; fill: BoxFill } | undefined;
    for (const [i, box] of preferred.entries()) {
      if (!boundsAllow(remaining, box)) continue;
      const miss = lastMiss[i];
      if (miss && replay(miss, remaining)) continue;
      const fill = fillBox(remaining, box, budget, true);
      if (fill.complete) {
        whole = { box, fill };
        break;
      }
      lastMiss[i] = fill;
    }
    if (whole) {
      fills.push(whole);
      break;
    }
    // No single box holds the rest: fill the box that takes the most, then go round again.
    let best: { box: BoxType; fill: BoxFill; taken: number[] } | undefined;
    for (const [i, box] of preferred.entries()) {
      const last = lastFill[i];
      const again = last && replay(last, remaining);
      const fill = again ? last : fillBox(remaining, box, budget);
      lastFill[i] = fill;
      if (!best || fill.volume > best.fill.volume || (fill.volume === best.fill.volume && fill.placements.length > best.fill.placements.length)) best = { box, fill, taken: again ?? fill.taken };
    }
    if (!best || best.fill.placements.length === 0) throw new Error('cartonize: a unit that fits a box alone could not be placed in an empty box');
    fills.push(best);
    remaining = restOf(remaining, best.taken);
  }
  // A run of identical boxes is downsized and checked once.
  const done = new Map<BoxFill, PackedBox>();
  const packages = fills.map(({ box, fill }) => {
    let pkg = done.get(fill);
    if (!pkg) {
      pkg = downsize(packed(box, fill), preferred, budget);
      assertValid(pkg);
      done.set(fill, pkg);
    }
    return { ...pkg };
  });
  return { ok: true, packages };
}

/** Moves a box's contents into a preferred box that holds them alone, if any. */
function downsize(pkg: PackedBox, preferred: BoxType[], budget: Budget): PackedBox {
  const blocks = blocksOfPlacements(pkg.placements);
  for (const box of preferred) {
    if (box === pkg.box) return pkg;
    const fill = fillWhole(blocks, box, budget);
    if (fill) return packed(box, fill);
  }
  return pkg;
}

/**
 * The placed units again, in placement order, consecutive identical ones as one block. A placed
 * unit keeps the freedom it had: upright units were placed with their height vertical, so only
 * turns about the vertical axis are offered again (safe for both kinds).
 */
function blocksOfPlacements(placements: Placement[]): Block[] {
  const blocks: Block[] = [];
  let last: Placement | undefined;
  for (const p of placements) {
    const block = blocks[blocks.length - 1];
    if (block && last && last.sku === p.sku && last.weightGrams === p.weightGrams && last.length === p.length && last.width === p.width && last.height === p.height) {
      block.count += 1;
    } else {
      const dims = { length: p.length, width: p.width, height: p.height };
      blocks.push({ kind: { sku: p.sku, weightGrams: p.weightGrams, volume: volumeOf(dims), orientations: orientations(dims, true) }, count: 1 });
    }
    last = p;
  }
  return blocks;
}

/**
 * Packs exactly these items into one box of this type, or says it cannot (for packages a packer
 * chose by hand). A refusal means the heuristic found no arrangement, not that none exists.
 * Throws `OverBudget` when the budget (shared by a plan's packages) runs out first.
 */
export function packOneBox(items: CartonItem[], box: BoxType, budget: Budget = workBudget()): PackedBox | undefined {
  const fill = fillWhole(blocksOf(items), box, budget);
  if (!fill) return undefined;
  const pkg = packed(box, fill);
  assertValid(pkg);
  return pkg;
}

/** The invariants, as a list of breaches (empty when the package is sound). */
export function packageBreaches(pkg: PackedBox): string[] {
  const breaches: string[] = [];
  const { inner } = pkg.box;
  const weight = pkg.box.tareGrams + pkg.placements.reduce((s, p) => s + p.weightGrams, 0);
  if (weight !== pkg.weightGrams) breaches.push(`weight ${pkg.weightGrams} g is not units + tare ${weight} g`);
  if (weight > pkg.box.maxWeightGrams) breaches.push(`weight ${weight} g exceeds ${pkg.box.maxWeightGrams} g`);
  pkg.placements.forEach((p, i) => {
    if (p.x < 0 || p.y < 0 || p.z < 0 || p.x + p.length > inner.length || p.y + p.width > inner.width || p.z + p.height > inner.height) breaches.push(`unit ${i} (${p.sku}) sticks out of the box`);
    for (let j = i + 1; j < pkg.placements.length; j++) {
      const q = pkg.placements[j] as Placement;
      if (overlaps(p, p, q)) breaches.push(`units ${i} and ${j} overlap`);
    }
  });
  return breaches;
}

function assertValid(pkg: PackedBox): void {
  const breaches = packageBreaches(pkg);
  if (breaches.length > 0) throw new Error(`cartonize produced an invalid package in ${pkg.box.code}: ${breaches.join('; ')}`);
}

/**
 * The baseline for the benchmark ("naive one box per line"): the same packer and box preference,
 * but every order line is cartonized on its own, so no box ever mixes two lines. A line whose
 * units need more than one box gets as many as the packer needs.
 */
export function cartonizePerLine(items: CartonItem[], boxes: BoxType[]): CartonizeResult {
  const packages: PackedBox[] = [];
  for (const item of items) {
    const result = cartonize([item], boxes);
    if (!result.ok) return result;
    packages.push(...result.packages);
  }
  return { ok: true, packages };
}
