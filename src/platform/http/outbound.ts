// The one way out of the OMS: every request the OMS makes (carrier aggregators and their label
// files, marketplace pollers, shop pushes, webhooks) goes through `outboundFetch`. ESLint forbids
// `fetch`, undici and node:http(s) anywhere else in src/ (eslint.config.js). ADR 0012.
//
// - The address is checked when the socket connects, after the name is resolved: the address
//   connected to is the address checked, so a name that resolves (or re-resolves: DNS rebinding)
//   into a private network is refused, and so is an IP literal. Only global unicast is allowed
//   (./ip-range.ts) unless the installation allows private networks (OMS_OUTBOUND_ALLOW_PRIVATE).
// - Without private networks, only https: secrets never travel in clear text.
// - Redirects are never followed: a 3xx is the answer. A URL the OMS was given must not become a
//   request to a place nobody checked (a label URL redirecting to an internal service).
// - A deadline for the whole exchange (connect, send, headers and the whole body), not only for
//   idle time: a server that drips one byte a second still times out. Bodies are capped both ways.
//
// The answer's body is read completely (up to the cap) before `outboundFetch` returns, so the
// deadline and the cap cover it; callers get an ordinary Response. Underneath is undici's
// dispatcher API (`request`), not its fetch: a third of the cost per request, no redirect logic to
// switch off, and no content decoding (we send no Accept-Encoding, so the cap counts what arrives).

import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, buildConnector, request as undiciRequest } from 'undici';
import { isGlobalUnicast, isIpLiteral } from './ip-range.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Name → addresses. The system resolver by default; tests make `marketplace.test` resolve to 127.0.0.1. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Loopback, private networks and plain http (development and tests). Default false. */
  allowPrivate?: boolean | undefined;
  resolve?: Resolver | undefined;
}

/** Per request, beside fetch's own init. */
export interface OutboundInit extends RequestInit {
  /** Default 30 s, for the whole exchange. The caller's `signal` may end it sooner. */
  deadlineMs?: number | undefined;
  /** Default 16 MiB. */
  maxResponseBytes?: number | undefined;
  /** Keep the first `maxResponseBytes` of a longer answer instead of failing (a webhook receiver's answer is only logged). */
  truncate?: boolean | undefined;
}

/** fetch's signature, so any code that takes a `fetch` takes this. */
export type OutboundFetch = (input: string | URL | Request, init?: OutboundInit) => Promise<Response>;

export const OUTBOUND_DEADLINE_MS = 30_000;
export const OUTBOUND_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
export const OUTBOUND_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** The policy refused the destination: nothing was sent. */
export class OutboundBlockedError extends Error {
  override name = 'OutboundBlockedError';
}

/** A body over its cap: a request is not sent; an answer is dropped and the connection closed. */
export class OutboundTooLargeError extends Error {
  override name = 'OutboundTooLargeError';
}

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/**
 * A `lookup` for net/tls connections that resolves with `resolve` and refuses a name with any
 * address outside global unicast. Also for non-HTTP transports (SMTP …) that take a lookup.
 */
export function guardedLookup(policy: OutboundPolicy): LookupFunction {
  const resolve = policy.resolve ?? systemResolver;
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const blocked = policy.allowPrivate ? undefined : addresses.find((a) => !isGlobalUnicast(a.address));
        if (blocked) return callback(new OutboundBlockedError(`${hostname} resolves to ${blocked.address}, inside a private network`), '', 0);
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const [first] = wanted;
        if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return callback(null, wanted);
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function guardedAgent(policy: OutboundPolicy): Agent {
  const connect = buildConnector({ lookup: guardedLookup(policy), timeout: 10_000 });
  return new Agent({
    // An IP literal never reaches `lookup` (net connects to it directly), so it is checked here.
    connect(options, callback) {
      if (!policy.allowPrivate && isIpLiteral(options.hostname) && !isGlobalUnicast(options.hostname)) {
        callback(new OutboundBlockedError(`${options.hostname} is inside a private network`), null);
        return;
      }
      connect(options, callback);
    },
  });
}

/** fetch's body kinds, as bytes (streams and forms have no size before they are sent: refused). */
async function bodyBytes(body: RequestInit['body'] | undefined): Promise<{ bytes: Buffer | string | null; type?: string }> {
  if (body === null || body === undefined) return { bytes: null };
  if (typeof body === 'string') return { bytes: body };
  if (body instanceof URLSearchParams) return { bytes: body.toString(), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (body instanceof ArrayBuffer) return { bytes: Buffer.from(body) };
  if (ArrayBuffer.isView(body)) return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  if (body instanceof Blob) return { bytes: Buffer.from(await body.arrayBuffer()), ...(body.type ? { type: body.type } : {}) };
  throw new TypeError('the outbound client sends strings, bytes, URLSearchParams or Blobs only');
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

function headerPairs(headers: IncomingHttpHeaders): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const v of value) pairs.push([name, v]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}

/**
 * The answer's bytes, at most `cap` of them. Past the cap the stream is dropped (closing the
 * connection) without asking the iterator to finish, which would wait for the rest.
 */
async function readCapped(body: AsyncIterable<Buffer> & NodeJS.EventEmitter & { destroy(): void }, cap: number, truncate: boolean, url: URL): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const chunksOf = body[Symbol.asyncIterator]();
  for (;;) {
    const next = await chunksOf.next();
    if (next.done) return Buffer.concat(chunks, size);
    const chunk = next.value;
    if (size + chunk.length > cap) {
      body.on('error', () => undefined);
      body.destroy();
      if (!truncate) throw new OutboundTooLargeError(`${url.host} answered more than ${cap} bytes`);
      chunks.push(chunk.subarray(0, cap - size));
      return Buffer.concat(chunks, cap);
    }
    chunks.push(chunk);
    size += chunk.length;
  }
}

/** The cause a failed request wraps, when it is one of ours (a refusal, not a network failure). */
function ownCause(error: unknown): Error | undefined {
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause instanceof Error; depth++, cause = cause.cause) {
    if (cause instanceof OutboundBlockedError || cause instanceof OutboundTooLargeError) return cause;
  }
  return undefined;
}

