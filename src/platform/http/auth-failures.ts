import { isIPv4, isIPv6 } from 'node:net';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../errors.js';

/**
 * Failed authentications (unknown API keys, a wrong metrics token) counted per client address, so
 * keys cannot be guessed at the server's speed: after `maxFailures` failures within `windowMs`
 * the address is refused (429, Retry-After) for a full window, whatever key it sends. Successes
 * are not counted and do not reset the count (a caller holding one valid key cannot use it to
 * keep guessing others). Only the failing address is refused: nothing is counted per key, so a
 * stranger cannot lock a legitimate key out from another address.
 *
 * Kept in memory per process (each API process counts on its own, and a restart forgets), which
 * bounds guessing per process without a shared store. The client address is the socket's peer,
 * or what a proxy trusted with OMS_TRUST_PROXY says: behind a load balancer without it, every
 * client shares the balancer's address. IPv6 clients count per /64, the block one subscriber
 * usually holds, so rotating addresses within it does not reset the count.
 */
export interface AuthFailureLimits {
  maxFailures: number;
  windowMs: number;
  /** Addresses remembered at most; beyond it the expired (then the oldest) are forgotten. */
  maxClients: number;
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = { maxFailures: 20, windowMs: 60_000, maxClients: 100_000 };

interface Tally {
  failures: number;
  /** When the count starts again from zero (the end of the window, or of the refusal). */
  resetAt: number;
}

export class AuthFailureLimiter {
  private readonly clients = new Map<string, Tally>();

  constructor(private readonly limits: AuthFailureLimits = DEFAULT_AUTH_FAILURE_LIMITS) {}

  /** Seconds the address must wait before it may authenticate again; 0 when it may now. */
  retryAfterSeconds(address: string, now: number): number {
    if (this.clients.size === 0) return 0;
    const tally = this.clients.get(clientKey(address));
    if (!tally || tally.failures < this.limits.maxFailures) return 0;
    if (tally.resetAt <= now) return 0;
    return Math.max(1, Math.ceil((tally.resetAt - now) / 1000));
  }

  /** An address that failed too often is refused (429, Retry-After) before its key is even looked at. */
  refuseIfLimited(address: string, now: number, reply: FastifyReply, what = 'from this address'): void {
    const wait = this.retryAfterSeconds(address, now);
    if (wait === 0) return;
    reply.header('retry-after', String(wait));
    throw new DomainError('AUTH_RATE_LIMITED', `Too many failed authentications ${what}; try again in ${wait} s.`);
  }

  recordFailure(address: string, now: number): void {
    const key = clientKey(address);
    const tally = this.clients.get(key);
    if (!tally || tally.resetAt <= now) {
      this.clients.delete(key);
      this.clients.set(key, { failures: 1, resetAt: now + this.limits.windowMs });
      this.forgetIfFull(now);
      return;
    }
    tally.failures += 1;
    // The failure that reaches the limit starts a full window of refusal.
    if (tally.failures === this.limits.maxFailures) tally.resetAt = now + this.limits.windowMs;
  }

  private forgetIfFull(now: number): void {
    if (this.clients.size <= this.limits.maxClients) return;
    for (const [key, tally] of this.clients) if (tally.resetAt <= now) this.clients.delete(key);
    // Still full: forget the addresses that failed first (Map keeps insertion order).
    for (const key of this.clients.keys()) {
      if (this.clients.size <= this.limits.maxClients) break;
      this.clients.delete(key);
    }
  }
}

/** The unit failures are counted by: an IPv4 address (also when IPv4-mapped), an IPv6 /64. */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (isIPv4(address) || !isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  // A trailing dotted IPv4 part is two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16));
}
