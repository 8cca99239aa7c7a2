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
 * Hard invariants (checked again on the result; a breach is a bug and throws): every unit lies
 * inside its box's inner dimensions, no two units overlap, and units + tare ≤ max weight.
 * A heuristic may miss a packing that exists (it is NP-hard); it never returns one that breaks these.
 * Units are mm and grams, integers. Pure: no clock, no randomness.
 */

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
  | { ok: false; code: 'FULFILLMENT_ITEM_TOO_LARGE'; skus: string[] };

interface Unit {
  sku: string;
  weightGrams: number;
  volume: number;
  orientations: Dims[];
}

interface Point {
  x: number;
  y: number;
  z: number;
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
export function compareBoxes(a: BoxType, b: BoxType): number {
  const ca = a.costMinor ?? Number.POSITIVE_INFINITY;
  const cb = b.costMinor ?? Number.POSITIVE_INFINITY;
  if (ca !== cb) return ca < cb ? -1 : 1;
  return volumeOf(a.inner) - volumeOf(b.inner) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

function fitsInside(o: Dims, box: Dims): boolean {
  return o.length <= box.length && o.width <= box.width && o.height <= box.height;
}

function unitsOf(items: CartonItem[]): Unit[] {
  const units: Unit[] = [];
  for (const item of items) {
    const unit = { sku: item.sku, weightGrams: item.weightGrams, volume: volumeOf(item.dims), orientations: orientations(item.dims, item.uprightOnly ?? false) };
    for (let i = 0; i < item.quantity; i++) units.push(unit);
  }
  // Largest first; heavier first among equals; then by SKU so the result is deterministic.
  return units.sort((a, b) => b.volume - a.volume || b.weightGrams - a.weightGrams || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

function overlaps(p: Point, o: Dims, q: Placement): boolean {
  return p.x < q.x + q.length && q.x < p.x + o.length && p.y < q.y + q.width && q.y < p.y + o.width && p.z < q.z + q.height && q.z < p.z + o.height;
}

function inside(p: Point, q: Placement): boolean {
  return p.x >= q.x && p.x < q.x + q.length && p.y >= q.y && p.y < q.y + q.width && p.z >= q.z && p.z < q.z + q.height;
}

/** Slides a point toward the origin along one axis until it meets a wall or a unit. */
function project(p: Point, axis: 'x' | 'y' | 'z', placed: Placement[]): Point {
  let stop = 0;
  for (const q of placed) {
    if (axis === 'x') {
      if (q.y <= p.y && p.y < q.y + q.width && q.z <= p.z && p.z < q.z + q.height && q.x + q.length <= p.x) stop = Math.max(stop, q.x + q.length);
    } else if (axis === 'y') {
      if (q.x <= p.x && p.x < q.x + q.length && q.z <= p.z && p.z < q.z + q.height && q.y + q.width <= p.y) stop = Math.max(stop, q.y + q.width);
    } else if (q.x <= p.x && p.x < q.x + q.length && q.y <= p.y && p.y < q.y + q.width && q.z + q.height <= p.z) {
      stop = Math.max(stop, q.z + q.height);
    }
  }
  return { ...p, [axis]: stop };
}

interface BoxFill {
  placements: Placement[];
  weightGrams: number;
  volume: number;
  rest: Unit[];
}

/**
 * First-fit of units (in the given order) into one box on extreme points; what does not fit is
 * returned. With `allOrNothing` it gives up at the first unit that does not fit.
 */
function fillBox(units: Unit[], box: BoxType, allOrNothing = false): BoxFill {
  const L = box.inner.length;
  const W = box.inner.width;
  const H = box.inner.height;
  const placed: Placement[] = [];
  const rest: Unit[] = [];
  let points: Point[] = [{ x: 0, y: 0, z: 0 }];
  let weight = box.tareGrams;
  let volume = 0;
  for (const unit of units) {
    if (weight + unit.weightGrams > box.maxWeightGrams) {
      rest.push(unit);
      if (allOrNothing) break;
      continue;
    }
    let spot: { p: Point; o: Dims } | undefined;
    search: for (const p of points) {
      for (const o of unit.orientations) {
        if (p.x + o.length > L || p.y + o.width > W || p.z + o.height > H) continue;
        if (placed.some((q) => overlaps(p, o, q))) continue;
        spot = { p, o };
        break search;
      }
    }
    if (!spot) {
      rest.push(unit);
      if (allOrNothing) break;
      continue;
    }
    const { p, o } = spot;
    const placement: Placement = { sku: unit.sku, x: p.x, y: p.y, z: p.z, length: o.length, width: o.width, height: o.height, weightGrams: unit.weightGrams };
    placed.push(placement);
    weight += unit.weightGrams;
    volume += unit.volume;
    const corners: Point[] = [
      { x: p.x + o.length, y: p.y, z: p.z },
      { x: p.x, y: p.y + o.width, z: p.z },
      { x: p.x, y: p.y, z: p.z + o.height },
    ];
    const fresh: Point[] = [];
    for (const c of corners) {
      fresh.push(c);
      for (const axis of ['x', 'y', 'z'] as const) if (c[axis] === p[axis]) fresh.push(project(c, axis, placed));
    }
    const next = points.filter((e) => !inside(e, placement));
    const seen = new Set(next.map((e) => `${e.x},${e.y},${e.z}`));
    for (const e of fresh) {
      const key = `${e.x},${e.y},${e.z}`;
      if (seen.has(key) || e.x >= L || e.y >= W || e.z >= H || placed.some((q) => inside(e, q))) continue;
      seen.add(key);
      next.push(e);
    }
    // Bottom first, then back to front, then left to right: fill the floor before stacking.
    points = next.sort((a, b) => a.z - b.z || a.y - b.y || a.x - b.x);
  }
  return { placements: placed, weightGrams: weight, volume, rest };
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
function fillWhole(units: Unit[], box: BoxType, totalVolume: number, totalWeight: number): BoxFill | undefined {
  if (totalVolume > volumeOf(box.inner) || totalWeight + box.tareGrams > box.maxWeightGrams) return undefined;
  const fill = fillBox(units, box, true);
  return fill.rest.length === 0 ? fill : undefined;
}

/** The SKUs that no box can take even one unit of (by size or by weight). */
export function oversizedSkus(items: CartonItem[], boxes: BoxType[]): string[] {
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
export function cartonize(items: CartonItem[], boxes: BoxType[]): CartonizeResult {
  if (boxes.length === 0) return { ok: false, code: 'FULFILLMENT_NO_BOXES' };
  const tooLarge = oversizedSkus(items, boxes);
  if (tooLarge.length > 0) return { ok: false, code: 'FULFILLMENT_ITEM_TOO_LARGE', skus: tooLarge };
  const preferred = [...boxes].sort(compareBoxes);
  let remaining = unitsOf(items);
  const packages: PackedBox[] = [];
  while (remaining.length > 0) {
    const totalVolume = remaining.reduce((s, u) => s + u.volume, 0);
    const totalWeight = remaining.reduce((s, u) => s + u.weightGrams, 0);
    let whole: PackedBox | undefined;
    for (const box of preferred) {
      const fill = fillWhole(remaining, box, totalVolume, totalWeight);
      if (fill) {
        whole = packed(box, fill);
        break;
      }
    }
    if (whole) {
      packages.push(whole);
      break;
    }
    // No single box holds the rest: fill the box that takes the most, then go round again.
    let best: { box: BoxType; fill: BoxFill } | undefined;
    for (const box of preferred) {
      const fill = fillBox(remaining, box);
      if (!best || fill.volume > best.fill.volume || (fill.volume === best.fill.volume && fill.placements.length > best.fill.placements.length)) best = { box, fill };
    }
    if (!best || best.fill.placements.length === 0) throw new Error('cartonize: a unit that fits a box alone could not be placed in an empty box');
    packages.push(packed(best.box, best.fill));
    remaining = best.fill.rest;
  }
  const result = packages.map((pkg) => downsize(pkg, preferred));
  for (const pkg of result) assertValid(pkg);
  return { ok: true, packages: result };
}

/** Moves a box's contents into a preferred box that holds them alone, if any. */
function downsize(pkg: PackedBox, preferred: BoxType[]): PackedBox {
  const units = unitsOfPlacements(pkg.placements);
  const totalVolume = units.reduce((s, u) => s + u.volume, 0);
  const totalWeight = units.reduce((s, u) => s + u.weightGrams, 0);
  for (const box of preferred) {
    if (box === pkg.box) return pkg;
    const fill = fillWhole(units, box, totalVolume, totalWeight);
    if (fill) return packed(box, fill);
  }
  return pkg;
}

function unitsOfPlacements(placements: Placement[]): Unit[] {
  return placements.map((p) => {
    const dims = { length: p.length, width: p.width, height: p.height };
    // A placed unit keeps the freedom it had: upright units were placed with their height vertical,
    // so only turns about the vertical axis are offered again (safe for both kinds).
    return { sku: p.sku, weightGrams: p.weightGrams, volume: volumeOf(dims), orientations: orientations(dims, true) };
  });
}

/**
 * Packs exactly these items into one box of this type, or says it cannot (for packages a packer
 * chose by hand). A refusal means the heuristic found no arrangement, not that none exists.
 */
export function packOneBox(items: CartonItem[], box: BoxType): PackedBox | undefined {
  const units = unitsOf(items);
  const fill = fillWhole(units, box, units.reduce((s, u) => s + u.volume, 0), units.reduce((s, u) => s + u.weightGrams, 0));
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
