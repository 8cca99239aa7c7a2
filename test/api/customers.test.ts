// test-files: database server (captures of one new e-mail race each other: the unique index must leave one customer)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, orderBody, placeOrder, uniqueCode, type OrderJson } from '../support/factories.js';

/**
 * Customers (issue 15 §1, ADR 0026): one per tenant and e-mail (else phone), linked at capture from
 * every channel; figures by query; PATCH, merge and erase with their events; bad input refused
 * naming the field, nothing written.
 */
let t: TestApp;
let sku: string;

type Order = OrderJson & { customer_id: string | null };
type Customer = {
  id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  tags: string[];
  note: string | null;
  version: number;
  merged_into: string | null;
  erased_at: string | null;
  stats: { orders_count: number; first_order_at: string | null; last_order_at: string | null; returns_count: number; amount_spent: { currency: string; amount: string }[] };
  store_credit: { email: string; currency: string; balance: string }[];
};

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'CUS-WH');
  await createLocation(t, 'CUS-STORE', { type: 'store', ships_to_customers: false });
  sku = (await createProduct(t, uniqueCode('CUS'))).sku;
  await adjust(t, sku, 'CUS-WH', 10_000);
});
after(() => t.close());

const email = () => `${uniqueCode('buyer').toLowerCase().replace(/[^a-z0-9]/g, '')}@shop.test`;
const order = (customer: Record<string, unknown> | null, overrides: Record<string, unknown> = {}) => placeOrder(t, [{ sku, quantity: 1 }], { customer, ...overrides }) as Promise<Order>;
const customer = async (id: string) => {
  const res = await t.call('GET', `/v1/customers/${id}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Customer;
};
const eventsOf = (aggregateId: string) => queryRows<{ type: string; actor: string; data: Record<string, unknown> }>(t.database.db, sql`select type, actor, data from events where tenant_id = ${t.tenantId} and aggregate_id = ${aggregateId} order by seq`);
const customerRow = async (id: string) => (await queryRows<{ version: number; tags: string[]; note: string | null; phone: string | null }>(t.database.db, sql`select version, tags, note, phone from customers where tenant_id = ${t.tenantId} and id = ${id}`))[0];

function problem(res: { statusCode: number; body: string; headers: Record<string, unknown>; json(): unknown }, status: number, code: string, field?: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  const body = res.json() as { code: string; fix?: string; errors?: { field: string }[] };
  assert.equal(body.code, code, res.body);
  assert.equal(typeof body.fix, 'string', `a fix: ${res.body}`);
  if (field) assert.ok(body.errors?.some((e) => e.field === field), `names ${field}: ${res.body}`);
}

describe('capture links the order to its customer', () => {
  test('the same e-mail in any case is one customer, created once with customer.created; its figures count both orders', async () => {
    const address = email();
    const first = await order({ email: address, name: 'Grace Hopper', phone: '+1 212 555 0142' }, { placed_at: '2026-03-01T10:00:00Z' });
    const second = await order({ email: address.toUpperCase(), name: 'G. Hopper' }, { placed_at: '2026-04-01T10:00:00Z', channel: 'pos-shop' });
    assert.match(first.customer_id ?? '', /^cus_[0-9a-z]{26}$/);
    assert.equal(second.customer_id, first.customer_id, 'the second order finds the first one’s customer');
    const c = await customer(first.customer_id as string);
    assert.equal(c.email, address);
    assert.equal(c.name, 'Grace Hopper', 'the first order’s name');
    assert.equal(c.phone, '+12125550142', 'the phone in E.164');
    assert.equal(c.stats.orders_count, 2);
    assert.equal(c.stats.first_order_at, '2026-03-01T10:00:00.000Z');
    assert.equal(c.stats.last_order_at, '2026-04-01T10:00:00.000Z');
    // 2 × (10.00 + 5.00 shipping)
    assert.deepEqual(c.stats.amount_spent, [{ currency: 'USD', amount: '30.00' }]);
    const created = (await eventsOf(c.id)).filter((e) => e.type === 'customer.created');
    assert.equal(created.length, 1, 'one customer.created');
    const listed = (await t.call('GET', `/v1/customers/${c.id}/orders`)).json() as { data: Order[] };
    assert.deepEqual(listed.data.map((o) => o.id), [second.id, first.id], 'its orders, newest first');
  });

  test('without an e-mail the phone matches (written nationally, read with the address’s country); with neither there is no customer', async () => {
    const a = await order({ name: 'Phone Only', phone: '030 901820' }, { shipping_address: { name: 'Phone Only', line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'DE' } });
    const b = await order({ phone: '+49 30 901820' });
    assert.ok(a.customer_id, 'the phone-only order has a customer');
    assert.equal(b.customer_id, a.customer_id);
    assert.equal((await customer(a.customer_id as string)).phone, '+4930901820');
    const none = await order(null, { shipping_address: null, delivery_method: 'pickup' });
    assert.equal(none.customer_id, null);
  });

  test('a cancelled order counts as an order and adds nothing to the amount spent', async () => {
    const address = email();
    const kept = await order({ email: address });
    const cancelled = await order({ email: address });
    assert.equal((await t.call('POST', `/v1/orders/${cancelled.id}/cancel`, { reason: 'changed mind' })).statusCode, 200);
    const c = await customer(kept.customer_id as string);
    assert.equal(c.stats.orders_count, 2);
    assert.deepEqual(c.stats.amount_spent, [{ currency: 'USD', amount: '15.00' }]);
  });

  test('concurrent captures of one new e-mail create one customer', async () => {
    const address = email();
    const orders = await Promise.all(Array.from({ length: 8 }, () => t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1 }], { customer: { email: address } }))));
    for (const res of orders) assert.equal(res.statusCode, 201, res.body);
    const ids = new Set(orders.map((r) => (r.json() as Order).customer_id));
    assert.equal(ids.size, 1, `one customer: ${[...ids].join(', ')}`);
    const rows = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from customers where tenant_id = ${t.tenantId} and email = ${address}`);
    assert.equal(rows[0]?.n, 1);
    assert.equal((await eventsOf([...ids][0] as string)).filter((e) => e.type === 'customer.created').length, 1);
    assert.equal((await customer([...ids][0] as string)).stats.orders_count, 8);
  });

  test('a counter sale (POS) links its customer too', async () => {
    const address = email();
    const online = await order({ email: address });
    const channel = (await t.call('POST', '/v1/channels', { type: 'pos', name: uniqueCode('till'), locations: ['CUS-STORE'] })).json() as { id: string };
    const sale = await t.call('POST', `/v1/channels/${channel.id}/pos-sales`, { external_id: uniqueCode('R'), location: 'CUS-STORE', currency: 'USD', customer: { email: address.toUpperCase() }, lines: [{ sku, quantity: 1, unit_price: '10.00' }] });
    assert.equal(sale.statusCode, 201, sale.body);
    assert.equal((sale.json() as Order).customer_id, online.customer_id);
  });
});

