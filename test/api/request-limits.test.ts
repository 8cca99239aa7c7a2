// test-files: embedded database is enough (what runs at once is HTTP connections, not database work)
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, createProduct, adjust } from '../support/factories.js';

// A real server on 127.0.0.1 with short limits, spoken to over raw sockets: what a slow or
// hostile client does cannot be played through app.inject.
const LIMITS = { requestTimeoutMs: 600, importTimeoutMs: 6000, headersTimeoutMs: 400, maxConnections: 4 };
/** Far below the import's limit and Node's own 300 s: a connection still open then was not cut. */
const GIVE_UP_MS = 4000;

let t: TestApp;
let port: number;
let shopChannel: string;
let csvChannel: string;

interface Connection {
  socket: Socket;
  /** Everything the server sent, and when the connection closed (ms after it opened); undefined if still open after GIVE_UP_MS. */
  closed: Promise<{ data: string; ms: number } | undefined>;
  /** Resolves with what the server sent once it contains `text` `times` times (or the connection closed). */
  received(text: string, times?: number): Promise<string>;
}

function open(): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let data = '';
    const waiters: { text: string; times: number; resolve: (data: string) => void }[] = [];
    const has = (text: string, times: number) => data.split(text).length > times;
    const socket = connect({ host: '127.0.0.1', port });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
      for (const w of waiters.filter((w) => has(w.text, w.times))) w.resolve(data);
    });
    socket.on('error', () => undefined); // a reset is one way of being cut off
    const closed = new Promise<{ data: string; ms: number } | undefined>((done) => {
      const timer = setTimeout(() => done(undefined), GIVE_UP_MS);
      socket.on('close', () => {
        clearTimeout(timer);
        for (const w of waiters) w.resolve(data);
        done({ data, ms: Date.now() - started });
      });
    });
    socket.once('connect', () => resolve({ socket, closed, received: (text, times = 1) => (has(text, times) ? Promise.resolve(data) : new Promise((r) => waiters.push({ text, times, resolve: r }))) }));
    socket.once('error', reject);
  });
}

/** Writes `text` one character every `everyMs` until it is written or the socket closes. */
async function drip(socket: Socket, text: string, everyMs: number): Promise<void> {
  for (const c of text) {
    if (socket.destroyed || !socket.writable) return;
    socket.write(c);
    await sleep(everyMs);
  }
}

before(async () => {
  t = await buildTestApp({ config: LIMITS });
  await createLocation(t, 'LIM-WH');
  await createProduct(t, 'LIM-A');
  await adjust(t, 'LIM-A', 'LIM-WH', 10);
  shopChannel = (await t.call('POST', '/v1/channels', { type: 'shopify', name: 'Slow shop' })).json().id;
  csvChannel = (await t.call('POST', '/v1/channels', { type: 'csv', name: 'Slow sheet' })).json().id;
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});
after(() => t.close());

describe('request timeouts', () => {
  test('a client dripping a body to a public webhook route is answered 408 and cut off after OMS_REQUEST_TIMEOUT_MS', async () => {
    const c = await open();
    c.socket.write(`POST /v1/channels/${shopChannel}/webhooks/shopify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`);
    void drip(c.socket, '{"id":' + '1'.repeat(900), 100);
    const closed = await c.closed;
    assert.ok(closed, `the connection was still open after ${GIVE_UP_MS} ms`);
    assert.match(closed.data, /^HTTP\/1\.1 408 /, closed.data);
    assert.match(closed.data, /"code":"REQUEST_TIMEOUT"/, closed.data);
    assert.ok(closed.ms >= LIMITS.requestTimeoutMs, `cut after ${closed.ms} ms, before the limit`);
  });

  test('headers arriving slowly are cut off after OMS_HEADERS_TIMEOUT_MS', async () => {
    const c = await open();
    c.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    void drip(c.socket, 'X-Slow: ' + 'a'.repeat(200), 50);
    const closed = await c.closed;
    assert.ok(closed, `the connection was still open after ${GIVE_UP_MS} ms`);
    assert.ok(closed.data === '' || /^HTTP\/1\.1 408 /.test(closed.data), closed.data);
    assert.ok(!closed.data.includes('200 OK'), 'the request was never answered as if whole');
  });

  test('an import may take longer than OMS_REQUEST_TIMEOUT_MS to arrive', async () => {
    const csv = 'order,sku,qty,price,cur,street,town,country\nSLOW-1,LIM-A,1,2.00,USD,1 Main St,Springfield,US\n';
    const mapping = encodeURIComponent(JSON.stringify({ external_id: 'order', sku: 'sku', quantity: 'qty', unit_price: 'price', currency: 'cur', ship_line1: 'street', ship_city: 'town', ship_country: 'country' }));
    const c = await open();
    c.socket.write(`POST /v1/channels/${csvChannel}/imports?format=csv&mapping=${mapping} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.rootKey}\r\nContent-Type: text/csv\r\nContent-Length: ${Buffer.byteLength(csv)}\r\nConnection: close\r\n\r\n`);
    // Three pieces over 1.2 s: twice the other routes' limit.
    const third = Math.ceil(csv.length / 3);
    for (let i = 0; i < 3; i++) {
      c.socket.write(csv.slice(i * third, (i + 1) * third));
      await sleep(400);
    }
    const closed = await c.closed;
    assert.ok(closed, 'the import was answered and the connection closed');
    assert.match(closed.data, /^HTTP\/1\.1 201 /, closed.data);
    assert.match(closed.data, /"imported":1/, closed.data);
  });
});

