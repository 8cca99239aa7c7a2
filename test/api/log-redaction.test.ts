import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/apps/api/app.js';
import { startWorkers } from '../../src/apps/worker/runner.js';
import { loadConfig } from '../../src/platform/config.js';
import { preparedStatement, type Database } from '../../src/platform/db/database.js';
import { bootstrapFirstTenant } from '../../src/modules/tenancy/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ROOT_ADMIN_KEY } from '../support/app.js';

/**
 * Database errors reach the logs (an unhandled error in a request, a failing job) without the
 * customers' data their statements carried: no parameters, no PostgreSQL detail quoting the row,
 * no quoted values in the message — but with what finds the fault (SQLSTATE, constraint, table).
 */
const EMAIL = 'ann.customer@example.org';
const ADDRESS = '221B Baker Street';

let database: TestDatabase;
let app: FastifyInstance;
const lines: string[] = [];
const logged = () => lines.join('');
const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

const insertProbe = preparedStatement('log_redaction_probe_insert', 'insert into log_redaction_probe (email, address) values ($1, $2)');

before(async () => {
  database = await createTestDatabase();
  await bootstrapFirstTenant(database.db, new Date(), ROOT_ADMIN_KEY);
  await database.db.execute(sql.raw('create table log_redaction_probe (email text primary key, address text not null)'));
  // The loggers the OMS makes: the API's (what `oms serve` passes), which its workers share.
  app = await buildApp({ database: database as Database, config: { ...loadConfig({}), secretKey: randomBytes(32) }, logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } });
  app.post('/test/db-error/:kind', { config: { action: 'public' } }, async (request) => {
    const kind = (request.params as { kind: string }).kind;
    if (kind === 'cast') await database.db.execute(sql`select ${EMAIL}::int`);
    if (kind === 'unique') {
      await database.db.execute(sql`insert into log_redaction_probe (email, address) values (${EMAIL}, ${ADDRESS}) on conflict do nothing`);
      await database.db.execute(sql`insert into log_redaction_probe (email, address) values (${EMAIL}, ${ADDRESS})`);
    }
    if (kind === 'prepared') await insertProbe(database.db, [EMAIL, ADDRESS]);
    return { ok: true };
  });
  await app.ready();
});
after(async () => {
  await app.close();
  await database.dispose();
});

describe('logged database errors carry no customer data', () => {
  for (const [kind, code] of [['cast', '22P02'], ['unique', '23505'], ['prepared', '23505']] as const) {
    test(`an unhandled ${code} in a request (${kind}): 500 to the client; the log names the code, not the e-mail`, async () => {
      lines.length = 0;
      const res = await app.inject({ method: 'POST', url: `/test/db-error/${kind}` });
      assert.equal(res.statusCode, 500, res.body);
      assert.ok(!res.body.includes(EMAIL), 'the answer does not carry the e-mail');
      const entry = entries().find((e) => e['msg'] === 'unhandled error');
      assert.ok(entry, `the error is logged: ${logged()}`);
      const text = JSON.stringify(entry);
      assert.ok(!text.includes(EMAIL) && !text.includes('ann.customer'), `no e-mail in ${text}`);
      assert.ok(!text.includes(ADDRESS), `no address in ${text}`);
      assert.ok(text.includes(`"code":"${code}"`), `the SQLSTATE is there: ${text}`);
      if (code === '23505') assert.match(text, /log_redaction_probe_pkey/, 'and the constraint');
      assert.match(text, /log_redaction_probe|::int/, 'the statement is recognisable');
      assert.ok(!logged().includes(EMAIL), 'nowhere in the log');
    });
  }

  test('a failing job: the worker log names the job and the code, not the e-mail', async () => {
    lines.length = 0;
    const job = { name: 'probe', everyMs: 60_000, run: async () => (await database.db.execute(sql`select ${EMAIL}::int`), { handled: 0, more: false }) };
    await startWorkers(database.db, () => new Date(), app.log, [job], { timers: false }).tick();
    const entry = entries().find((e) => e['msg'] === 'job failed; it runs again at its next tick');
    assert.ok(entry, logged());
    assert.equal(entry['job'], 'probe');
    const text = JSON.stringify(entry);
    assert.ok(text.includes('22P02'), text);
    assert.ok(!logged().includes(EMAIL), logged());
  });

  test('request logs carry the path and the names of query parameters, not their values', async () => {
    lines.length = 0;
    const res = await app.inject({ method: 'GET', url: `/v1/orders?customer_email=${encodeURIComponent(EMAIL)}&limit=5`, headers: { authorization: `Bearer ${ROOT_ADMIN_KEY}` } });
    assert.equal(res.statusCode, 200, res.body);
    const incoming = entries().find((e) => e['msg'] === 'incoming request') as { req?: { url?: string } } | undefined;
    assert.equal(incoming?.req?.url, '/v1/orders?customer_email=…&limit=…');
    assert.ok(!logged().includes('ann.customer'), logged());
  });
});
