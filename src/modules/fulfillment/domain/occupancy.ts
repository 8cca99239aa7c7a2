/**
 * What is already in a box, answering the three questions the extreme-point packer asks for every
 * candidate: does this cuboid overlap a placed unit, is this point inside one, and where does a
 * point stop when slid toward the origin along an axis. A plain scan answers each in O(units
 * placed), which made a box of 2,000 small units cost seconds; past a few dozen units a uniform
 * grid over the box answers from the cells the question touches. Both give the same answers (the
 * grid only narrows which units are compared), so the packing does not depend on which is used.
 * Pure: no clock, no randomness.
 */

export interface Cuboid {
  x: number;
  y: number;
  z: number;
  length: number;
  width: number;
  height: number;
}

export interface Point3 {
  x: number;
  y: number;
  z: number;
}

export type Axis = 'x' | 'y' | 'z';

/** Units placed before the grid is built: below this a scan is cheaper than cells. */
const GRID_FROM = 48;
/** At most this many cells per axis. */
const MAX_CELLS = 32;

export function overlaps(p: Point3, o: { length: number; width: number; height: number }, q: Cuboid): boolean {
  return p.x < q.x + q.length && q.x < p.x + o.length && p.y < q.y + q.width && q.y < p.y + o.width && p.z < q.z + q.height && q.z < p.z + o.height;
}

export function inside(p: Point3, q: Cuboid): boolean {
  return p.x >= q.x && p.x < q.x + q.length && p.y >= q.y && p.y < q.y + q.width && p.z >= q.z && p.z < q.z + q.height;
}

/** Where `p` stops sliding toward 0 along `axis` behind unit `q` (0 when `q` is not in the way). */
function stopBehind(p: Point3, axis: Axis, q: Cuboid): number {
  if (axis === 'x') return q.y <= p.y && p.y < q.y + q.width && q.z <= p.z && p.z < q.z + q.height && q.x + q.length <= p.x ? q.x + q.length : 0;
  if (axis === 'y') return q.x <= p.x && p.x < q.x + q.length && q.z <= p.z && p.z < q.z + q.height && q.y + q.width <= p.y ? q.y + q.width : 0;
  return q.x <= p.x && p.x < q.x + q.length && q.y <= p.y && p.y < q.y + q.width && q.z + q.height <= p.z ? q.z + q.height : 0;
}

export class Occupancy {
  readonly placed: Cuboid[] = [];
  /** Units compared and cells visited so far: the work a caller may want to bound. */
  work = 0;
  private grid: { cells: Map<number, Cuboid[]>; size: [number, number, number]; count: [number, number, number] } | undefined;

  /**
   * `inner`: the box; `typical`: a typical unit's smallest edge, the cells' edge (within
   * MAX_CELLS per axis): cells much smaller than the units make registering a unit costly, much
   * larger ones make each cell hold many units to compare.
   */
  constructor(
    private readonly inner: { length: number; width: number; height: number },
    private readonly typical: number,
  ) {}

  add(q: Cuboid): void {
    this.placed.push(q);
    if (this.grid) this.register(q);
    else if (this.placed.length >= GRID_FROM) this.build();
  }

  /** Whether a cuboid of size `o` with its corner at `p` overlaps any placed unit. */
  overlapsAny(p: Point3, o: { length: number; width: number; height: number }): boolean {
    if (!this.grid) {
      this.work += this.placed.length;
      return this.placed.some((q) => overlaps(p, o, q));
    }
    const [ix0, ix1] = this.span(0, p.x, o.length);
    const [iy0, iy1] = this.span(1, p.y, o.width);
    const [iz0, iz1] = this.span(2, p.z, o.height);
    for (let ix = ix0; ix <= ix1; ix++)
      for (let iy = iy0; iy <= iy1; iy++)
        for (let iz = iz0; iz <= iz1; iz++) {
          const cell = this.grid.cells.get(this.key(ix, iy, iz));
          this.work += 1 + (cell?.length ?? 0);
          if (cell?.some((q) => overlaps(p, o, q))) return true;
        }
    return false;
  }

