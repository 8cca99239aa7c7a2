/**
 * Issue #11, item 2 (imports): the embedded database (PGlite) answers queries with promises that
 * never reach the event loop, so a long run of queries — an import of 2,000 orders took 35 s —
 * kept every timer and request waiting until it ended. Long work on the loop now takes turns
 * (platform/cpu/loop-turn): timers fire while it runs. Counts turns, not milliseconds.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { importOrders } from '../../src/flows/capture/import-orders.js';
import { buildTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

/** How many times the event loop got a turn (a setImmediate ran) while `work` ran. */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  // The work starts in this same turn: any tick counted came while it ran.
  try {
    await work();
  } finally {
    running = false;
  }
  return turns;
}

test('the event loop takes turns during a long run of queries, in a transaction too', async () => {
  const queries = async (db: typeof t.database.db) => {
    for (let i = 0; i < 400; i++) await queryRows(db, sql`select ${i}::int as x`);
  };
  assert.ok((await turnsDuring(() => queries(t.database.db))) > 0, 'no turn during 400 queries');
  assert.ok((await turnsDuring(() => inTransaction(t.database.db, queries))) > 0, 'no turn during 400 queries in a transaction');
});

test('the event loop takes turns while an import reads and maps a file held in memory', async () => {
  const channel = await t.call('POST', '/v1/channels', { type: 'csv', name: 'Loop turns' });
  assert.equal(channel.statusCode, 201, channel.body);
  // 20,000 orders the mapper rejects (no such currency): parsing and mapping alone, nothing awaited.
  async function* file() {
    yield 'Name,Currency,Lineitem quantity,Lineitem price,Lineitem sku,Shipping Name,Shipping Address1,Shipping City,Shipping Country\n';
    let rows = '';
    for (let i = 0; i < 20_000; i++) rows += `#L${i},ZZZ,1,5.00,SKU-1,Buyer,1 Main St,Springfield,US\n`;
    yield rows;
  }
  let job: Awaited<ReturnType<typeof importOrders>> | undefined;
  const turns = await turnsDuring(async () => {
    job = await importOrders(t.database.db, { format: 'csv', channelId: channel.json().id as string, tenantId: t.tenantId, actorId: 'test' }, file(), { clock: () => new Date() });
  });
  assert.equal(job?.rejected, 20_000);
  assert.ok(turns > 0, 'no turn during the import');
});
