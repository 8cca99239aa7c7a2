import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { expectRefusedWithoutWrites } from '../support/bad-input.js';
import { adjust, createLocation, createProduct, orderBody, type OrderJson } from '../support/factories.js';

let t: TestApp;

const address = (postal_code: string, region: string, country = 'US') => ({ name: 'A Customer', line1: '1 Main St', line2: null, city: 'Somewhere', region, postal_code, country });
const NEW_YORK = address('10001', 'NY');

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'WH-EAST', { priority: 2, address: address('07001', 'NJ'), groups: ['east'] });
  await createLocation(t, 'WH-WEST', { priority: 1, address: address('90012', 'CA'), groups: ['west'] });
  await createLocation(t, 'STORE-12', { type: 'store', priority: 3, address: address('10002', 'NY'), safety_stock: 2, channels: ['web', 'pos'] });
  for (const sku of ['P-A', 'P-B', 'P-C']) await createProduct(t, sku);
  for (const loc of ['WH-EAST', 'WH-WEST']) for (const sku of ['P-A', 'P-B', 'P-C']) await adjust(t, sku, loc, 20);
  await adjust(t, 'P-A', 'STORE-12', 3);
});
after(() => t.close());

const nearestFirst = {
  position: 1,
  scope: { channels: ['web'], countries: ['US'] },
  rules: [
    { name: 'nearby warehouses', filters: { location_types: ['warehouse'], max_distance_km: 800 }, sorts: ['proximity', 'priority'], split: 'never', when_unfillable: 'next_rule' },
    { name: 'anywhere', sorts: ['fewest_shipments', 'priority'] },
  ],
};

describe('locations carry routing attributes', () => {
  test('coordinates come from the address’s postal code; the attributes are shown', async () => {
    const res = await t.call('GET', '/v1/locations/WH-EAST');
    const body = res.json();
    assert.ok(Math.abs(body.latitude - 40.6) < 0.5 && Math.abs(body.longitude + 74.3) < 0.5, res.body);
    assert.deepEqual(body.groups, ['east']);
    assert.equal(body.safety_stock, 0);
    assert.equal(body.daily_capacity, null);
    const store = (await t.call('GET', '/v1/locations/STORE-12')).json();
    assert.deepEqual([store.safety_stock, store.channels], [2, ['web', 'pos']]);
  });
});

describe('routing policies', () => {
  test('PUT creates (201), PUT again replaces (200), GET lists in position order, DELETE removes', async () => {
    const created = await t.call('PUT', '/v1/routing/policies/us-web', nearestFirst);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().rules[0].name, 'nearby warehouses');
    const other = await t.call('PUT', '/v1/routing/policies/aaa-late', { position: 50, rules: [{ name: 'only' }] });
    assert.equal(other.statusCode, 201, other.body);
    const replaced = await t.call('PUT', '/v1/routing/policies/us-web', nearestFirst);
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().created_at, created.json().created_at);
    const list = (await t.call('GET', '/v1/routing/policies')).json().data as { name: string }[];
    assert.deepEqual(list.map((p) => p.name), ['us-web', 'aaa-late']);
    assert.equal((await t.call('DELETE', '/v1/routing/policies/aaa-late')).statusCode, 204);
    assert.equal((await t.call('GET', '/v1/routing/policies/aaa-late')).json().code, 'ROUTING_POLICY_NOT_FOUND');
    assert.equal((await t.call('DELETE', '/v1/routing/policies/aaa-late')).statusCode, 404);
  });

  const bad = [
    { name: 'no rules', body: { rules: [] }, field: 'rules' },
    { name: 'unknown sort', body: { rules: [{ name: 'r', sorts: ['cheapest'] }] }, field: 'rules[0].sorts[0]' },
    { name: 'unknown split', body: { rules: [{ name: 'r', split: 'sometimes' }] }, field: 'rules[0].split' },
    { name: 'unknown filter', body: { rules: [{ name: 'r', filters: { colour: 'red' } }] }, field: 'rules[0].filters.colour' },
    { name: 'negative distance', body: { rules: [{ name: 'r', filters: { max_distance_km: -5 } }] }, field: 'rules[0].filters.max_distance_km' },
    { name: 'money with a comma', body: { rules: [{ name: 'r', min_shipment_value: '25,00' }] }, field: 'rules[0].min_shipment_value' },
    { name: 'duplicate rule names', body: { rules: [{ name: 'r' }, { name: 'r' }] }, field: 'rules[1].name' },
    { name: 'hold queue without hold', body: { rules: [{ name: 'r', hold_queue: 'q' }] }, field: 'rules[0].hold_queue' },
    { name: 'unknown country in scope', body: { scope: { countries: ['XX'] }, rules: [{ name: 'r' }] }, field: 'scope.countries[0]' },
  ];
  for (const c of bad) {
    test(`refused without writes: ${c.name}`, async () => {
      await expectRefusedWithoutWrites(t, { name: c.name, body: c.body, status: c.field === 'scope.countries[0]' ? 422 : 400, field: c.field }, { method: 'PUT', url: '/v1/routing/policies/broken' });
    });
  }
});

