import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../platform/kernel/seeded-random.js';
import { inside, Occupancy, overlaps, type Axis, type Cuboid, type Point3 } from './occupancy.js';

/** What a plain scan over every placed unit answers (the grid must answer the same). */
function scanProject(placed: Cuboid[], p: Point3, axis: Axis): number {
  let stop = 0;
  for (const q of placed) {
    const [a, b] = axis === 'x' ? (['y', 'z'] as const) : axis === 'y' ? (['x', 'z'] as const) : (['x', 'y'] as const);
    const size = { x: q.length, y: q.width, z: q.height };
    if (q[a] <= p[a] && p[a] < q[a] + size[a] && q[b] <= p[b] && p[b] < q[b] + size[b] && q[axis] + size[axis] <= p[axis]) stop = Math.max(stop, q[axis] + size[axis]);
  }
  return stop;
}

test('the occupancy grid answers overlap, inside and projection exactly as a scan of every unit', () => {
  const rand = seededRandom(0x0cc);
  const int = (n: number) => Math.floor(rand() * n);
  for (let round = 0; round < 6; round++) {
    const inner = { length: 200 + int(800), width: 150 + int(600), height: 100 + int(500) };
    const occupancy = new Occupancy(inner, 5 + int(30));
    // Units on a loose lattice so some touch and some leave gaps; the grid starts after a few dozen.
    for (let i = 0; i < 300; i++) {
      const q = { x: int(inner.length - 40), y: int(inner.width - 40), z: int(inner.height - 40), length: 1 + int(40), width: 1 + int(40), height: 1 + int(40) };
      if (!occupancy.overlapsAny(q, q)) occupancy.add(q);
    }
    const placed = occupancy.placed;
    assert.ok(placed.length > 60, `round ${round}: only ${placed.length} units placed, the grid was not exercised`);
    for (let i = 0; i < 2000; i++) {
      // Points inside, on the walls and just outside the box.
      const p = { x: int(inner.length + 20) - 5, y: int(inner.width + 20) - 5, z: int(inner.height + 20) - 5 };
      const o = { length: 1 + int(60), width: 1 + int(60), height: 1 + int(60) };
      assert.equal(occupancy.overlapsAny(p, o), placed.some((q) => overlaps(p, o, q)), `round ${round}: overlap at ${JSON.stringify([p, o])}`);
      assert.equal(occupancy.covers(p), placed.some((q) => inside(p, q)), `round ${round}: inside at ${JSON.stringify(p)}`);
      for (const axis of ['x', 'y', 'z'] as const) assert.equal(occupancy.project(p, axis)[axis], scanProject(placed, p, axis), `round ${round}: project ${axis} from ${JSON.stringify(p)}`);
    }
  }
});
