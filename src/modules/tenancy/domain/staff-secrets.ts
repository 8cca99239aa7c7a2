import { createHash, randomBytes } from 'node:crypto';

/**
 * Session tokens, CSRF tokens and password reset tokens are 256-bit random values: a fast hash
 * (SHA-256) is enough to store the first and the last (as for API keys); the CSRF token is no
 * credential by itself and is kept as it is, so GET /v1/session can hand it back.
 */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
