import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, setFraudScreening, type TestApp } from '../support/app.js';
import { assertProblem, expectRefusedWithoutWrites } from '../support/bad-input.js';
import { createApiKey, createLocation, createTenant, orderBody, stockedProduct, uniqueCode } from '../support/factories.js';
import { DEFAULT_RULE_SET } from '../../src/modules/risk/index.js';

// Versioned fraud rule sets and the backtest (ADR 0030).
let t: TestApp;
let sku: string;

before(async () => {
  t = await buildTestApp({ fraudScreening: true });
  await createLocation(t, 'RS-WH');
  sku = await stockedProduct(t, { 'RS-WH': 10_000 });
});
after(() => t.close());

interface RuleSetJson {
  version: number | null;
  label: string;
  active: boolean;
  rules: { id: string; rule: string }[];
  settings: { thresholds: { review: number; reject: number } };
}

describe('rule set versions', () => {
  test('every problem of a rule set is named in one 422; nothing is written', async () => {
    const body = {
      rules: [
        { id: 'ok', rule: 'review if order.total > 100' },
        { id: 'typo', rule: 'review if emial.disposable' },
        { id: 'Bad Id', rule: 'reject if order.total >' },
        { id: 'types', rule: 'review if order.total = "a lot"' },
      ],
      lists: { block: { ips: ['not-an-ip'] } },
      settings: { thresholds: { review: 90, reject: 80 } },
    };
    await expectRefusedWithoutWrites(t, { name: 'bad rules', body, status: 422, code: 'RISK_RULE_SET_INVALID', field: 'rules[1].rule' }, { method: 'POST', url: '/v1/risk/rule-sets' });
    const res = await t.call('POST', '/v1/risk/rule-sets', body);
    const errors = (assertProblem(res, { status: 422, code: 'RISK_RULE_SET_INVALID' }).errors as { field: string; message: string }[]);
    assert.deepEqual(errors.map((e) => e.field).sort(), ['lists.block.ips[0]', 'rules[1].rule', 'rules[2].id', 'rules[2].rule', 'rules[3].rule', 'settings.thresholds.review'].sort());
    assert.match(errors.find((e) => e.field === 'rules[1].rule')?.message ?? '', /RULE_UNKNOWN_FIELD: column 11: unknown field "emial\.disposable"/);
    assert.doesNotMatch(errors.find((e) => e.field === 'rules[1].rule')?.message ?? '', /column 11.*column 11/, 'the column is said once');
    assert.deepEqual((await t.call('GET', '/v1/risk/rule-sets')).json().data, []);
  });

  test('the default set answers until a version is activated; versions are immutable and numbered; activation switches', async () => {
    const active = (await t.call('GET', '/v1/risk/rule-sets/active')).json() as RuleSetJson;
    assert.deepEqual([active.version, active.label, active.rules.length], [null, 'default-1', DEFAULT_RULE_SET.rules.length]);
    const first = await t.call('POST', '/v1/risk/rule-sets', { rules: [{ id: 'big', rule: 'review if order.total > 1000' }], settings: { thresholds: { review: 50 } }, note: 'stricter' });
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual([first.json().version, first.json().active, first.json().settings.thresholds], [1, false, { review: 50, reject: 75 }]);
    assert.equal((await t.call('GET', '/v1/risk/rule-sets/active')).json().version, null, 'written, not active');
    const second = await t.call('POST', '/v1/risk/rule-sets', { rules: DEFAULT_RULE_SET.rules, activate: true });
    assert.deepEqual([second.statusCode, second.json().version, second.json().active], [201, 2, true]);
    assert.equal((await t.call('GET', '/v1/risk/rule-sets/active')).json().version, 2);
    const back = await t.call('POST', '/v1/risk/rule-sets/1/activate', { reason: 'try the stricter one' });
    assert.deepEqual([back.statusCode, back.json().version, back.json().active], [200, 1, true]);
    const list = (await t.call('GET', '/v1/risk/rule-sets')).json().data as RuleSetJson[];
    assert.deepEqual(list.map((r) => [r.version, r.active]), [[2, false], [1, true]]);
    assertProblem(await t.call('POST', '/v1/risk/rule-sets/99/activate', {}), { status: 404, code: 'RISK_RULE_SET_NOT_FOUND' });
    // Back to the default rules for the backtests below.
    assert.equal((await t.call('POST', '/v1/risk/rule-sets/2/activate', {})).statusCode, 200);
  });

  test('an operator reads rule sets but may not write them', async () => {
    const operator = (await createApiKey(t, 'operator')).key;
    assert.equal((await t.call('GET', '/v1/risk/rule-sets', undefined, { key: operator })).statusCode, 200);
    assertProblem(await t.call('POST', '/v1/risk/rule-sets', { rules: [] }, { key: operator }), { status: 403, code: 'AUTH_FORBIDDEN' });
  });

  test('a version says who wrote it: the API key’s name, not its id', async () => {
    const writer = await createApiKey(t, 'admin');
    const res = await t.call('POST', '/v1/risk/rule-sets', { rules: DEFAULT_RULE_SET.rules, note: 'labelled' }, { key: writer.key });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual([res.json().created_by, res.json().created_by_label], [writer.id, writer.name]);
    const listed = ((await t.call('GET', '/v1/risk/rule-sets')).json().data as { version: number; created_by_label: string | null }[]).find((r) => r.version === res.json().version);
    assert.equal(listed?.created_by_label, writer.name);
  });
});

