// test-files: database server (two label purchases for one return at once: one label, the other given back)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { decodeQrPng } from '../support/barcodes.js';
import { startEasyPostServer, type EasyPostServer } from '../support/easypost-server.js';
import { adjust, createLocation, createProduct, placeOrder, stockOf, uniqueCode, type OrderJson } from '../support/factories.js';

/**
 * Return shipping through the API (ADR 0023): the nearest return location, return labels bought
 * through a rate card and through the EasyPost-format aggregator (a documented `is_return`
 * shipment, its `label_qr_code` form), downloads, the label's cost taken off the refund by policy,
 * tracking webhooks moving the return, keep-the-item returns, and the bad input that writes nothing.
 */
const API_KEY = 'EZTK_returns_key';
const HOOK_SECRET = 'returns_hook_secret';
let t: TestApp;
let ep: EasyPostServer;
let webhookUrl: string;
let mid: { id: string; code: string };
const SIZE = { dimensions_mm: { length: 200, width: 150, height: 50 }, weight_grams: 400 };
const POLICY = { window_days: 30, assumed_transit_days: 5, final_sale_skus: [], restocking_fee_bps: 0, return_shipping: 'charged', allowed_outcomes: ['refund'], keep_item_threshold_minor: 0, return_locations: ['RS-EAST', 'RS-MID'], overrides: [] };

before(async () => {
  ep = await startEasyPostServer({ apiKey: API_KEY, webhookSecret: HOOK_SECRET });
  t = await buildTestApp();
  assert.equal((await t.call('PUT', '/v1/boxes/RS-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'RS-EAST', { address: { name: 'Returns East', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' });
  mid = await createLocation(t, 'RS-MID', { address: { name: 'Returns Midwest', line1: '200 W Madison St', city: 'Chicago', region: 'IL', postal_code: '60606', country: 'US' }, cutoff_time: '23:59' });
  const carrier = await t.call('PUT', '/v1/carriers/easypost', { name: 'EasyPost', kind: 'easypost', easypost: { base_url: ep.url, api_key: API_KEY, webhook_secret: HOOK_SECRET } });
  assert.ok(carrier.statusCode === 200 || carrier.statusCode === 201, carrier.body);
  webhookUrl = carrier.json().webhook_url;
  assert.equal((await t.call('PUT', '/v1/return-policy', POLICY)).statusCode, 200);
});
after(async () => {
  await t.close();
  await ep.close();
});

/** An order for 2 × 10.00 + 5.00 shipping to Springfield, IL, paid, shipped from the east warehouse on a sample card. */
async function shippedOrder(quantity = 2): Promise<{ order: OrderJson; sku: string }> {
  const { sku } = await createProduct(t, uniqueCode('RS'), SIZE);
  await adjust(t, sku, 'RS-EAST', 10);
  const order = await placeOrder(t, [{ sku, quantity }]);
  assert.equal((await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: (quantity * 10 + 5).toFixed(2), gateway: 'stripe' })).statusCode, 201);
  for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, { carrier: 'usps' });
    assert.equal(shipped.statusCode, 201, shipped.body);
  }
  return { order, sku };
}

async function approvedReturn(reason = 'changed_mind', quantity = 2): Promise<{ id: string; lineId: string; order: OrderJson; sku: string }> {
  const { order, sku } = await shippedOrder(quantity);
  const ret = await t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity, reason }] });
  assert.equal(ret.statusCode, 201, ret.body);
  const approved = await t.call('POST', `/v1/returns/${ret.json().id}/approve`, {});
  assert.equal(approved.statusCode, 200, approved.body);
  return { id: ret.json().id, lineId: ret.json().lines[0].id, order, sku };
}

