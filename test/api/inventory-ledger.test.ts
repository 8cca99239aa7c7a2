import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createApiKey, createLocation, createProduct, placeOrder, signedInUser, uniqueCode } from '../support/factories.js';

// The movement ledger per SKU and the low-stock list (the inventory planner's screens).
let t: TestApp;
let operator: { id: string; key: string; name: string };

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'LG-A', { priority: 1 });
  await createLocation(t, 'LG-B', { priority: 2 });
  operator = await createApiKey(t, 'operator');
});
after(() => t.close());

interface Movement {
  id: string;
  at: string;
  sku: string;
  location: string;
  reason: string;
  delta: number;
  on_hand_after: number;
  reference: string | null;
  reference_type: string | null;
  actor: string;
  actor_label: string;
}

async function movements(sku: string, query = ''): Promise<{ data: Movement[]; next_cursor: string | null }> {
  const res = await t.call('GET', `/v1/inventory/${encodeURIComponent(sku)}/movements?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

describe('movements', () => {
  test('every change of on-hand, newest first, with location, reason, reference and actor; by location; page by page', async () => {
    const { sku } = await createProduct(t, uniqueCode('LG'));
    await adjust(t, sku, 'LG-A', 10, operator.key);
    await adjust(t, sku, 'LG-B', 4);
    const damaged = await t.call('POST', '/v1/inventory/adjustments', { sku, location: 'LG-A', delta: -2, reason: 'damaged', reference: 'RMA-77' });
    assert.equal(damaged.statusCode, 201, damaged.body);
    const all = await movements(sku);
    assert.deepEqual(all.data.map((m) => [m.location, m.reason, m.delta, m.on_hand_after, m.reference, m.reference_type]), [
      ['LG-A', 'damaged', -2, 8, 'RMA-77', null],
      ['LG-B', 'received', 4, 4, null, null],
      ['LG-A', 'received', 10, 10, null, null],
    ]);
    assert.equal(all.data[2]?.actor, operator.id, 'the actor of the first adjustment is the operator key');
    assert.equal(all.data[2]?.actor_label, operator.name, 'named by the key’s name');
    assert.deepEqual((await movements(sku, 'location=LG-B')).data.map((m) => m.delta), [4]);
    const first = await movements(sku, 'limit=2');
    assert.equal(first.data.length, 2);
    assert.ok(first.next_cursor, 'a second page');
    const second = await movements(sku, `limit=2&cursor=${first.next_cursor}`);
    assert.deepEqual([...first.data, ...second.data].map((m) => m.id), all.data.map((m) => m.id));
    assert.equal(second.next_cursor, null);
    assert.deepEqual((await movements(uniqueCode('NONE'))).data, [], 'an unknown SKU has no movements');
  });

  test('a person’s adjustment names them by e-mail (actor_label); a key by its name', async () => {
    const { sku } = await createProduct(t, uniqueCode('LG'));
    const person = await signedInUser(t, 'operator');
    const res = await person.call('POST', '/v1/inventory/adjustments', { sku, location: 'LG-A', delta: 3, reason: 'found' });
    assert.equal(res.statusCode, 201, res.body);
    const [movement] = (await movements(sku)).data;
    assert.deepEqual([movement?.actor, movement?.actor_label], [person.id, person.email]);
  });

  test('unknown location or cursor is a 400/422 naming the parameter', async () => {
    const { sku } = await createProduct(t, uniqueCode('LG'));
    const badLocation = await t.call('GET', `/v1/inventory/${sku}/movements?location=NOPE`);
    assert.ok([400, 422].includes(badLocation.statusCode), badLocation.body);
    assert.equal(badLocation.json().errors[0].field, 'query.location');
    const badCursor = await t.call('GET', `/v1/inventory/${sku}/movements?cursor=abc`);
    assert.equal(badCursor.statusCode, 400, badCursor.body);
    assert.equal(badCursor.json().errors[0].field, 'query.cursor');
  });
});

interface Alert {
  sku: string;
  location: string;
  available: number;
  threshold: number;
  level: string;
  since: string | null;
}

async function alertsFor(sku: string): Promise<Alert[]> {
  const rows: Alert[] = [];
  let cursor: string | null = null;
  do {
    const res = await t.call('GET', `/v1/stock-alerts?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { data: Alert[]; next_cursor: string | null };
    rows.push(...body.data);
    cursor = body.next_cursor;
  } while (cursor);
  return rows.filter((r) => r.sku === sku);
}

describe('stock alerts', () => {
  test('stock at or below its threshold is listed with when it crossed; stock above it is not', async () => {
    const { sku } = await createProduct(t, uniqueCode('AL'), { low_stock_threshold: 5 });
    await adjust(t, sku, 'LG-A', 6);
    await adjust(t, sku, 'LG-B', 20);
    assert.deepEqual(await alertsFor(sku), [], 'above the threshold everywhere');
    await placeOrder(t, [{ sku, quantity: 2 }]);
    const [low] = await alertsFor(sku);
    assert.deepEqual([low?.location, low?.available, low?.threshold, low?.level], ['LG-A', 4, 5, 'low_stock']);
    assert.ok(low?.since && !Number.isNaN(Date.parse(low.since)), `since is when it crossed: ${low?.since}`);
    await adjust(t, sku, 'LG-A', -4);
    const [out] = await alertsFor(sku);
    assert.deepEqual([out?.location, out?.available, out?.level], ['LG-A', 0, 'out_of_stock']);
    await adjust(t, sku, 'LG-A', 30);
    assert.deepEqual(await alertsFor(sku), [], 'restocked: no longer listed');
  });

  test('a SKU without a threshold is listed only when out of stock', async () => {
    const { sku } = await createProduct(t, uniqueCode('AL'));
    await adjust(t, sku, 'LG-A', 1);
    assert.deepEqual(await alertsFor(sku), []);
    await adjust(t, sku, 'LG-A', -1);
    assert.deepEqual((await alertsFor(sku)).map((a) => [a.location, a.available, a.threshold]), [['LG-A', 0, 0]]);
  });
});