describe('backtest', () => {
  test('a proposed set over the stored inputs: counts, and the orders whose decision would change', async () => {
    const ids: string[] = [];
    const names: string[] = [];
    for (const quantity of [1, 5, 30]) {
      const res = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity }], { placed_at: new Date().toISOString(), customer: { email: `${uniqueCode('bt').toLowerCase()}@shop.test` } }));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().risk.action, 'allow');
      ids.push(res.json().id);
      names.push(res.json().channel_order_name ?? `#${res.json().number}`);
    }
    const proposed = { rules: [{ id: 'over-100', rule: 'review if order.total > 100' }, { id: 'over-250', rule: 'reject if order.total > 250' }] };
    const res = await t.call('POST', '/v1/risk/backtest', { rule_set: proposed, days: 1 });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json() as { total: number; counts: Record<string, number>; changed: { order_id: string; order_name: string; action: string; previous: string }[]; rule_hits: Record<string, number>; orders: { order_id: string }[] };
    assert.equal(report.total, 3);
    assert.deepEqual(report.counts, { allowed: 2, reviewed: 0, rejected: 1, verified: 0 });
    // Totals: 15.00, 55.00, 305.00 — only the last crosses either line.
    assert.deepEqual(report.changed.map((c) => [c.order_id, c.order_name, c.action, c.previous]), [[ids[2], names[2], 'reject', 'allow']]);
    assert.deepEqual(report.rule_hits, { 'over-100': 1, 'over-250': 1 });
    assert.deepEqual(report.orders.map((o) => o.order_id), [...ids].reverse(), 'newest first');
    // A stored version backtests the same way; it must be one of the tenant's.
    const stored = await t.call('POST', '/v1/risk/backtest', { version: 2, days: 1 });
    assert.deepEqual([stored.statusCode, stored.json().changed], [200, []], 'the rules the orders were screened with change nothing');
  });

  test('bad backtests are refused naming the field', async () => {
    assertProblem(await t.call('POST', '/v1/risk/backtest', { days: 1 }), { status: 400, code: 'REQUEST_INVALID', field: 'rule_set' });
    assertProblem(await t.call('POST', '/v1/risk/backtest', { version: 1, days: 91 }), { status: 400, code: 'REQUEST_INVALID' });
    assertProblem(await t.call('POST', '/v1/risk/backtest', { rule_set: { rules: [{ id: 'x', rule: 'review if nope' }] } }), { status: 422, code: 'RISK_RULE_SET_INVALID', field: 'rule_set.rules[0].rule' });
    assertProblem(await t.call('POST', '/v1/risk/backtest', { version: 42 }), { status: 404, code: 'RISK_RULE_SET_NOT_FOUND' });
  });
});

