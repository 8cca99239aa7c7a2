import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { queryRows } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { readItems, withItems, type WritePart } from '../../src/platform/db/write-part.js';
import { appendEvents } from '../../src/platform/outbox/events.js';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * A module's small write sent in the outbox's statement (ADR 0030): it lands with the events, on
 * both engines, or neither does; its parameters are numbered after the statement's own.
 */
describe('withItems', () => {
  test('numbers each part’s parameters after the ones before it', () => {
    const items = withItems(
      [
        { name: 'a', sql: 'insert into t (x, y) values ($1, $2)', params: [1, 2] },
        { name: 'b', sql: 'insert into u (x) values ($1), ($1)', params: ['z'] },
      ],
      8,
    );
    assert.equal(items.sql, 'w0 as (insert into t (x, y) values ($9, $10)), w1 as (insert into u (x) values ($11), ($11))');
    assert.deepEqual(items.params, [1, 2, 'z']);
  });

  test('a part that uses a parameter it does not have is refused before anything is sent', () => {
    assert.throws(() => withItems([{ name: 'bad', sql: 'insert into t (x) values ($2)', params: [1] }], 0), /bad uses \$2 but has 1 parameters/);
  });
});

describe('readItems', () => {
  test('numbers a read part’s WITH items and value after the host’s parameters', () => {
    const items = readItems({ name: 'r', with: 'r_in as (select $1::text as x), r_out as (select x || $2 as y from r_in)', value: '(select json_agg(y) from r_out where y <> $1)', params: ['a', 'b'], parse: (v) => v }, 54);
    assert.equal(items.with, 'r_in as (select $55::text as x), r_out as (select x || $56 as y from r_in)');
    assert.equal(items.value, '(select json_agg(y) from r_out where y <> $55)');
    assert.deepEqual(items.params, ['a', 'b']);
  });

  test('a read part that uses a parameter it does not have is refused before anything is sent', () => {
    assert.throws(() => readItems({ name: 'bad', with: 'b as (select $3)', value: '(select 1)', params: [1, 2], parse: (v) => v }, 0), /read part bad uses \$3 but has 2 parameters/);
  });
});

describe('appendEvents with writes alongside', () => {
  let database: TestDatabase;
  const actor = { tenantId: 'ten_write_part', actorId: 'test' };
  const probe = (id: string, note: string): WritePart => ({ name: 'probe', sql: 'insert into write_part_probe (id, note) values ($1, $2)', params: [id, note] });
  const event = (id: string) => ({ type: 'probe.written', aggregateType: 'probe', aggregateId: id, data: { id } });
  const rows = async (table: 'write_part_probe' | 'events', ids: string[]) =>
    table === 'events'
      ? (await queryRows<{ id: string }>(database.db, sql`select aggregate_id as id from events where tenant_id = ${actor.tenantId} and aggregate_id = any(${sql.param(ids)}::text[])`)).map((r) => r.id)
      : (await queryRows<{ id: string }>(database.db, sql`select id from write_part_probe where id = any(${sql.param(ids)}::text[])`)).map((r) => r.id);

  before(async () => {
    database = await createTestDatabase();
    await database.db.execute(sql`create table write_part_probe (id text primary key, note text not null)`);
  });
  after(() => database.dispose());

  test('the events and every part are written by one statement, values intact', async () => {
    const note = "it's $1 and {a,b}";
    await inTransaction(database.db, (tx) => appendEvents(tx, actor, new Date(), [event('p1')], { alongside: [probe('p1', note), probe('p2', 'second')] }));
    assert.deepEqual((await rows('write_part_probe', ['p1', 'p2'])).sort(), ['p1', 'p2']);
    assert.deepEqual(await rows('events', ['p1']), ['p1']);
    const [stored] = await queryRows<{ note: string }>(database.db, sql`select note from write_part_probe where id = 'p1'`);
    assert.equal(stored?.note, note);
  });

  test('a part that fails writes nothing: not its events, not the other parts', async () => {
    await assert.rejects(inTransaction(database.db, (tx) => appendEvents(tx, actor, new Date(), [event('p3')], { alongside: [probe('p3', 'new'), probe('p1', 'duplicate key')] })));
    assert.deepEqual(await rows('write_part_probe', ['p3']), []);
    assert.deepEqual(await rows('events', ['p3']), []);
  });

  test('the same combination runs again under its name (a named statement, planned once)', async () => {
    for (const id of ['p4', 'p5', 'p6']) await inTransaction(database.db, (tx) => appendEvents(tx, actor, new Date(), [event(id)], { alongside: [probe(id, id), probe(`${id}b`, id)] }));
    assert.equal((await rows('write_part_probe', ['p4', 'p5', 'p6', 'p4b', 'p5b', 'p6b'])).length, 6);
    assert.equal((await rows('events', ['p4', 'p5', 'p6'])).length, 3);
  });
});
