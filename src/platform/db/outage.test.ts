import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DrizzleQueryError } from 'drizzle-orm';
import { DomainError } from '../errors.js';
import { DatabaseOutage, DatabaseUnreachable, isDatabaseUnreachable } from './outage.js';

/** What node-postgres throws for an error the server sent (pg-protocol's DatabaseError). */
const serverError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
/** What Node throws for a socket. */
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
/** Drizzle wraps every driver error, quoting the statement and its parameters. */
const fromQuery = (cause: unknown) => new DrizzleQueryError('insert into customers (email) values ($1)', ['jane@shop.test'], cause as Error);

describe('which errors are the database being unreachable', () => {
  const cases: [string, unknown, boolean][] = [
    ['57P01 terminating connection due to administrator command (a restart, pg_terminate_backend)', fromQuery(serverError('57P01', 'terminating connection due to administrator command')), true],
    ['57P02 crash shutdown', serverError('57P02', 'terminating connection because of crash of another server process'), true],
    ['57P03 the database system is starting up', serverError('57P03', 'the database system is starting up'), true],
    ['53300 too many connections', serverError('53300', 'sorry, too many clients already'), true],
    ['08006 connection failure', fromQuery(serverError('08006', 'connection failure')), true],
    ['a connection the server closed mid-statement', fromQuery(new Error('Connection terminated unexpectedly')), true],
    ['a client broken by an earlier connection error', fromQuery(new Error('Client has encountered a connection error and is not queryable')), true],
    ['waiting longer than the connect timeout for a pooled client', new Error('timeout exceeded when trying to connect'), true],
    ['pg-pool timing out a new connection', new Error('Connection terminated due to connection timeout', { cause: new DatabaseUnreachable(new Error('Connection terminated unexpectedly')) }), true],
    ['any failure to connect (55000 not accepting connections)', new DatabaseUnreachable(serverError('55000', 'database "x" is not currently accepting connections')), true],
    ['a refused socket beneath a query', fromQuery(socketError('ECONNRESET')), true],
    ['a dual-stack connect refused twice, beneath a query', fromQuery(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')])), true],
    ['a refused socket of an outbound HTTP call (a webhook, a carrier): not the database', new TypeError('fetch failed', { cause: socketError('ECONNREFUSED') }), false],
    ['a unique violation', fromQuery(serverError('23505', 'duplicate key value violates unique constraint')), false],
    ['a serialization failure (retried by inTransaction, else a bug)', fromQuery(serverError('40001', 'could not serialize access')), false],
    ['a refusal of the domain', new DomainError('ORDER_NOT_FOUND'), false],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')"), false],
    ['not an error at all', 'Connection terminated unexpectedly', false],
    ['nothing', undefined, false],
  ];
  for (const [name, error, expected] of cases) {
    it(name, () => assert.equal(isDatabaseUnreachable(error), expected));
  }

  it('a cause chain that loops ends', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    assert.equal(isDatabaseUnreachable(a), false);
  });
});

describe('an outage is logged once when it starts and once when it ends', () => {
  const recorder = () => {
    const lines: { level: string; details: Record<string, unknown>; msg: string }[] = [];
    return { lines, log: { warn: (details: Record<string, unknown>, msg: string) => lines.push({ level: 'warn', details, msg }), info: (details: Record<string, unknown>, msg: string) => lines.push({ level: 'info', details, msg }) } };
  };

  it('many failures, one line; the first answer, one line with the length; other errors, nothing', () => {
    let now = 1_000;
    const outage = new DatabaseOutage(() => now);
    const { lines, log } = recorder();
    outage.answered(log);
    assert.equal(outage.failed(new TypeError('a bug'), log), false);
    assert.equal(lines.length, 0, 'nothing to say while the database answers, or for other errors');
    for (let i = 0; i < 50; i++) assert.equal(outage.failed(fromQuery(serverError('57P01', 'terminating connection due to administrator command')), log), true);
    assert.equal(outage.down, true);
    now = 4_500;
    outage.answered(log);
    outage.answered(log);
    assert.equal(outage.down, false);
    assert.deepEqual(lines.map((l) => [l.level, l.msg]), [
      ['warn', 'database unreachable: requests answer 503 and jobs back off until it answers again'],
      ['info', 'database reachable again'],
    ]);
    assert.deepEqual(lines[0]?.details, { err: { message: 'terminating connection due to administrator command', code: '57P01' } }, 'the driver’s error, never the statement or its parameters');
    assert.deepEqual(lines[1]?.details, { outage_ms: 3_500 });
    outage.failed(new DatabaseUnreachable(socketError('ECONNREFUSED')), log);
    assert.equal(lines.length, 3, 'a new outage is logged again');
    assert.equal(lines[2]?.details.err && (lines[2].details.err as { code: string }).code, 'ECONNREFUSED');
  });
});
