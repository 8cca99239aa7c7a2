import { randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing secrets: `whsec_` and the base64 of 24–64 random bytes. The OMS makes
 * one of 32 bytes unless the caller brings its own (e.g. to keep a receiver's existing secret).
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function webhookSecretProblem(secret: string): string | null {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  if (!match?.[1]) return 'must be `whsec_` followed by base64';
  const bytes = Buffer.from(match[1], 'base64');
  if (bytes.toString('base64') !== match[1]) return 'is not valid base64 after `whsec_`';
  if (bytes.length < 24 || bytes.length > 64) return 'must encode 24 to 64 bytes after `whsec_`';
  return null;
}