describe('money in rules (ADR 0030 "Money in rules")', () => {
  /** A tenant of its own that sells in USD and JPY: one screened order in each. */
  async function twoCurrencyShop() {
    const shop = await createTenant(t);
    await setFraudScreening(t.app, shop.key, true);
    await createLocation(t, 'MC-WH', {}, shop.key);
    const item = await stockedProduct(t, { 'MC-WH': 1000 }, {}, shop.key);
    const capture = async (currency: string, unitPrice: string) => {
      const body = orderBody([{ sku: item, quantity: 1, unit_price: unitPrice }], { currency, placed_at: new Date().toISOString(), shipping: { service_level: 'standard', price: '0' }, customer: { email: `${uniqueCode('mc').toLowerCase()}@shop.test` } });
      const res = await t.call('POST', '/v1/orders', body, { key: shop.key });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; risk: { action: string } };
    };
    return { key: shop.key, capture };
  }

  test('a shop selling in two currencies cannot save amounts without one: 422 names each, and how to fix it', async () => {
    const shop = await twoCurrencyShop();
    await shop.capture('USD', '15.00');
    await shop.capture('JPY', '1500');
    const bare = { rules: [{ id: 'disposable-big', rule: 'review if email.disposable and order.total > 200' }, { id: 'free', rule: 'review if email.free' }] };
    const res = await t.call('POST', '/v1/risk/rule-sets', bare, { key: shop.key });
    const errors = assertProblem(res, { status: 422, code: 'RISK_RULE_SET_INVALID', field: 'rules[0].rule' }).errors as { field: string; message: string }[];
    assert.deepEqual(errors.map((e) => e.field), ['rules[0].rule']);
    assert.match(errors[0]?.message ?? '', /^RULE_CURRENCY_AMBIGUOUS: column 46: 200 names no currency, and this shop's recent orders are in JPY, USD, so it would mean 200 in each \(200 JPY, 200 USD\).*fix: write 200 JPY .*or set settings\.currency/);
    assert.deepEqual((await t.call('GET', '/v1/risk/rule-sets', undefined, { key: shop.key })).json().data, [], 'nothing written');

    const withCurrency = await t.call('POST', '/v1/risk/rule-sets', { ...bare, settings: { currency: 'USD' } }, { key: shop.key });
    assert.equal(withCurrency.statusCode, 201, withCurrency.body);
    assert.equal(withCurrency.json().settings.currency, 'USD', 'the view says which currency its amounts are in');
    const named = await t.call('POST', '/v1/risk/rule-sets', { rules: [{ id: 'big', rule: 'review if order.total > 200 USD or order.total > 30000 JPY' }] }, { key: shop.key });
    assert.equal(named.statusCode, 201, named.body);
    assert.equal(named.json().settings.currency, null);
  });

  test('refusals that need no orders: mixed amounts, an unknown currency, a high value too precise for it', async () => {
    const shop = await twoCurrencyShop();
    const cases: [unknown, string, RegExp][] = [
      [{ rules: [{ id: 'a', rule: 'review if order.total > 200 USD' }, { id: 'b', rule: 'verify if order.total >= 250' }] }, 'rules[1].rule', /RULE_CURRENCY_AMBIGUOUS: column 26: 250 names no currency, while rule "a" compares with 200 USD/],
      [{ rules: [{ id: 'a', rule: 'review if order.total > 200.5 JPY' }] }, 'rules[0].rule', /RULE_AMOUNT_INVALID: column 25: 200\.5 JPY has more than 0 decimal places/],
      [{ rules: [{ id: 'a', rule: 'review if order.total > 200 XYZ' }] }, 'rules[0].rule', /RULE_UNKNOWN_CURRENCY/],
      [{ rules: [], settings: { currency: 'XYZ' } }, 'settings.currency', /not an ISO 4217 currency code/],
      [{ rules: [], settings: { currency: 'JPY', high_value: '500.5' } }, 'settings.high_value', /in JPY with at most 0 decimal places/],
    ];
    for (const [body, field, message] of cases) {
      const res = await t.call('POST', '/v1/risk/rule-sets', body, { key: shop.key });
      const errors = assertProblem(res, { status: 422, code: 'RISK_RULE_SET_INVALID', field }).errors as { field: string; message: string }[];
      assert.match(errors.find((e) => e.field === field)?.message ?? '', message, field);
    }
  });

  test('capture and backtest read amounts alike: each order meets its own currency’s threshold', async () => {
    const shop = await twoCurrencyShop();
    const rules = [{ id: 'big', rule: 'review if order.total > 200 USD or order.total > 30000 JPY' }];
    const active = await t.call('POST', '/v1/risk/rule-sets', { rules, activate: true }, { key: shop.key });
    assert.equal(active.statusCode, 201, active.body);
    const captured = [await shop.capture('USD', '250.00'), await shop.capture('USD', '150.00'), await shop.capture('JPY', '35000'), await shop.capture('JPY', '1500'), await shop.capture('EUR', '5000.00')];
    assert.deepEqual(captured.map((o) => o.risk.action), ['review', 'allow', 'review', 'allow', 'allow'], 'USD 250 and JPY 35,000 are big; USD 150, JPY 1,500 and EUR 5,000 are not (no EUR threshold)');
    const same = await t.call('POST', '/v1/risk/backtest', { rule_set: { rules }, days: 1 }, { key: shop.key });
    assert.equal(same.statusCode, 200, same.body);
    assert.deepEqual([same.json().changed, same.json().rule_hits], [[], { big: 2 }], 'the backtest decides as capture did');
    // The reading without a currency, backtested (not saved): 200 is 200 JPY on a JPY order.
    const bare = await t.call('POST', '/v1/risk/backtest', { rule_set: { rules: [{ id: 'big', rule: 'review if order.total > 200' }] }, days: 1 }, { key: shop.key });
    assert.equal(bare.statusCode, 200, bare.body);
    assert.deepEqual((bare.json().changed as { order_id: string; action: string }[]).map((c) => [c.order_id, c.action]).sort(), [[captured[3]?.id, 'review'], [captured[4]?.id, 'review']].sort(), 'JPY 1,500 and EUR 5,000 would be held');
  });
});