describe('capture follows the policy and records why', () => {
  test('the nearest warehouse under 800 km ships the whole order; the timeline names the policy, rule and reasons', async () => {
    await t.call('PUT', '/v1/routing/policies/us-web', nearestFirst);
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'P-A', quantity: 1 }, { sku: 'P-B', quantity: 1 }], { shipping_address: NEW_YORK }))).json() as OrderJson;
    assert.deepEqual([...new Set(order.allocations.map((a) => a.location))], ['WH-EAST']);
    const events = (await t.call('GET', `/v1/orders/${order.id}/events`)).json().data as { type: string; data: { policy?: string; rule?: string; explanation?: string[] } }[];
    const allocated = events.find((e) => e.type === 'order.allocated');
    assert.equal(allocated?.data.policy, 'us-web');
    assert.equal(allocated?.data.rule, 'nearby warehouses');
    const explanation = allocated?.data.explanation ?? [];
    assert.ok(explanation.some((e) => /^WH-WEST filtered: \d+ km away \(max 800\)$/.test(e)), explanation.join('\n'));
    assert.ok(explanation.some((e) => e.startsWith('STORE-12 filtered: type store')), explanation.join('\n'));
  });

  test('an order the first rule cannot fill falls to the next rule', async () => {
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'P-A', quantity: 30 }], { shipping_address: NEW_YORK }))).json() as OrderJson;
    assert.equal(order.status, 'allocated');
    assert.equal(order.allocations.reduce((n, a) => n + a.quantity, 0), 30);
    await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'test cleanup' });
  });

  test('a hold rule captures the order on hold in its queue, with nothing reserved', async () => {
    await t.call('PUT', '/v1/routing/policies/vip', { position: 0, scope: { tags: ['vip'] }, rules: [{ name: 'east only', filters: { location_groups: ['east'] }, when_unfillable: 'hold', hold_queue: 'vip-review' }] });
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'P-C', quantity: 25 }], { tags: ['vip'], shipping_address: NEW_YORK }))).json() as OrderJson;
    assert.equal(order.status, 'on_hold');
    assert.deepEqual(order.allocations, []);
    const events = (await t.call('GET', `/v1/orders/${order.id}/events`)).json().data as { type: string; data: { hold_queue?: string; reason?: string } }[];
    assert.equal(events.find((e) => e.type === 'order.on_hold')?.data.hold_queue, 'vip-review');
    // The queue is a `routing` hold on the order (ADR 0025), on the timeline after order.created.
    const view = order as OrderJson & { held: boolean; holds: { id: string; type: string; queue: string | null; reason: string }[] };
    assert.equal(view.held, true);
    assert.deepEqual(view.holds.map((h) => [h.type, h.queue]), [['routing', 'vip-review']]);
    assert.match(view.holds[0]?.reason ?? '', /queue vip-review by routing rule east only/);
    assert.ok(events.findIndex((e) => e.type === 'order.held') > events.findIndex((e) => e.type === 'order.created'), 'order.held follows order.created');
    const listed = (await t.call('GET', `/v1/orders?hold_type=routing&q=${order.id}`)).json().data as { id: string }[];
    assert.deepEqual(listed.map((o) => o.id), [order.id]);

    // Releasing the queue's hold routes the order now: the hold rule passes to the next rule (here
    // none: the rule allocates what east can and backorders or holds the rest), not back into the queue.
    const released = await t.call('DELETE', `/v1/orders/${order.id}/holds/${view.holds[0]?.id}`, { note: 'checked: ship it' });
    assert.equal(released.statusCode, 200, released.body);
    const after = (await t.call('GET', `/v1/orders/${order.id}`)).json() as OrderJson & { held: boolean };
    assert.equal(after.held, false);
    // East has 20 of the 25; P-C is not backorderable, so 5 stay unfilled (on_hold by status, not held).
    assert.deepEqual(after.allocations.map((a) => [a.location, a.quantity]), [['WH-EAST', 20]]);
    assert.equal(after.status, 'on_hold');
    const stock = (await t.call('GET', '/v1/inventory/P-C')).json() as { locations: { location: string; reserved: number }[] };
    assert.equal(stock.locations.find((l) => l.location === 'WH-EAST')?.reserved, 20, JSON.stringify(stock));
    const timeline = (await t.call('GET', `/v1/orders/${order.id}/events`)).json().data as { type: string; data: { hold_id?: string } }[];
    assert.equal(timeline.find((e) => e.type === 'order.rerouted')?.data.hold_id, view.holds[0]?.id);
    await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'test cleanup' });
    await t.call('DELETE', '/v1/routing/policies/vip');
  });
});

