import assert from 'node:assert/strict';
import type { TestApp } from './app.js';
import { adjust, createLocation, createProduct, orderBody, uniqueCode, type OrderJson } from './factories.js';

/**
 * What the survey tests need (ADR 0037): a tenant that can ship (a box, the sample carriers, a
 * warehouse with an address), and orders shipped or delivered there.
 */
export async function shippingWarehouse(t: TestApp): Promise<string> {
  assert.equal((await t.call('PUT', '/v1/boxes/SURVEY-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  return (await createLocation(t, uniqueCode('SV'), { address: { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' })).code;
}

/** An order of one unit, packed and shipped from `warehouse` (a label bought); its own customer. */
export async function shippedOrder(t: TestApp, warehouse: string, overrides: Record<string, unknown> = {}) {
  const sku = uniqueCode('SV-SKU');
  await createProduct(t, sku, { dimensions_mm: { length: 200, width: 150, height: 100 }, weight_grams: 900 });
  await adjust(t, sku, warehouse, 5);
  const placed = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1 }], { customer: { email: `${uniqueCode('buyer').toLowerCase()}@shop.test`, name: 'Grace Hopper' }, ...overrides }));
  assert.equal(placed.statusCode, 201, placed.body);
  const order = placed.json() as OrderJson & { customer_id: string };
  const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[];
  assert.ok(fo, 'the order has a fulfillment order');
  assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
  const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
  assert.equal(shipped.statusCode, 201, shipped.body);
  return { order, shipmentId: shipped.json().id as string };
}

/** A shipped order whose shipment was delivered an hour before `now`, with its survey link (GET /v1/orders/{id}/survey). */
export async function deliveredOrder(t: TestApp, warehouse: string, now: Date, overrides: Record<string, unknown> = {}) {
  const { order, shipmentId } = await shippedOrder(t, warehouse, overrides);
  const scan = await t.call('POST', `/v1/shipments/${shipmentId}/events`, { status: 'delivered', occurred_at: new Date(now.getTime() - 3600_000).toISOString() });
  assert.equal(scan.statusCode, 200, scan.body);
  const survey = await t.call('GET', `/v1/orders/${order.id}/survey`);
  assert.equal(survey.statusCode, 200, survey.body);
  const body = survey.json() as { url: string; expires_at: string; delivered_at: string };
  assert.ok(body.url, 'a delivered order is offered the survey');
  return { order, token: body.url.slice(body.url.lastIndexOf('/') + 1), ...body };
}
