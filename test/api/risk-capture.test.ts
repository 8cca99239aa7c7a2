import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { expectRefusedWithoutWrites } from '../support/bad-input.js';
import { createLocation, orderBody, stockedProduct, uniqueCode } from '../support/factories.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULE_SET, mmdbCountryReader } from '../../src/modules/risk/index.js';
import { useIpCountryReader } from '../../src/flows/capture/steps/screen-order.js';
import { writeMmdb } from '../support/mmdb-writer.js';

// Fraud screening at capture (ADR 0030): every order is screened, the decision is stored with it
// and shown on the order; review and reject hold it for fraud review, verify for verification;
// nothing is refused.
let t: TestApp;
let sku: string;

interface Risk {
  action: string;
  score: number;
  rule_set_version: string;
  decided_by: string[];
  explanation: string[];
}
interface Screened {
  id: string;
  held: boolean;
  holds: { type: string; reason: string }[];
  risk: Risk | null;
}

before(async () => {
  t = await buildTestApp({ fraudScreening: true });
  await createLocation(t, 'RISK-WH', { address: { name: 'Risk DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' } });
  sku = await stockedProduct(t, { 'RISK-WH': 10_000 });
});
after(() => t.close());

const email = () => `${uniqueCode('buyer').toLowerCase()}@shop.test`;
const capture = async (overrides: Record<string, unknown>, quantity = 1): Promise<Screened> => {
  const res = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity }], { placed_at: new Date().toISOString(), customer: { email: email() }, ...overrides }));
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as Screened;
};
const card = (last4: string) => [{ kind: 'sale', amount: '15.00', gateway: 'stripe', payment_details: { card_bin: '411111', card_last4: last4, avs_result_code: 'Y', cvv_result_code: 'M' } }];

