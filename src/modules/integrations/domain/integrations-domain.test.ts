import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { isEventPattern, matchesEventType } from './event-types.js';
import { DISABLE_AFTER_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS, nextRetryDelayMs, shouldDisable } from './retry-schedule.js';
import { newWebhookSecret, webhookSecretProblem } from './webhook-secret.js';

describe('event type patterns', () => {
  it('matches exact types, families and everything', () => {
    assert.ok(matchesEventType(['order.created'], 'order.created'), 'an exact type matches');
    assert.ok(!matchesEventType(['order.created'], 'order.cancelled'), 'another type does not');
    assert.ok(matchesEventType(['order.*'], 'order.lines_cancelled'), 'order.* matches order.lines_cancelled');
    assert.ok(!matchesEventType(['order.*'], 'orders.created'), 'a family is a prefix up to the dot');
    assert.ok(!matchesEventType(['order.*'], 'fulfillment_order.created'), 'order.* does not match fulfillment_order.created');
    assert.ok(matchesEventType(['shipment.created', '*'], 'tenant.created'), '* matches everything');
    assert.ok(!matchesEventType([], 'order.created'), 'no patterns match nothing');
  });
  it('accepts only well-formed patterns', () => {
    for (const ok of ['*', 'order.created', 'order.*', 'webhook_endpoint.disabled', 'a.b.c']) assert.ok(isEventPattern(ok), ok);
    for (const bad of ['', 'Order.Created', 'order.', '.order', 'order.**', '*.created', 'order created', 'order.*.x', `a.${'b'.repeat(100)}`]) assert.ok(!isEventPattern(bad), bad);
  });
});

describe('retry schedule', () => {
  it('tries 8 times over about a day, with ±20% jitter', () => {
    assert.equal(MAX_ATTEMPTS, 8);
    assert.equal(nextRetryDelayMs(1, 0.5), 5_000);
    assert.equal(nextRetryDelayMs(1, 0), 4_000);
    assert.equal(nextRetryDelayMs(1, 0.999999), 6_000);
    assert.equal(nextRetryDelayMs(7, 0.5), 28_800_000);
    assert.equal(nextRetryDelayMs(8, 0.5), null, 'the schedule is spent');
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    assert.ok(total > 23 * 3_600_000 && total < 25 * 3_600_000, `${total / 3_600_000} h`);
    for (let n = 2; n <= RETRY_DELAYS_MS.length; n++) assert.ok((nextRetryDelayMs(n, 0.5) as number) >= (nextRetryDelayMs(n - 1, 0.5) as number), 'never shorter than the one before');
  });
  it('disables only after a day of failures and enough of them', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    const dayLater = new Date(since.getTime() + DISABLE_AFTER_MS);
    assert.ok(shouldDisable(since, 5, dayLater), 'disabled once a day has passed since the first failure');
    assert.ok(!shouldDisable(since, 4, dayLater), 'one slow retry is not a day of failures');
    assert.ok(!shouldDisable(since, 50, new Date(dayLater.getTime() - 1)), 'not a millisecond before, however many failures');
  });
});

describe('webhook secrets', () => {
  it('makes whsec_ secrets the Standard Webhooks library accepts', () => {
    const secret = newWebhookSecret();
    assert.equal(webhookSecretProblem(secret), null);
    assert.notEqual(newWebhookSecret(), secret);
    const wh = new Webhook(secret);
    const at = new Date();
    const signature = wh.sign('msg_1', at, '{"a":1}');
    assert.deepEqual(wh.verify('{"a":1}', { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature }), { a: 1 });
  });
  it('refuses secrets that are not whsec_ base64 of 24–64 bytes', () => {
    assert.match(webhookSecretProblem('secret') ?? '', /whsec_/);
    assert.match(webhookSecretProblem(`whsec_${Buffer.alloc(16).toString('base64')}`) ?? '', /24 to 64/);
    assert.match(webhookSecretProblem(`whsec_${Buffer.alloc(65).toString('base64')}`) ?? '', /24 to 64/);
    assert.match(webhookSecretProblem('whsec_AAAA=A') ?? '', /whsec_|base64/);
    assert.equal(webhookSecretProblem(`whsec_${Buffer.alloc(24, 7).toString('base64')}`), null);
  });
});
