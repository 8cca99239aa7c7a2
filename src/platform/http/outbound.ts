// The one way out of the OMS: every request the OMS makes (carrier aggregators and their label
// files, marketplace pollers, shop pushes, webhooks) goes through `outboundFetch`. ESLint forbids
// `fetch`, undici and node:http(s) anywhere else in src/ (eslint.config.js). ADR 0008.
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
// deadline and the cap cover it; callers get an ordinary Response.

import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
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

function requestBytes(body: RequestInit['body']): number {
  if (body === null || body === undefined) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof URLSearchParams) return Buffer.byteLength(body.toString());
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof Blob) return body.size;
  // Streams and forms have no size before they are sent: the cap could not hold.
  throw new TypeError('the outbound client sends strings, bytes, URLSearchParams or Blobs only');
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

async function readCapped(body: ReadableStream<Uint8Array> | null, cap: number, truncate: boolean, url: URL): Promise<Buffer | null> {
  if (!body) return null;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > cap) {
      await reader.cancel();
      if (!truncate) throw new OutboundTooLargeError(`${url.host} answered more than ${cap} bytes`);
      chunks.push(value.subarray(0, cap - size));
      size = cap;
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return Buffer.concat(chunks, size);
}

/** The cause a failed fetch wraps, when it is one of ours (a refusal, not a network failure). */
function ownCause(error: unknown): Error | undefined {
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause instanceof Error; depth++, cause = cause.cause) {
    if (cause instanceof OutboundBlockedError || cause instanceof OutboundTooLargeError) return cause;
  }
  return undefined;
}

/** A guarded fetch of its own (its own connection pool). Most code wants `outboundFetch`. */
export function createOutboundFetch(policy: OutboundPolicy = {}): OutboundFetch {
  const dispatcher = guardedAgent(policy);
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowPrivate)) {
      throw new OutboundBlockedError(`${url.protocol}//${url.host} is not https; only https leaves the OMS`);
    }
    const { deadlineMs = OUTBOUND_DEADLINE_MS, maxResponseBytes = OUTBOUND_MAX_RESPONSE_BYTES, truncate = false, signal, ...rest } = init;
    const method = rest.method ?? (input instanceof Request ? input.method : 'GET');
    const body = rest.body ?? (input instanceof Request && input.body ? Buffer.from(await input.arrayBuffer()) : null);
    if (requestBytes(body) > OUTBOUND_MAX_REQUEST_BYTES) throw new OutboundTooLargeError(`the request to ${url.host} is larger than ${OUTBOUND_MAX_REQUEST_BYTES} bytes`);
    const headers = [...new Headers(rest.headers ?? (input instanceof Request ? input.headers : undefined)).entries()];
    const deadline = AbortSignal.timeout(deadlineMs);
    const callerSignal = signal ?? (input instanceof Request ? input.signal : undefined);
    try {
      const response = await undiciFetch(url, {
        method,
        headers,
        body: body as never,
        redirect: 'manual',
        signal: callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline,
        dispatcher,
      });
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      if (!truncate && length > maxResponseBytes) {
        await response.body?.cancel();
        throw new OutboundTooLargeError(`${url.host} answered ${length} bytes, more than ${maxResponseBytes}`);
      }
      const bytes = await readCapped(response.body as ReadableStream<Uint8Array> | null, maxResponseBytes, truncate, url);
      return new Response(NULL_BODY_STATUS.has(response.status) ? null : bytes, { status: response.status, statusText: response.statusText, headers: [...response.headers.entries()] });
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (deadline.aborted) throw new DOMException(`${url.host} did not answer completely within ${deadlineMs} ms`, 'TimeoutError');
      throw ownCause(error) ?? error;
    }
  };
}

const shared = new Map<string, OutboundFetch>();
const sharedByResolver = new WeakMap<Resolver, Map<string, OutboundFetch>>();

/**
 * The installation's guarded fetch for a policy: one connection pool per policy (and per test
 * resolver), made on first use.
 */
export function outboundFetch(policy: OutboundPolicy = {}): OutboundFetch {
  const key = policy.allowPrivate ? 'private' : 'public';
  let pools = shared;
  if (policy.resolve) {
    pools = sharedByResolver.get(policy.resolve) ?? new Map();
    sharedByResolver.set(policy.resolve, pools);
  }
  let made = pools.get(key);
  if (!made) {
    made = createOutboundFetch(policy);
    pools.set(key, made);
  }
  return made;
}

/** Public addresses over https only: the default of every adapter that takes a `fetch`. */
export const publicFetch: OutboundFetch = (input, init) => outboundFetch()(input, init);
