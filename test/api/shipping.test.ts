import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { checkZplWellFormed } from '../../src/modules/shipping/http/label-zpl.js';
import { identifyTrackingNumber } from '../../src/modules/shipping/domain/tracking-numbers.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { decodeBarcodesFromPdf, inspectPdf } from '../support/barcodes.js';
import { adjust, createLocation, createProduct, orderBody, type OrderJson } from '../support/factories.js';

interface ShipmentJson {
  id: string;
  order_id: string;
  fulfillment_order_id: string;
  carrier: string;
  service: string;
  service_level: string;
  tracking_number: string;
  tracking_url: string | null;
  status: string;
  amount: string;
  promised_delivery_date: string | null;
  estimated_delivery_date: string | null;
  on_time: boolean | null;
  packages: { tracking_number: string; weight_grams: number }[];
  chosen: { carrier: string; service: string; reason: string };
  rates: { carrier: string; service: string; meets_promise: boolean; note?: string }[];
  labels: { pdf: string; zpl: string };
  events?: { status: string; applied: boolean; note: string }[];
}

const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };

let t: TestApp;
let seq = 0;
const fresh = (p: string) => `${p}-${++seq}`;
let warehouse: string;

before(async () => {
  t = await buildTestApp();
  const box = await t.call('PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' });
  assert.equal(box.statusCode, 201, box.body);
  const samples = await t.call('POST', '/v1/carriers/samples');
  assert.equal(samples.statusCode, 200, samples.body);
  warehouse = (await createLocation(t, 'EWR', { address: NEWARK, cutoff_time: '23:59' })).code;
});
after(() => t.close());

/** A packed fulfillment order of `quantity` units of a new SKU, shipped to Springfield, IL. */
async function packedOrder(quantity = 2, overrides: Record<string, unknown> = {}) {
  const sku = fresh('SKU');
  await createProduct(t, sku, { dimensions_mm: { length: 200, width: 150, height: 100 }, weight_grams: 900 });
  await adjust(t, sku, warehouse, 10);
  const placed = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity }], overrides));
  assert.equal(placed.statusCode, 201, placed.body);
  const order = placed.json() as OrderJson;
  const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[];
  assert.ok(fo);
  const packed = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
  assert.equal(packed.statusCode, 200, packed.body);
  return { sku, order, foId: fo.id };
}

async function stockAt(sku: string) {
  const [row] = await queryRows<{ on_hand: number; reserved: number }>(t.database.db, sql`select on_hand, reserved from stock_levels where sku = ${sku}`);
  return row;
}

