import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets we must use again (a channel's webhook secret, an API token) cannot be hashed: they are
 * sealed with AES-256-GCM under the installation's key (OMS_SECRET_KEY). Layout: version byte,
 * 12-byte nonce, 16-byte tag, ciphertext. A tampered or foreign blob fails to open.
 */
const VERSION = 1;

export function sealSecret(plaintext: string, key: Buffer): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
}

export function openSecret(sealed: Buffer, key: Buffer): string {
  if (sealed[0] !== VERSION) throw new Error('unknown secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
  decipher.setAuthTag(sealed.subarray(13, 29));
  return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
}

/** OMS_SECRET_KEY: 32 bytes, base64 or hex. */
export function parseSecretKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('OMS_SECRET_KEY must be 32 bytes, as 64 hex digits or base64');
  return key;
}
