import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, orderBody, type OrderJson } from '../support/factories.js';

/**
 * Least privilege for scoped keys (issue #11): a 3PL's location key works its own fulfillment
 * orders end to end and sees nothing else; a channel key reads only its channel's orders.
 */

let t: TestApp;
let tpl: string;
let channelKey: string;
let channelId: string;
const ADDRESS = { line1: '5 Warehouse Way', city: 'Edison', region: 'NJ', postal_code: '08817', country: 'US' };

async function placed(sku: string, overrides: Record<string, unknown> = {}): Promise<{ order: string; fo: string }> {
  const res = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1 }], overrides));
  assert.equal(res.statusCode, 201, res.body);
  const order = (res.json() as OrderJson).id;
  const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order}`)).json().data as { id: string }[];
  assert.ok(fo, 'the order has a fulfillment order');
  return { order, fo: fo.id };
}

const as3pl = (method: Parameters<TestApp['call']>[0], url: string, body?: unknown) => t.call(method, url, body, { key: tpl });

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'SK-3PL', { type: '3pl', address: ADDRESS });
  await createLocation(t, 'SK-WH', { address: ADDRESS });
  for (const [sku, loc] of [['SK-3PL-SKU', 'SK-3PL'], ['SK-WH-SKU', 'SK-WH']] as const) {
    await createProduct(t, sku, { dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 400 });
    await adjust(t, sku, loc, 50);
  }
  assert.equal((await t.call('PUT', '/v1/boxes/SK-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 9000, tare_grams: 200, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  const issued = await t.call('POST', '/v1/api-keys', { name: 'the 3PL', role: 'channel', location: 'SK-3PL' });
  assert.equal(issued.statusCode, 201, issued.body);
  tpl = issued.json().key;
  channelId = (await t.call('POST', '/v1/channels', { type: 'api', name: 'sk-storefront' })).json().id;
  channelKey = (await t.call('POST', '/v1/api-keys', { name: 'storefront', role: 'channel', channel: channelId })).json().key;
});
after(() => t.close());

describe('a location key (a 3PL)', () => {
  test('works its own fulfillment order end to end: sees where it goes, accepts, packs, ships with its own tracking number, scans', async () => {
    const { order, fo } = await placed('SK-3PL-SKU', { shipping_address: { ...ADDRESS, name: 'Grace Hopper', phone: '+1 212 555 0199' } });
    const seen = await as3pl('GET', `/v1/fulfillment-orders/${fo}`);
    assert.equal(seen.statusCode, 200, seen.body);
    const view = seen.json();
    assert.deepEqual(view.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity]), [['SK-3PL-SKU', 1]]);
    assert.deepEqual(view.ship_to, { name: 'Grace Hopper', company: null, line1: '5 Warehouse Way', line2: null, city: 'Edison', region: 'NJ', postal_code: '08817', country: 'US', phone: '+1 212 555 0199' });
    assert.equal(view.service_level, 'standard');
    assert.ok(view.promise === null || typeof view.promise.deliver_by === 'string', `promise is null or has deliver_by: ${JSON.stringify(view.promise)}`);
    // Nothing more of the order: not the customer's e-mail or phone, not prices.
    for (const secret of ['ada@example.com', '+1 217 555 0100', 'Ada Lovelace', '10.00']) assert.ok(!seen.body.includes(secret), `the view shows ${secret}`);

    assert.equal((await as3pl('POST', `/v1/fulfillment-orders/${fo}/accept`, {})).json().status, 'accepted');
    const packedRes = await as3pl('POST', `/v1/fulfillment-orders/${fo}/pack`, {});
    assert.equal(packedRes.statusCode, 200, packedRes.body);
    assert.equal(packedRes.json().packages.length, 1);
    // Buying a label through the tenant's carriers is the tenant's to allow (off by default).
    const bought = await as3pl('POST', `/v1/fulfillment-orders/${fo}/ship`, {});
    assert.deepEqual([bought.statusCode, bought.json().code], [403, 'SHIPPING_LABEL_PURCHASE_FORBIDDEN']);
    const shipped = await as3pl('POST', `/v1/fulfillment-orders/${fo}/ship`, { carrier: 'ups', tracking_numbers: ['1Z12345E6605272234'] });
    assert.equal(shipped.statusCode, 201, shipped.body);
    assert.deepEqual([shipped.json().carrier, shipped.json().tracking_number], ['ups', '1Z12345E6605272234']);
    const scan = await as3pl('POST', `/v1/shipments/${shipped.json().id}/events`, { status: 'in_transit', occurred_at: new Date().toISOString() });
    assert.equal(scan.statusCode, 200, scan.body);
    assert.equal(scan.json().shipment.status, 'in_transit');
    assert.equal((await as3pl('GET', `/v1/shipments/${shipped.json().id}`)).statusCode, 200);
    // The operator sees the order shipped.
    assert.equal((await t.call('GET', `/v1/orders/${order}`)).json().status, 'shipped');
  });

  test('a reported tracking number is checked against its carrier when we know the carrier’s numbers', async () => {
    const ship = async (body: Record<string, unknown>) => {
      const { fo } = await placed('SK-3PL-SKU');
      assert.equal((await as3pl('POST', `/v1/fulfillment-orders/${fo}/pack`, {})).statusCode, 200);
      return as3pl('POST', `/v1/fulfillment-orders/${fo}/ship`, body);
    };
    // A valid UPS number reported as FedEx: refused, naming the field.
    const wrong = await ship({ carrier: 'fedex', tracking_numbers: ['1Z999AA10123456784'] });
    assert.deepEqual([wrong.statusCode, wrong.json().code, wrong.json().errors[0].field], [422, 'SHIPMENT_TRACKING_NUMBER_INVALID', 'tracking_numbers[0]']);
    // A carrier we cannot check (a regional courier): taken as given if it looks like a tracking number.
    const regional = await ship({ carrier: 'metro-couriers', tracking_numbers: ['MC-20261127-0042'] });
    assert.equal(regional.statusCode, 201, regional.body);
    assert.equal(regional.json().carrier, 'metro-couriers');
    const junk = await ship({ carrier: 'metro-couriers', tracking_numbers: ['<script>'] });
    assert.deepEqual([junk.statusCode, junk.json().code], [422, 'SHIPMENT_TRACKING_NUMBER_INVALID']);
    // No carrier: the number must name one.
    const unnamed = await ship({ tracking_numbers: ['MC-20261127-0043'] });
    assert.deepEqual([unnamed.statusCode, unnamed.json().code], [422, 'SHIPMENT_TRACKING_NUMBER_INVALID']);
  });

  test('buys labels through the tenant’s carriers once the tenant allows it, and prints them', async () => {
    const { fo } = await placed('SK-3PL-SKU');
    assert.equal((await as3pl('POST', `/v1/fulfillment-orders/${fo}/pack`, {})).statusCode, 200);
    assert.equal((await t.call('GET', '/v1/settings')).json().location_keys_may_buy_labels, false);
    assert.equal((await t.call('PATCH', '/v1/settings', { location_keys_may_buy_labels: true })).statusCode, 200);
    try {
      const bought = await as3pl('POST', `/v1/fulfillment-orders/${fo}/ship`, {});
      assert.equal(bought.statusCode, 201, bought.body);
      const label = await as3pl('GET', `/v1/shipments/${bought.json().id}/label.pdf`);
      assert.equal(label.statusCode, 200, label.body);
      assert.equal(label.headers['content-type'], 'application/pdf');
    } finally {
      await t.call('PATCH', '/v1/settings', { location_keys_may_buy_labels: false });
    }
  });

  test('cannot read another location’s fulfillment order, label or manifest, nor orders, the accounting export, settings or inventory', async () => {
    const { order, fo } = await placed('SK-WH-SKU');
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo}/pack`, {})).statusCode, 200);
    const shipment = (await t.call('POST', `/v1/fulfillment-orders/${fo}/ship`, {})).json();
    assert.ok(shipment.id, `the shipment was bought: ${JSON.stringify(shipment)}`);
    for (const url of [`/v1/fulfillment-orders/${fo}`, `/v1/fulfillment-orders/${fo}/packages`, `/v1/shipments/${shipment.id}`, `/v1/shipments/${shipment.id}/label.pdf`, `/v1/shipments/${shipment.id}/label.zpl`]) {
      const res = await as3pl('GET', url);
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
    }
    const manifest = await as3pl('GET', `/v1/manifests?carrier=${shipment.carrier}&location=SK-WH&date=${shipment.ship_date}`);
    assert.deepEqual([manifest.statusCode, manifest.json().code], [422, 'LOCATION_UNKNOWN']);
    assert.ok(!(await as3pl('GET', '/v1/fulfillment-orders?limit=500')).body.includes(fo), `the 3PL key does not list fulfillment order ${fo}`);
    assert.ok(!(await as3pl('GET', '/v1/shipments?limit=500')).body.includes(shipment.id), `the 3PL key does not list shipment ${shipment.id}`);
    for (const url of ['/v1/orders', `/v1/orders/${order}`, '/v1/exports/accounting?from=2020-01-01&to=2030-01-01', '/v1/settings', '/v1/inventory', '/v1/inventory/SK-WH-SKU', '/v1/locations', '/v1/channels', '/v1/api-keys']) {
      const res = await as3pl('GET', url);
      assert.deepEqual([res.statusCode, res.json().code], [403, 'AUTH_FORBIDDEN'], url);
    }
    for (const [method, url] of [['POST', `/v1/fulfillment-orders/${fo}/cancel`], ['POST', `/v1/shipments/${shipment.id}/void`], ['POST', '/v1/orders']] as const) {
      const res = await as3pl(method, url, {});
      assert.deepEqual([res.statusCode, res.json().code], [403, 'AUTH_FORBIDDEN'], url);
    }
  });
});

