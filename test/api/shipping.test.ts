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
  assert.ok(fo, 'the order has a fulfillment order');
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
    assert.ok(body.rates.every((r) => r.estimated_delivery_date > body.ship_date), `every rate delivers after the ship date ${body.ship_date}`);
  });

  test('a storefront cart is packed into the tenant’s boxes and quoted before any order exists', async () => {
    const sku = fresh('SKU');
    await createProduct(t, sku, { dimensions_mm: { length: 200, width: 150, height: 100 }, weight_grams: 900 });
    const res = await t.call('POST', '/v1/rates', { from: warehouse, to: { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' }, items: [{ sku, quantity: 2 }] });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { packages: { weight_grams: number; dimensions_mm: { length: number } }[]; rates: unknown[]; chosen: unknown };
    // Two 900 g units in the MEDIUM box (300 g tare).
    assert.deepEqual(body.packages, [{ weight_grams: 2100, dimensions_mm: { length: 400, width: 300, height: 200 } }]);
    assert.equal(body.rates.length, 9);
    assert.ok(body.chosen, 'a rate was chosen');
    const unknown = await t.call('POST', '/v1/rates', { from: warehouse, to: { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' }, items: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] });
    assert.equal(unknown.statusCode, 422, unknown.body);
    assert.equal(unknown.json().errors[0].field, 'items[0].sku');
  });

  test('a cart of more units than one request may pack is refused before any work, naming items and the limit', async () => {
    const sku = fresh('SKU');
    await createProduct(t, sku, { dimensions_mm: { length: 10, width: 10, height: 10 }, weight_grams: 5 });
    // 5,001 units over two lines of the same SKU (the limit counts units, not lines).
    const res = await t.call('POST', '/v1/rates', { from: warehouse, to: { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' }, items: [{ sku, quantity: 5000 }, { sku, quantity: 1 }] });
    assert.equal(res.statusCode, 422, res.body);
    const problem = res.json() as { code: string; errors: { field: string; message: string }[]; max: number; units: number; detail: string };
    assert.deepEqual([problem.code, problem.errors[0]?.field, problem.max, problem.units], ['FULFILLMENT_PLAN_TOO_LARGE', 'items', 5000, 5001]);
    assert.match(problem.errors[0]?.message ?? '', /at most 5000 units/);
    assert.match(problem.detail, /`packages` on POST \/v1\/rates/);
    const atLimit = await t.call('POST', '/v1/rates', { from: warehouse, to: { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' }, items: [{ sku, quantity: 5000 }] });
    assert.equal(atLimit.statusCode, 200, atLimit.body);
  });

  test('an overnight service level leaves only overnight services in the running', async () => {
    const res = await t.call('POST', '/v1/rates', { from: warehouse, to: { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' }, packages: [{ weight_grams: 1000, dimensions_mm: { length: 200, width: 200, height: 200 } }], service_level: 'overnight' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { rates: { service_level: string; meets_promise: boolean }[]; chosen: { service: string } };
    for (const r of body.rates) assert.equal(r.meets_promise, r.service_level === 'overnight');
    assert.ok(['next_day_air', 'standard_overnight', 'priority_mail_express'].includes(body.chosen.service), `an overnight service was chosen: ${body.chosen.service}`);
  });

  test('a deliver-by date nothing can meet chooses nothing and says why', async () => {
    const res = await t.call('POST', '/v1/rates', { from: warehouse, to: { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' }, packages: [{ weight_grams: 1000, dimensions_mm: { length: 200, width: 200, height: 200 } }], deliver_by: '2020-01-01' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { rates: { meets_promise: boolean; note: string }[]; chosen: unknown };
    assert.equal(body.chosen, null);
    assert.ok(body.rates.every((r) => !r.meets_promise && r.note.length > 0), `no rate meets the promise, each says why: ${JSON.stringify(body.rates)}`);
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
    assert.ok(shipment.rates.length >= 3, `at least three rates were shopped: ${shipment.rates.length}`);
    assert.equal(identifyTrackingNumber(shipment.tracking_number).valid, true, shipment.tracking_number);
    assert.equal(identifyTrackingNumber(shipment.tracking_number).carrier, shipment.carrier);
    assert.ok(shipment.tracking_url?.includes(shipment.tracking_number), `the tracking URL holds the tracking number: ${shipment.tracking_url}`);

    // The same request again replays; nothing is bought or consumed twice.
    const retry = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, {}, { headers: { 'idempotency-key': key } });
    assert.equal(retry.statusCode, 201, retry.body);
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
    assert.equal(pdf.statusCode, 200, pdf.body);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const info = inspectPdf(pdf.rawPayload);
    assert.deepEqual(info.pageSizes, [[288, 432]]);
    assert.ok(info.pageTexts[0]?.includes('Springfield'.toUpperCase()) || info.pageTexts[0]?.includes('Springfield'), info.pageTexts[0]);
    const codes = await decodeBarcodesFromPdf(pdf.rawPayload);
    assert.ok(codes.some((c) => c.text === shipment.tracking_number), JSON.stringify(codes));
    const zpl = await t.call('GET', shipment.labels.zpl);
    assert.equal(zpl.statusCode, 200, zpl.body);
    assert.match(zpl.body, /^\^XA/);
    assert.deepEqual(checkZplWellFormed(zpl.body), []);
    assert.ok(zpl.body.includes(shipment.tracking_number), 'the ZPL label holds the tracking number');
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

describe('carriers', () => {
  const card = {
    currency: 'USD',
    weight_unit: 'lb',
    dim_divisor: 139,
    fuel_surcharge_percent: '10',
    residential_surcharge: '2.00',
    services: [{ code: 'road', name: 'Acme Road', service_level: 'standard' }],
    rates_csv: 'service,zone,max_weight,price\nroad,1,1,5.00\nroad,1,10,9.00\nroad,1,30,15.00\n',
    zones_csv: 'origin_zip3_from,origin_zip3_to,dest_zip3_from,dest_zip3_to,zone\n000,999,000,999,1\n',
    transit_csv: 'service,zone,days\nroad,1,3\n',
  };

  test('an uploaded rate card quotes base + residential + fuel exactly, and its tracking range runs out cleanly', async () => {
    const put = await t.call('PUT', '/v1/carriers/acme', { name: 'Acme Freight', kind: 'rate_card', rate_card: card, tracking: { format: 'fedex', range_start: 1, range_end: 1 } });
    assert.equal(put.statusCode, 201, put.body);
    assert.deepEqual(put.json().tracking, { format: 'fedex', next_serial: 1, range_end: 1, remaining: 1 });
    const rates = await t.call('POST', '/v1/rates', { from: warehouse, to: { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' }, packages: [{ weight_grams: 1500, dimensions_mm: { length: 100, width: 100, height: 100 } }] });
    const acme = (rates.json().rates as { carrier: string; amount: string; billable_weight_grams: number; breakdown: Record<string, string> }[]).find((r) => r.carrier === 'acme');
    // 1.5 kg bills as 4 lb (the 10 lb break, 9.00) + residential 2.00, fuel 10 % of 11.00 = 1.10.
    assert.deepEqual(acme && [acme.amount, acme.breakdown], ['12.10', { base: '9.00', residential: '2.00', fuel: '1.10' }]);
    const { foId } = await packedOrder(1);
    const first = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, { carrier: 'acme' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(identifyTrackingNumber(first.json().tracking_number).carrier, 'fedex');
    const { foId: next } = await packedOrder(1);
    const exhausted = await t.call('POST', `/v1/fulfillment-orders/${next}/ship`, { carrier: 'acme' });
    assert.equal(exhausted.statusCode, 409, exhausted.body);
    assert.equal(exhausted.json().code, 'CARRIER_TRACKING_RANGE_EXHAUSTED');
    assert.equal((await t.call('GET', `/v1/fulfillment-orders/${next}`)).json().status, 'packed');
    assert.equal((await t.call('DELETE', '/v1/carriers/acme')).statusCode, 204);
  });

  test('a rate-card carrier replaced without its card or range keeps both (a rename, a pause)', async () => {
    const put = await t.call('PUT', '/v1/carriers/acme-keep', { name: 'Acme Freight', kind: 'rate_card', rate_card: card, tracking: { format: 'fedex', range_start: 5, range_end: 50 } });
    assert.equal(put.statusCode, 201, put.body);
    const renamed = await t.call('PUT', '/v1/carriers/acme-keep', { name: 'Acme Road Freight', kind: 'rate_card', active: false });
    assert.equal(renamed.statusCode, 200, renamed.body);
    const view = renamed.json() as { name: string; active: boolean; services: { code: string }[]; tracking: unknown };
    assert.deepEqual([view.name, view.active, view.services.map((s) => s.code)], ['Acme Road Freight', false, ['road']]);
    assert.deepEqual(view.tracking, { format: 'fedex', next_serial: 5, range_end: 50, remaining: 46 });
    const fresh = await t.call('PUT', '/v1/carriers/acme-new', { name: 'No card', kind: 'rate_card', tracking: { format: 'fedex', range_start: 1, range_end: 9 } });
    assert.equal(fresh.statusCode, 400, fresh.body);
    assert.deepEqual(fresh.json().errors, [{ field: 'rate_card', message: 'is required when kind is rate_card' }]);
    assert.equal((await t.call('DELETE', '/v1/carriers/acme-keep')).statusCode, 204);
  });

  test('a bad rate card is refused with the CSV row and column', async () => {
    const bad = { ...card, rates_csv: 'service,zone,max_weight,price\nroad,1,1,five\n' };
    const res = await t.call('PUT', '/v1/carriers/broken', { name: 'Broken', kind: 'rate_card', rate_card: bad, tracking: { format: 'fedex', range_start: 1, range_end: 9 } });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().code, 'CARRIER_RATE_CARD_INVALID');
    assert.ok((res.json().errors as { field: string }[]).some((e) => e.field === 'rate_card.rates_csv[2].price'), res.body);
    assert.equal((await t.call('GET', '/v1/carriers/broken')).statusCode, 404);
  });

  test('shipping rules choose the fastest, or a preferred carrier', async () => {
    const to = { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' };
    const packages = [{ weight_grams: 1000, dimensions_mm: { length: 200, width: 200, height: 200 } }];
    assert.equal((await t.call('PUT', '/v1/shipping/rules', { strategy: 'fastest' })).statusCode, 200);
    const fastest = (await t.call('POST', '/v1/rates', { from: warehouse, to, packages })).json() as { rates: { service: string; service_level: string; transit_days: number }[]; chosen: { service: string } };
    const min = Math.min(...fastest.rates.map((r) => r.transit_days));
    assert.equal(fastest.rates.find((r) => r.service === fastest.chosen.service)?.transit_days, min);
    assert.equal((await t.call('PUT', '/v1/shipping/rules', { strategy: 'cheapest', preferred: [{ carrier: 'usps', countries: ['US'] }], excluded: [{ carrier: 'usps', service: 'priority_mail_express' }] })).statusCode, 200);
    const preferred = (await t.call('POST', '/v1/rates', { from: warehouse, to, packages })).json() as { chosen: { carrier: string; service: string } };
    assert.equal(preferred.chosen.carrier, 'usps');
    assert.equal((await t.call('PUT', '/v1/shipping/rules', { strategy: 'cheapest' })).statusCode, 200);
  });

  test('a location’s time zone comes from its address unless given; an unknown zone is refused', async () => {
    assert.equal((await t.call('GET', `/v1/locations/${warehouse}`)).json().time_zone, 'America/New_York');
    const bad = await t.call('POST', '/v1/locations', { code: fresh('TZ'), name: 'x', type: 'warehouse', time_zone: 'Mars/Olympus' });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.ok((bad.json().errors as { field: string }[]).some((e) => e.field === 'time_zone'), `time_zone is named: ${bad.body}`);
  });
});

describe('labels bought elsewhere', () => {
  test('an operator’s tracking number is validated, its carrier detected, and used once', async () => {
    const { foId } = await packedOrder(1);
    const invalid = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, { tracking_numbers: ['1Z999AA10123456785'] });
    assert.equal(invalid.statusCode, 422, invalid.body);
    assert.equal(invalid.json().code, 'SHIPMENT_TRACKING_NUMBER_INVALID');
    assert.equal(invalid.json().errors[0].field, 'tracking_numbers[0]');
    const shipped = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, { tracking_numbers: ['1Z 999 AA1 01 2345 6784'] });
    assert.equal(shipped.statusCode, 201, shipped.body);
    assert.deepEqual([shipped.json().carrier, shipped.json().tracking_number, shipped.json().labels], ['ups', '1Z999AA10123456784', null]);
    const label = await t.call('GET', `/v1/shipments/${shipped.json().id}/label.pdf`);
    assert.equal(label.statusCode, 409, label.body);
    assert.equal(label.json().code, 'SHIPMENT_NO_LABEL');
    const { foId: other, sku } = await packedOrder(1);
    const reused = await t.call('POST', `/v1/fulfillment-orders/${other}/ship`, { tracking_numbers: ['1Z999AA10123456784'] });
    assert.equal(reused.statusCode, 409, reused.body);
    assert.equal(reused.json().code, 'SHIPMENT_TRACKING_NUMBER_TAKEN');
    assert.deepEqual(await stockAt(sku), { on_hand: 10, reserved: 1 }, 'the refused shipment moved no stock');
  });
});

describe('orders shipped from two locations', () => {
  test('the first shipment makes the order partially shipped; the second ships it; both delivered deliver it', async () => {
    const west = (await createLocation(t, fresh('LAX'), { address: { line1: '1 Dock Rd', city: 'Los Angeles', region: 'CA', postal_code: '90021', country: 'US' }, cutoff_time: '23:59', priority: 2 })).code;
    const [a, b] = [fresh('SKU'), fresh('SKU')];
    for (const sku of [a, b]) await createProduct(t, sku, { dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 400 });
    await adjust(t, a, warehouse, 1);
    await adjust(t, b, west, 1);
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: a, quantity: 1 }, { sku: b, quantity: 1 }]))).json() as OrderJson;
    const fos = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[];
    assert.equal(fos.length, 2);
    const promises = (await t.call('GET', `/v1/orders/${order.id}/promises`)).json().data as unknown[];
    assert.equal(promises.length, 2, 'one promise per shipping location');
    const ids: string[] = [];
    for (const [i, fo] of fos.entries()) {
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
      const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
      assert.equal(shipped.statusCode, 201, shipped.body);
      ids.push(shipped.json().id);
      const status = ((await t.call('GET', `/v1/orders/${order.id}`)).json() as OrderJson).status;
      assert.equal(status, i === 0 ? 'partially_shipped' : 'shipped');
    }
    for (const [i, id] of ids.entries()) {
      await t.call('POST', `/v1/shipments/${id}/events`, { status: 'delivered', occurred_at: new Date(Date.now() - 60_000).toISOString() });
      const status = ((await t.call('GET', `/v1/orders/${order.id}`)).json() as OrderJson).status;
      assert.equal(status, i === 0 ? 'shipped' : 'delivered');
    }
  });

  test('shipped units cannot be cancelled; the rest of a partially shipped order can', async () => {
    const [east, other] = [fresh('SKU'), fresh('SKU')];
    for (const sku of [east, other]) await createProduct(t, sku, { dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 400 });
    await adjust(t, east, warehouse, 2);
    const second = await createLocation(t, fresh('ORD'), { address: { line1: '2 Dock Rd', city: 'Chicago', region: 'IL', postal_code: '60601', country: 'US' }, priority: 3 });
    await adjust(t, other, second.code, 2);
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: east, quantity: 2 }, { sku: other, quantity: 2 }]))).json() as OrderJson;
    const fos = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string; location_id: string }[];
    const fromEast = fos.find((f) => f.location_id !== second.id);
    assert.ok(fromEast && fos.length === 2, `two fulfillment orders, one from the east: ${JSON.stringify(fos)}`);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fromEast.id}/pack`, {})).statusCode, 200);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fromEast.id}/ship`, {})).statusCode, 201);
    const shippedLine = order.lines.find((l) => l.sku === east);
    const refused = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'customer', lines: [{ line_id: shippedLine?.id, quantity: 1 }] });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.match(refused.body, /shipped units cannot be cancelled/);
    const cancelled = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'customer changed mind' });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    const after = cancelled.json() as OrderJson;
    assert.equal(after.status, 'shipped', 'what is left of the order has all shipped');
    assert.deepEqual(after.lines.map((l) => [l.sku, l.cancelled]), [[east, 0], [other, 2]]);
  });
});

describe('manifests, promises and tracking numbers', () => {
  test('the day’s manifest lists the carrier’s live shipments from the location', async () => {
    const { foId } = await packedOrder(1);
    const shipment = (await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, { carrier: 'fedex' })).json() as ShipmentJson & { ship_date: string };
    const query = `carrier=fedex&location=${warehouse}&date=${shipment.ship_date}`;
    const json = await t.call('GET', `/v1/manifests?${query}`);
    assert.equal(json.statusCode, 200, json.body);
    assert.ok((json.json().shipments as { tracking_number: string }[]).some((s) => s.tracking_number === shipment.tracking_number), `the manifest lists ${shipment.tracking_number}`);
    const csv = await t.call('GET', `/v1/manifests.csv?${query}`);
    assert.equal(csv.statusCode, 200, csv.body);
    assert.ok(csv.body.includes(shipment.tracking_number), `the CSV manifest lists ${shipment.tracking_number}`);
    const pdf = await t.call('GET', `/v1/manifests.pdf?${query}`);
    assert.equal(pdf.statusCode, 200, pdf.body);
    assert.ok(inspectPdf(pdf.rawPayload).pageCount >= 1, 'the manifest PDF has a page');
  });

  test('a storefront gets an arrives-by date for a SKU and postal code', async () => {
    const sku = fresh('SKU');
    await createProduct(t, sku, { dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 300 });
    await adjust(t, sku, warehouse, 5);
    const res = await t.call('GET', `/v1/promise?sku=${sku}&postal_code=94105&country=US`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { ship_by: string; deliver_by: string; carrier: string; location: string };
    assert.equal(body.location, warehouse);
    assert.ok(body.deliver_by > body.ship_by, `deliver_by ${body.deliver_by} is after ship_by ${body.ship_by}`);
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
