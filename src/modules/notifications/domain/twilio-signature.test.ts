import assert from 'node:assert/strict';
import { test } from 'node:test';
import { twilioSignature, twilioSignatureValid } from './twilio-signature.js';

// Twilio's documented example (www.twilio.com/docs/usage/security#validating-requests): auth token
// 12345, this URL and these parameters sign to 0/KCTR6DLpKmkAf8muzZqo1nDgQ=.
const TOKEN = '12345';
const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS: [string, string][] = [
  ['CallSid', 'CA1234567890ABCDE'],
  ['Caller', '+12349013030'],
  ['Digits', '1234'],
  ['From', '+12349013030'],
  ['To', '+18005551212'],
];

test('the documented example signs to the documented value, whatever the order of the parameters', () => {
  assert.equal(twilioSignature(TOKEN, URL_, PARAMS), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  assert.equal(twilioSignature(TOKEN, URL_, [...PARAMS].reverse()), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
});

test('a changed parameter, URL or token, and a missing header, do not verify', () => {
  const good = twilioSignature(TOKEN, URL_, PARAMS);
  assert.equal(twilioSignatureValid(TOKEN, URL_, PARAMS, good), true);
  assert.equal(twilioSignatureValid(TOKEN, URL_, [...PARAMS.slice(0, 4), ['To', '+18005551213']], good), false);
  assert.equal(twilioSignatureValid(TOKEN, `${URL_}&baz=3`, PARAMS, good), false);
  assert.equal(twilioSignatureValid('54321', URL_, PARAMS, good), false);
  assert.equal(twilioSignatureValid(TOKEN, URL_, PARAMS, undefined), false);
  assert.equal(twilioSignatureValid(TOKEN, URL_, PARAMS, 'short'), false);
});
