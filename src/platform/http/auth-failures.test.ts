import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthFailureLimiter, clientKey } from './auth-failures.js';

const limits = { maxFailures: 3, windowMs: 60_000, maxClients: 100 };

test('an address is refused after maxFailures within the window, for a full window from the last counted failure', () => {
  const limiter = new AuthFailureLimiter(limits);
  limiter.recordFailure('192.0.2.1', 0);
  limiter.recordFailure('192.0.2.1', 10_000);
  assert.equal(limiter.retryAfterSeconds('192.0.2.1', 10_000), 0, 'two failures: still allowed');
  limiter.recordFailure('192.0.2.1', 20_000);
  assert.equal(limiter.retryAfterSeconds('192.0.2.1', 20_000), 60);
  assert.equal(limiter.retryAfterSeconds('192.0.2.1', 79_500), 1, 'rounded up, never 0 while refused');
  assert.equal(limiter.retryAfterSeconds('192.0.2.1', 80_000), 0, 'free again after the window');
  limiter.recordFailure('192.0.2.1', 80_000);
  assert.equal(limiter.retryAfterSeconds('192.0.2.1', 80_000), 0, 'and counted from zero');
  assert.equal(limiter.retryAfterSeconds('192.0.2.2', 20_000), 0, 'other addresses are not affected');
});

test('failures spread wider than the window never add up to a refusal', () => {
  const limiter = new AuthFailureLimiter(limits);
  for (let i = 0; i < 10; i++) {
    limiter.recordFailure('192.0.2.1', i * 61_000);
    assert.equal(limiter.retryAfterSeconds('192.0.2.1', i * 61_000), 0);
  }
});

test('IPv4-mapped addresses count as IPv4; IPv6 counts per /64', () => {
  assert.equal(clientKey('::ffff:192.0.2.7'), '192.0.2.7');
  assert.equal(clientKey('192.0.2.7'), '192.0.2.7');
  assert.equal(clientKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(clientKey('::1'), '0:0:0:0::/64');
  assert.equal(clientKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(clientKey('64:ff9b::192.0.2.33'), '64:ff9b:0:0::/64');
  const limiter = new AuthFailureLimiter(limits);
  for (let i = 1; i <= 3; i++) limiter.recordFailure(`2001:db8:1:2::${i}`, 0);
  assert.ok(limiter.retryAfterSeconds('2001:db8:1:2:abcd::9', 0) > 0, 'a new address in the same /64 is refused too');
  assert.equal(limiter.retryAfterSeconds('2001:db8:1:3::1', 0), 0, 'the next /64 is not');
});

test('memory stays bounded: beyond maxClients the expired, then the oldest addresses are forgotten', () => {
  const limiter = new AuthFailureLimiter({ ...limits, maxClients: 10 });
  for (let i = 0; i < 3; i++) limiter.recordFailure('198.51.100.1', 0);
  for (let i = 0; i < 50; i++) limiter.recordFailure(`203.0.113.${i}`, 1_000);
  const size = (limiter as unknown as { clients: Map<string, unknown> }).clients.size;
  assert.ok(size <= 10, `${size} addresses remembered`);
});
