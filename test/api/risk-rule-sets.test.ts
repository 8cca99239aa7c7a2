import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { assertProblem, expectRefusedWithoutWrites } from '../support/bad-input.js';
import { createApiKey, createLocation, orderBody, stockedProduct, uniqueCode } from '../support/factories.js';
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