describe('a channel key', () => {
  test('captures for its channel and reads only its channel’s orders', async () => {
    const theirs = await placed('SK-WH-SKU', { channel: 'web' });
    const mine = await t.call('POST', '/v1/orders', orderBody([{ sku: 'SK-WH-SKU', quantity: 1 }], { channel: channelId }), { key: channelKey });
    assert.equal(mine.statusCode, 201, mine.body);
    const listed = (await t.call('GET', '/v1/orders?limit=500', undefined, { key: channelKey })).json().data as { id: string; channel: string }[];
    assert.deepEqual(listed.map((o) => o.id), [mine.json().id]);
    const other = await t.call('GET', `/v1/orders/${theirs.order}`, undefined, { key: channelKey });
    const none = await t.call('GET', '/v1/orders/ord_00000000000000000000000000', undefined, { key: channelKey });
    assert.deepEqual([other.statusCode, other.json().code, other.json().title], [none.statusCode, none.json().code, none.json().title]);
    assert.equal(other.statusCode, 404, other.body);
    const elsewhere = await t.call('POST', '/v1/orders', orderBody([{ sku: 'SK-WH-SKU', quantity: 1 }], { channel: 'web' }), { key: channelKey });
    assert.deepEqual([elsewhere.statusCode, elsewhere.json().code], [403, 'AUTH_CHANNEL_MISMATCH']);
    for (const url of ['/v1/fulfillment-orders', '/v1/shipments', '/v1/exports/accounting?from=2020-01-01&to=2030-01-01', '/v1/settings', '/v1/products']) {
      const res = await t.call('GET', url, undefined, { key: channelKey });
      assert.deepEqual([res.statusCode, res.json().code], [403, 'AUTH_FORBIDDEN'], url);
    }
  });
});
