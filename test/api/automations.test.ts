// test-files: database server (rules run by the outbox relay in its transaction; waits claimed FOR UPDATE SKIP LOCKED by the job)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import type { RelayedEvent } from '../../src/platform/outbox/subscribers.js';
import { automationSubscriber } from '../../src/flows/automations/steps/run-rules.js';
import { resumeWaitingRuns } from '../../src/flows/automations/jobs/resume-waits.js';
import { LOOP_GUARD, pruneRuns } from '../../src/modules/automations/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { relayAll } from '../support/relay.js';
import { adjust, createLocation, createProduct, createTenant, placeOrder } from '../support/factories.js';

// Automation rules end to end (ADR 0038): rules written through the API, run by the outbox relay's
// subscriber for the events of real orders, logged as runs; waits resumed by the job at a later
// clock; the loop guard; dry runs; the default rules that send the customer messages.

let t: TestApp;
const sku = 'AU-MUG';
const US = { name: 'Ada Lovelace', line1: '12 Analytical Way', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' };
const CA = { name: 'Grace Hopper', line1: '1 Bay St', city: 'Toronto', region: 'ON', postal_code: 'M5J 2N8', country: 'CA' };

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'AU-WH');
  await createProduct(t, sku, { name: 'Enamel mug' });
  await adjust(t, sku, 'AU-WH', 1000);
});
after(() => t.close());

/** Relays until the outbox is empty: the events the rules append are relayed in the rounds after. */
async function relay(): Promise<void> {
  for (let round = 0; round < 30; round++) {
    await relayAll(t.database.db, [automationSubscriber]);
    const [left] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from outbox`);
    if (left?.n === 0) return;
  }
  assert.fail('the outbox never emptied');
}

function order(total: string, address = US, overrides: Record<string, unknown> = {}) {
  return placeOrder(t, [{ sku, quantity: 1, unit_price: total }], { shipping_address: address, customer: { email: `au-${Math.random().toString(36).slice(2)}@customers.test`, name: 'Ada', phone: null }, ...overrides });
}

async function createRule(body: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const res = await t.call('POST', '/v1/automations', body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

interface RunJson {
  id: string;
  rule_id: string;
  status: string;
  order_id: string;
  order_number: number | null;
  event_type: string;
  depth: number;
  reason: string | null;
  condition_result: boolean | null;
  facts: Record<string, unknown>;
  outcomes: { action: number; type: string; result: string; detail: string }[];
  resume_at: string | null;
}

async function runsOf(ruleId: string, orderId?: string): Promise<RunJson[]> {
  const res = await t.call('GET', `/v1/automations/${ruleId}/runs?limit=500${orderId ? `&order_id=${orderId}` : ''}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().data;
}

async function orderJson(id: string): Promise<{ tags: string[]; status: string; number: number }> {
  return (await t.call('GET', `/v1/orders/${id}`)).json();
}

async function count(table: 'automation_runs' | 'events' | 'automation_rules' | 'notifications' | 'order_holds'): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return row?.n ?? -1;
}

describe('a rule that tags and holds high-value orders to the US', () => {
  test('matching orders are tagged and held by the rule (who: automation:<id>), the others logged as not matched', async () => {
    const rule = await createRule({
      name: 'Hold big US orders',
      trigger: 'order.created',
      condition: 'order.total > 400 and shipping.country = "US"',
      actions: [{ type: 'add_tag', tag: 'high-value' }, { type: 'place_hold', hold_type: 'manual', reason: 'high value to the US: check the payment' }],
    });
    const big = await order('450.00');
    const small = await order('20.00');
    const abroad = await order('450.00', CA);
    await relay();

    assert.ok((await orderJson(big.id)).tags.includes('high-value'), 'the big US order is tagged');
    assert.ok(!(await orderJson(small.id)).tags.includes('high-value'), 'the small order is not tagged');
    assert.ok(!(await orderJson(abroad.id)).tags.includes('high-value'), 'the order to Canada is not tagged');
    const holds = (await t.call('GET', `/v1/orders/${big.id}/holds`)).json().data as { type: string; active: boolean; placed_by: string; reason: string }[];
    assert.deepEqual(holds.map((h) => [h.type, h.active, h.placed_by]), [['manual', true, `automation:${rule.id}`]]);
    assert.deepEqual((await t.call('GET', `/v1/orders/${abroad.id}/holds`)).json().data, []);

    // The history says who and why: the rule's actor, its run and the chain depth on every event it caused.
    const events = await queryRows<{ type: string; actor: string; data: { automation?: { rule_id: string; run_id: string; depth: number } } }>(t.database.db, sql`select type, actor, data from events where aggregate_id = ${big.id} and actor like 'automation:%' order by seq`);
    assert.deepEqual(events.map((e) => e.type), ['order.tags_changed', 'order.held']);
    for (const e of events) assert.deepEqual([e.actor, e.data.automation?.rule_id, e.data.automation?.depth], [`automation:${rule.id}`, rule.id, 1]);

    const [run] = await runsOf(rule.id, big.id);
    assert.equal(run?.status, 'completed');
    assert.equal(run?.condition_result, true);
    assert.equal(run?.facts['shipping.country'], 'US');
    assert.equal(run?.facts['order.total'], 45500);
    assert.deepEqual(run?.outcomes.map((o) => [o.type, o.result]), [['add_tag', 'done'], ['place_hold', 'done']]);
    assert.equal(events[0]?.data.automation?.run_id, run?.id);
    const [other] = await runsOf(rule.id, abroad.id);
    assert.deepEqual([other?.status, other?.condition_result, other?.outcomes], ['not_matched', false, []]);
    // The order's runs, every rule's (the default confirmation's too).
    const all = (await t.call('GET', `/v1/automation-runs?order_id=${big.id}`)).json().data as RunJson[];
    assert.ok(all.some((r) => r.id === run?.id) && all.every((r) => r.order_id === big.id), 'the order’s runs are this order’s, the rule’s among them');

    // A replayed event adds no second run (unique per rule × event).
    const before = await count('automation_runs');
    const [stored] = await queryRows<{ id: string; data: Record<string, unknown> }>(t.database.db, sql`select id, data from events where aggregate_id = ${big.id} and type = 'order.created'`);
    const replay = { seq: 0, tenantId: t.tenantId, id: stored?.id, type: 'order.created', aggregateType: 'order', aggregateId: big.id, actor: 'test', at: new Date(), data: stored?.data } as unknown as RelayedEvent;
    await inTransaction(t.database.db, (tx) => automationSubscriber.handle(tx, replay, new Date()));
    assert.equal(await count('automation_runs'), before);
    assert.equal((await orderJson(big.id)).tags.filter((x) => x === 'high-value').length, 1);
    assert.equal((await t.call('PATCH', `/v1/automations/${rule.id}`, { enabled: false })).statusCode, 200);
  });
});

