// test-files: own process (sets the process's address-verification provider to the fake)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { useAddressVerifier } from '../../src/flows/capture/steps/check-order.js';
import { noVerification } from '../../src/modules/address-checks/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { expectRefusedWithoutWrites } from '../support/bad-input.js';
import { fakeAddressVerifier } from '../support/fake-address-verifier.js';
import { createChannel, createLocation, createTenant, orderBody, stockedProduct, stockOf } from '../support/factories.js';

// Issue 15 §2 (ADR 0027): addresses and prices checked at capture. The tester's three orders
// (ZIP 90013 with state NY, 0.01 against 15.00, no shipping address) were all taken and allocated.
let t: TestApp;
let sku: string;

interface Finding {
  code: string;
  field: string;
  severity: string;
  message: string;
}
interface CheckedOrder {
  id: string;
  status: string;
  shipping_address: Record<string, unknown> | null;
  address_checks: {
    delivery_method: string;
    standardized: { shipping_address: Record<string, unknown> | null; billing_address: Record<string, unknown> | null };
    findings: Finding[];
    needs_review: boolean;
    review_reason: string | null;
    verification: { provider: string; verdict: string; codes: string[] } | null;
  } | null;
  signals: { code: string; field: string; value: number; message: string }[];
}

const address = (over: Record<string, unknown> = {}) => ({ name: 'Ada Lovelace', line1: '12 Analytical Way', line2: null, city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US', ...over });
const customer = { email: 'ada@lovelace.test', name: 'Ada Lovelace', phone: null };
const body = (over: Record<string, unknown> = {}, price = '15.00') => orderBody([{ sku, quantity: 1, unit_price: price }], { customer, ...over });
const eventsOf = async (id: string) => ((await t.call('GET', `/v1/orders/${id}/events`)).json() as { data: { type: string; data: Record<string, unknown> }[] }).data;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'CHK-WH');
  sku = await stockedProduct(t, { 'CHK-WH': 100 }, { price: '15.00' });
});
after(() => t.close());