describe('decisions at capture', () => {
  test('a throwaway e-mail on an order over 200 is held for fraud review, with the decision on the order', async () => {
    const order = await capture({ customer: { email: `${uniqueCode('x').toLowerCase()}@mailinator.com` } }, 30);
    assert.equal(order.risk?.action, 'review', JSON.stringify(order.risk));
    assert.ok(order.risk?.decided_by.includes('disposable-email'), JSON.stringify(order.risk));
    assert.equal(order.risk?.rule_set_version, DEFAULT_RULE_SET.version);
    assert.match(order.risk?.explanation[0] ?? '', /^Held for review: A throwaway e-mail/);
    assert.deepEqual([order.held, order.holds.map((h) => h.type)], [true, ['fraud_review']]);
    assert.match(order.holds[0]?.reason ?? '', /Fraud screening \(score \d+\): Held for review/);
    // GET answers the same summary; /risk the whole decision with the input it was made on.
    assert.deepEqual(((await t.call('GET', `/v1/orders/${order.id}`)).json() as Screened).risk, order.risk);
    const full = (await t.call('GET', `/v1/orders/${order.id}/risk`)).json() as { signals: { name: string; value: unknown; sentence: string }[]; input: { order: { totalMinor: number } }; matched: { id: string }[] };
    assert.equal(full.signals.find((s) => s.name === 'email.disposable')?.value, true);
    assert.match(full.signals.find((s) => s.name === 'email.disposable')?.sentence ?? '', /mailinator\.com/);
    assert.equal(full.input.order.totalMinor, 30_000 + 500);
    const events = ((await t.call('GET', `/v1/orders/${order.id}/events`)).json().data as { type: string; data: Record<string, unknown> }[]).map((e) => [e.type, e.data.action ?? e.data.hold_type ?? null]);
    assert.deepEqual(events.filter(([type]) => type === 'order.screened' || type === 'order.held'), [['order.screened', 'review'], ['order.held', 'fraud_review']]);
  });

  test('an ordinary order is allowed: no hold, the decision still recorded', async () => {
    const order = await capture({});
    assert.deepEqual([order.risk?.action, order.held], ['allow', false]);
    assert.equal((await t.call('GET', `/v1/orders/${order.id}/risk`)).statusCode, 200);
  });

  test('a first order of 250 or more billed in another country waits for the customer to confirm (verification hold)', async () => {
    const order = await capture({ billing_address: { name: 'B', line1: '1 Rue Sainte-Catherine', city: 'Montréal', region: 'QC', postal_code: 'H2X 1Z4', country: 'CA' } }, 30);
    assert.equal(order.risk?.action, 'verify', JSON.stringify(order.risk));
    assert.deepEqual(order.holds.map((h) => h.type), ['verification']);
  });

  test('the fourth order on one card within the hour: the rules recommend rejecting; it is captured and held for review, not refused', async () => {
    const orders: Screened[] = [];
    for (let i = 0; i < 4; i++) orders.push(await capture({ transactions: card('4242') }));
    assert.deepEqual(orders.map((o) => o.risk?.action), ['allow', 'allow', 'allow', 'reject']);
    const last = orders[3] as Screened;
    assert.ok(last.risk?.decided_by.includes('card-testing'), JSON.stringify(last.risk));
    assert.deepEqual(last.holds.map((h) => h.type), ['fraud_review']);
    assert.match(last.holds[0]?.reason ?? '', /recommends rejecting/);
    const input = (await t.call('GET', `/v1/orders/${last.id}/risk`)).json().input as { velocity: { card: Record<string, { orders: number }>; email: Record<string, { orders: number; cards: number }> } };
    assert.deepEqual([input.velocity.card['1h']?.orders, input.velocity.card['7d']?.orders], [4, 4], 'the order counts itself and the three before it');
    assert.deepEqual([input.velocity.email['1h']?.orders, input.velocity.email['1h']?.cards], [1, 1], 'each order had its own e-mail');
  });

  test('the review case of the card-testing order links the orders that shared its card and IP', async () => {
    const ip = '198.51.100.77';
    const orders: Screened[] = [];
    for (let i = 0; i < 4; i++) orders.push(await capture({ transactions: card('9898'), client: { ip } }));
    const last = orders[3] as Screened;
    assert.deepEqual(last.holds.map((h) => h.type), ['fraud_review']);
    const [c] = (await t.call('GET', `/v1/reviews?order_id=${last.id}`)).json().data as { id: string }[];
    const detail = (await t.call('GET', `/v1/reviews/${c?.id}`)).json() as { linked_orders: { id: string; shared: string[] }[] };
    const linked = new Map(detail.linked_orders.map((l) => [l.id, l.shared]));
    // (the factory gives every order the same street, so they share the address too)
    for (const earlier of orders.slice(0, 3)) assert.deepEqual(linked.get(earlier.id), ['address', 'card', 'ip'], JSON.stringify(detail.linked_orders));
  });

  test('several cards on one e-mail in a day is card testing', async () => {
    const buyer = email();
    const actions: string[] = [];
    for (const last4 of ['1111', '2222', '3333']) actions.push(((await capture({ customer: { email: buyer }, transactions: card(last4) })).risk as Risk).action);
    assert.deepEqual(actions, ['allow', 'allow', 'reject']);
  });

  test('a repeat customer’s history is read in the order’s currency', async () => {
    const buyer = email();
    await capture({ customer: { email: buyer } });
    const second = (await t.call('GET', `/v1/orders/${(await capture({ customer: { email: buyer } })).id}/risk`)).json() as { input: { customer: { ordersCount: number; maxOrderMinor: number } | null } };
    assert.deepEqual([second.input.customer?.ordersCount, second.input.customer?.maxOrderMinor], [1, 1500]);
  });
});