describe('a rule that waits', () => {
  test('the run waits as a row; the job resumes it when its time comes, checks the condition again, and runs the rest or ends not matched', async () => {
    const rule = await createRule({
      name: 'Flag orders nobody reviewed in a day',
      trigger: 'order.created',
      condition: 'order.total > 300 and not ("reviewed" in order.tags)',
      actions: [{ type: 'wait', hours: 24 }, { type: 'add_tag', tag: 'stale' }],
    });
    const forgotten = await order('333.00');
    const reviewed = await order('334.00');
    await relay();
    const [waiting] = await runsOf(rule.id, forgotten.id);
    assert.equal(waiting?.status, 'waiting');
    const resumeAt = new Date(waiting?.resume_at ?? '');
    assert.ok(resumeAt.getTime() > Date.now() + 23 * 3_600_000, `resume_at ${waiting?.resume_at} is a day away`);
    assert.equal((await t.call('PUT', `/v1/orders/${reviewed.id}/tags`, { tags: ['test', 'reviewed'] })).statusCode, 200);
    await relay();

    // Not due yet: nothing happens.
    await resumeWaitingRuns(t.database.db, new Date(resumeAt.getTime() - 60_000));
    assert.equal((await runsOf(rule.id, forgotten.id))[0]?.status, 'waiting');
    // A day later (the clock the job is given): the rest runs, or the run ends.
    let handled = 0;
    for (let i = 0; i < 10; i++) {
      const r = await resumeWaitingRuns(t.database.db, new Date(resumeAt.getTime() + 60_000));
      handled += r.handled;
      if (!r.more) break;
    }
    assert.ok(handled >= 2, `the job resumed ${handled} runs`);
    const [done] = await runsOf(rule.id, forgotten.id);
    assert.equal(done?.status, 'completed');
    assert.deepEqual(done?.outcomes.map((o) => [o.type, o.result]), [['wait', 'waiting'], ['add_tag', 'done']]);
    assert.ok((await orderJson(forgotten.id)).tags.includes('stale'), 'the unreviewed order is tagged after the wait');
    const [ended] = await runsOf(rule.id, reviewed.id);
    assert.deepEqual([ended?.status, ended?.condition_result, ended?.reason], ['not_matched', false, 'after the wait the condition no longer held']);
    assert.ok(!(await orderJson(reviewed.id)).tags.includes('stale'), 'the reviewed order is not tagged');
    assert.equal((await t.call('PATCH', `/v1/automations/${rule.id}`, { enabled: false })).statusCode, 200);
  });
});

