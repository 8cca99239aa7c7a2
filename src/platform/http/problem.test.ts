import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DrizzleQueryError } from 'drizzle-orm';
import Fastify from 'fastify';
import { DatabaseOutage, DatabaseUnreachable } from '../db/outage.js';
import { installProblemHandling, problemOf } from './problem.js';

const fromQuery = (code: string, message: string) => new DrizzleQueryError('select 1', [], Object.assign(new Error(message), { code }));

it('losing the database answers 503 problem+json with Retry-After, never 500; a bug still answers 500', async () => {
  const app = Fastify();
  const outage = new DatabaseOutage();
  installProblemHandling(app, outage);
  app.get('/terminated', async () => {
    throw fromQuery('57P01', 'terminating connection due to administrator command');
  });
  app.get('/refused', async () => {
    throw new DatabaseUnreachable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
  });
  app.get('/bug', async () => {
    throw fromQuery('42703', 'column "nope" does not exist');
  });
  for (const url of ['/terminated', '/refused']) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 503, url);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.headers['retry-after'], '2');
    assert.equal(res.json().code, 'DATABASE_UNAVAILABLE');
    assert.equal(res.json().instance, url);
    assert.doesNotMatch(res.body, /administrator|ECONNREFUSED|5432/, 'no internals');
  }
  assert.equal(outage.down, true, 'the outage is noted (and logged once)');
  const bug = await app.inject({ url: '/bug' });
  assert.equal(bug.statusCode, 500);
  assert.equal(bug.headers['retry-after'], undefined);
  await app.close();
});

it('a problem carries its fix apart as well, so a screen can show the detail without the developer’s advice', async () => {
  const withDetail = problemOf('REQUEST_INVALID', 'The webhook endpoint has invalid fields.');
  assert.equal(withDetail.fix, 'Correct the fields listed in `errors` and send the request again.');
  assert.equal(withDetail.detail, `The webhook endpoint has invalid fields. ${withDetail.fix}`, 'the detail still ends with what to do');
  const bare = problemOf('REQUEST_TOO_LARGE');
  assert.equal(bare.detail, bare.fix, 'without a detail, the fix is the detail');
});
