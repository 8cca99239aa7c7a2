import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smsBody } from './sms-body.js';

test('an SMS is the shop, the subject and the message\'s one link (tracking, else verification)', () => {
  assert.equal(smsBody('Order #1042 confirmed', { shop: { name: 'Acme' } }), 'Acme: Order #1042 confirmed');
  assert.equal(smsBody('Order #1042 is on its way', { shop: { name: 'Acme' }, shipment: { tracking_url: 'https://track.test/1Z9' } }), 'Acme: Order #1042 is on its way https://track.test/1Z9');
  assert.equal(smsBody('Please confirm your order #1042', { shop: { name: '' }, verification: { url: 'https://oms.test/verify/x' } }), 'Please confirm your order #1042 https://oms.test/verify/x');
  const long = smsBody('x'.repeat(500), { shop: { name: 'Acme' }, shipment: { tracking_url: 'https://track.test/1' } });
  assert.ok(long.endsWith(' https://track.test/1') && long.length === 'Acme: '.length + 140 + ' https://track.test/1'.length, `the subject is cut, the link never: ${long.length}`);
});
