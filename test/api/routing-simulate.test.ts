import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, orderBody, stockOf, type OrderJson } from '../support/factories.js';

let t: TestApp;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'EAST', { priority: 1 });
  await createLocation(t, 'WEST', { priority: 2 });
  await createProduct(t, 'A');
  await createProduct(t, 'B', { backorderable: true });
  await createProduct(t, 'C');
  await adjust(t, 'A', 'EAST', 5);
  await adjust(t, 'A', 'WEST', 5);
  await adjust(t, 'B', 'WEST', 2);
  await adjust(t, 'C', 'EAST', 1);
});
after(() => t.close());

test('simulation explains the plan, reserves nothing, and equals the real allocation', async () => {
  const body = orderBody([{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 3 }]);
  const before = [await stockOf(t, 'A'), await stockOf(t, 'B')];
  const res = await t.call('POST', '/v1/routing/simulate', { order: body });
  assert.equal(res.statusCode, 200, res.body);
  const sim = res.json() as { allocations: { line: number; sku: string; location: string; quantity: number }[]; backorders: { line: number; quantity: number }[]; explanation: string[] };
  assert.deepEqual(sim.allocations, [
    { line: 0, sku: 'A', location: 'WEST', quantity: 2 },
    { line: 1, sku: 'B', location: 'WEST', quantity: 2 },
  ]);
  assert.deepEqual(sim.backorders, [{ line: 1, sku: 'B', quantity: 1 }]);
  assert.ok(sim.explanation.some((e) => e.startsWith('WEST: holds every line')), sim.explanation.join(' | '));
  assert.deepEqual([await stockOf(t, 'A'), await stockOf(t, 'B')], before, 'simulation reserved something');

  const real = (await t.call('POST', '/v1/orders', body)).json() as OrderJson;
  const realAllocations = real.allocations.map((a) => ({ line: real.lines.findIndex((l) => l.id === a.line_id), sku: a.sku, location: a.location, quantity: a.quantity }));
  assert.deepEqual(realAllocations, sim.allocations);
  const events = (await t.call('GET', `/v1/orders/${real.id}/events`)).json().data as { type: string; data: { explanation?: string[] } }[];
  assert.deepEqual(events.find((e) => e.type === 'order.partially_allocated')?.data.explanation, sim.explanation);
});

test('shortages are reported, not refused, and bad input is refused like capture', async () => {
  const res = await t.call('POST', '/v1/routing/simulate', { order: orderBody([{ sku: 'C', quantity: 4 }]) });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().shortages, [{ line: 0, sku: 'C', requested: 4, available: 1 }]);
  const unknown = await t.call('POST', '/v1/routing/simulate', { order: orderBody([{ sku: 'NOPE', quantity: 1 }]) });
  assert.equal(unknown.statusCode, 422, unknown.body);
  assert.equal(unknown.json().errors[0].field, 'lines[0].sku');
  const malformed = await t.call('POST', '/v1/routing/simulate', { order: { lines: [] } });
  assert.equal(malformed.statusCode, 400, malformed.body);
});
