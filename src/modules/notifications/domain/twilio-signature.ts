import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature (`X-Twilio-Signature`): base64 of HMAC-SHA1, keyed by the account's
 * auth token, over the full URL Twilio requested followed by every POST parameter's name and
 * value, names sorted (byte order), concatenated without separators. A parameter given twice
 * contributes each value, in the order sent.
 */
export function twilioSignature(authToken: string, url: string, params: readonly (readonly [string, string])[]): string {
  const sorted = [...params].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return createHmac('sha1', authToken).update(url + sorted.map(([k, v]) => k + v).join(''), 'utf8').digest('base64');
}

/** Whether the header is the signature of this request (constant time); false when missing. */
export function twilioSignatureValid(authToken: string, url: string, params: readonly (readonly [string, string])[], header: string | undefined): boolean {
  if (!header || authToken === '') return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
