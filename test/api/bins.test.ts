import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, createProduct, stockOf } from '../support/factories.js';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'DC');
});
after(() => t.close());

test('an adjustment may say which bin the SKU sits in; the stock row keeps the latest', async () => {
  await createProduct(t, 'BOLT');
  const first = await t.call('POST', '/v1/inventory/adjustments', { sku: 'BOLT', location: 'DC', delta: 5, reason: 'received', bin: 'A-03-2-B' });
  assert.equal(first.statusCode, 201, first.body);
  assert.deepEqual((await stockOf(t, 'BOLT')).locations, [{ location: 'DC', on_hand: 5, reserved: 0, available: 5, bin: 'A-03-2-B' }]);
  // An adjustment without a bin leaves it; one with a bin moves it.
  await t.call('POST', '/v1/inventory/adjustments', { sku: 'BOLT', location: 'DC', delta: 1, reason: 'found' });
  assert.equal((await stockOf(t, 'BOLT')).locations[0]?.bin, 'A-03-2-B');
  await t.call('POST', '/v1/inventory/adjustments', { sku: 'BOLT', location: 'DC', delta: -1, reason: 'cycle_count', bin: 'B-01-1-A' });
  const list = (await t.call('GET', '/v1/inventory?sku=BOLT')).json().data as { bin?: string; on_hand: number }[];
  assert.deepEqual(list.map((r) => [r.on_hand, r.bin]), [[5, 'B-01-1-A']]);
});

test('a malformed bin is refused with the field named, and nothing changes', async () => {
  await createProduct(t, 'NUT');
  const placed = await t.call('POST', '/v1/inventory/adjustments', { sku: 'NUT', location: 'DC', delta: 2, reason: 'received', bin: 'A-01-1-A' });
  assert.equal(placed.statusCode, 201, placed.body);
  const before = await stockOf(t, 'NUT');
  for (const bin of ['a-03-2-b', 'A', 'A--3', 'A-03-2-B-C-D-E', "A-1'; drop"]) {
    const res = await t.call('POST', '/v1/inventory/adjustments', { sku: 'NUT', location: 'DC', delta: 1, reason: 'received', bin });
    assert.equal(res.statusCode, 400, `${bin}: ${res.body}`);
    assert.equal(res.json().errors[0].field, 'bin', res.body);
  }
  assert.deepEqual(await stockOf(t, 'NUT'), before, 'stock and bin unchanged');
});