describe('GET /v1/customers', () => {
  test('searches by e-mail, name, last name and phone prefix; pages by cursor', async () => {
    const address = `zelda.${uniqueCode('s').toLowerCase().replace(/[^a-z0-9]/g, '')}@search.test`;
    const o = await order({ email: address, name: 'Zelda Quackenbush', phone: '+44 20 7946 0958' });
    for (const q of [address.slice(0, 10), 'zelda q', 'quackenb', '4420794']) {
      const res = await t.call('GET', `/v1/customers?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, res.body);
      const found = (res.json() as { data: { id: string; orders_count: number }[] }).data;
      assert.ok(found.some((c) => c.id === o.customer_id), `q=${q} finds the customer`);
      assert.equal(found.find((c) => c.id === o.customer_id)?.orders_count, 1);
    }
    assert.deepEqual((await t.call('GET', '/v1/customers?q=nobody-called-this')).json().data, []);
    const first = (await t.call('GET', '/v1/customers?limit=1')).json() as { data: { id: string }[]; next_cursor: string };
    const second = (await t.call('GET', `/v1/customers?limit=1&cursor=${first.next_cursor}`)).json() as { data: { id: string }[] };
    assert.ok((first.data[0]?.id ?? '') > (second.data[0]?.id ?? 'z'), 'newest first across pages');
    problem(await t.call('GET', '/v1/customers?cursor=garbage'), 400, 'CURSOR_INVALID');
  });
});

describe('PATCH /v1/customers/{id}', () => {
  test('changes tags, note, name and phone with customer.updated naming each change', async () => {
    const o = await order({ email: email(), name: 'Old Name' });
    const res = await t.call('PATCH', `/v1/customers/${o.customer_id}`, { tags: [' vip ', 'wholesale', 'vip'], note: 'Prefers DHL', name: 'New Name', phone: '+33 1 42 68 53 00', reason: 'called us' });
    assert.equal(res.statusCode, 200, res.body);
    const c = res.json() as Customer;
    assert.deepEqual(c.tags, ['vip', 'wholesale']);
    assert.equal(c.note, 'Prefers DHL');
    assert.equal(c.name, 'New Name');
    assert.equal(c.phone, '+33142685300');
    const updated = (await eventsOf(c.id)).filter((e) => e.type === 'customer.updated');
    assert.equal(updated.length, 1);
    assert.deepEqual((updated[0]?.data.changes as Record<string, unknown>).name, { from: 'Old Name', to: 'New Name' });
    assert.equal(updated[0]?.data.reason, 'called us');
  });

  test('a bad phone, a tag too long, an unknown field or id are refused naming the field; nothing is written', async () => {
    const o = await order({ email: email() });
    const id = o.customer_id as string;
    const before = await customerRow(id);
    problem(await t.call('PATCH', `/v1/customers/${id}`, { phone: '12', note: 'not stored' }), 422, 'CUSTOMER_INVALID', 'phone');
    problem(await t.call('PATCH', `/v1/customers/${id}`, { tags: ['ok', 'x'.repeat(41)] }), 422, 'CUSTOMER_INVALID', 'tags[1]');
    problem(await t.call('PATCH', `/v1/customers/${id}`, { email: 'other@shop.test' }), 400, 'REQUEST_INVALID');
    problem(await t.call('PATCH', `/v1/customers/${id}`, {}), 400, 'REQUEST_INVALID');
    problem(await t.call('PATCH', '/v1/customers/cus_00000000000000000000000000', { note: 'x' }), 404, 'CUSTOMER_NOT_FOUND');
    assert.deepEqual(await customerRow(id), before, 'nothing written');
    assert.equal((await eventsOf(id)).filter((e) => e.type === 'customer.updated').length, 0);
  });
});

describe('POST /v1/customers/{id}/merge', () => {
  test('moves orders, store credit, tags and note; the merged one is a tombstone its e-mail and id still lead through', async () => {
    const keepEmail = email();
    const goneEmail = email();
    const keep = await order({ email: keepEmail, name: 'Ada' });
    const gone = await order({ email: goneEmail, phone: '+1 415 555 2671' });
    const survivor = keep.customer_id as string;
    const merged = gone.customer_id as string;
    await t.call('PATCH', `/v1/customers/${survivor}`, { tags: ['vip'], note: 'first note' });
    await t.call('PATCH', `/v1/customers/${merged}`, { tags: ['wholesale', 'vip'], note: 'second note' });
    assert.equal((await t.call('POST', '/v1/store-credit/adjustments', { email: goneEmail, currency: 'USD', amount: '4.00', reason: 'goodwill' })).statusCode, 201);

    const res = await t.call('POST', `/v1/customers/${survivor}/merge`, { from: merged, reason: 'same person, two addresses' });
    assert.equal(res.statusCode, 200, res.body);
    const c = res.json() as Customer;
    assert.deepEqual(c.tags, ['vip', 'wholesale']);
    assert.equal(c.note, 'first note\n\nsecond note');
    assert.equal(c.phone, '+14155552671', 'a missing phone filled from the merged customer');
    assert.equal(c.stats.orders_count, 2);
    assert.deepEqual(c.store_credit.map((a) => [a.email, a.balance]), [[goneEmail, '4.00']]);
    const tombstone = await customer(merged);
    assert.equal(tombstone.merged_into, survivor);
    assert.equal(tombstone.stats.orders_count, 0);
    const viaTombstone = (await t.call('GET', `/v1/customers/${merged}/orders`)).json() as { data: Order[] };
    assert.deepEqual(viaTombstone.data.map((o) => o.id).sort(), [keep.id, gone.id].sort());
    const later = await order({ email: goneEmail });
    assert.equal(later.customer_id, survivor, 'the merged e-mail’s next order goes to the survivor');
    assert.ok(!((await t.call('GET', '/v1/customers?limit=500')).json().data as { id: string }[]).some((x) => x.id === merged), 'a tombstone is not listed');
    const events = (await eventsOf(survivor)).filter((e) => e.type === 'customer.merged');
    assert.equal(events.length, 1);
    assert.equal(events[0]?.data.orders_moved, 1);
    assert.equal(events[0]?.data.reason, 'same person, two addresses');
    assert.equal((await eventsOf(merged)).filter((e) => e.type === 'customer.merged').length, 1);
    // A tombstone takes no changes and no second merge.
    problem(await t.call('PATCH', `/v1/customers/${merged}`, { note: 'x' }), 409, 'CUSTOMER_MERGED');
    problem(await t.call('POST', `/v1/customers/${survivor}/merge`, { from: merged }), 409, 'CUSTOMER_MERGE_REFUSED', 'from');
  });

  test('into itself, an unknown customer or a bad id: refused naming the field, nothing moves', async () => {
    const o = await order({ email: email() });
    const id = o.customer_id as string;
    const before = await customerRow(id);
    problem(await t.call('POST', `/v1/customers/${id}/merge`, { from: id }), 409, 'CUSTOMER_MERGE_REFUSED', 'from');
    problem(await t.call('POST', `/v1/customers/${id}/merge`, { from: 'cus_00000000000000000000000000' }), 404, 'CUSTOMER_NOT_FOUND', 'from');
    problem(await t.call('POST', `/v1/customers/${id}/merge`, { from: 'ord_00000000000000000000000000' }), 400, 'REQUEST_INVALID', 'from');
    assert.deepEqual(await customerRow(id), before);
    assert.equal((await customer(id)).stats.orders_count, 1);
  });
});

describe('POST /v1/customers/{id}/erase', () => {
  test('replaces the person’s data in customer, orders, events and store credit; keeps money; records customer.erased; idempotent', async () => {
    const address = email();
    const o = await order({ email: address, name: 'Erin Erased', phone: '+1 312 555 0199' }, { notes: `call ${address} before delivery` });
    assert.equal((await t.call('POST', `/v1/orders/${o.id}/notes`, { text: 'noted' })).statusCode, 201);
    assert.equal((await t.call('POST', '/v1/store-credit/adjustments', { email: address, currency: 'USD', amount: '3.00', reason: 'goodwill' })).statusCode, 201);
    const id = o.customer_id as string;
    const res = await t.call('POST', `/v1/customers/${id}/erase`, { reason: 'GDPR request 2026-12-05' });
    assert.equal(res.statusCode, 200, res.body);
    const c = res.json() as Customer;
    assert.equal(c.email, null);
    assert.equal(c.name, null);
    assert.equal(c.phone, null);
    assert.ok(c.erased_at, 'erased_at is set');
    assert.equal(c.stats.orders_count, 1, 'the order stays');
    assert.deepEqual(c.stats.amount_spent, [{ currency: 'USD', amount: '15.00' }], 'money stays');
    assert.equal(c.store_credit[0]?.balance, '3.00', 'the balance stays');
    assert.ok(!c.store_credit[0]?.email.includes(address), `the account's e-mail is a placeholder: ${c.store_credit[0]?.email}`);

    const after = (await t.call('GET', `/v1/orders/${o.id}`)).json() as Order & { customer: unknown; shipping_address: Record<string, unknown>; notes: string };
    assert.deepEqual(after.customer, { erased: true });
    assert.deepEqual(after.shipping_address, { country: 'US', erased: true });
    const checksOf = (view: unknown) => (view as { address_checks: { standardized: Record<string, unknown> } | null }).address_checks;
    const checks = checksOf(after);
    assert.ok(checksOf(o)?.standardized.shipping_address, 'capture stored the standardised address');
    assert.deepEqual(checks?.standardized, { shipping_address: null, billing_address: null }, 'what capture found no longer holds the address');
    assert.doesNotMatch(JSON.stringify(checks), /Erin|Analytical|3125550199/, 'nor the name, street or phone');
    assert.deepEqual(after.totals, o.totals);
    assert.equal(after.lines.length, 1);
    assert.ok(!after.notes.includes(address), `the order's note no longer names the e-mail: ${after.notes}`);
    const leftovers = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from events where tenant_id = ${t.tenantId} and (data::text ilike ${`%${address}%`} or data::text ilike '%Erin Erased%')`);
    assert.equal(leftovers[0]?.n, 0, 'no event data names the person');
    const orderRows = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from orders where tenant_id = ${t.tenantId} and (customer::text ilike '%erin%' or customer_email is not null) and id = ${o.id}`);
    assert.equal(orderRows[0]?.n, 0);
    const erased = (await eventsOf(id)).filter((e) => e.type === 'customer.erased');
    assert.equal(erased.length, 1);
    assert.equal(erased[0]?.data.reason, 'GDPR request 2026-12-05');
    assert.match(erased[0]?.actor ?? '', /^key_/, 'who erased');

    const again = await t.call('POST', `/v1/customers/${id}/erase`, { reason: 'again' });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal((await eventsOf(id)).filter((e) => e.type === 'customer.erased').length, 1, 'a second erase records nothing');
    problem(await t.call('PATCH', `/v1/customers/${id}`, { note: 'x' }), 409, 'CUSTOMER_ERASED');
    const next = await order({ email: address });
    assert.notEqual(next.customer_id, id, 'the e-mail is free again: a new order is a new customer');
  });

  test('needs a reason; an unknown customer is 404', async () => {
    const o = await order({ email: email() });
    problem(await t.call('POST', `/v1/customers/${o.customer_id}/erase`, {}), 400, 'REQUEST_INVALID', 'reason');
    assert.equal((await customer(o.customer_id as string)).erased_at, null);
    problem(await t.call('POST', '/v1/customers/cus_00000000000000000000000000/erase', { reason: 'x' }), 404, 'CUSTOMER_NOT_FOUND');
  });
});
