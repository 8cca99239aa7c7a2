import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { postgresErrorCode } from '../../src/platform/db/sql-state.js';
import { automationSubscriber } from '../../src/flows/automations/steps/run-rules.js';
import { resumeWaitingRuns } from '../../src/flows/automations/jobs/resume-waits.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { isPostgres } from '../support/database.js';
import { relayAll } from '../support/relay.js';
import { adjust, createLocation, createProduct, placeOrder } from '../support/factories.js';

/**
 * Automation runs that wait (ADR 0038) against the database: a deadlock while one resumes is the
 * database's, not the run's (the run stays waiting and the next tick resumes it); a deleted rule
 * ends its waiting runs at once; two first changes of a default rule at once insert one override
 * and answer the other 409. The lock-taking cases need PostgreSQL (TEST_DATABASE_URL).
 */
let t: TestApp;
const sku = 'AW-MUG';
const later = () => new Date(Date.now() + 2 * 3_600_000);

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'AW-WH');
  await createProduct(t, sku, { name: 'Enamel mug' });
  await adjust(t, sku, 'AW-WH', 1000);
});
after(() => t.close());

async function waitingRun(ruleBody?: Record<string, unknown>): Promise<{ ruleId: string; runId: string; orderId: string }> {
  const rule = ruleBody ?? { name: 'Tag after an hour', trigger: 'order.created', actions: [{ type: 'wait', hours: 1 }, { type: 'add_tag', tag: 'after-wait' }] };
  const created = await t.call('POST', '/v1/automations', rule);
  assert.equal(created.statusCode, 201, created.body);
  const placed = await placeOrder(t, [{ sku, quantity: 1 }]);
  await relayAll(t.database.db, [automationSubscriber]);
  const [run] = await queryRows<{ id: string; status: string }>(t.database.db, sql`select id, status from automation_runs where rule_id = ${created.json().id} and order_id = ${placed.id}`);
  assert.equal(run?.status, 'waiting');
  return { ruleId: created.json().id, runId: run.id, orderId: placed.id };
}

async function runOf(id: string) {
  const [run] = await queryRows<{ status: string; reason: string | null; resume_at: Date | null }>(t.database.db, sql`select status, reason, resume_at from automation_runs where id = ${id}`);
  return run;
}

const tagsOf = async (orderId: string) => (await t.call('GET', `/v1/orders/${orderId}`)).json().tags as string[];