test('an import cut off mid-upload is recorded as failed and the server keeps serving', async () => {
  const c = await open();
  c.socket.write(`POST /v1/channels/${csvChannel}/imports?format=csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.rootKey}\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\nName,Lineitem sku\n`);
  await sleep(300);
  c.socket.destroy();
  await c.closed;
  // Before, the CSV reader's stream error had no listener: an uncaught exception, the end of `oms serve`.
  let jobs: { status: string; error: string | null }[] = [];
  for (let i = 0; i < 100 && !jobs.some((j) => j.status === 'failed'); i++) {
    await sleep(50);
    jobs = (await t.call('GET', `/v1/channels/${csvChannel}/imports?limit=1`)).json().data;
  }
  assert.deepEqual(jobs.map((j) => [j.status, j.error]), [['failed', 'aborted']]);
  assert.equal((await t.call('GET', '/health')).statusCode, 200);
});

describe('connection limit', () => {
  test('past OMS_MAX_CONNECTIONS a new connection is closed at once; the open ones still work', async () => {
    const held: Connection[] = [];
    for (let i = 0; i < LIMITS.maxConnections; i++) {
      const c = await open();
      c.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      assert.match(await c.received('{"status":"ok"}'), /^HTTP\/1\.1 200 /, `connection ${i + 1} is served`);
      held.push(c);
    }
    const refused = await open();
    const closed = await refused.closed;
    assert.ok(closed, `connection ${LIMITS.maxConnections + 1} was kept open`);
    assert.equal(closed.data, '', 'nothing is answered on a refused connection');

    const [first] = held;
    assert.ok(first, 'a held connection is there to answer');
    first.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const again = await first.received('{"status":"ok"}', 2);
    assert.equal(again.split('HTTP/1.1 200').length, 3, `an open connection still serves: ${again}`);
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    // The server sees the closes a moment later; the next test needs a free place.
    while ((await new Promise<number>((r) => t.app.server.getConnections((_e, n) => r(n)))) > 0) await sleep(10);
  });
});

describe('unmatched routes', () => {
  test('are answered 404 without reading the body: invalid JSON, too deep, or not sent at all', async () => {
    const invalid = await t.call('POST', '/v1/no-such-route', '{"a":');
    assert.equal(invalid.statusCode, 404, invalid.body);
    assert.equal(invalid.json().code, 'ROUTE_NOT_FOUND');
    const deep = await t.call('POST', '/v1/no-such-route', '['.repeat(20_000) + ']'.repeat(20_000));
    assert.equal(deep.statusCode, 404, deep.body);
    const wrongType = await t.call('PUT', '/v1/orders', 'plain text', { headers: { 'content-type': 'text/plain' } });
    assert.equal(wrongType.statusCode, 404, wrongType.body);

    // 500 KB announced (within the body limit), 5 bytes sent: the answer does not wait for the rest.
    const c = await open();
    c.socket.write('POST /v1/no-such-route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500000\r\n\r\n{"a":');
    const answer = await Promise.race([c.received('ROUTE_NOT_FOUND'), c.closed.then((x) => x?.data ?? '')]);
    assert.match(answer, /^HTTP\/1\.1 404 /, answer);
    assert.match(answer, /connection: close/i, 'the unread body is not read to keep the connection');
    const closed = await c.closed;
    assert.ok(closed, 'the connection is closed after the 404');
  });
});
