import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { openSecret, parseSecretKey, sealSecret } from './secret-box.js';

test('a sealed secret opens with its key only, and tampering is detected', () => {
  const key = randomBytes(32);
  const sealed = sealSecret('shpss_0123456789abcdef', key);
  assert.ok(!sealed.toString('latin1').includes('shpss_'), 'the plaintext is not in the blob');
  assert.equal(openSecret(sealed, key), 'shpss_0123456789abcdef');
  assert.notDeepEqual(sealSecret('same', key), sealSecret('same', key), 'a fresh nonce each time');
  assert.throws(() => openSecret(sealed, randomBytes(32)));
  const tampered = Buffer.from(sealed);
  tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
  assert.throws(() => openSecret(tampered, key));
});

test('the key is 32 bytes, given as hex or base64', () => {
  const key = randomBytes(32);
  assert.deepEqual(parseSecretKey(key.toString('hex')), key);
  assert.deepEqual(parseSecretKey(key.toString('base64')), key);
  assert.throws(() => parseSecretKey('short'), /32 bytes/);
});