describe('direct API orders', () => {
  test('ZIP 90013 with state NY → 422 naming shipping_address.postal_code, nothing written', async () => {
    await expectRefusedWithoutWrites(
      t,
      { name: 'zip/state', body: body({ shipping_address: address({ line1: '350 S Grand Ave', city: 'Los Angeles', region: 'NY', postal_code: '90013' }) }), status: 422, code: 'ADDRESS_INVALID', field: 'shipping_address.postal_code', only: true },
      { method: 'POST', url: '/v1/orders' },
    );
    const res = await t.call('POST', '/v1/orders', body({ shipping_address: address({ region: 'NY', postal_code: '90013' }) }));
    assert.match(res.json().errors[0].message, /ZIP code 90013 is in CA, but the state given is NY/);
    assert.ok(res.json().fix, 'the problem says how to fix it');
    assert.equal((await stockOf(t, sku)).locations[0]?.reserved, 0, 'nothing reserved');
  });

  test('no shipping address → 422 naming shipping_address, nothing written; marked for pickup → 201', async () => {
    await expectRefusedWithoutWrites(t, { name: 'no address', body: body({ shipping_address: null }), status: 422, code: 'ORDER_SHIPPING_ADDRESS_REQUIRED', field: 'shipping_address', only: true }, { method: 'POST', url: '/v1/orders' });
    const withoutKey = body();
    delete (withoutKey as Partial<typeof withoutKey>).shipping_address;
    assert.equal((await t.call('POST', '/v1/orders', withoutKey)).statusCode, 422);
    const pickup = await t.call('POST', '/v1/orders', body({ shipping_address: null, delivery_method: 'pickup' }));
    assert.equal(pickup.statusCode, 201, pickup.body);
    const order = pickup.json() as CheckedOrder;
    assert.equal(order.address_checks?.delivery_method, 'pickup');
    assert.deepEqual(order.address_checks?.findings, []);
  });

  test('a bad postal format, an unknown state and a missing state are refused, each naming its field', async () => {
    for (const [over, field] of [
      [{ postal_code: '6270' }, 'shipping_address.postal_code'],
      [{ region: 'Narnia' }, 'shipping_address.region'],
      [{ region: null }, 'shipping_address.region'],
      [{ country: 'GB', region: null, postal_code: '62701' }, 'shipping_address.postal_code'],
    ] as const) {
      await expectRefusedWithoutWrites(t, { name: field, body: body({ shipping_address: address(over) }), status: 422, code: 'ADDRESS_INVALID', field, only: true }, { method: 'POST', url: '/v1/orders' });
    }
  });

  test('the standardised form is stored next to what was sent; warnings (PO box, phone) do not refuse', async () => {
    const sent = address({ line1: '  PO Box 12 ', region: 'illinois', postal_code: '627011234', phone: '(217) 555-0100' });
    const res = await t.call('POST', '/v1/orders', body({ shipping_address: sent, billing_address: address({ phone: 'call me' }) }));
    assert.equal(res.statusCode, 201, res.body);
    const order = res.json() as CheckedOrder;
    assert.equal(order.shipping_address?.region, 'illinois', 'what was sent is kept');
    assert.deepEqual(order.address_checks?.standardized.shipping_address, {
      name: 'Ada Lovelace', company: null, line1: 'PO Box 12', line2: null, city: 'Springfield', region: 'IL', postal_code: '62701-1234', country: 'US', phone: '+12175550100', po_box: true, military: null,
    });
    assert.deepEqual(order.address_checks?.findings.map((f) => [f.code, f.field, f.severity]), [['po_box', 'shipping_address.line1', 'warning'], ['phone_invalid', 'billing_address.phone', 'warning']]);
    assert.equal(order.address_checks?.needs_review, false);
    const read = (await t.call('GET', `/v1/orders/${order.id}`)).json() as CheckedOrder;
    assert.deepEqual(read.address_checks, order.address_checks, 'GET shows what capture answered');
    assert.deepEqual((await eventsOf(order.id)).filter((e) => e.type === 'order.address_review_needed'), []);
  });

  test('0.01 against a catalogue price of 15.00 → 201 with a price signal and its event, never a refusal', async () => {
    const res = await t.call('POST', '/v1/orders', body({}, '0.01'));
    assert.equal(res.statusCode, 201, res.body);
    const order = res.json() as CheckedOrder;
    assert.equal(order.status, 'allocated');
    assert.deepEqual(order.signals.map((s) => [s.code, s.field, s.value]), [['price_far_below_catalogue', 'lines[0].unit_price', -99]]);
    assert.match(order.signals[0]?.message ?? '', /sold at 0\.01 USD, 99 % below its catalogue price of 15\.00 USD/);
    const recorded = (await eventsOf(order.id)).filter((e) => e.type === 'order.signals_recorded');
    assert.deepEqual(recorded.map((e) => (e.data.signals as { code: string }[]).map((s) => s.code)), [['price_far_below_catalogue']]);
    const fair = (await t.call('POST', '/v1/orders', body({}, '14.00'))).json() as CheckedOrder;
    assert.deepEqual(fair.signals, [], 'a price within 50 % is no signal');
  });

  test('"far" is the tenant’s price_signal_percent', async () => {
    const { key } = await createTenant(t);
    await createLocation(t, 'PCT-WH', {}, key);
    const own = await stockedProduct(t, { 'PCT-WH': 10 }, { price: '15.00' }, key);
    const capture = async (price: string) => (await t.call('POST', '/v1/orders', orderBody([{ sku: own, quantity: 1, unit_price: price }], { customer }), { key })).json() as CheckedOrder;
    assert.deepEqual((await capture('12.00')).signals, [], '20 % below is not far at the default 50 %');
    assert.equal((await t.call('PATCH', '/v1/settings', { price_signal_percent: 10 }, { key })).statusCode, 200);
    assert.deepEqual((await capture('12.00')).signals.map((s) => [s.code, s.value]), [['price_far_below_catalogue', -20]]);
  });

  test('a zero total on goods worth something is a signal', async () => {
    const res = await t.call('POST', '/v1/orders', body({ shipping: { service_level: 'standard', price: '0.00' } }, '0.00'));
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual((res.json() as CheckedOrder).signals.map((s) => s.code), ['price_far_below_catalogue', 'zero_total']);
  });
});