describe('rates', () => {
  test('every sample service is quoted, dated, and the cheapest that keeps the promise is chosen', async () => {
    const res = await t.call('POST', '/v1/rates', {
      from: warehouse,
      to: { line1: '1 Main St', city: 'Beverly Hills', region: 'CA', postal_code: '90210', country: 'US' },
      packages: [
        { weight_grams: 2000, dimensions_mm: { length: 300, width: 200, height: 150 } },
        { weight_grams: 500, dimensions_mm: { length: 600, width: 500, height: 400 } },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { ship_date: string; rates: { carrier: string; service: string; amount: string; billable_weight_grams: number; estimated_delivery_date: string; meets_promise: boolean }[]; chosen: { carrier: string; service: string; reason: string } };
    assert.equal(body.rates.length, 9);
    const cheapest = [...body.rates].sort((a, b) => Number(a.amount) - Number(b.amount))[0];
    assert.deepEqual([body.chosen.carrier, body.chosen.service], [cheapest?.carrier, cheapest?.service]);
    assert.match(body.chosen.reason, /cheapest/);
    // The big light box bills by its dimensions: far more than the 2.5 kg the parcels weigh.
    assert.ok(body.rates.every((r) => r.billable_weight_grams > 2500), JSON.stringify(body.rates.map((r) => r.billable_weight_grams)));
    assert.ok(body.rates.every((r) => r.estimated_delivery_date > body.ship_date));
  });

  test('an overnight service level leaves only overnight services in the running', async () => {
    const res = await t.call('POST', '/v1/rates', { from: warehouse, to: { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' }, packages: [{ weight_grams: 1000, dimensions_mm: { length: 200, width: 200, height: 200 } }], service_level: 'overnight' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { rates: { service_level: string; meets_promise: boolean }[]; chosen: { service: string } };
    for (const r of body.rates) assert.equal(r.meets_promise, r.service_level === 'overnight');
    assert.ok(['next_day_air', 'standard_overnight', 'priority_mail_express'].includes(body.chosen.service));
  });

  test('a deliver-by date nothing can meet chooses nothing and says why', async () => {
    const res = await t.call('POST', '/v1/rates', { from: warehouse, to: { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' }, packages: [{ weight_grams: 1000, dimensions_mm: { length: 200, width: 200, height: 200 } }], deliver_by: '2020-01-01' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { rates: { meets_promise: boolean; note: string }[]; chosen: unknown };
    assert.equal(body.chosen, null);
    assert.ok(body.rates.every((r) => !r.meets_promise && r.note.length > 0));
  });
});

describe('shipping a fulfillment order', () => {
  test('buys a label, consumes the reservation once, and ships the order', async () => {
    const { sku, order, foId } = await packedOrder(2);
    const promises = (await t.call('GET', `/v1/orders/${order.id}/promises`)).json().data as { deliver_by: string; ship_by: string }[];
    assert.equal(promises.length, 1, 'the order was promised a date at capture');
    const key = `ship-${foId}`;
    const first = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, {}, { headers: { 'idempotency-key': key } });
    assert.equal(first.statusCode, 201, first.body);
    const shipment = first.json() as ShipmentJson;
    assert.equal(shipment.status, 'label_created');
    assert.equal(shipment.order_id, order.id);
    assert.equal(shipment.promised_delivery_date, promises[0]?.deliver_by);
    assert.ok(shipment.rates.length >= 3);
    assert.equal(identifyTrackingNumber(shipment.tracking_number).valid, true, shipment.tracking_number);
    assert.equal(identifyTrackingNumber(shipment.tracking_number).carrier, shipment.carrier);
    assert.ok(shipment.tracking_url?.includes(shipment.tracking_number));

    // The same request again replays; nothing is bought or consumed twice.
    const retry = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, {}, { headers: { 'idempotency-key': key } });
    assert.equal(retry.statusCode, 201);
    assert.equal((retry.json() as ShipmentJson).id, shipment.id);
    const again = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, {});
    assert.equal(again.statusCode, 409, again.body);

    assert.deepEqual(await stockAt(sku), { on_hand: 8, reserved: 0 });
    const ledger = await queryRows<{ delta: number; reason: string }>(t.database.db, sql`select delta, reason from inventory_movements where sku = ${sku} and reason = 'shipped'`);
    assert.deepEqual(ledger, [{ delta: -2, reason: 'shipped' }]);
    const after = (await t.call('GET', `/v1/orders/${order.id}`)).json() as OrderJson;
    assert.equal(after.status, 'shipped');
    assert.equal((await t.call('GET', `/v1/fulfillment-orders/${foId}`)).json().status, 'shipped');
    const events = await queryRows<{ type: string }>(t.database.db, sql`select type from events where aggregate_id = ${shipment.id}`);
    assert.deepEqual(events.map((e) => e.type), ['shipment.created']);
    const listed = (await t.call('GET', `/v1/shipments?order_id=${order.id}`)).json().data as ShipmentJson[];
    assert.deepEqual(listed.map((s) => s.id), [shipment.id]);
  });

  test('the PDF label is 4×6 and its barcode decodes to the tracking number; the ZPL is well formed', async () => {
    const { foId } = await packedOrder(1);
    const shipment = (await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, { carrier: 'ups' })).json() as ShipmentJson;
    assert.equal(shipment.carrier, 'ups');
    const pdf = await t.call('GET', shipment.labels.pdf);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const info = inspectPdf(pdf.rawPayload);
    assert.deepEqual(info.pageSizes, [[288, 432]]);
    assert.ok(info.pageTexts[0]?.includes('Springfield'.toUpperCase()) || info.pageTexts[0]?.includes('Springfield'), info.pageTexts[0]);
    const codes = await decodeBarcodesFromPdf(pdf.rawPayload);
    assert.ok(codes.some((c) => c.text === shipment.tracking_number), JSON.stringify(codes));
    const zpl = await t.call('GET', shipment.labels.zpl);
    assert.equal(zpl.statusCode, 200);
    assert.match(zpl.body, /^\^XA/);
    assert.deepEqual(checkZplWellFormed(zpl.body), []);
    assert.ok(zpl.body.includes(shipment.tracking_number));
  });

  test('tracking moves forward only, and the last delivery delivers the order on time', async () => {
    const { order, foId } = await packedOrder(1);
    const shipment = (await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, {})).json() as ShipmentJson;
    const scan = (status: string, at: string) => t.call('POST', `/v1/shipments/${shipment.id}/events`, { status, occurred_at: at, location: 'Chicago, IL' });
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const transit = await scan('in_transit', hoursAgo(3));
    assert.equal(transit.statusCode, 200, transit.body);
    assert.equal(transit.json().applied, true);
    const older = await scan('label_created', hoursAgo(4));
    assert.equal(older.json().applied, false);
    assert.equal(older.json().shipment.status, 'in_transit');
    const delivered = await scan('delivered', hoursAgo(1));
    assert.equal(delivered.json().applied, true);
    const body = delivered.json().shipment as ShipmentJson;
    assert.equal(body.status, 'delivered');
    assert.equal(body.on_time, true);
    const late = await scan('in_transit', hoursAgo(0));
    assert.equal(late.json().applied, false);
    assert.equal(late.json().shipment.status, 'delivered');
    assert.equal(((await t.call('GET', `/v1/orders/${order.id}`)).json() as OrderJson).status, 'delivered');
    const full = (await t.call('GET', `/v1/shipments/${shipment.id}`)).json() as ShipmentJson;
    assert.equal(full.events?.length, 4);
  });

  test('voiding a label puts the units back, reserved for the order, and it can ship again', async () => {
    const { sku, order, foId } = await packedOrder(3);
    const shipment = (await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, {})).json() as ShipmentJson;
    assert.deepEqual(await stockAt(sku), { on_hand: 7, reserved: 0 });
    const voided = await t.call('POST', `/v1/shipments/${shipment.id}/void`, { reason: 'wrong box' });
    assert.equal(voided.statusCode, 200, voided.body);
    assert.equal(voided.json().status, 'voided');
    assert.deepEqual(await stockAt(sku), { on_hand: 10, reserved: 3 });
    assert.equal(((await t.call('GET', `/v1/orders/${order.id}`)).json() as OrderJson).status, 'allocated');
    assert.equal((await t.call('GET', `/v1/fulfillment-orders/${foId}`)).json().status, 'packed');
    const second = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, {});
    assert.equal(second.statusCode, 201, second.body);
    assert.notEqual(second.json().tracking_number, shipment.tracking_number);
    await t.call('POST', `/v1/shipments/${second.json().id}/events`, { status: 'in_transit', occurred_at: new Date().toISOString() });
    const refused = await t.call('POST', `/v1/shipments/${second.json().id}/void`, {});
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().code, 'SHIPMENT_NOT_VOIDABLE');
  });
});

describe('manifests, promises and tracking numbers', () => {
  test('the day’s manifest lists the carrier’s live shipments from the location', async () => {
    const { foId } = await packedOrder(1);
    const shipment = (await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, { carrier: 'fedex' })).json() as ShipmentJson & { ship_date: string };
    const query = `carrier=fedex&location=${warehouse}&date=${shipment.ship_date}`;
    const json = await t.call('GET', `/v1/manifests?${query}`);
    assert.equal(json.statusCode, 200, json.body);
    assert.ok((json.json().shipments as { tracking_number: string }[]).some((s) => s.tracking_number === shipment.tracking_number));
    const csv = await t.call('GET', `/v1/manifests.csv?${query}`);
    assert.equal(csv.statusCode, 200);
    assert.ok(csv.body.includes(shipment.tracking_number));
    const pdf = await t.call('GET', `/v1/manifests.pdf?${query}`);
    assert.equal(pdf.statusCode, 200);
    assert.ok(inspectPdf(pdf.rawPayload).pageCount >= 1);
  });

  test('a storefront gets an arrives-by date for a SKU and postal code', async () => {
    const sku = fresh('SKU');
    await createProduct(t, sku, { dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 300 });
    await adjust(t, sku, warehouse, 5);
    const res = await t.call('GET', `/v1/promise?sku=${sku}&postal_code=94105&country=US`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { ship_by: string; deliver_by: string; carrier: string; location: string };
    assert.equal(body.location, warehouse);
    assert.ok(body.deliver_by > body.ship_by);
    const none = await t.call('GET', `/v1/promise?sku=${sku}&postal_code=94105&quantity=6`);
    assert.equal(none.statusCode, 409, none.body);
  });

  test('a typed-in tracking number is validated and its carrier named', async () => {
    const ok = await t.call('GET', '/v1/tracking-numbers/1Z999AA10123456784');
    assert.deepEqual([ok.json().valid, ok.json().carrier], [true, 'ups']);
    const bad = await t.call('GET', '/v1/tracking-numbers/1Z999AA10123456785');
    assert.equal(bad.json().valid, false);
  });
});
