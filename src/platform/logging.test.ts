import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import pg from 'pg';
import { describeError, redactedMessage, redactSql, serializeError, serializeRequest } from './logging.js';

const EMAIL = 'bo.customer@example.org';

/** What node-postgres throws for a unique violation: PostgreSQL's fields, the row quoted in `detail`. */
function uniqueViolation(): Error {
  const error = new pg.DatabaseError('duplicate key value violates unique constraint "customers_email_key"', 200, 'error');
  Object.assign(error, { severity: 'ERROR', code: '23505', detail: `Key (tenant_id, email)=(ten_1, ${EMAIL}) already exists.`, schema: 'public', table: 'customers', constraint: 'customers_email_key', routine: '_bt_check_unique' });
  return error;
}

test('a failed query: SQL kept, parameters, detail and quoted values gone, SQLSTATE and constraint kept — through the cause chain', () => {
  const error = new DrizzleQueryError('insert into customers (tenant_id, email) values ($1, $2)', ['ten_1', EMAIL], uniqueViolation());
  const text = JSON.stringify(serializeError(error));
  assert.ok(!text.includes(EMAIL) && !text.includes('bo.customer'), text);
  assert.match(text, /"code":"23505"/);
  assert.match(text, /"constraint":"customers_email_key"/);
  assert.match(text, /Failed query: insert into customers \(tenant_id, email\) values \(\$1, \$2\)/);
  assert.match(text, /duplicate key value violates unique constraint \\"customers_email_key\\"/, 'a name the error reports is not redacted');
  assert.equal(redactedMessage(error), 'Failed query: insert into customers (tenant_id, email) values ($1, $2): duplicate key value violates unique constraint "customers_email_key" (23505)');
  const described = describeError(error);
  assert.ok(!described.includes(EMAIL), described);
  assert.match(described, /^DrizzleQueryError: Failed query/);
});

test('values PostgreSQL quotes in its message, and literals inlined into SQL text, are blanked', () => {
  const error = new pg.DatabaseError(`invalid input syntax for type integer: "${EMAIL}"`, 100, 'error');
  Object.assign(error, { severity: 'ERROR', code: '22P02', where: `unnamed portal parameter $1 = '${EMAIL}'` });
  const text = JSON.stringify(serializeError(error));
  assert.ok(!text.includes(EMAIL), text);
  assert.match(text, /invalid input syntax for type integer: \\"…\\"/);
  assert.equal(redactSql(`execute s_1('${EMAIL}', E'it''s', 3, $tag$${EMAIL}$tag$)`), "execute s_1('…', '…', 3, '…')");
});

test('other errors keep their message and own fields; a non-error passes through', () => {
  const error = Object.assign(new TypeError('x is not a function'), { statusCode: 500 });
  assert.deepEqual(
    Object.fromEntries(Object.entries(serializeError(error) as Record<string, unknown>).filter(([k]) => k !== 'stack')),
    { type: 'TypeError', message: 'x is not a function', statusCode: 500 },
  );
  assert.equal(serializeError('plain'), 'plain');
});

test('request log lines: the path and the names of query parameters', () => {
  assert.deepEqual(serializeRequest({ method: 'GET', url: `/v1/orders?customer_email=${EMAIL}&limit=5`, ip: '127.0.0.1' }), { method: 'GET', url: '/v1/orders?customer_email=…&limit=…', remoteAddress: '127.0.0.1', remotePort: undefined });
  assert.equal(serializeRequest({ url: '/health' }).url, '/health');
});