describe('the loop guard', () => {
  test('two rules undoing each other on order.tags_changed stop at the chain depth, logged as loop_guarded', async () => {
    const a = await createRule({ name: 'Loop A', trigger: 'order.tags_changed', condition: '"loop-start" in order.tags', actions: [{ type: 'add_tag', tag: 'loop-a' }] });
    const b = await createRule({ name: 'Loop B', trigger: 'order.tags_changed', condition: '"loop-start" in order.tags', actions: [{ type: 'remove_tag', tag: 'loop-a' }] });
    const placed = await order('15.00');
    await relay();
    assert.equal((await t.call('PUT', `/v1/orders/${placed.id}/tags`, { tags: ['loop-start'] })).statusCode, 200);
    await relay();
    const runs = [...(await runsOf(a.id, placed.id)), ...(await runsOf(b.id, placed.id))];
    const guarded = runs.filter((r) => r.status === 'loop_guarded');
    assert.ok(guarded.length > 0, `some run was guarded: ${JSON.stringify(runs.map((r) => [r.status, r.depth]))}`);
    for (const r of guarded) {
      assert.equal(r.depth, 3);
      assert.match(r.reason ?? '', /caused by 3 automations in a row/);
    }
    assert.ok(runs.every((r) => r.depth <= 3), 'no run from an event deeper than 3');
    const changes = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from events where aggregate_id = ${placed.id} and type = 'order.tags_changed'`);
    assert.ok((changes[0]?.n ?? 0) < 20, `the loop stopped after ${changes[0]?.n} tag changes`);
    for (const id of [a.id, b.id]) assert.equal((await t.call('PATCH', `/v1/automations/${id}`, { enabled: false })).statusCode, 200);
  });
});

describe('a dry run', () => {
  test('shows the facts, the match and what each action would do, and writes nothing', async () => {
    const rule = await createRule({ name: 'Dry', trigger: 'order.created', condition: 'order.total > 400', actions: [{ type: 'add_tag', tag: 'dry' }, { type: 'place_hold', hold_type: 'manual', reason: 'dry' }, { type: 'wait', hours: 2 }, { type: 'remove_tag', tag: 'dry' }], enabled: false });
    const placed = await order('480.00');
    await relay();
    const counts = await Promise.all((['automation_runs', 'events', 'notifications', 'order_holds'] as const).map(count));
    const res = await t.call('POST', `/v1/automations/${rule.id}/dry-run`, { order_id: placed.id });
    assert.equal(res.statusCode, 200, res.body);
    const dry = res.json();
    assert.equal(dry.status, 'matched');
    assert.equal(dry.event_type, 'order.created');
    assert.match(dry.event_id, /^evt_/);
    assert.equal(dry.facts['order.total'], 48500);
    assert.deepEqual(dry.outcomes.map((o: { type: string; result: string }) => [o.type, o.result]), [['add_tag', 'would_run'], ['place_hold', 'would_run'], ['wait', 'waiting']]);
    // An unsaved rule on the same order: not matched.
    const unsaved = await t.call('POST', '/v1/automations/dry-run', { order_id: placed.id, rule: { name: 'Try', trigger: 'order.created', condition: 'shipping.country = "DE"', actions: [{ type: 'add_tag', tag: 'x' }] } });
    assert.equal(unsaved.statusCode, 200, unsaved.body);
    assert.deepEqual([unsaved.json().status, unsaved.json().condition_result, unsaved.json().outcomes], ['not_matched', false, []]);
    // A default rule's message is composed, not queued.
    const message = await t.call('POST', '/v1/automations/default.order_confirmation.order.created/dry-run', { order_id: placed.id });
    assert.equal(message.statusCode, 200, message.body);
    assert.equal(message.json().outcomes[0]?.result, 'would_run');
    assert.match(message.json().outcomes[0]?.detail, /^queue order_confirmation to au-[a-z0-9]+@customers\.test by email/);
    assert.deepEqual(await Promise.all((['automation_runs', 'events', 'notifications', 'order_holds'] as const).map(count)), counts, 'nothing was written');
    assert.ok(!(await orderJson(placed.id)).tags.includes('dry'), 'the dry run tagged nothing');
    const bad = await t.call('POST', '/v1/automations/dry-run', { order_id: placed.id, rule: { name: 'Try', trigger: 'order.created', condition: 'order.total >', actions: [{ type: 'add_tag', tag: 'x' }] } });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.equal(bad.json().errors[0].field, 'body.condition');
  });
});

describe('default rules send the customer messages', () => {
  const confirmation = 'default.order_confirmation.order.created';

  test('listed with default: true; turned off, that message stops (and no run is logged); turned on again, it is sent; DELETE undoes the change', async () => {
    const list = (await t.call('GET', '/v1/automations?limit=500')).json().data as { id: string; default: boolean; enabled: boolean; version: number; actions: unknown[] }[];
    const d = list.find((r) => r.id === confirmation);
    assert.deepEqual([d?.default, d?.enabled, d?.version, d?.actions], [true, true, 0, [{ type: 'send_template', template: 'order_confirmation' }]]);
    assert.ok(list.some((r) => r.id === 'default.shipping_confirmation.shipment.created'), 'the shipping confirmation’s default rule is listed');

    const off = await t.call('PATCH', `/v1/automations/${confirmation}`, { enabled: false }, { headers: { 'if-match': '0' } });
    assert.equal(off.statusCode, 200, off.body);
    assert.deepEqual([off.json().enabled, off.json().version], [false, 1]);
    const silent = await order('12.00');
    await relay();
    const rows = async (id: string) => queryRows<{ template: string }>(t.database.db, sql`select template from notifications where order_id = ${id}`);
    assert.deepEqual(await rows(silent.id), [], 'no confirmation while the rule is off');
    assert.deepEqual(await runsOf(confirmation, silent.id), []);

    // A stale version is refused; the current one turns it on again.
    const stale = await t.call('PATCH', `/v1/automations/${confirmation}`, { enabled: true }, { headers: { 'if-match': '0' } });
    assert.equal(stale.statusCode, 409, stale.body);
    assert.equal(stale.json().code, 'AUTOMATION_RULE_CONFLICT');
    assert.equal((await t.call('PATCH', `/v1/automations/${confirmation}`, { enabled: true, version: 1 })).statusCode, 200);
    const loud = await order('13.00');
    await relay();
    assert.deepEqual((await rows(loud.id)).map((r) => r.template), ['order_confirmation']);
    const [run] = await runsOf(confirmation, loud.id);
    assert.deepEqual(run?.outcomes.map((o) => [o.type, o.result]), [['send_template', 'done']]);

    assert.equal((await t.call('DELETE', `/v1/automations/${confirmation}`)).statusCode, 204);
    assert.equal((await t.call('GET', `/v1/automations/${confirmation}`)).json().version, 0);
    const again = await t.call('DELETE', `/v1/automations/${confirmation}`);
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().code, 'AUTOMATION_RULE_NOT_OVERRIDDEN');
  });

  test('a message that does not apply is an outcome, not a message: an order with no e-mail or phone', async () => {
    const placed = await order('14.00', US, { customer: { email: null, name: 'Nobody', phone: null }, shipping_address: { ...US, phone: null } });
    await relay();
    const [run] = await runsOf(confirmation, placed.id);
    assert.deepEqual(run?.outcomes.map((o) => [o.result, o.detail]), [['not_applicable', 'the order has no e-mail address or mobile number to write to']]);
    assert.equal((await queryRows(t.database.db, sql`select 1 from notifications where order_id = ${placed.id}`)).length, 0);
  });
});

describe('call_webhook', () => {
  test('the endpoint named gets an automation.webhook delivery (and no other endpoint does)', async () => {
    const named = (await t.call('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/automation', events: ['order.cancelled'] })).json();
    const all = (await t.call('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/everything', events: ['order.created'] })).json();
    const rule = await createRule({ name: 'Tell the ERP', trigger: 'order.created', condition: 'order.total > 600', actions: [{ type: 'call_webhook', endpoint_id: named.id }] });
    const placed = await order('650.00');
    await relay();
    const deliveries = await queryRows<{ endpoint_id: string; event_type: string; data: Record<string, unknown> }>(
      t.database.db,
      sql`select d.endpoint_id, d.event_type, e.data from webhook_deliveries d join events e on e.tenant_id = d.tenant_id and e.id = d.event_id where e.aggregate_id = ${placed.id} and d.event_type = 'automation.webhook'`,
    );
    assert.deepEqual(deliveries.map((d) => d.endpoint_id), [named.id]);
    assert.equal(deliveries[0]?.data['rule_id'], rule.id);
    assert.equal((deliveries[0]?.data['facts'] as Record<string, unknown>)['order.total'], 65500, 'the total with shipping (5.00)');
    assert.notEqual(all.id, named.id);
    for (const id of [named.id, all.id]) await t.call('DELETE', `/v1/webhook-endpoints/${id}`);
    await t.call('PATCH', `/v1/automations/${rule.id}`, { enabled: false });
  });
});

describe('bad rules', () => {
  test('422 naming the field, nothing written; 404 for an unknown rule', async () => {
    const before = await count('automation_rules');
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', trigger: 'order.exploded', actions: [{ type: 'add_tag', tag: 'a' }] }, 'body.trigger'],
      [{ name: 'x', trigger: 'order.created', condition: 'order.colour = "red"', actions: [{ type: 'add_tag', tag: 'a' }] }, 'body.condition'],
      [{ name: 'x', trigger: 'order.created', actions: [{ type: 'add_tag', tag: 'a' }, { type: 'add_tag', tag: 'b' }, { type: 'wait', hours: 9999 }, { type: 'add_tag', tag: 'c' }] }, 'body.actions[2].hours'],
      [{ name: 'x', trigger: 'order.created', actions: [{ type: 'send_template', template: 'shipping_confirmation' }] }, 'body.actions[0].template'],
      [{ name: 'x', trigger: 'order.created', actions: [{ type: 'teleport' }] }, 'body.actions[0].type'],
      [{ name: 'x', trigger: 'order.created', actions: Array.from({ length: 21 }, () => ({ type: 'add_tag', tag: 'a' })) }, 'body.actions'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('POST', '/v1/automations', body);
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().code, 'AUTOMATION_RULE_INVALID');
      assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field), [field], res.body);
    }
    const rule = await createRule({ name: 'ok', trigger: 'order.created', actions: [{ type: 'add_tag', tag: 'a' }], enabled: false });
    const patched = await t.call('PATCH', `/v1/automations/${rule.id}`, { actions: [{ type: 'wait', hours: 0 }, { type: 'add_tag', tag: 'a' }] });
    assert.equal(patched.statusCode, 422, patched.body);
    assert.equal(patched.json().errors[0].field, 'body.actions[0].hours');
    assert.equal((await t.call('GET', `/v1/automations/${rule.id}`)).json().version, 1, 'the refused change wrote nothing');
    const trigger = await t.call('PATCH', '/v1/automations/default.delivered.shipment.delivered', { trigger: 'order.created' });
    assert.equal(trigger.statusCode, 422, trigger.body);
    assert.equal(await count('automation_rules'), before + 1);
    const missing = await t.call('GET', '/v1/automations/aut_00000000000000000000000000');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'AUTOMATION_RULE_NOT_FOUND');
    assert.equal((await t.call('DELETE', `/v1/automations/${rule.id}`, undefined, { headers: { 'if-match': '"1"' } })).statusCode, 204);
  });
});

describe('limits', () => {
  /** Rules written straight into the table: what matters here is how many there are. */
  async function storeRules(tenantId: string, from: number, to: number, trigger: string, enabled: boolean): Promise<void> {
    await t.database.db.execute(sql`
      insert into automation_rules (tenant_id, id, is_default, name, trigger, condition, actions, enabled, version, created_by, created_at, updated_by, updated_at)
      select ${tenantId}, 'aut_' || lpad(g::text, 26, '0'), false, 'Stored ' || g, ${trigger}, null, '[{"type": "add_tag", "tag": "x"}]'::jsonb, ${enabled}::boolean, 1, 'test', now(), 'test', now()
      from generate_series(${from}::int, ${to}::int) as g`);
  }

  test('50 enabled rules per trigger and 200 rules per tenant: past either, 422 naming the field and what to do, nothing written', async () => {
    const tenant = await createTenant(t);
    const call = (method: 'POST' | 'PATCH', url: string, body: unknown) => t.call(method, url, body, { key: tenant.key });
    const refused = async (res: Awaited<ReturnType<typeof call>>, field: string) => {
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().code, 'AUTOMATION_RULE_LIMIT_REACHED');
      assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field), [field], res.body);
      return res.json().errors[0].message as string;
    };
    const stored = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from automation_rules where tenant_id = ${tenant.id}`))[0]?.n;
    const rule = { name: 'One more', trigger: 'order.note_added', actions: [{ type: 'add_tag', tag: 'noted' }] };

    await storeRules(tenant.id, 1, 50, 'order.note_added', true);
    assert.match(await refused(await call('POST', '/v1/automations', rule), 'body.trigger'), /already has 50 enabled rules: turn one off .* or save this rule with "enabled": false/);
    assert.equal(await stored(), 50, 'the refused rule was not written');
    const off = await call('POST', '/v1/automations', { ...rule, enabled: false });
    assert.equal(off.statusCode, 201, off.body);
    await refused(await call('PATCH', `/v1/automations/${off.json().id}`, { enabled: true }), 'body.trigger');
    assert.equal((await call('PATCH', `/v1/automations/${off.json().id}`, { enabled: true, trigger: 'order.tags_changed' })).statusCode, 200, 'another trigger has room');

    await storeRules(tenant.id, 51, 199, 'order.edited', false);
    assert.equal(await stored(), 200);
    assert.match(await refused(await call('POST', '/v1/automations', { ...rule, enabled: false }), 'body'), /delete rules you no longer use/);
    assert.equal(await stored(), 200, 'the 201st rule was not written');
  });
});