/** An answer read whole (up to its cap). */
export interface OutboundAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface OutboundClient {
  /** The request, without building a WHATWG Response (webhook deliveries: half the cost per request). */
  send(input: string | URL | Request, init?: OutboundInit): Promise<OutboundAnswer>;
  /** fetch-compatible: what adapters that take a `fetch` are given. */
  fetch: OutboundFetch;
}

/** A guarded client of its own (its own connection pool). Most code wants `outboundFetch` / `outboundClient`. */
export function createOutboundClient(policy: OutboundPolicy = {}): OutboundClient {
  const dispatcher = guardedAgent(policy);
  const send: OutboundClient['send'] = async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowPrivate)) {
      throw new OutboundBlockedError(`${url.protocol}//${url.host} is not https; only https leaves the OMS`);
    }
    const { deadlineMs = OUTBOUND_DEADLINE_MS, maxResponseBytes = OUTBOUND_MAX_RESPONSE_BYTES, truncate = false } = init;
    const fromRequest = input instanceof Request ? input : undefined;
    const method = (init.method ?? fromRequest?.method ?? 'GET').toUpperCase();
    const body = await bodyBytes(init.body ?? (fromRequest?.body ? await fromRequest.arrayBuffer() : null));
    if (body.bytes !== null && Buffer.byteLength(body.bytes) > OUTBOUND_MAX_REQUEST_BYTES) {
      throw new OutboundTooLargeError(`the request to ${url.host} is larger than ${OUTBOUND_MAX_REQUEST_BYTES} bytes`);
    }
    const given = init.headers ?? fromRequest?.headers;
    const headers: Record<string, string> = given === undefined ? {} : isPlainRecord(given) ? lowerCased(given) : Object.fromEntries(new Headers(given));
    if (body.type && !headers['content-type']) headers['content-type'] = body.type;
    // One deadline for the whole exchange; the caller's signal (its own timeout, a job's shutdown) ends it too.
    const callerSignal = init.signal ?? fromRequest?.signal;
    if (callerSignal?.aborted) throw callerSignal.reason;
    const abort = new AbortController();
    const deadline = setTimeout(() => abort.abort(new DOMException(`${url.host} did not answer completely within ${deadlineMs} ms`, 'TimeoutError')), deadlineMs);
    const onCallerAbort = () => abort.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const once = () => undiciRequest(url, { method: method as 'GET', headers, body: body.bytes, signal: abort.signal, dispatcher });
      // A kept-alive connection the server closed just as it was reused fails before any answer:
      // a GET or HEAD is asked once more (on a new connection), anything else is the caller's call.
      const response = await once().catch((error: unknown) => {
        if ((method === 'GET' || method === 'HEAD') && !abort.signal.aborted && isConnectionReset(error)) return once();
        throw error;
      });
      const length = Number(response.headers['content-length'] ?? Number.NaN);
      if (!truncate && length > maxResponseBytes) {
        response.body.on('error', () => undefined);
        response.body.destroy();
        throw new OutboundTooLargeError(`${url.host} answered ${length} bytes, more than ${maxResponseBytes}`);
      }
      const bytes = await readCapped(response.body, maxResponseBytes, truncate, url);
      return { status: response.statusCode, statusText: response.statusText, headers: response.headers, body: bytes };
    } catch (error) {
      if (abort.signal.aborted) throw abort.signal.reason;
      throw ownCause(error) ?? error;
    } finally {
      clearTimeout(deadline);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  };
  return {
    send,
    async fetch(input, init) {
      const answer = await send(input, init);
      return new Response(NULL_BODY_STATUS.has(answer.status) ? null : answer.body, { status: answer.status, statusText: answer.statusText, headers: headerPairs(answer.headers) });
    },
  };
}

function isConnectionReset(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET';
}

function isPlainRecord(headers: NonNullable<RequestInit['headers']>): headers is Record<string, string> {
  return !Array.isArray(headers) && !(headers instanceof Headers);
}

/** A record of headers as undici wants them: one spelling per name (fetch callers may mix cases). */
function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

const shared = new Map<string, OutboundClient>();
const sharedByResolver = new WeakMap<Resolver, Map<string, OutboundClient>>();

/**
 * The installation's guarded client for a policy: one connection pool per policy (and per test
 * resolver), made on first use.
 */
export function outboundClient(policy: OutboundPolicy = {}): OutboundClient {
  const key = policy.allowPrivate ? 'private' : 'public';
  let pools = shared;
  if (policy.resolve) {
    pools = sharedByResolver.get(policy.resolve) ?? new Map();
    sharedByResolver.set(policy.resolve, pools);
  }
  let made = pools.get(key);
  if (!made) {
    made = createOutboundClient(policy);
    pools.set(key, made);
  }
  return made;
}

export const outboundFetch = (policy: OutboundPolicy = {}): OutboundFetch => outboundClient(policy).fetch;

/** Public addresses over https only: the default of every adapter that takes a `fetch`. */
export const publicFetch: OutboundFetch = (input, init) => outboundFetch()(input, init);
