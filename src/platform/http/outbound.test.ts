import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startInternalService, type InternalService } from '../../../test/support/outbound.js';
import { createOutboundClient, OutboundBlockedError, OutboundTooLargeError, type Resolver } from './outbound.js';

/** `poller.test` resolves to loopback, as a hostile DNS record (or a rebinding one) would make it. */
const toLoopback: Resolver = async (hostname) => (hostname === 'poller.test' ? [{ address: '127.0.0.1', family: 4 }] : []);
const dualStack: Resolver = async () => [
  { address: '93.184.216.34', family: 4 },
  { address: '::1', family: 6 },
];

const strict = createOutboundClient({ resolve: toLoopback }).fetch;
const loopback = createOutboundClient({ allowPrivate: true, resolve: toLoopback }).fetch;

let internal: InternalService;
let other: InternalService;
before(async () => {
  internal = await startInternalService();
  other = await startInternalService((req, res) => {
    const [, kind, arg] = (req.url ?? '').split('/');
    if (kind === 'redirect') return void res.writeHead(302, { location: `${internal.url}/secret` }).end();
    if (kind === 'big') return void res.writeHead(200, { 'content-length': String(Number(arg)) }).end(Buffer.alloc(Number(arg), 'x'));
    if (kind === 'chunked') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < Number(arg); i++) res.write(Buffer.alloc(1024, 'y'));
      return void res.end();
    }
    if (kind === 'drip') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (kind === 'echo') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(`${req.method} ${Buffer.concat(chunks).length}`));
      return;
    }
    res.end('ok');
  });
});
after(async () => {
  await internal.close();
  await other.close();
});

const isBlocked = (pattern: RegExp) => (error: unknown) => error instanceof OutboundBlockedError && pattern.test(error.message);

describe('the guarded outbound client', () => {
  it('refuses a loopback address, literal or by a name that resolves there, before connecting', async () => {
    const before = internal.connections;
    await assert.rejects(strict(`https://127.0.0.1:${internal.port}/`), isBlocked(/127\.0\.0\.1 is inside a private network/));
    await assert.rejects(strict(`https://[::ffff:127.0.0.1]:${internal.port}/`), isBlocked(/inside a private network/));
    await assert.rejects(strict(`https://poller.test:${internal.port}/v1/orders`), isBlocked(/poller\.test resolves to 127\.0\.0\.1, inside a private network/));
    await assert.rejects(createOutboundClient({ resolve: dualStack }).fetch(`https://two.test:${internal.port}/`), isBlocked(/resolves to ::1/), 'one private address among public ones is enough to refuse');
    assert.equal(internal.connections, before, 'no connection was even opened');
    // The same name with private networks allowed (development, tests) does connect: the resolver is what the socket used.
    const allowed = await loopback(`http://poller.test:${internal.port}/v1/orders`);
    assert.equal(await allowed.text(), 'internal secret');
    assert.equal(internal.requests.at(-1)?.headers.host, `poller.test:${internal.port}`);
  });

  it('sends nothing in clear text when private networks are not allowed', async () => {
    await assert.rejects(strict(`http://93.184.216.34/`), isBlocked(/not https/));
    await assert.rejects(loopback(`ftp://127.0.0.1:${other.port}/`), isBlocked(/not https/));
  });

  it('answers a redirect with the 3xx itself and never follows it', async () => {
    const before = internal.connections;
    const response = await loopback(`${other.url}/redirect`, { redirect: 'follow' });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `${internal.url}/secret`);
    assert.equal(internal.connections, before, 'the redirect target was not contacted');
  });

  it('caps the answer: refused when longer, or cut when the caller only keeps the start', async () => {
    await assert.rejects(loopback(`${other.url}/big/20000`, { maxResponseBytes: 10_000 }), (e: unknown) => e instanceof OutboundTooLargeError && /20000 bytes/.test(e.message));
    await assert.rejects(loopback(`${other.url}/chunked/64`, { maxResponseBytes: 10_000 }), (e: unknown) => e instanceof OutboundTooLargeError && /more than 10000 bytes/.test(e.message), 'without a content-length too');
    const cut = await loopback(`${other.url}/chunked/64`, { maxResponseBytes: 1024, truncate: true });
    assert.equal((await cut.arrayBuffer()).byteLength, 1024);
    assert.equal(await (await loopback(`${other.url}/big/10000`, { maxResponseBytes: 10_000 })).text(), 'x'.repeat(10_000), 'exactly the cap is fine');
  });

  it('caps the request body', async () => {
    const before = other.requests.length;
    await assert.rejects(loopback(`${other.url}/echo`, { method: 'POST', body: 'z'.repeat(4 * 1024 * 1024 + 1) }), OutboundTooLargeError);
    assert.equal(other.requests.length, before, 'nothing was sent');
    assert.equal(await (await loopback(`${other.url}/echo`, { method: 'POST', body: new URLSearchParams({ a: 'b' }) })).text(), 'POST 3');
  });

  it('asks a GET once more when its connection is closed before any answer (a kept-alive one closed under it); never a POST', async () => {
    // A server that drops the connection at every request, as one closing an idle connection
    // just as the client reuses it does (once, there; every time, here).
    const dropping = await startInternalService((req) => req.socket.destroy());
    try {
      await assert.rejects(loopback(`${dropping.url}/get`), (e: unknown) => !(e instanceof OutboundBlockedError));
      assert.equal(dropping.requests.length, 2, 'the GET was asked twice, no more');
      await assert.rejects(loopback(`${dropping.url}/post`, { method: 'POST', body: 'x' }));
      assert.equal(dropping.requests.length, 3, 'a POST may have been acted on: it is never sent twice');
    } finally {
      await dropping.close();
    }
  });

  it('gives the whole exchange a deadline: a server that keeps dripping bytes still times out', async () => {
    const before = other.requests.length;
    await assert.rejects(loopback(`${other.url}/drip`, { deadlineMs: 300 }), (e: unknown) => e instanceof DOMException && e.name === 'TimeoutError' && /did not answer completely within 300 ms/.test(e.message));
    assert.equal(other.requests.length, before + 1, 'the server was answering (headers and bytes kept coming), so this is no idle timeout');
    // The caller's own signal ends it too, with the caller's reason.
    await assert.rejects(loopback(`${other.url}/drip`, { signal: AbortSignal.timeout(100) }), (e: unknown) => e instanceof DOMException && e.name === 'TimeoutError');
  });
});
