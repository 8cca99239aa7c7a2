import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { expectRefusedWithoutWrites, type BadRequestCase } from '../support/bad-input.js';
import { adjust, createLocation, createProduct, orderBody, stockOf } from '../support/factories.js';

/**
 * Bad input to products, locations, adjustments, settings and list queries: a 4xx problem+json
 * naming the field, and the whole database unchanged (snapshotted before and after each request).
 */
let t: TestApp;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'WH-EAST');
  await createProduct(t, 'TEE-RED-M', { price: '19.99' });
  await adjust(t, 'TEE-RED-M', 'WH-EAST', 10);
  const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 3 }]));
  assert.equal(res.statusCode, 201, res.body);
});
after(() => t.close());

function suite(title: string, defaults: { method: 'POST' | 'PUT' | 'PATCH' | 'GET'; url: string }, cases: BadRequestCase[]) {
  describe(title, () => {
    for (const c of cases) test(c.name, () => expectRefusedWithoutWrites(t, c, defaults));
  });
}

const product = (overrides: Record<string, unknown>) => ({ name: 'Tee', price: '19.99', currency: 'USD', ...overrides });
suite('PUT /v1/products/{sku}', { method: 'PUT', url: '/v1/products/TEE-RED-M' }, [
  { name: 'unknown field', body: product({ colour: 'red' }), status: 400, code: 'REQUEST_INVALID', field: 'colour', only: true },
  { name: 'negative price "-1.00" (existing product unchanged)', body: product({ price: '-1.00' }), status: 422, code: 'MONEY_INVALID', field: 'price' },
  { name: 'price "19.999" in USD', body: product({ price: '19.999' }), status: 422, code: 'MONEY_INVALID', field: 'price' },
  { name: 'price "100.5" in JPY', body: product({ price: '100.5', currency: 'JPY' }), status: 422, code: 'MONEY_INVALID', field: 'price' },
  { name: 'price as a number', body: product({ price: 19.99 }), status: 400, code: 'REQUEST_INVALID', field: 'price' },
  { name: 'unknown currency "XXY"', body: product({ currency: 'XXY' }), status: 422, code: 'CURRENCY_UNKNOWN', field: 'currency' },
  { name: 'lower-case currency "usd"', body: product({ currency: 'usd' }), status: 400, code: 'REQUEST_INVALID', field: 'currency' },
  { name: 'weight as a string', body: product({ weight_grams: '100' }), status: 400, code: 'REQUEST_INVALID', field: 'weight_grams', only: true },
  { name: 'unknown field in dimensions', body: product({ dimensions_mm: { length: 1, width: 1, height: 1, depth: 1 } }), status: 400, code: 'REQUEST_INVALID', field: 'dimensions_mm.depth', only: true },
  { name: 'a 100 KB name', body: product({ name: 'n'.repeat(100 * 1024) }), status: 400, code: 'REQUEST_INVALID', field: 'name' },
  { name: 'hs_code of five digits', body: product({ hs_code: '61091' }), status: 422, code: 'PRODUCT_CUSTOMS_INVALID', field: 'hs_code' },
  { name: 'hs_code with letters', body: product({ hs_code: '6109.AB' }), status: 422, code: 'PRODUCT_CUSTOMS_INVALID', field: 'hs_code' },
  { name: 'country_of_origin "XX" (not ISO 3166)', body: product({ country_of_origin: 'XX' }), status: 422, code: 'PRODUCT_CUSTOMS_INVALID', field: 'country_of_origin' },
  { name: 'country_of_origin "chn"', body: product({ country_of_origin: 'chn' }), status: 400, code: 'REQUEST_INVALID', field: 'country_of_origin', only: true },
  { name: 'NUL in the name', body: product({ name: 'Tee\u0000' }), status: 400, code: 'REQUEST_INVALID', field: 'name' },
  { name: 'SKU in the path with a space', url: '/v1/products/TEE%20RED', body: product({}), status: 400, code: 'REQUEST_INVALID', field: 'params.sku' },
  { name: 'SKU in the path of 65 characters', url: `/v1/products/${'S'.repeat(65)}`, body: product({}), status: 400, code: 'REQUEST_INVALID', field: 'params.sku' },
  { name: 'text/plain body', body: JSON.stringify(product({})), headers: { 'content-type': 'text/plain' }, status: 415, code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE' },
]);

const location = (overrides: Record<string, unknown>) => ({ code: 'WH-NEW', name: 'New', type: 'warehouse', ...overrides });
const address = { line1: '1 Main St', city: 'Springfield', country: 'US' };
suite('POST /v1/locations', { method: 'POST', url: '/v1/locations' }, [
  { name: 'unknown field', body: location({ capacity: 10 }), status: 400, code: 'REQUEST_INVALID', field: 'capacity', only: true },
  { name: 'unknown type', body: location({ type: 'castle' }), status: 400, code: 'REQUEST_INVALID', field: 'type' },
  { name: 'priority -1', body: location({ priority: -1 }), status: 400, code: 'REQUEST_INVALID', field: 'priority' },
  { name: 'priority "1" (no coercion)', body: location({ priority: '1' }), status: 400, code: 'REQUEST_INVALID', field: 'priority' },
  { name: 'address country "XX"', body: location({ address: { ...address, country: 'XX' } }), status: 422, code: 'COUNTRY_UNKNOWN', field: 'address.country' },
  { name: 'address country "us"', body: location({ address: { ...address, country: 'us' } }), status: 400, code: 'REQUEST_INVALID', field: 'address.country', only: true },
  { name: 'address country "USA"', body: location({ address: { ...address, country: 'USA' } }), status: 400, code: 'REQUEST_INVALID', field: 'address.country' },
  { name: 'address without line1', body: location({ address: { city: 'Springfield', country: 'US' } }), status: 400, code: 'REQUEST_INVALID', field: 'address.line1', only: true },
  { name: 'a code already taken', body: location({ code: 'WH-EAST' }), status: 409, code: 'LOCATION_CODE_TAKEN' },
  { name: 'prototype pollution via __proto__', body: '{"__proto__":{"admin":true},"code":"WH-P","name":"P","type":"warehouse"}', status: 400, code: 'REQUEST_MALFORMED_JSON' },
  { name: 'empty PATCH', method: 'PATCH', url: '/v1/locations/WH-EAST', body: {}, status: 400, code: 'REQUEST_INVALID' },
  { name: 'PATCH changing the permanent code', method: 'PATCH', url: '/v1/locations/WH-EAST', body: { code: 'WH-X' }, status: 400, code: 'REQUEST_INVALID', field: 'code' },
  { name: 'PATCH of an unknown location', method: 'PATCH', url: '/v1/locations/NOPE', body: { name: 'x' }, status: 404, code: 'LOCATION_NOT_FOUND' },
]);

const adjustment = (overrides: Record<string, unknown>) => ({ sku: 'TEE-RED-M', location: 'WH-EAST', delta: 1, reason: 'received', ...overrides });
suite('POST /v1/inventory/adjustments', { method: 'POST', url: '/v1/inventory/adjustments' }, [
  { name: 'delta 0', body: adjustment({ delta: 0 }), status: 400, code: 'REQUEST_INVALID', field: 'delta', only: true },
  { name: 'delta "5" (no coercion)', body: adjustment({ delta: '5' }), status: 400, code: 'REQUEST_INVALID', field: 'delta', only: true },
  { name: 'delta 1.5', body: adjustment({ delta: 1.5 }), status: 400, code: 'REQUEST_INVALID', field: 'delta', only: true },
  { name: 'delta 1e309', body: JSON.stringify(adjustment({ delta: 1 })).replace('"delta":1', '"delta":1e309'), status: 400, code: 'REQUEST_INVALID', field: 'delta', only: true },
  { name: 'unknown reason', body: adjustment({ reason: 'stolen' }), status: 400, code: 'REQUEST_INVALID', field: 'reason', only: true },
  { name: 'unknown field', body: adjustment({ note: 'x' }), status: 400, code: 'REQUEST_INVALID', field: 'note', only: true },
  { name: 'unknown location', body: adjustment({ location: 'NOWHERE' }), status: 422, code: 'LOCATION_UNKNOWN', field: 'location' },
  { name: 'unknown SKU', body: adjustment({ sku: 'NO-SUCH-SKU' }), status: 422, code: 'PRODUCT_UNKNOWN_SKU', field: 'sku' },
  { name: 'on hand below reserved (10 on hand, 3 reserved, -8)', body: adjustment({ delta: -8, reason: 'correction' }), status: 409, code: 'INVENTORY_BELOW_RESERVED' },
  { name: 'batch: unknown location in the second adjustment', body: { adjustments: [adjustment({}), adjustment({ location: 'NOWHERE' })] }, status: 422, code: 'LOCATION_UNKNOWN', field: 'adjustments[1].location' },
  { name: 'batch: the second goes below reserved, so the first is not applied', body: { adjustments: [adjustment({ delta: 5 }), adjustment({ delta: -13, reason: 'correction' })] }, status: 409, code: 'INVENTORY_BELOW_RESERVED' },
  { name: 'batch: empty', body: { adjustments: [] }, status: 400, code: 'REQUEST_INVALID', field: 'adjustments', only: true },
]);

suite('PATCH /v1/settings', { method: 'PATCH', url: '/v1/settings' }, [
  { name: 'unknown field', body: { accept_unfillable_orders_on_hold: true, allow_negative_stock: true }, status: 400, code: 'REQUEST_INVALID', field: 'allow_negative_stock', only: true },
  { name: 'empty object', body: {}, status: 400, code: 'REQUEST_INVALID' },
  { name: 'boolean as a string', body: { accept_unfillable_orders_on_hold: 'true' }, status: 400, code: 'REQUEST_INVALID', field: 'accept_unfillable_orders_on_hold' },
  { name: 'JSON array as the body', body: [{ accept_unfillable_orders_on_hold: true }], status: 400, code: 'REQUEST_INVALID', field: '(body)' },
]);

suite('list queries', { method: 'GET', url: '/v1/orders' }, [
  { name: 'cursor garbage', url: '/v1/orders?cursor=garbage!!', status: 400, code: 'CURSOR_INVALID', field: 'query.cursor' },
  { name: 'cursor that decodes to a foreign key', url: `/v1/orders?cursor=${Buffer.from('loc_x').toString('base64url')}`, status: 400, code: 'CURSOR_INVALID', field: 'query.cursor' },
  { name: 'cursor of 1,000 characters', url: `/v1/orders?cursor=${'A'.repeat(1000)}`, status: 400, code: 'REQUEST_INVALID', field: 'query.cursor' },
  { name: 'limit=0', url: '/v1/orders?limit=0', status: 400, code: 'REQUEST_INVALID', field: 'query.limit' },
  { name: 'limit=501', url: '/v1/orders?limit=501', status: 400, code: 'REQUEST_INVALID', field: 'query.limit' },
  { name: 'limit=abc', url: '/v1/orders?limit=abc', status: 400, code: 'REQUEST_INVALID', field: 'query.limit' },
  { name: 'limit=1.5', url: '/v1/orders?limit=1.5', status: 400, code: 'REQUEST_INVALID', field: 'query.limit' },
  { name: 'unknown status', url: '/v1/orders?status=lost', status: 400, code: 'REQUEST_INVALID', field: 'query.status' },
  { name: 'created_from not a date-time', url: '/v1/orders?created_from=tomorrow', status: 400, code: 'REQUEST_INVALID', field: 'query.created_from' },
  { name: 'unknown query parameter', url: '/v1/orders?colour=red', status: 400, code: 'REQUEST_INVALID', field: 'query.colour' },
  { name: 'order id of the wrong shape', url: '/v1/orders/12345', status: 400, code: 'REQUEST_INVALID', field: 'params.id' },
  { name: 'products: cursor garbage', url: '/v1/products?cursor=%E2%80%AE', status: 400, code: 'CURSOR_INVALID', field: 'query.cursor' },
  { name: 'locations: limit=-1', url: '/v1/locations?limit=-1', status: 400, code: 'REQUEST_INVALID', field: 'query.limit' },
  { name: 'inventory: unknown location filter', url: '/v1/inventory?location=NOWHERE', status: 422, code: 'LOCATION_UNKNOWN', field: 'query.location' },
]);

describe('refusals leave stock exactly as it was', () => {
  test('after every refused adjustment above, WH-EAST still holds 10 on hand, 3 reserved', async () => {
    assert.deepEqual((await stockOf(t, 'TEE-RED-M')).locations, [{ location: 'WH-EAST', on_hand: 10, reserved: 3, available: 7 }]);
  });
});
