import { createHmac, timingSafeEqual } from 'node:crypto';

// The VERP return path (ADR 0035): every message leaves with its own envelope sender,
// `bounces+<notification id>.<signature>@<bounce domain>`, so a bounce that comes back names the
// message it is about. The signature is an HMAC of the tenant and the notification id under the
// installation's key: a forged bounce (anyone can send mail to the bounce domain) cannot name a
// message and so cannot suppress an address. Lower-case hex: mail servers may change the case of a
// local part; 20 hex digits (80 bits) cannot be guessed by sending mail.

const SIGNATURE_HEX = 20;
const VERP = /bounces\+(ntf_[0-9a-z]{26})\.([0-9a-f]{20})@([a-z0-9.-]+)/gi;

/** The key the return paths are signed with, derived from the installation's secret key (never the key itself). */
export function verpKey(secretKey: Buffer): Buffer {
  return createHmac('sha256', secretKey).update('oms notification return path v1').digest();
}

function signature(key: Buffer, tenantId: string, notificationId: string): string {
  return createHmac('sha256', key).update(`${tenantId}\n${notificationId}`).digest('hex').slice(0, SIGNATURE_HEX);
}

/** The envelope sender of one message. */
export function verpAddress(key: Buffer, bounceDomain: string, tenantId: string, notificationId: string): string {
  return `bounces+${notificationId}.${signature(key, tenantId, notificationId)}@${bounceDomain}`;
}

/**
 * The notifications a text (a bounce's headers and body) names through a correctly signed return
 * path of this tenant at the bounce domain; an address whose signature does not match is ignored.
 */
export function verpNotificationIds(key: Buffer, bounceDomain: string, tenantId: string, text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(VERP)) {
    const [, rawId, sig, domain] = m as unknown as [string, string, string, string];
    const id = rawId.toLowerCase();
    if (domain.toLowerCase() !== bounceDomain.toLowerCase()) continue;
    const expected = Buffer.from(signature(key, tenantId, id));
    if (timingSafeEqual(expected, Buffer.from(sig.toLowerCase()))) found.add(id);
  }
  return [...found];
}
