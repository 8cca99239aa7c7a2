import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Survey link tokens (ADR 0037): `<tenant id>.<order id>.<expiry, unix seconds in base 36>.<signature>`,
 * signature = the first 128 bits of HMAC-SHA256 over the first three parts under the survey key
 * (its own purpose: no other link's signature stands in for it), base64url. Nothing is stored:
 * the signature binds the link to one order of one tenant until its expiry, and the answer is
 * unique per order, so the same link (or a newer one for the same order) only ever replaces it.
 */
export interface SurveyLink {
  tenantId: string;
  orderId: string;
  expiresAt: Date;
}

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url');

export function signSurveyToken(key: Buffer, link: SurveyLink): string {
  const payload = `${link.tenantId}.${link.orderId}.${Math.floor(link.expiresAt.getTime() / 1000).toString(36)}`;
  return `${payload}.${sign(key, payload)}`;
}

export const SURVEY_TOKEN = /^(ten_[0-9a-z]{26})\.(ord_[0-9a-z]{26})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;

/** The link a token this installation signed names, or why not (expiry is the caller's to judge: it needs the clock). */
export function readSurveyToken(key: Buffer, token: string): SurveyLink | 'malformed' | 'tampered' {
  const match = SURVEY_TOKEN.exec(token);
  if (!match) return 'malformed';
  const [, tenantId, orderId, expiry, signature] = match as unknown as [string, string, string, string, string];
  const expected = Buffer.from(sign(key, `${tenantId}.${orderId}.${expiry}`));
  if (!timingSafeEqual(Buffer.from(signature), expected)) return 'tampered';
  return { tenantId, orderId, expiresAt: new Date(parseInt(expiry, 36) * 1000) };
}
