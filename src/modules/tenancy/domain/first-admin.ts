import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The first admin of an installation is made in the browser with a setup token that only the person
 * who started the server can read (it is printed to the server's terminal). The token is derived
 * from the installation's secret key, so it is the same in every process and after a restart, and
 * is never stored; it opens nothing once any user exists.
 */
export function firstAdminSetupToken(secretKey: Buffer): string {
  return createHmac('sha256', secretKey).update('oms:first-admin-setup:v1').digest('base64url').slice(0, 32);
}

/** Whether `given` is this installation's setup token, compared in constant time. */
export function isFirstAdminSetupToken(secretKey: Buffer, given: string): boolean {
  const expected = Buffer.from(firstAdminSetupToken(secretKey));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
