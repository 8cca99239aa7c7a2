import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { readBounceReport } from './bounce-report.js';
import { verpAddress, verpKey, verpNotificationIds } from './verp.js';
import { arf, dsn } from '../../../../test/support/bounce-reports.js';

describe('reading what came back', () => {
  const cases: [string, string, ReturnType<typeof readBounceReport>['kind']][] = [
    ['a permanent failure (5.1.1, failed)', dsn('x@b.test', '5.1.1', 'failed'), 'hard_bounce'],
    ['a full mailbox (4.2.2, delayed)', dsn('x@b.test', '4.2.2', 'delayed'), 'soft_bounce'],
    ['a failure after the retries ran out (4.4.7, failed)', dsn('x@b.test', '4.4.7', 'failed'), 'soft_bounce'],
    ['a delivery report (2.0.0, delivered)', dsn('x@b.test', '2.0.0', 'delivered'), 'not_a_failure'],
    ['a spam complaint', arf('x@b.test'), 'complaint'],
    ['a not-spam report', arf('x@b.test', 'not-spam'), 'not_a_failure'],
    ['an ordinary reply', 'From: ada@customers.test\r\nSubject: Re: your order\r\n\r\nStatus: 5.1.1\r\nAction: failed\r\n', 'unreadable'],
    ['a delivery status without a Status', dsn('x@b.test', 'soon', 'failed'), 'unreadable'],
  ];
  for (const [name, raw, kind] of cases) test(`${name} → ${kind}`, () => assert.equal(readBounceReport(raw).kind, kind));

  test('the recipient and the status line are read from the machine-readable part, folded lines unfolded', () => {
    const verdict = readBounceReport(dsn('x@b.test', '5.1.1', 'failed', 'Ada@Customers.test'));
    assert.equal(verdict.kind, 'hard_bounce');
    assert.ok(verdict.kind === 'hard_bounce' && verdict.recipient === 'ada@customers.test', JSON.stringify(verdict));
    assert.match(verdict.detail, /^Action: failed; Status: 5\.1\.1; Diagnostic-Code: smtp; 550 5\.1\.1 <ada@customers\.test>: Recipient address rejected: User unknown$/);
  });
});

describe('VERP return paths', () => {
  const key = verpKey(randomBytes(32));
  const id = 'ntf_01jd0000000000000000000000';

  test('the address names the message and verifies for its tenant only', () => {
    const address = verpAddress(key, 'bounces.shop.test', 'ten_a', id);
    assert.match(address, /^bounces\+ntf_01jd0000000000000000000000\.[0-9a-f]{20}@bounces\.shop\.test$/);
    assert.deepEqual(verpNotificationIds(key, 'bounces.shop.test', 'ten_a', `To: <${address}>`), [id]);
    assert.deepEqual(verpNotificationIds(key, 'bounces.shop.test', 'ten_b', `To: <${address}>`), [], 'another tenant');
    assert.deepEqual(verpNotificationIds(key, 'other.test', 'ten_a', `To: <${address}>`), [], 'another bounce domain');
    assert.deepEqual(verpNotificationIds(verpKey(randomBytes(32)), 'bounces.shop.test', 'ten_a', `To: <${address}>`), [], 'another installation');
  });

  test('a mail server that upper-cases the local part does not break it; a changed id or signature does', () => {
    const address = verpAddress(key, 'bounces.shop.test', 'ten_a', id);
    assert.deepEqual(verpNotificationIds(key, 'bounces.shop.test', 'ten_a', address.toUpperCase()), [id]);
    const other = 'ntf_01jd0000000000000000000001';
    assert.deepEqual(verpNotificationIds(key, 'bounces.shop.test', 'ten_a', address.replace(id, other)), []);
    const sig = /\.([0-9a-f]{20})@/.exec(address)?.[1] ?? '';
    const flipped = sig.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    assert.deepEqual(verpNotificationIds(key, 'bounces.shop.test', 'ten_a', address.replace(sig, flipped)), []);
  });
});
