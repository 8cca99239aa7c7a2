import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deliveryKey, isStale, isWooCommercePing, readChannelWebhook, type AppliedVersion, type WebhookReading } from './webhook-delivery.js';
import { SHOPIFY_ORDER } from './fixtures/shopify-order.js';
import { WOOCOMMERCE_ORDER } from './fixtures/woocommerce-order.js';

const shopify = (extra: Record<string, unknown> = {}) => ({ ...structuredClone(SHOPIFY_ORDER), ...extra });
const woo = (extra: Record<string, unknown> = {}) => ({ ...structuredClone(WOOCOMMERCE_ORDER), ...extra });

/** The reading's kind and what decides it, for table rows. */
function summary(r: WebhookReading): string {
  switch (r.kind) {
    case 'order':
      return `order ${r.externalId} ${r.mapped.status} @${r.version.toISOString()}`;
    case 'deletion':
      return `deletion ${r.externalId}`;
    case 'ignored':
      return 'ignored';
    case 'refused':
      return `${r.code} ${r.problems.map((p) => p.field).join(',')}`.trim();
  }
}

describe('readChannelWebhook: the signed body decides, the topic only picks among what the body supports', () => {
  const cases: [string, ReturnType<typeof readChannelWebhook>, string][] = [
    ['shopify orders/create', readChannelWebhook('shopify', shopify(), 'orders/create', 'c'), 'order 5550001112223 open @2025-03-14T14:31:09.000Z'],
    ['shopify no topic: an order body', readChannelWebhook('shopify', shopify(), undefined, 'c'), 'order 5550001112223 open @2025-03-14T14:31:09.000Z'],
    ['shopify orders/cancelled on an open order', readChannelWebhook('shopify', shopify(), 'orders/cancelled', 'c'), 'CHANNEL_TOPIC_MISMATCH'],
    ['shopify orders/cancelled, cancelled_at set', readChannelWebhook('shopify', shopify({ cancelled_at: '2025-03-14T11:00:00-04:00' }), 'orders/cancelled', 'c'), 'order 5550001112223 cancelled @2025-03-14T14:31:09.000Z'],
    ['shopify orders/updated carrying a cancellation', readChannelWebhook('shopify', shopify({ cancelled_at: '2025-03-14T11:00:00-04:00' }), 'orders/updated', 'c'), 'order 5550001112223 cancelled @2025-03-14T14:31:09.000Z'],
    ['shopify orders/delete {id}', readChannelWebhook('shopify', { id: 5550001112223 }, 'orders/delete', 'c'), 'deletion 5550001112223'],
    ['shopify orders/delete on a whole order', readChannelWebhook('shopify', shopify(), 'orders/delete', 'c'), 'CHANNEL_TOPIC_MISMATCH'],
    ['shopify a topic with no order', readChannelWebhook('shopify', shopify(), 'products/update', 'c'), 'ignored'],
    ['shopify updated_at missing', readChannelWebhook('shopify', shopify({ updated_at: undefined }), 'orders/updated', 'c'), 'CHANNEL_PAYLOAD_INVALID updated_at'],
    ['shopify updated_at without offset', readChannelWebhook('shopify', shopify({ updated_at: '2025-03-14T10:31:09' }), 'orders/updated', 'c'), 'CHANNEL_PAYLOAD_INVALID updated_at'],
    ['woo order.created', readChannelWebhook('woocommerce', woo(), 'order.created', 'c'), 'order 4821 open @2025-03-14T13:12:47.000Z'],
    ['woo order.updated to trash', readChannelWebhook('woocommerce', woo({ status: 'trash' }), 'order.updated', 'c'), 'order 4821 cancelled @2025-03-14T13:12:47.000Z'],
    ['woo order.deleted {id}', readChannelWebhook('woocommerce', { id: 4821 }, 'order.deleted', 'c'), 'deletion 4821'],
    ['woo order.deleted on a whole order', readChannelWebhook('woocommerce', woo(), 'order.deleted', 'c'), 'CHANNEL_TOPIC_MISMATCH'],
    ['woo order.deleted with a bad id', readChannelWebhook('woocommerce', { id: -1 }, 'order.deleted', 'c'), 'CHANNEL_PAYLOAD_INVALID id'],
    ['woo product.deleted {id}', readChannelWebhook('woocommerce', { id: 4821 }, 'product.deleted', 'c'), 'ignored'],
    ['woo {id} as order.created', readChannelWebhook('woocommerce', { id: 4821 }, 'order.created', 'c'), 'CHANNEL_PAYLOAD_INVALID date_modified_gmt'],
    ['woo not an object', readChannelWebhook('woocommerce', [1, 2], 'order.updated', 'c'), 'CHANNEL_PAYLOAD_INVALID $'],
  ];
  for (const [name, reading, expected] of cases) {
    test(name, () => assert.equal(summary(reading), expected));
  }
});