describe('a saved condition that no longer parses', () => {
  test('the run is recorded failed with the reason (the event is not held up); a dry run answers 422 naming condition', async () => {
    const rule = await createRule({ name: 'Broken later', trigger: 'order.created', condition: 'order.total > 1', actions: [{ type: 'add_tag', tag: 'broken' }] });
    // As if a fact the condition reads had been removed since it was saved.
    await t.database.db.execute(sql`update automation_rules set condition = 'order.colour = "red"' where id = ${rule.id}`);
    const placed = await order('21.00');
    await relay();
    const [run] = await runsOf(rule.id, placed.id);
    assert.equal(run?.status, 'failed');
    assert.match(run?.reason ?? '', /condition no longer parses: .*order\.colour/);
    assert.ok(!(await orderJson(placed.id)).tags.includes('broken'), 'no action ran');

    const dry = await t.call('POST', `/v1/automations/${rule.id}/dry-run`, { order_id: placed.id });
    assert.equal(dry.statusCode, 422, dry.body);
    assert.equal(dry.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(dry.json().code, 'AUTOMATION_RULE_CONDITION_INVALID');
    assert.deepEqual(dry.json().errors.map((e: { field: string }) => e.field), ['condition']);
    assert.equal((await t.call('PATCH', `/v1/automations/${rule.id}`, { enabled: false })).statusCode, 200, 'it can still be turned off');
  });
});

describe('PATCH checks what it changes', () => {
  test('a rule whose webhook endpoint was deleted can be renamed and turned off; new actions are checked whole', async () => {
    const endpoint = (await t.call('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/gone', events: ['order.cancelled'] })).json();
    const rule = await createRule({ name: 'Tell a gone endpoint', trigger: 'order.note_added', actions: [{ type: 'add_tag', tag: 'told' }, { type: 'call_webhook', endpoint_id: endpoint.id }] });
    assert.equal((await t.call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).statusCode, 204);

    const off = await t.call('PATCH', `/v1/automations/${rule.id}`, { enabled: false });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal((await t.call('PATCH', `/v1/automations/${rule.id}`, { name: 'Renamed' })).statusCode, 200);
    const actions = await t.call('PATCH', `/v1/automations/${rule.id}`, { actions: [{ type: 'add_tag', tag: 'told' }, { type: 'call_webhook', endpoint_id: endpoint.id }] });
    assert.equal(actions.statusCode, 422, actions.body);
    assert.deepEqual(actions.json().errors.map((e: { field: string }) => e.field), ['body.actions[1].endpoint_id']);
    const fixed = await t.call('PATCH', `/v1/automations/${rule.id}`, { actions: [{ type: 'add_tag', tag: 'told' }] });
    assert.equal(fixed.statusCode, 200, fixed.body);
    assert.equal(fixed.json().version, 4);
  });
});