const rows = async (returnId: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from return_shipping where return_id = ${returnId}`))[0]?.n);
const eventsOf = async (id: string) => queryRows<{ type: string; actor: string; data: Record<string, unknown> }>(t.database.db, sql`select type, actor, data from events where aggregate_id = ${id} order by seq`);

function problem(res: { statusCode: number; body: string; json(): unknown }, status: number, code: string, field?: string) {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json() as { code: string; errors?: { field: string }[] };
  assert.equal(body.code, code, res.body);
  if (field) assert.ok(body.errors?.some((e) => e.field === field), `names ${field}: ${res.body}`);
}

describe('where a return goes', () => {
  test('approval without a location takes the nearest return location to the customer, not the first listed', async () => {
    const ret = await approvedReturn();
    const view = (await t.call('GET', `/v1/returns/${ret.id}`)).json();
    assert.equal(view.location_id, mid.id, 'Chicago is nearer Springfield, IL than Newark');
    const approved = (await eventsOf(ret.id)).find((e) => e.type === 'return.approved');
    assert.match(String(approved?.data.location_reason), /RS-MID: the nearest/);
  });
});

describe('a return label through a rate card', () => {
  test('bought once, downloadable as PDF and ZPL, its cost recorded and taken off a customer-reason refund', async () => {
    const ret = await approvedReturn('changed_mind');
    const bought = await t.call('POST', `/v1/returns/${ret.id}/label`, { carrier: 'usps' }, { headers: { 'idempotency-key': `label-${ret.id}` } });
    assert.equal(bought.statusCode, 201, bought.body);
    const label = bought.json();
    assert.deepEqual([label.method, label.carrier, label.formats], ['label', 'usps', ['pdf', 'zpl']]);
    assert.ok(Number(label.cost) > 0, `a label costs something: ${label.cost}`);
    assert.match(label.tracking_number, /^9\d{21}$/, 'a USPS IMpb number');

    const pdf = await t.call('GET', `/v1/returns/${ret.id}/label?format=pdf`);
    assert.deepEqual([pdf.statusCode, pdf.headers['content-type'], pdf.rawPayload.subarray(0, 5).toString('latin1')], [200, 'application/pdf', '%PDF-']);
    const zpl = await t.call('GET', `/v1/returns/${ret.id}/label?format=zpl`);
    assert.equal(zpl.statusCode, 200);
    assert.ok(zpl.body.startsWith('^XA') && zpl.body.includes(label.tracking_number), zpl.body.slice(0, 80));
    problem(await t.call('GET', `/v1/returns/${ret.id}/label?format=png`), 404, 'RETURN_LABEL_NOT_FOUND', 'format');
    problem(await t.call('GET', `/v1/returns/${ret.id}/label?format=gif`), 400, 'REQUEST_INVALID');

    // Twice: the same key replays; another key finds the one label; another method is refused.
    const replay = await t.call('POST', `/v1/returns/${ret.id}/label`, { carrier: 'usps' }, { headers: { 'idempotency-key': `label-${ret.id}` } });
    assert.deepEqual([replay.statusCode, replay.json().tracking_number], [201, label.tracking_number]);
    const again = await t.call('POST', `/v1/returns/${ret.id}/label`, { carrier: 'usps' });
    assert.deepEqual([again.statusCode, again.json().id], [200, label.id]);
    problem(await t.call('POST', `/v1/returns/${ret.id}/label`, { method: 'drop_off' }), 409, 'RETURN_LABEL_EXISTS', 'method');
    assert.equal(await rows(ret.id), 1);
    const purchased = (await eventsOf(ret.id)).filter((e) => e.type === 'return.label_purchased');
    assert.equal(purchased.length, 1);
    assert.equal(purchased[0]?.data.cost_minor, Math.round(Number(label.cost) * 100));

    // Charged return shipping, a customer's reason: the label comes off the refund, itemised.
    assert.equal((await t.call('POST', `/v1/returns/${ret.id}/receipts`, { lines: [{ return_line_id: ret.lineId, quantity: 2, disposition: 'restock' }] })).statusCode, 201);
    const preview = (await t.call('GET', `/v1/returns/${ret.id}/refund-preview`)).json();
    assert.deepEqual([preview.return_label, preview.amount], [label.cost, (20 - Number(label.cost)).toFixed(2)]);
    const refunded = await t.call('POST', `/v1/returns/${ret.id}/refunds`, {});
    assert.equal(refunded.statusCode, 201, refunded.body);
    assert.deepEqual([refunded.json().refund.return_label, refunded.json().refund.amount], [label.cost, preview.amount]);
  });

  test('a merchant’s-fault return: the label is the merchant’s, nothing deducted', async () => {
    const ret = await approvedReturn('defective');
    const label = (await t.call('POST', `/v1/returns/${ret.id}/label`, { carrier: 'usps' })).json();
    assert.ok(Number(label.cost) > 0, `a label costs something: ${label.cost}`);
    assert.equal((await t.call('POST', `/v1/returns/${ret.id}/receipts`, { lines: [{ return_line_id: ret.lineId, quantity: 2, disposition: 'quarantine' }] })).statusCode, 201);
    const preview = (await t.call('GET', `/v1/returns/${ret.id}/refund-preview`)).json();
    assert.deepEqual([preview.return_label, preview.amount], ['0.00', '25.00'], 'the goods and the shipping back, no deduction');
  });

  test('a drop-off with a rate card: our QR code names the RMA and the tracking number (PNG and SVG)', async () => {
    const ret = await approvedReturn();
    const label = await t.call('POST', `/v1/returns/${ret.id}/label`, { method: 'drop_off', carrier: 'usps' });
    assert.equal(label.statusCode, 201, label.body);
    assert.deepEqual([label.json().qr_source, label.json().formats], ['rma', ['pdf', 'zpl', 'png', 'svg']]);
    const png = await t.call('GET', `/v1/returns/${ret.id}/label?format=png`);
    assert.equal(png.headers['content-type'], 'image/png');
    assert.deepEqual(await decodeQrPng(png.rawPayload), [`RMA:${ret.id};TRACKING:${label.json().tracking_number}`]);
    const svg = await t.call('GET', `/v1/returns/${ret.id}/label?format=svg`);
    assert.equal(svg.headers['content-type'], 'image/svg+xml');
    assert.match(svg.body, /^<svg[\s\S]*<\/svg>\s*$/);
  });

  test('no_label: nothing bought, the customer types the tracking number in later', async () => {
    const ret = await approvedReturn();
    const arranged = await t.call('POST', `/v1/returns/${ret.id}/label`, { method: 'no_label' });
    assert.deepEqual([arranged.statusCode, arranged.json().method, arranged.json().cost, arranged.json().formats], [201, 'no_label', '0.00', []]);
    problem(await t.call('GET', `/v1/returns/${ret.id}/label?format=pdf`), 404, 'RETURN_LABEL_NOT_FOUND');
    assert.equal((await t.call('POST', `/v1/returns/${ret.id}/in-transit`, { tracking_number: '1Z999AA10123456784' })).json().status, 'in_transit');
  });
});

describe('a return label through the aggregator', () => {
  test('an is_return shipment with the outbound addresses; the carrier’s QR code; tracking moves the return', async () => {
    const ret = await approvedReturn();
    const before = ep.requests.length;
    const bought = await t.call('POST', `/v1/returns/${ret.id}/label`, { method: 'drop_off', carrier: 'easypost', service: 'usps:GroundAdvantage' });
    assert.equal(bought.statusCode, 201, bought.body);
    const label = bought.json();
    assert.deepEqual([label.qr_source, label.formats], ['carrier', ['pdf', 'zpl', 'png']]);
    const created = ep.requests.slice(before).find((r) => r.method === 'POST' && r.path === '/v2/shipments')?.body as { shipment: { is_return: boolean; to_address: { zip: string }; from_address: { zip: string } } };
    assert.deepEqual([created.shipment.is_return, created.shipment.to_address.zip, created.shipment.from_address.zip], [true, '62701', '60606'], 'EasyPost swaps the outbound addresses itself');
    assert.ok(ep.requests.slice(before).some((r) => r.path.endsWith('/forms') && (r.body as { form: { type: string } }).form.type === 'label_qr_code'), 'the carrier’s QR code was asked for');
    const png = await t.call('GET', `/v1/returns/${ret.id}/label?format=png`);
    assert.deepEqual([png.statusCode, png.rawPayload.subarray(1, 4).toString('latin1')], [200, 'PNG']);

    const post = (body: string) => t.app.inject({ method: 'POST', url: webhookUrl, payload: body, headers: { 'content-type': 'application/json', 'x-hmac-signature': ep.signEvent(body) } });
    const scan = (status: string, minutesAgo: number) => ep.scan(label.tracking_number, { status, datetime: new Date(Date.now() - minutesAgo * 60_000).toISOString(), message: status, tracking_location: { city: 'Springfield', state: 'IL', country: 'US', zip: '62701' } } as never);
    const first = await post(scan('in_transit', 30));
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { received: 2, applied: 1, unknown_tracking_numbers: 0 });
    const moving = (await t.call('GET', `/v1/returns/${ret.id}`)).json();
    assert.deepEqual([moving.status, moving.tracking_number], ['in_transit', label.tracking_number]);
    const delivered = scan('delivered', 1);
    assert.equal((await post(delivered)).statusCode, 200);
    assert.equal((await post(delivered)).statusCode, 200, 'the same event again');
    const arrived = (await eventsOf(ret.id)).filter((e) => e.type === 'return.delivered_to_location');
    assert.equal(arrived.length, 1, 'delivered to the location once');
    assert.equal(arrived[0]?.actor, 'carrier:easypost');
    const shipping = (await t.call('GET', `/v1/returns/${ret.id}/shipping`)).json();
    assert.equal(shipping.parcel_status, 'delivered');
    assert.ok(shipping.delivered_at, 'the delivery time is kept');
    assert.equal((await t.call('GET', `/v1/returns/${ret.id}`)).json().status, 'in_transit', 'units are received by a person, not by the carrier’s scan');
  });

  test('no carrier able to quote: 422 naming the cause, nothing bought or written', async () => {
    const ret = await approvedReturn();
    ep.failNext(500);
    problem(await t.call('POST', `/v1/returns/${ret.id}/label`, { carrier: 'easypost' }), 422, 'RETURN_LABEL_NO_RATE', 'carrier');
    problem(await t.call('POST', `/v1/returns/${ret.id}/label`, { carrier: 'nope' }), 404, 'CARRIER_NOT_FOUND', 'carrier');
    assert.equal(await rows(ret.id), 0);
  });

  test('two purchases at once: one label kept, the other given back to the carrier', async () => {
    const ret = await approvedReturn();
    const before = ep.requests.length;
    const [a, b] = await Promise.all([
      t.call('POST', `/v1/returns/${ret.id}/label`, { carrier: 'easypost', service: 'usps:GroundAdvantage' }, { headers: { 'idempotency-key': `a-${ret.id}` } }),
      t.call('POST', `/v1/returns/${ret.id}/label`, { carrier: 'easypost', service: 'usps:GroundAdvantage' }, { headers: { 'idempotency-key': `b-${ret.id}` } }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 201], `${a.body} ${b.body}`);
    assert.equal(a.json().tracking_number, b.json().tracking_number, 'both answer the one label');
    assert.equal(await rows(ret.id), 1);
    const buys = ep.requests.slice(before).filter((r) => /\/buy$/.test(r.path)).length;
    const refunds = ep.requests.slice(before).filter((r) => /\/refund$/.test(r.path)).length;
    assert.equal(refunds, buys - 1, 'every label bought but not kept is voided');
  });
});

describe('keep the item', () => {
  test('under the threshold: approved and settled at once as kept_by_customer, no stock change, refundable now', async () => {
    assert.equal((await t.call('PUT', '/v1/return-policy', { ...POLICY, keep_item_threshold_minor: 1500 })).statusCode, 200);
    try {
      const { order, sku } = await shippedOrder(1);
      const stock = (await stockOf(t, sku)).locations.map((l) => [l.location, l.on_hand]);
      const requested = (await t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 1, reason: 'changed_mind' }] })).json();
      assert.equal(requested.eligibility.keep_item, true);
      const approved = await t.call('POST', `/v1/returns/${requested.id}/approve`, {});
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().status, 'inspected');
      assert.deepEqual(approved.json().dispositions.map((d: { disposition: string; quantity: number }) => [d.disposition, d.quantity]), [['kept_by_customer', 1]]);
      assert.deepEqual((await stockOf(t, sku)).locations.map((l) => [l.location, l.on_hand]), stock, 'nothing came back: no stock moves');
      assert.equal((await t.call('GET', `/v1/returns/${requested.id}/shipping`)).json().method, 'keep_item');
      problem(await t.call('POST', `/v1/returns/${requested.id}/label`, {}), 409, 'RETURN_LABEL_EXISTS');
      problem(await t.call('POST', `/v1/returns/${requested.id}/receipts`, { lines: [{ return_line_id: requested.lines[0].id, quantity: 1, disposition: 'restock' }] }), 409, 'RETURN_ILLEGAL_TRANSITION');
      const refunded = await t.call('POST', `/v1/returns/${requested.id}/refunds`, {});
      assert.deepEqual([refunded.statusCode, refunded.json().refund.amount, refunded.json().status], [201, '10.00', 'closed']);
      assert.deepEqual((await eventsOf(requested.id)).map((e) => e.type), ['return.requested', 'return.approved', 'return.shipping_arranged', 'return.units_received', 'return.received', 'return.inspected', 'return.closed']);
    } finally {
      await t.call('PUT', '/v1/return-policy', POLICY);
    }
  });
});

describe('bad input writes nothing', () => {
  test('a declined return takes no label; a requested one neither', async () => {
    const { order } = await shippedOrder(1);
    const ret = (await t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 1, reason: 'changed_mind' }] })).json();
    problem(await t.call('POST', `/v1/returns/${ret.id}/label`, {}), 409, 'RETURN_LABEL_NOT_ALLOWED');
    assert.equal((await t.call('POST', `/v1/returns/${ret.id}/decline`, { reason: 'outside policy' })).statusCode, 200);
    problem(await t.call('POST', `/v1/returns/${ret.id}/label`, { carrier: 'usps' }), 409, 'RETURN_LABEL_NOT_ALLOWED');
    problem(await t.call('POST', `/v1/returns/${ret.id}/label`, { method: 'parcel_post' }), 400, 'REQUEST_INVALID');
    problem(await t.call('GET', `/v1/returns/${ret.id}/shipping`), 404, 'RETURN_LABEL_NOT_FOUND');
    problem(await t.call('POST', '/v1/returns/rma_00000000000000000000000000/label', {}), 404, 'RETURN_NOT_FOUND');
    assert.equal(await rows(ret.id), 0);
  });
});
