import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp } from '../support/app.js';

test('/ready answers 200 while the database answers, and 503 problem+json when it does not', async () => {
  const t = await buildTestApp();
  try {
    const ready = await t.call('GET', '/ready', undefined, { key: null });
    assert.equal(ready.statusCode, 200, ready.body);
    assert.equal(ready.json().status, 'ready');
    await t.database.close();
    const down = await t.call('GET', '/ready', undefined, { key: null });
    assert.equal(down.statusCode, 503, down.body);
    assert.equal(down.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(down.json().code, 'DATABASE_UNAVAILABLE');
    assert.equal(down.headers['retry-after'], '2', 'the client is told when to look again');
    assert.equal((await t.call('GET', '/health', undefined, { key: null })).statusCode, 200, 'liveness does not depend on the database');
  } finally {
    await t.app.close();
    await t.database.dispose().catch(() => undefined);
  }
});