  /** Whether the point lies inside a placed unit. */
  covers(p: Point3): boolean {
    this.work += this.grid ? 1 : this.placed.length;
    if (!this.grid) return this.placed.some((q) => inside(p, q));
    if (p.x < 0 || p.y < 0 || p.z < 0 || p.x >= this.inner.length || p.y >= this.inner.width || p.z >= this.inner.height) return false;
    const cell = this.grid.cells.get(this.key(this.cellOf(0, p.x), this.cellOf(1, p.y), this.cellOf(2, p.z)));
    this.work += cell?.length ?? 0;
    return cell?.some((q) => inside(p, q)) ?? false;
  }

  /** Slides a point toward the origin along one axis until it meets a wall or a unit. */
  project(p: Point3, axis: Axis): Point3 {
    if (!this.grid) this.work += this.placed.length;
    const stop = this.grid ? this.stopOnGrid(p, axis, this.grid) : this.placed.reduce((s, q) => Math.max(s, stopBehind(p, axis, q)), 0);
    return axis === 'x' ? { x: stop, y: p.y, z: p.z } : axis === 'y' ? { x: p.x, y: stop, z: p.z } : { x: p.x, y: p.y, z: stop };
  }

  /**
   * Only units on the line through p can stop it: walk that line's cells from p toward the
   * origin; a unit ending in a lower cell cannot beat a stop already at this cell's start.
   */
  private stopOnGrid(p: Point3, axis: Axis, grid: NonNullable<Occupancy['grid']>): number {
    if (p.x < 0 || p.y < 0 || p.z < 0) return 0;
    const { length: L, width: W, height: H } = this.inner;
    const a = axis === 'x' ? 0 : axis === 'y' ? 1 : 2;
    // Off the box across the line: nothing in the box can be in the way.
    if ((a !== 0 && p.x >= L) || (a !== 1 && p.y >= W) || (a !== 2 && p.z >= H)) return 0;
    const along = a === 0 ? p.x : a === 1 ? p.y : p.z;
    const size = grid.size[a];
    let ix = this.cellOf(0, p.x);
    let iy = this.cellOf(1, p.y);
    let iz = this.cellOf(2, p.z);
    let stop = 0;
    for (let i = Math.min(grid.count[a] - 1, Math.floor((along - 1) / size)); i >= 0; i--) {
      if (a === 0) ix = i;
      else if (a === 1) iy = i;
      else iz = i;
      const cell = grid.cells.get(this.key(ix, iy, iz));
      this.work += 1 + (cell?.length ?? 0);
      if (cell) for (const q of cell) stop = Math.max(stop, stopBehind(p, axis, q));
      if (stop >= i * size) break;
    }
    return stop;
  }

  private build(): void {
    const edges = [this.inner.length, this.inner.width, this.inner.height];
    const size = edges.map((e) => Math.max(1, this.typical, Math.ceil(e / MAX_CELLS))) as [number, number, number];
    const count = edges.map((e, d) => Math.max(1, Math.ceil(e / size[d as 0 | 1 | 2]))) as [number, number, number];
    this.grid = { cells: new Map(), size, count };
    for (const q of this.placed) this.register(q);
  }

  private register(q: Cuboid): void {
    const [ix0, ix1] = this.span(0, q.x, q.length);
    const [iy0, iy1] = this.span(1, q.y, q.width);
    const [iz0, iz1] = this.span(2, q.z, q.height);
    const cells = (this.grid as NonNullable<typeof this.grid>).cells;
    for (let ix = ix0; ix <= ix1; ix++)
      for (let iy = iy0; iy <= iy1; iy++)
        for (let iz = iz0; iz <= iz1; iz++) {
          this.work += 1;
          const k = this.key(ix, iy, iz);
          const cell = cells.get(k);
          if (cell) cell.push(q);
          else cells.set(k, [q]);
        }
  }

  /** The cells an interval [start, start + length) touches along axis d, clamped to the grid. */
  private span(d: number, start: number, length: number): [number, number] {
    return [this.cellOf(d, start), this.cellOf(d, start + length - 1)];
  }

  private cellOf(d: number, c: number): number {
    const grid = this.grid as NonNullable<typeof this.grid>;
    return Math.min(grid.count[d as 0 | 1 | 2] - 1, Math.max(0, Math.floor(c / grid.size[d as 0 | 1 | 2])));
  }

  private key(ix: number, iy: number, iz: number): number {
    const { count } = this.grid as NonNullable<typeof this.grid>;
    return (ix * count[1] + iy) * count[2] + iz;
  }
}