describe('inputs', () => {
  test('the client IP’s country comes from the installed .mmdb: an IP in a third country is a signal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oms-risk-'));
    const path = join(dir, 'country.mmdb');
    writeFileSync(path, writeMmdb({ '203.0.113.0/24': { country: { iso_code: 'NG' } } }));
    const previous = useIpCountryReader(mmdbCountryReader(path));
    try {
      const order = await capture({ client: { ip: '203.0.113.24', user_agent: 'UA' } });
      const full = (await t.call('GET', `/v1/orders/${order.id}/risk`)).json() as { signals: { name: string; value: unknown }[]; input: { client: { ip: string; ipCountry: string } } };
      assert.deepEqual(full.input.client, { ip: '203.0.113.24', ipCountry: 'NG' });
      assert.equal(full.signals.find((s) => s.name === 'ip.country_mismatch')?.value, true);
    } finally {
      useIpCountryReader(previous);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a client IP that is not an address is refused naming client.ip, nothing written', async () => {
    await expectRefusedWithoutWrites(t, { name: 'bad ip', body: orderBody([{ sku, quantity: 1 }], { client: { ip: '999.1.1.1' } }), status: 400, code: 'REQUEST_INVALID', field: 'client.ip' }, { method: 'POST', url: '/v1/orders' });
  });

  test('AVS and CVV codes with bad letters are refused naming the field', async () => {
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1 }], { transactions: [{ kind: 'sale', amount: '15.00', gateway: 'stripe', payment_details: { avs_result_code: 'Y!', card_bin: '12' } }] }));
    assert.equal(res.statusCode, 400, res.body);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field).join(' ');
    assert.match(fields, /transactions(\/|\[|\.)0.*payment_details.*(avs_result_code|card_bin)/, fields);
  });
});

describe('erasure', () => {
  test('erasing the customer erases what screening kept of the person; the verdict stays', async () => {
    const buyer = `${uniqueCode('gone').toLowerCase()}@mailinator.com`;
    const order = (await capture({ customer: { email: buyer } }, 30)) as Screened & { customer_id: string };
    assert.equal((await t.call('POST', `/v1/customers/${order.customer_id}/erase`, { reason: 'GDPR request' })).statusCode, 200);
    const res = await t.call('GET', `/v1/orders/${order.id}/risk`);
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes(buyer), 'no trace of the e-mail');
    assert.deepEqual([res.json().action, res.json().input, res.json().signals], ['review', { erased: true }, []]);
    const keys = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from risk_velocity_keys where order_id = ${order.id}`);
    assert.equal(keys[0]?.n, 0, 'its velocity keys are gone');
  });
});

describe('the tenant’s rule set and setting', () => {
  test('an allow-listed e-mail is allowed under the active version, whatever else matches', async () => {
    const vip = `${uniqueCode('vip').toLowerCase()}@mailinator.com`;
    const set = await t.call('POST', '/v1/risk/rule-sets', { rules: DEFAULT_RULE_SET.rules, lists: { allow: { emails: [vip] } }, activate: true });
    assert.equal(set.statusCode, 201, set.body);
    const order = await capture({ customer: { email: vip } }, 30);
    assert.deepEqual([order.risk?.action, order.risk?.rule_set_version, order.risk?.decided_by, order.held], ['allow', `v${set.json().version}`, ['allow-listed'], false]);
  });

  test('fraud_screening off: no decision, no hold', async () => {
    assert.equal((await t.call('PATCH', '/v1/settings', { fraud_screening: false })).statusCode, 200);
    try {
      const order = await capture({ customer: { email: `${uniqueCode('x').toLowerCase()}@mailinator.com` } }, 30);
      assert.deepEqual([order.risk, order.held], [null, false]);
      const res = await t.call('GET', `/v1/orders/${order.id}/risk`);
      assert.deepEqual([res.statusCode, res.json().code], [404, 'RISK_DECISION_NOT_FOUND']);
    } finally {
      assert.equal((await t.call('PATCH', '/v1/settings', { fraud_screening: true })).statusCode, 200);
    }
  });
});
