import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql, TransactionRollbackError } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { VELOCITY_VALUE, VELOCITY_WITH } from '../../src/modules/risk/db/velocity.queries.js';
import { buildTestApp, type TestApp } from '../support/app.js';

/**
 * The velocity read (riding in the order's insert) reads only its own keys (ADR 0030): one probe of the lookup index per
 * key, whatever else the tenant has. It runs as a named statement, so PostgreSQL settles on a
 * generic plan after a few runs; that plan once scanned the tenant's whole week of keys, which
 * grows with the shop's order volume. Here: 3,000 other keys, the generic plan forced.
 */
let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

for (const mode of ['force_generic_plan', 'force_custom_plan'] as const) {
  test(`the ${mode === 'force_generic_plan' ? 'generic' : 'custom'} plan probes the lookup index by key, not the tenant’s keys`, async () => {
    const tenant = `ten_velocity_plan_${mode}`;
    const now = new Date();
    // Statistics of an empty table, as a new shop's are until autovacuum analyzes it again: the
    // planner believes the tenant has almost no keys, the case that chose the range scans (the
    // generic plan's of the week, and the custom plan's of the primary key by tenant).
    await t.database.db.execute(sql`analyze risk_velocity_keys`);
    await t.database.db.execute(sql`
      insert into risk_velocity_keys (tenant_id, order_id, kind, key_hash, at, card_hash, address_hash)
      select ${tenant}, ${`ord_${mode}_`} || i, (array['email', 'ip', 'address'])[1 + i % 3], 'other_' || i, ${now.toISOString()}::timestamptz - (i || ' seconds')::interval, null, 'addr_' || i
        from generate_series(1, 3000) i`);
    // EXPLAIN EXECUTE takes literals, not bind parameters (both values are the test's own).
    const params = sql.raw(`'${tenant}', 'ord_mine', array['email', 'ip', 'address'], array['e_mine', 'i_mine', 'a_mine'], '${now.toISOString()}'::timestamptz, null, 'a_mine'`);
    let plan: PlanNode | undefined;
    // In a transaction rolled back afterwards: the forced plan mode ends with it.
    await t.database.db
      .transaction(async (tx) => {
        await tx.execute(sql.raw(`set local plan_cache_mode = ${mode}`));
        await tx.execute(sql.raw(`prepare velocity_plan_probe(text, text, text[], text[], timestamptz, text, text) as with ${VELOCITY_WITH} select ${VELOCITY_VALUE}`));
        const [row] = await queryRows<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(tx, sql`explain (analyze, buffers, format json) execute velocity_plan_probe(${params})`);
        plan = row?.['QUERY PLAN'][0].Plan;
        await tx.execute(sql`deallocate velocity_plan_probe`); // a prepared statement outlives the rollback
        tx.rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof TransactionRollbackError)) throw e;
      });
    assert.ok(plan, 'explain answered a plan');
    const reads = nodes(plan).filter((n) => n['Relation Name'] === 'risk_velocity_keys' && n['Node Type'] !== 'ModifyTable');
    assert.ok(reads.length > 0, 'the statement reads the keys table');
    for (const n of reads) {
      assert.match(n['Index Cond'] ?? '', /key_hash/, `a probe by key, not a range of the tenant: ${JSON.stringify(n)}`);
      assert.ok((n['Shared Hit Blocks'] ?? 0) + (n['Shared Read Blocks'] ?? 0) < 60, `a few index pages, not the tenant's keys: ${JSON.stringify(n)}`);
    }
  });
}