/** Resolves once another transaction waits for a lock in this test's database. */
async function someoneWaitsForALock(): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if ((row?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail('nobody ever waited for the lock');
}

test('a deadlock in an action while a run resumes leaves the run waiting; the next tick resumes it', async () => {
  const { ruleId, runId, orderId } = await waitingRun();
  // The order's update (the add_tag after the wait) fails as a deadlock would, every time, until the trigger goes.
  if (!/^ord_[0-9a-z]{26}$/.test(orderId)) assert.fail(`unexpected order id ${orderId}`);
  await t.database.db.execute(sql`create function aw_deadlock() returns trigger language plpgsql as $$ begin raise exception 'deadlock detected (test)' using errcode = '40P01'; end $$`);
  await t.database.db.execute(sql.raw(`create trigger aw_deadlock before update on orders for each row when (new.id = '${orderId}') execute function aw_deadlock()`));
  try {
    await assert.rejects(resumeWaitingRuns(t.database.db, later()), (error) => postgresErrorCode(error) === '40P01', 'the deadlock reaches the job (after the transaction helper’s retries)');
  } finally {
    await t.database.db.execute(sql`drop trigger aw_deadlock on orders`);
    await t.database.db.execute(sql`drop function aw_deadlock()`);
  }
  assert.equal((await runOf(runId))?.status, 'waiting', 'the run waits for the next tick, not failed');

  assert.equal((await resumeWaitingRuns(t.database.db, later())).handled, 1);
  assert.equal((await runOf(runId))?.status, 'completed');
  assert.ok((await tagsOf(orderId)).includes('after-wait'), 'the action after the wait ran');
  assert.equal((await t.call('PATCH', `/v1/automations/${ruleId}`, { enabled: false })).statusCode, 200);
});

// These two hold one transaction open while another waits for it: the embedded database has one
// connection, so they run on PostgreSQL only (npm run test:pg).
const onServer = isPostgres() ? test : () => undefined;

void onServer('a deadlock while reading the rule is not "the rule was deleted": the run stays waiting or resumes', async () => {
  const { ruleId, runId, orderId } = await waitingRun();
  // Another transaction holds the rules table and then wants the run the job has claimed: the job
  // waited first, so the server's deadlock check (after deadlock_timeout) breaks the cycle in the job.
  let tableLocked!: () => void;
  const locked = new Promise<void>((resolve) => (tableLocked = resolve));
  let go!: () => void;
  const jobWaits = new Promise<void>((resolve) => (go = resolve));
  const other = t.database.db.transaction(async (tx) => {
    await tx.execute(sql`lock table automation_rules in access exclusive mode`);
    tableLocked();
    await jobWaits;
    await tx.execute(sql`select id from automation_runs where tenant_id = ${t.tenantId} and id = ${runId} for update`);
  });
  await locked;
  const job = resumeWaitingRuns(t.database.db, later());
  await someoneWaitsForALock();
  go();
  const [tick, held] = await Promise.allSettled([job, other]);
  // The job ran the transaction again (and found the run locked, or resumed it), or gave up with the deadlock.
  if (tick.status === 'rejected') assert.equal(postgresErrorCode(tick.reason), '40P01', String(tick.reason));
  if (held.status === 'rejected') assert.equal(postgresErrorCode(held.reason), '40P01', String(held.reason));
  const after = await runOf(runId);
  assert.ok(after?.status === 'waiting' || after?.status === 'completed', `the run is ${after?.status}: ${after?.reason}`);

  await resumeWaitingRuns(t.database.db, later());
  assert.equal((await runOf(runId))?.status, 'completed');
  assert.ok((await tagsOf(orderId)).includes('after-wait'), 'the action after the wait ran');
  assert.equal((await t.call('PATCH', `/v1/automations/${ruleId}`, { enabled: false })).statusCode, 200);
});

test('a rule changed during the wait ends its waiting run, saying so', async () => {
  const { ruleId, runId, orderId } = await waitingRun();
  assert.equal((await t.call('PATCH', `/v1/automations/${ruleId}`, { actions: [{ type: 'wait', hours: 1 }, { type: 'add_tag', tag: 'changed' }] })).statusCode, 200);
  await resumeWaitingRuns(t.database.db, later());
  assert.deepEqual(await runOf(runId), { status: 'failed', reason: 'the rule changed during the wait (version 1 → 2)', resume_at: null });
  assert.ok(!(await tagsOf(orderId)).some((tag) => tag === 'after-wait' || tag === 'changed'), 'no action after the wait ran');
  assert.equal((await t.call('PATCH', `/v1/automations/${ruleId}`, { enabled: false })).statusCode, 200);
});

test('deleting a default rule’s override ends its waiting runs; the override written again (version 1 again) resumes none of them', async () => {
  const id = 'default.order_confirmation.order.created';
  const changed = await t.call('PATCH', `/v1/automations/${id}`, { actions: [{ type: 'wait', hours: 1 }, { type: 'add_tag', tag: 'first-override' }] }, { headers: { 'if-match': '0' } });
  assert.equal(changed.statusCode, 200, changed.body);
  const placed = await placeOrder(t, [{ sku, quantity: 1 }]);
  await relayAll(t.database.db, [automationSubscriber]);
  const [waiting] = await queryRows<{ id: string; status: string; rule_version: number }>(t.database.db, sql`select id, status, rule_version from automation_runs where rule_id = ${id} and order_id = ${placed.id}`);
  assert.deepEqual([waiting?.status, waiting?.rule_version], ['waiting', 1]);

  assert.equal((await t.call('DELETE', `/v1/automations/${id}`)).statusCode, 204);
  assert.deepEqual(await runOf(waiting?.id ?? ''), { status: 'failed', reason: 'the rule was deleted while the run waited', resume_at: null });

  const again = await t.call('PATCH', `/v1/automations/${id}`, { actions: [{ type: 'wait', hours: 1 }, { type: 'add_tag', tag: 'second-override' }] }, { headers: { 'if-match': '0' } });
  assert.equal(again.json().version, 1, 'the override starts at version 1 again');
  await resumeWaitingRuns(t.database.db, later());
  assert.equal((await runOf(waiting?.id ?? ''))?.status, 'failed');
  assert.deepEqual((await tagsOf(placed.id)).filter((tag) => tag.endsWith('-override')), [], 'no action of either override ran for it');
  assert.equal((await t.call('DELETE', `/v1/automations/${id}`)).statusCode, 204);
});

void onServer('two first changes of a default rule at once: one override is stored, the other answers 409', async () => {
  const id = 'default.delivered.shipment.delivered';
  // The other change inserted its override and has not committed yet when this one inserts.
  let inserted!: () => void;
  const done = new Promise<void>((resolve) => (inserted = resolve));
  let commit!: () => void;
  const committing = new Promise<void>((resolve) => (commit = resolve));
  const other = t.database.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into automation_rules (tenant_id, id, is_default, name, trigger, condition, actions, enabled, version, created_by, created_at, updated_by, updated_at)
      values (${t.tenantId}, ${id}, true, 'Send delivered', 'shipment.delivered', null, '[{"type": "send_template", "template": "delivered"}]'::jsonb, false, 1, 'test', now(), 'test', now())`);
    inserted();
    await committing;
  });
  await done;
  const change = t.call('PATCH', `/v1/automations/${id}`, { enabled: false }, { headers: { 'if-match': '0' } });
  await someoneWaitsForALock();
  commit();
  await other;
  const res = await change;
  assert.equal(res.statusCode, 409, res.body);
  assert.equal(res.json().code, 'AUTOMATION_RULE_CONFLICT');
  assert.equal((await t.call('GET', `/v1/automations/${id}`)).json().version, 1);
});