describe('simulation', () => {
  test('a proposed policy is simulated without being saved, and equals capture once saved', async () => {
    const proposed = { name: 'west-first', rules: [{ name: 'west', filters: { location_groups: ['west'] }, when_unfillable: 'backorder' }] };
    const body = orderBody([{ sku: 'P-B', quantity: 2 }], { shipping_address: NEW_YORK });
    const sim = (await t.call('POST', '/v1/routing/simulate', { order: body, policy: proposed })).json();
    assert.equal(sim.policy, 'west-first');
    assert.deepEqual(sim.allocations, [{ line: 0, sku: 'P-B', location: 'WH-WEST', quantity: 2 }]);
    assert.equal((await t.call('GET', '/v1/routing/policies/west-first')).statusCode, 404, 'simulation saved the policy');

    await t.call('PUT', '/v1/routing/policies/west-first', { position: 0, rules: proposed.rules });
    const real = (await t.call('POST', '/v1/orders', body)).json() as OrderJson;
    assert.deepEqual(real.allocations.map((a) => ({ sku: a.sku, location: a.location, quantity: a.quantity })), [{ sku: 'P-B', location: 'WH-WEST', quantity: 2 }]);
    const events = (await t.call('GET', `/v1/orders/${real.id}/events`)).json().data as { type: string; data: { explanation?: string[] } }[];
    assert.deepEqual(events.find((e) => e.type === 'order.allocated')?.data.explanation, sim.explanation);
    await t.call('DELETE', '/v1/routing/policies/west-first');
  });

  test('past orders re-routed under a proposed policy: what would change, reserving nothing', async () => {
    // The orders are captured under the nearest-first policy (WH-EAST for New York).
    const policy = await t.call('PUT', '/v1/routing/policies/us-web', nearestFirst);
    assert.ok([200, 201].includes(policy.statusCode), policy.body);
    const orders = [];
    for (let i = 0; i < 3; i++) orders.push(((await t.call('POST', '/v1/orders', orderBody([{ sku: 'P-C', quantity: 1 }], { shipping_address: NEW_YORK }))).json() as OrderJson).id);
    const stockBefore = (await t.call('GET', '/v1/inventory/P-C')).body;
    const res = await t.call('POST', '/v1/routing/simulate', { order_ids: orders, policy: { rules: [{ name: 'west', filters: { location_groups: ['west'] } }] } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.results.length, 3);
    for (const r of body.results) {
      assert.deepEqual(r.current, [{ sku: 'P-C', location: 'WH-EAST', quantity: 1 }]);
      assert.deepEqual(r.allocations, [{ line: 0, sku: 'P-C', location: 'WH-WEST', quantity: 1 }]);
      assert.equal(r.changed, true);
    }
    assert.deepEqual(body.summary, { orders: 3, changed: 3, held: 0, with_backorders_or_shortages: 0, shipments: 3 });
    assert.equal((await t.call('GET', '/v1/inventory/P-C')).body, stockBefore);
    // Under the current policy nothing would change.
    const same = (await t.call('POST', '/v1/routing/simulate', { order_ids: orders })).json();
    assert.equal(same.summary.changed, 0, JSON.stringify(same.results[0]));
  });

  test('order and order_ids together, or an unknown order, are refused', async () => {
    await expectRefusedWithoutWrites(t, { name: 'both', body: { order: orderBody([{ sku: 'P-A', quantity: 1 }]), order_ids: ['ord_00000000000000000000000000'] }, status: 400, field: 'order_ids' }, { method: 'POST', url: '/v1/routing/simulate' });
    await expectRefusedWithoutWrites(t, { name: 'unknown', body: { order_ids: ['ord_00000000000000000000000000'] }, status: 404, code: 'ORDER_NOT_FOUND' }, { method: 'POST', url: '/v1/routing/simulate' });
  });
});

describe('channel availability', () => {
  test('what a channel may sell: visible locations, less safety stock', async () => {
    const web = (await t.call('GET', '/v1/availability?sku=P-A&channel=web')).json();
    const store = web.locations.find((l: { location: string }) => l.location === 'STORE-12');
    assert.equal(store?.available, 1, JSON.stringify(web)); // 3 on the shelf, 2 held back
    const amazon = (await t.call('GET', '/v1/availability?sku=P-A&channel=amazon')).json();
    assert.ok(!amazon.locations.some((l: { location: string }) => l.location === 'STORE-12'), `STORE-12 is not offered to amazon: ${JSON.stringify(amazon.locations)}`);
    assert.equal(web.available - amazon.available, 1);
  });

  test('with a postal code, the matching policy’s filters apply (distance limit) and distances are given', async () => {
    await t.call('PUT', '/v1/routing/policies/us-web', { ...nearestFirst, rules: [nearestFirst.rules[0]] });
    const res = (await t.call('GET', '/v1/availability?sku=P-B&channel=web&postal_code=10001&country=US')).json();
    assert.deepEqual(res.locations.map((l: { location: string }) => l.location), ['WH-EAST']);
    assert.ok(res.locations[0].distance_km < 100, `the nearest location is within 100 km: ${JSON.stringify(res.locations[0])}`);
    await t.call('PUT', '/v1/routing/policies/us-web', nearestFirst);
  });

  test('a kit sells what one visible location can assemble from its components', async () => {
    await createProduct(t, 'K-PART-1');
    await createProduct(t, 'K-PART-2');
    await createProduct(t, 'K-BOX', { components: [{ sku: 'K-PART-1', quantity: 1 }, { sku: 'K-PART-2', quantity: 2 }] });
    await adjust(t, 'K-PART-1', 'WH-EAST', 5);
    await adjust(t, 'K-PART-2', 'WH-EAST', 6); // 3 kits
    await adjust(t, 'K-PART-1', 'WH-WEST', 4); // no K-PART-2 there: none
    await adjust(t, 'K-PART-1', 'STORE-12', 9);
    await adjust(t, 'K-PART-2', 'STORE-12', 6); // 7 and 4 after safety stock: 2 kits
    const res = (await t.call('GET', '/v1/availability?sku=K-BOX&channel=web')).json();
    assert.deepEqual(res.locations.map((l: { location: string; available: number }) => [l.location, l.available]), [['WH-EAST', 3], ['STORE-12', 2]]);
    assert.equal(res.available, 5);
  });

  test('bad queries are refused', async () => {
    assert.equal((await t.call('GET', '/v1/availability?sku=P-A')).json().errors[0].field, 'query.channel');
    const country = (await t.call('GET', '/v1/availability?sku=P-A&channel=web&country=XX')).json();
    assert.deepEqual([country.code, country.errors[0].field], ['COUNTRY_UNKNOWN', 'query.country']);
  });
});