describe('isStale: older signed versions change nothing', () => {
  const at = (s: string) => new Date(`2025-03-14T${s}Z`);
  const last = (version: string | null, status: AppliedVersion['status'], deleted = false): AppliedVersion => ({ version: version ? at(version) : null, status, deleted });
  const cases: [string, AppliedVersion, Date, 'open' | 'cancelled' | 'closed', boolean][] = [
    ['nothing applied yet', last(null, null), at('10:00:00'), 'open', false],
    ['newer', last('10:00:00', 'open'), at('10:00:01'), 'cancelled', false],
    ['older', last('10:00:00', 'open'), at('09:59:59'), 'cancelled', true],
    ['same second, open again', last('10:00:00', 'open'), at('10:00:00'), 'open', false],
    ['same second, a cancellation wins', last('10:00:00', 'open'), at('10:00:00'), 'cancelled', false],
    ['same second, open after a cancellation', last('10:00:00', 'cancelled'), at('10:00:00'), 'open', true],
    ['deleted in the store for good', last('10:00:00', 'open', true), at('11:00:00'), 'open', true],
  ];
  for (const [name, applied, version, status, stale] of cases) {
    test(name, () => assert.equal(isStale(applied, version, status), stale));
  }
});

describe('deliveryKey and the WooCommerce ping', () => {
  test('the same id and body repeat; another body under the same id (WooCommerce ids are per second) does not', () => {
    const body = Buffer.from('{"id":1}');
    const key = deliveryKey('5f2c0b1e9d8a7c6b', body);
    assert.match(key ?? '', /^[0-9a-f]{64}$/);
    assert.equal(deliveryKey('5f2c0b1e9d8a7c6b', Buffer.from('{"id":1}')), key);
    assert.notEqual(deliveryKey('5f2c0b1e9d8a7c6b', Buffer.from('{"id":2}')), key);
    assert.notEqual(deliveryKey('other', body), key);
    assert.equal(deliveryKey(undefined, body), undefined);
    assert.equal(deliveryKey('', body), undefined);
  });

  test('only the exact form body webhook_id=N is a ping', () => {
    const form = 'application/x-www-form-urlencoded';
    assert.equal(isWooCommercePing(form, Buffer.from('webhook_id=12')), true);
    assert.equal(isWooCommercePing(`${form}; charset=UTF-8`, Buffer.from('webhook_id=12')), true);
    for (const body of ['webhook_id=', 'webhook_id=12&x=1', 'webhook_id=12\n', 'webhook_id=-1', 'id=12', `webhook_id=${'9'.repeat(21)}`]) {
      assert.equal(isWooCommercePing(form, Buffer.from(body)), false, body);
    }
    assert.equal(isWooCommercePing('application/json', Buffer.from('webhook_id=12')), false);
    assert.equal(isWooCommercePing(undefined, Buffer.from('webhook_id=12')), false);
  });
});
