// test-files: database server (shipments claimed with SKIP LOCKED by the late-shipments job; messages relayed)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { flagLateShipments } from '../../src/flows/shipping/jobs/late-shipments.js';
import { notificationSubscriber } from '../../src/flows/notifications/jobs/notifications.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { relayAll } from '../support/relay.js';
import { adjust, createLocation, createProduct, placeOrder } from '../support/factories.js';

/**
 * Late against the promise: a parcel whose promised day has ended at its destination with no
 * delivery and no exception gets one `shipment.late` (idempotent, across restarts: the flag is a
 * column), and the customer is told with `delivery_late`, with the carrier's later estimate when
 * there is one. The clock is injected: the job runs at chosen instants.
 */
let t: TestApp;
const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
const sku = 'LATE-MUG';

before(async () => {
  t = await buildTestApp();
  assert.equal((await t.call('PUT', '/v1/boxes/LT-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'LT-WH', { address: NEWARK, cutoff_time: '23:59' });
  await createProduct(t, sku, { name: 'Enamel mug', dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 300 });
  await adjust(t, sku, 'LT-WH', 100);
});
after(() => t.close());

/** A shipped order (sample USPS card, to Springfield IL: America/Chicago); its shipment's id and promised date. */
async function shipped(email = 'ada@example.com'): Promise<{ orderId: string; shipmentId: string; promised: string }> {
  const o = await placeOrder(t, [{ sku, quantity: 1, unit_price: '10.00' }], { customer: { email, name: 'Ada Lovelace' } });
  const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${o.id}`)).json().data as { id: string }[];
  assert.ok(fo, 'the order has a fulfillment order');
  assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
  const res = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, { carrier: 'usps' });
  assert.equal(res.statusCode, 201, res.body);
  const [s] = (await t.call('GET', `/v1/shipments?order_id=${o.id}`)).json().data as { id: string; promised_delivery_date: string | null }[];
  assert.ok(s?.promised_delivery_date, 'the shipment has a promise');
  return { orderId: o.id, shipmentId: s.id, promised: s.promised_delivery_date };
}

/** The instant `hours` after midnight UTC of the day after `date`. */
const dayAfter = (date: string, hours: number) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000 + hours * 3_600_000);

const lateEvents = async (shipmentId: string) =>
  queryRows<{ data: Record<string, unknown>; actor: string }>(t.database.db, sql`select data, actor from events where aggregate_id = ${shipmentId} and type = 'shipment.late'`);

test('a parcel is late only once its promised day has ended at the destination; one shipment.late, however often the job runs', async () => {
  const { shipmentId, promised, orderId } = await shipped();
  // 03:00 UTC on the next day is still the promised day in Chicago (UTC−6): not late yet.
  assert.equal((await flagLateShipments(t.database.db, dayAfter(promised, 3))).handled, 0);
  assert.equal((await lateEvents(shipmentId)).length, 0);
  // 07:00 UTC is 01:00 in Chicago on the day after: late by one day.
  const now = dayAfter(promised, 7);
  const first = await flagLateShipments(t.database.db, now);
  assert.ok(first.handled >= 1, 'this shipment is flagged');
  const events = await lateEvents(shipmentId);
  assert.equal(events.length, 1);
  assert.deepEqual(
    { ...events[0]?.data, tracking_number: undefined },
    { order_id: orderId, tracking_number: undefined, status: 'label_created', promised_delivery_date: promised, days_late: 1, new_estimated_delivery_date: null },
  );
  assert.equal(events[0]?.actor, 'system:shipping-late-shipments');
  // Again, later (a restarted worker, a second one): nothing more.
  for (const at of [now, new Date(now.getTime() + 3 * 86_400_000)]) await flagLateShipments(t.database.db, at);
  assert.equal((await lateEvents(shipmentId)).length, 1, 'told once');
  const [row] = await queryRows<{ late_at: string | Date }>(t.database.db, sql`select late_at from shipments where id = ${shipmentId}`);
  assert.equal(new Date(row?.late_at ?? 0).toISOString(), now.toISOString(), 'flagged at the job’s instant');
});

test('delivered, excepted and voided parcels are never late; the carrier’s later estimate is the new promise', async () => {
  const delivered = await shipped();
  const excepted = await shipped();
  const estimated = await shipped();
  const scan = async (id: string, status: string) => {
    const res = await t.call('POST', `/v1/shipments/${id}/events`, { status, occurred_at: new Date(Date.parse(`${delivered.promised}T12:00:00Z`)).toISOString() });
    assert.equal(res.statusCode, 200, res.body);
  };
  await scan(delivered.shipmentId, 'delivered');
  await scan(excepted.shipmentId, 'exception');
  // The carrier moved its estimate two days past the promise.
  const later = new Date(Date.parse(`${estimated.promised}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
  await t.database.db.execute(sql`update shipments set estimated_delivery_date = ${later} where id = ${estimated.shipmentId}`);
  await flagLateShipments(t.database.db, dayAfter(delivered.promised, 12));
  assert.equal((await lateEvents(delivered.shipmentId)).length, 0, 'delivered: not late');
  assert.equal((await lateEvents(excepted.shipmentId)).length, 0, 'an exception was told already: not late');
  const [late] = await lateEvents(estimated.shipmentId);
  assert.equal(late?.data.new_estimated_delivery_date, later);
});

test('the customer is told with delivery_late, with the carrier’s new estimate', async () => {
  const s = await shipped('grete@example.com');
  const later = new Date(Date.parse(`${s.promised}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
  await t.database.db.execute(sql`update shipments set estimated_delivery_date = ${later} where id = ${s.shipmentId}`);
  await flagLateShipments(t.database.db, dayAfter(s.promised, 12));
  await relayAll(t.database.db, [notificationSubscriber]);
  const rows = await queryRows<{ template: string; subject: string; text_body: string; status: string }>(t.database.db, sql`select template, subject, text_body, status from notifications where order_id = ${s.orderId} and template = 'delivery_late'`);
  assert.equal(rows.length, 1, 'one message');
  assert.match(rows[0]?.subject ?? '', /is running late/);
  assert.ok(rows[0]?.text_body.includes(s.promised), 'the promised date');
  assert.ok(rows[0]?.text_body.includes(`now expects to deliver it on ${later}`), rows[0]?.text_body);
});
