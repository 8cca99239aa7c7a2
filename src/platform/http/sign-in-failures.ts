import type { FastifyReply } from 'fastify';
import { AuthFailureLimiter, clientKey } from './auth-failures.js';

const WINDOW_MS = 15 * 60_000;

export interface SignInLimits {
  /** Failed sign-ins for one e-mail from one address (a /64 for IPv6) within the window. */
  perAccount: number;
  /** Failed sign-ins from one address, whatever the e-mail. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 10, perAddress: 100, windowMs: WINDOW_MS };

/**
 * Failed sign-ins (POST /v1/session), counted twice: per e-mail and address, so one account's
 * password is not guessed faster than 10 tries in 15 minutes, and per address, so one client
 * cannot spray many accounts. Nothing is counted per e-mail alone: a stranger cannot lock a person
 * out from another address. In memory per process, like the API key limiter it is built on.
 */
export class SignInLimiter {
  private readonly perAccount: AuthFailureLimiter;
  private readonly perAddress: AuthFailureLimiter;

  constructor(limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {
    this.perAccount = new AuthFailureLimiter({ maxFailures: limits.perAccount, windowMs: limits.windowMs, maxClients: 100_000 });
    this.perAddress = new AuthFailureLimiter({ maxFailures: limits.perAddress, windowMs: limits.windowMs, maxClients: 100_000 });
  }

  /** 429 with Retry-After when the address, or this e-mail from it, failed too often. */
  refuseIfLimited(address: string, email: string, now: number, reply: FastifyReply): void {
    this.perAddress.refuseIfLimited(address, now, reply);
    this.perAccount.refuseIfLimited(accountKey(address, email), now, reply, 'for this e-mail from this address');
  }

  recordFailure(address: string, email: string, now: number): void {
    this.perAddress.recordFailure(address, now);
    this.perAccount.recordFailure(accountKey(address, email), now);
  }
}

function accountKey(address: string, email: string): string {
  return `${email.trim().toLowerCase()} ${clientKey(address)}`;
}
