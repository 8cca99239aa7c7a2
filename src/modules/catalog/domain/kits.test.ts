import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allocateKitPrice, kitAvailability, kitDefinitionErrors, kitsAssemblable } from './kits.js';

describe('kitDefinitionErrors', () => {
  const known = new Map([
    ['A', { sku: 'A', isKit: false }],
    ['B', { sku: 'B', isKit: false }],
    ['KIT2', { sku: 'KIT2', isKit: true }],
  ]);
  const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

  test('accepts existing plain components named once with positive quantities', () => {
    assert.deepEqual(kitDefinitionErrors('KIT', [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }], known, []), []);
    assert.deepEqual(kitDefinitionErrors('KIT', [], known, ['OTHER']), [], 'a plain product may be a component of other kits');
  });

  test('names each bad component field', () => {
    assert.deepEqual(fields(kitDefinitionErrors('KIT', [{ sku: 'NOPE', quantity: 1 }], known, [])), ['components[0].sku']);
    assert.deepEqual(fields(kitDefinitionErrors('KIT', [{ sku: 'KIT', quantity: 1 }], known, [])), ['components[0].sku']);
    assert.deepEqual(fields(kitDefinitionErrors('KIT', [{ sku: 'A', quantity: 1 }, { sku: 'A', quantity: 2 }], known, [])), ['components[1].sku']);
    assert.deepEqual(fields(kitDefinitionErrors('KIT', [{ sku: 'A', quantity: 0 }, { sku: 'B', quantity: 1.5 }], known, [])), ['components[0].quantity', 'components[1].quantity']);
    const nested = kitDefinitionErrors('KIT', [{ sku: 'KIT2', quantity: 1 }], known, []);
    assert.deepEqual(fields(nested), ['components[0].sku']);
    assert.match(nested[0]?.message ?? '', /one level/);
  });

  test('a product that is a component of a kit cannot become a kit', () => {
    const errors = kitDefinitionErrors('A', [{ sku: 'B', quantity: 1 }], known, ['KIT9']);
    assert.deepEqual(fields(errors), ['components']);
    assert.match(errors[0]?.message ?? '', /KIT9/);
  });
});

describe('kit availability', () => {
  const kit = [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }];

  test('a location assembles floor(min over components of available / quantity), never below 0', () => {
    const at = (a: number, b: number) => kitsAssemblable(kit, (sku) => (sku === 'A' ? a : b));
    assert.equal(at(10, 3), 3);
    assert.equal(at(7, 9), 3);
    assert.equal(at(1, 9), 0);
    assert.equal(at(-2, 9), 0);
    assert.equal(kitsAssemblable([], () => 5), 0);
  });

  test('the total is the sum of what each location assembles alone; split components make no kit', () => {
    const result = kitAvailability(kit, [
      { location: 'E', sku: 'A', available: 4 },
      { location: 'E', sku: 'B', available: 5 },
      { location: 'W', sku: 'A', available: 5 },
      { location: 'W', sku: 'B', available: 1 },
      // Only A at N and only B at S: 10 A and 10 B across them, but no location can ship a kit.
      { location: 'N', sku: 'A', available: 10 },
      { location: 'S', sku: 'B', available: 10 },
    ]);
    assert.deepEqual(result.locations, [{ location: 'E', available: 2 }, { location: 'W', available: 1 }]);
    assert.equal(result.total, 3);
  });
});

describe('allocateKitPrice', () => {
  test('shares follow list price × quantity and add up exactly, remainder on the first component', () => {
    // 1000 split 1:2 → 333.33 / 666.67: floor gives 333 + 666, the remaining 1 goes to the first.
    assert.deepEqual(allocateKitPrice(1000, [{ listPriceMinor: 100, quantity: 1 }, { listPriceMinor: 200, quantity: 1 }]), [334, 666]);
    // 999 over weights 1000 : 1000 : 1 → 499.25, 499.25, 0.49: floors 499 + 499 + 0, remainder 1 to the first.
    assert.deepEqual(allocateKitPrice(999, [{ listPriceMinor: 500, quantity: 2 }, { listPriceMinor: 1000, quantity: 1 }, { listPriceMinor: 1, quantity: 1 }]), [500, 499, 0]);
  });

  test('free components: the first takes the whole total; totals near 2^53 stay exact', () => {
    assert.deepEqual(allocateKitPrice(1234, [{ listPriceMinor: 0, quantity: 1 }, { listPriceMinor: 0, quantity: 3 }]), [1234, 0]);
    const big = Number.MAX_SAFE_INTEGER - 1;
    const shares = allocateKitPrice(big, [{ listPriceMinor: 3, quantity: 1 }, { listPriceMinor: 7, quantity: 1 }, { listPriceMinor: 11, quantity: 1 }]);
    assert.equal(shares.reduce((a, b) => a + b, 0), big);
    assert.ok(shares.every((s) => Number.isSafeInteger(s) && s >= 0), `every share is a whole number >= 0: ${JSON.stringify(shares)}`);
  });

  test('for many random splits the shares always sum to the total', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let i = 0; i < 500; i++) {
      const components = Array.from({ length: 1 + rnd(5) }, () => ({ listPriceMinor: rnd(10000), quantity: 1 + rnd(4) }));
      const total = rnd(1_000_000);
      const shares = allocateKitPrice(total, components);
      assert.equal(shares.reduce((a, b) => a + b, 0), total);
      assert.ok(shares.every((s) => s >= 0), `no share is negative: ${JSON.stringify(shares)}`);
    }
  });
});