describe('orders from channels are never refused for their address', () => {
  test('a Shopify channel’s order with ZIP 90013 and NY → 201, findings, needs review, event', async () => {
    const shop = await createChannel(t, 'shopify');
    const res = await t.call('POST', '/v1/orders', body({ channel: shop.id, shipping_address: address({ region: 'NY', postal_code: '90013' }) }));
    assert.equal(res.statusCode, 201, res.body);
    const order = res.json() as CheckedOrder;
    assert.equal(order.address_checks?.needs_review, true);
    assert.deepEqual(order.address_checks?.findings.map((f) => [f.code, f.field, f.severity]), [['postal_code_region_mismatch', 'shipping_address.postal_code', 'error']]);
    assert.match(order.address_checks?.review_reason ?? '', /^ZIP code 90013 is in CA/);
    const review = (await eventsOf(order.id)).filter((e) => e.type === 'order.address_review_needed');
    assert.equal(review.length, 1);
    assert.deepEqual((review[0]?.data.findings as Finding[]).map((f) => f.code), ['postal_code_region_mismatch']);

    // Someone checked it: releasing the address_review hold ends the need, the findings stay.
    const hold = ((await t.call('GET', `/v1/orders/${order.id}/holds`)).json().data as { id: string; type: string }[]).find((h) => h.type === 'address_review');
    assert.equal((await t.call('DELETE', `/v1/orders/${order.id}/holds/${hold?.id}`, { note: 'called the customer: ZIP is 10013' })).statusCode, 200);
    const after = (await t.call('GET', `/v1/orders/${order.id}`)).json() as CheckedOrder;
    assert.equal(after.address_checks?.needs_review, false);
    assert.deepEqual(after.address_checks?.findings.map((f) => f.code), ['postal_code_region_mismatch']);
  });

  test('a CSV import with a bad ZIP and one with no address are imported, not rejected, and need review', async () => {
    const csv = (await createChannel(t, 'csv')).id;
    const file = [
      'Name,Currency,Lineitem sku,Lineitem quantity,Lineitem price,Shipping Address1,Shipping City,Shipping Province,Shipping Zip,Shipping Country',
      `#CHK-1,USD,${sku},1,15.00,1 Main St,Los Angeles,NY,90013,US`,
      `#CHK-2,USD,${sku},1,15.00,,,,,`,
    ].join('\r\n');
    const res = await t.call('POST', `/v1/channels/${csv}/imports?format=csv`, file, { headers: { 'content-type': 'text/csv' } });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().counts, { total: 2, imported: 2, duplicates: 0, rejected: 0 });
    const list = (await t.call('GET', `/v1/orders?channel=${csv}`)).json().data as CheckedOrder[];
    const byCode = new Map(list.map((o) => [o.address_checks?.findings[0]?.code, o]));
    assert.equal(byCode.get('postal_code_region_mismatch')?.address_checks?.needs_review, true);
    assert.equal(byCode.get('address_missing')?.address_checks?.needs_review, true);
  });
});

describe('the address-verification seam', () => {
  const fake = fakeAddressVerifier();
  before(() => useAddressVerifier(fake));
  after(() => useAddressVerifier(noVerification));

  test('corrected: the service’s form is the standardised one, with a warning', async () => {
    const res = await t.call('POST', '/v1/orders', body({ shipping_address: address({ line1: '350 South Grand Avenue', city: 'Los Angeles', region: 'CA', postal_code: '90071' }) }));
    assert.equal(res.statusCode, 201, res.body);
    const checks = (res.json() as CheckedOrder).address_checks;
    assert.deepEqual([checks?.standardized.shipping_address?.line1, checks?.standardized.shipping_address?.postal_code], ['350 S GRAND AVE', '90071-3406']);
    assert.deepEqual(checks?.verification, { provider: 'fake-cass', verdict: 'corrected', codes: ['Y', 'AA'] });
    assert.deepEqual(checks?.findings.map((f) => f.code), ['verification_corrected']);
  });

  test('undeliverable: a direct API order is refused naming the street line; an address that failed our own checks is never sent', async () => {
    const asked = fake.asked.length;
    await expectRefusedWithoutWrites(t, { name: 'undeliverable', body: body({ shipping_address: address({ line1: '999 Nowhere Rd' }) }), status: 422, code: 'ADDRESS_INVALID', field: 'shipping_address.line1', only: true }, { method: 'POST', url: '/v1/orders' });
    assert.equal(fake.asked.length, asked + 1);
    assert.equal((await t.call('POST', '/v1/orders', body({ shipping_address: address({ region: 'NY', postal_code: '90013' }) }))).statusCode, 422);
    assert.equal(fake.asked.length, asked + 1, 'the ZIP/state mismatch was refused without asking the service');
  });
});
