import { createHash, randomBytes } from 'node:crypto';

/**
 * API keys are 256-bit random secrets, so a fast hash (SHA-256) is the right tool: there is no
 * low-entropy password to stretch. Only the hash and a short display prefix are stored.
 */
export function generateApiKeySecret(): string {
  return `oms_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, 10);
}