describe('recovering an endpoint’s deliveries', () => {
  test('an automation.webhook is recovered for the endpoint it names only, whatever the patterns', async () => {
    const named = (await t.call('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/named', events: ['order.cancelled'] })).json();
    const everything = (await t.call('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/all', events: ['*'] })).json();
    assert.equal((await t.call('PATCH', `/v1/webhook-endpoints/${named.id}`, { enabled: false })).statusCode, 200);
    const rule = await createRule({ name: 'Tell the named one', trigger: 'order.created', condition: 'order.total > 700', actions: [{ type: 'call_webhook', endpoint_id: named.id }] });
    const placed = await order('750.00');
    await relay();
    const [event] = await queryRows<{ at: Date }>(t.database.db, sql`select at from events where aggregate_id = ${placed.id} and type = 'automation.webhook'`);
    assert.ok(event, 'the rule appended its automation.webhook');
    const deliveredTo = async () =>
      (await queryRows<{ endpoint_id: string }>(t.database.db, sql`select d.endpoint_id from webhook_deliveries d join events e on e.tenant_id = d.tenant_id and e.id = d.event_id where e.aggregate_id = ${placed.id} and e.type = 'automation.webhook'`)).map((d) => d.endpoint_id);
    assert.deepEqual(await deliveredTo(), [], 'the named endpoint was disabled; the other is not named');

    assert.equal((await t.call('PATCH', `/v1/webhook-endpoints/${named.id}`, { enabled: true })).statusCode, 200);
    const since = new Date(event.at).toISOString();
    for (const id of [everything.id, named.id]) {
      const res = await t.call('POST', `/v1/webhook-endpoints/${id}/recover`, { since });
      assert.equal(res.statusCode, 202, res.body);
    }
    assert.deepEqual(await deliveredTo(), [named.id]);
    for (const id of [named.id, everything.id]) await t.call('DELETE', `/v1/webhook-endpoints/${id}`);
    await t.call('PATCH', `/v1/automations/${rule.id}`, { enabled: false });
  });
});

