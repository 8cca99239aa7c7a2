import assert from 'node:assert/strict';
import { it } from 'node:test';
import Fastify from 'fastify';
import { installRequestLimits } from './timeouts.js';

// 400 ms: the body must be read within it even on a loaded CI machine (at 50 ms the arrival timer fired first under load).
const LIMITS = { requestTimeoutMs: 400, importTimeoutMs: 5000, headersTimeoutMs: 400, keepAliveTimeoutMs: 1000, maxConnections: 10, maxRequestsPerSocket: 0 };

it('the arrival limit ends when the body has been read: a handler slower than it still answers', async () => {
  const app = Fastify();
  installRequestLimits(app, LIMITS);
  app.post('/slow', async (request) => {
    await new Promise((resolve) => setTimeout(resolve, LIMITS.requestTimeoutMs * 4));
    return { got: request.body };
  });
  await app.ready();
  // Injected, as the tests and the CLI call the app: Node's `complete` flag is never set on such a request.
  const res = await app.inject({ method: 'POST', url: '/slow', payload: { a: 1 } });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { got: { a: 1 } });
  await app.close();
});