describe('a dry run for a shipment trigger', () => {
  test('finds the shipment’s event of the order (it names the order in data.order_id)', async () => {
    const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
    assert.equal((await t.call('PUT', '/v1/boxes/AU-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
    assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
    await createLocation(t, 'AU-SHIP', { address: NEWARK, cutoff_time: '23:59' });
    await createProduct(t, 'AU-SHIP-MUG', { name: 'Shipped mug', dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 300 });
    await adjust(t, 'AU-SHIP-MUG', 'AU-SHIP', 10);
    const placed = await placeOrder(t, [{ sku: 'AU-SHIP-MUG', quantity: 1, unit_price: '10.00' }], { shipping_address: US });
    const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${placed.id}`)).json().data as { id: string }[];
    assert.ok(fo, 'the order has a fulfillment order');
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, { carrier: 'usps' });
    assert.equal(shipped.statusCode, 201, shipped.body);
    await relay();
    const [created] = await queryRows<{ id: string; aggregate_type: string }>(t.database.db, sql`select id, aggregate_type from events where type = 'shipment.created' and data->>'order_id' = ${placed.id}`);
    assert.equal(created?.aggregate_type, 'shipment', 'the event is the shipment’s, not the order’s');

    const rule = await createRule({ name: 'Shipped', trigger: 'shipment.created', actions: [{ type: 'add_tag', tag: 'shipped' }], enabled: false });
    const res = await t.call('POST', `/v1/automations/${rule.id}/dry-run`, { order_id: placed.id });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().event_type, res.json().event_id, res.json().status], ['shipment.created', created?.id, 'matched']);
  });
});

describe('the runs name the order by its number too', () => {
  test('order_number beside order_id in a rule’s runs and in an order’s runs (read from the orders module)', async () => {
    const rule = await createRule({ name: 'Numbered', trigger: 'order.created', condition: 'order.total > 900', actions: [{ type: 'add_tag', tag: 'numbered' }] });
    const placed = await order('901.00');
    await relay();
    const [run] = await runsOf(rule.id, placed.id);
    const { number } = await orderJson(placed.id);
    assert.ok(Number.isInteger(number), 'the order has a number');
    assert.deepEqual([run?.order_id, run?.order_number], [placed.id, number], 'the rule’s run names the order’s number');
    const all = (await t.call('GET', `/v1/automation-runs?order_id=${placed.id}`)).json().data as RunJson[];
    assert.ok(all.length >= 2, 'the rule’s run and the default confirmation’s');
    assert.deepEqual([...new Set(all.map((r) => r.order_number))], [number], 'every run of the order names its number');
    assert.equal((await t.call('PATCH', `/v1/automations/${rule.id}`, { enabled: false })).statusCode, 200);
  });
});

describe('the order timeline names the rule', () => {
  interface TimelineEvent { type: string; actor: string; actor_label: string; data: { automation?: { rule_id: string; rule_name?: string } } }
  const timeline = async (orderId: string) => {
    const res = await t.call('GET', `/v1/orders/${orderId}/events`);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().data as TimelineEvent[]).filter((e) => e.actor.startsWith('automation:'));
  };

  test('an automation’s change: actor automation:<rule id>, label the rule’s name as it was; older events without the name: the rule’s name now', async () => {
    const rule = await createRule({ name: 'Tag the big ones', trigger: 'order.created', condition: 'order.total > 950', actions: [{ type: 'add_tag', tag: 'big-one' }] });
    const placed = await order('951.00');
    await relay();
    const [changed] = await timeline(placed.id);
    assert.equal(changed?.type, 'order.tags_changed');
    assert.equal(changed?.actor, `automation:${rule.id}`, 'the actor keeps the rule’s id');
    assert.equal(changed?.actor_label, 'automation “Tag the big ones”', 'a support agent reads the rule’s name');
    assert.deepEqual([changed?.data.automation?.rule_id, changed?.data.automation?.rule_name], [rule.id, 'Tag the big ones'], 'the event carries the name');

    // Renamed since: the timeline still says what the rule was called when it acted.
    assert.equal((await t.call('PATCH', `/v1/automations/${rule.id}`, { name: 'Tag orders over 950', enabled: false })).statusCode, 200);
    assert.equal((await timeline(placed.id))[0]?.actor_label, 'automation “Tag the big ones”');
    // An event written before the name was carried: the rule's name now.
    await t.database.db.execute(sql`update events set data = data #- '{automation,rule_name}' where aggregate_id = ${placed.id} and actor = ${`automation:${rule.id}`}`);
    assert.equal((await timeline(placed.id))[0]?.actor_label, 'automation “Tag orders over 950”');
    // The rule deleted since: the actor itself.
    assert.equal((await t.call('DELETE', `/v1/automations/${rule.id}`)).statusCode, 204);
    assert.equal((await timeline(placed.id))[0]?.actor_label, `automation:${rule.id}`);
  });
});

describe('the holds an automation places name the rule', () => {
  test('GET /v1/orders/{id}/holds: placed by automation:<rule id>, labelled with the rule’s name', async () => {
    const rule = await createRule({ name: 'Hold the huge ones', trigger: 'order.created', condition: 'order.total > 970', actions: [{ type: 'place_hold', hold_type: 'manual', reason: 'check it' }] });
    const placed = await order('971.00');
    await relay();
    const res = await t.call('GET', `/v1/orders/${placed.id}/holds`);
    assert.equal(res.statusCode, 200, res.body);
    const hold = (res.json().data as { placed_by: string; placed_by_label: string }[]).find((h) => h.placed_by.startsWith('automation:'));
    assert.deepEqual([hold?.placed_by, hold?.placed_by_label], [`automation:${rule.id}`, 'automation “Hold the huge ones”']);
    assert.equal((await t.call('PATCH', `/v1/automations/${rule.id}`, { enabled: false })).statusCode, 200);
  });
});

describe('the hourly loop guard and the default rules', () => {
  test(`a default rule fires more than ${LOOP_GUARD.maxFiresPerOrderPerHour} times an hour for one order (its own limit, ${LOOP_GUARD.maxDefaultFiresPerOrderPerHour}); an own rule on the same events is guarded after ${LOOP_GUARD.maxFiresPerOrderPerHour}`, async () => {
    const placed = await order('17.00');
    await relay();
    const rule = await createRule({ name: 'Every order.created', trigger: 'order.created', condition: '"hourly" in order.tags', actions: [{ type: 'add_tag', tag: 'hourly-seen' }] });
    assert.equal((await t.call('PUT', `/v1/orders/${placed.id}/tags`, { tags: ['hourly'] })).statusCode, 200);
    await relay();
    const [stored] = await queryRows<{ data: Record<string, unknown> }>(t.database.db, sql`select data from events where aggregate_id = ${placed.id} and type = 'order.created'`);
    // As many order.created events for the order within the hour as a split order has shipments.
    const fires = LOOP_GUARD.maxFiresPerOrderPerHour + 2;
    for (let i = 0; i < fires; i++) {
      const event = { seq: 0, tenantId: t.tenantId, id: `evt_hourly${String(i).padStart(20, '0')}${placed.id.slice(-6)}`, type: 'order.created', aggregateType: 'order', aggregateId: placed.id, actor: 'test', at: new Date(), data: stored?.data ?? {} } as unknown as RelayedEvent;
      await inTransaction(t.database.db, (tx) => automationSubscriber.handle(tx, event, new Date()));
    }
    const own = await runsOf(rule.id, placed.id);
    const statuses = (list: RunJson[]) => list.reduce<Record<string, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});
    assert.deepEqual(statuses(own), { completed: LOOP_GUARD.maxFiresPerOrderPerHour, loop_guarded: 2 }, 'the own rule is guarded after its limit');
    assert.match(own.find((r) => r.status === 'loop_guarded')?.reason ?? '', /already fired 10 times for this order in the past hour \(at most 10\)/);
    const defaults = (await runsOf('default.order_confirmation.order.created', placed.id)).filter((r) => r.status !== 'not_matched');
    assert.equal(defaults.length, fires + 1, 'the default rule ran for each event (and the first)');
    assert.ok(defaults.every((r) => r.status === 'completed'), `no default run was guarded: ${JSON.stringify(defaults.map((r) => [r.status, r.reason]))}`);
    assert.equal((await t.call('PATCH', `/v1/automations/${rule.id}`, { enabled: false })).statusCode, 200);
  });
});

describe('retention of runs', () => {
  test('finished runs older than the retention are deleted by the job; waiting ones stay, however old; newer ones stay', async () => {
    const rule = await createRule({ name: 'Kept a while', trigger: 'order.created', condition: 'order.total > 980', actions: [{ type: 'add_tag', tag: 'kept' }] });
    const waits = await createRule({ name: 'Waits long', trigger: 'order.created', condition: 'order.total > 980', actions: [{ type: 'wait', hours: 720 }, { type: 'add_tag', tag: 'much-later' }] });
    const old = await order('981.00');
    const recent = await order('982.00');
    await relay();
    const runIds = async (orderId: string) => (await queryRows<{ id: string; rule_id: string; status: string }>(t.database.db, sql`select id, rule_id, status from automation_runs where order_id = ${orderId} order by id`));
    const before = await runIds(old.id);
    assert.ok(before.some((r) => r.rule_id === waits.id && r.status === 'waiting'), 'a waiting run');
    assert.ok(before.some((r) => r.rule_id === rule.id && r.status === 'completed'), 'a completed run');
    assert.ok(before.some((r) => r.status === 'completed' && r.rule_id.startsWith('default.')), 'the default confirmation’s run');
    // The old order's runs finished (or began waiting) 91 days ago; the recent one's 89 days ago.
    const day = 86_400_000;
    await t.database.db.execute(sql`update automation_runs set created_at = created_at - interval '91 days', updated_at = updated_at - interval '91 days' where order_id = ${old.id}`);
    await t.database.db.execute(sql`update automation_runs set created_at = created_at - interval '89 days', updated_at = updated_at - interval '89 days' where order_id = ${recent.id}`);
    const recentBefore = await runIds(recent.id);

    const result = await pruneRuns(t.database.db, new Date(), 90);
    assert.equal(result.handled, before.filter((r) => r.status !== 'waiting').length, 'the old finished runs, and nothing else');
    assert.equal(result.more, false);
    assert.deepEqual((await runIds(old.id)).map((r) => [r.rule_id, r.status]), [[waits.id, 'waiting']], 'only the waiting run is left');
    assert.deepEqual(await runIds(recent.id), recentBefore, 'runs younger than the retention stay');
    // A shorter retention reaches the recent ones too (the waiting one still stays).
    assert.ok((await pruneRuns(t.database.db, new Date(Date.now() + day), 89)).handled >= recentBefore.filter((r) => r.status !== 'waiting').length, 'the recent finished runs are pruned too');
    assert.deepEqual((await runIds(recent.id)).map((r) => r.status), ['waiting']);
    for (const id of [rule.id, waits.id]) assert.equal((await t.call('PATCH', `/v1/automations/${id}`, { enabled: false })).statusCode, 200);
  });
});

describe('the catalog', () => {
  test('shows every limit: actions, waits, the loop guard (own and default rules), rules per tenant and enabled rules per trigger', async () => {
    const res = await t.call('GET', '/v1/automation-catalog');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().limits, {
      max_actions: 20,
      min_wait_hours: 1,
      max_wait_hours: 720,
      max_depth: 3,
      max_fires_per_order_per_hour: 10,
      max_default_fires_per_order_per_hour: 50,
      max_rules: 200,
      max_enabled_per_trigger: 50,
    });
  });
});
