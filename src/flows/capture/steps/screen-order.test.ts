import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CanonicalOrder } from '../../../platform/contracts/canonical-order.js';
import { addressKey, cidrCountryReader, defaultRiskScreening, screen, velocityValues, type Decision } from '../../../modules/risk/index.js';
import type { Prepared } from './prepare-order.js';
import { cardFingerprint, screeningHolds, screeningInputOf, useIpCountryReader } from './screen-order.js';

// What capture gathers for screening from the canonical order (ADR 0030), without a database.
const order = (over: Partial<CanonicalOrder> = {}): CanonicalOrder => ({
  channel: 'web',
  currency: 'USD',
  placed_at: '2026-12-05T10:00:00Z',
  customer: { email: ' Ada@Example.TEST ', phone: '(217) 555-0100' },
  shipping_address: { name: 'Ada', line1: '12 Analytical Way', line2: 'Apt. 3', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'us' },
  lines: [{ sku: 'A', quantity: 2, unit_price: '10.00' }],
  ...over,
});
const prepared = { unitPrices: [1000], money: { totals: { total: 2500 }, serviceLevel: 'express' } } as unknown as Prepared;

describe('screeningInputOf', () => {
  test('the order, contacts normalised, the card and gateway of the paying transaction, the IP’s country', () => {
    const previous = useIpCountryReader(cidrCountryReader({ '203.0.113.0/24': 'NG' }));
    try {
      const input = screeningInputOf(
        order({
          client: { ip: '203.0.113.5' },
          channel_risk: { level: 'high', recommendation: null },
          transactions: [
            { kind: 'authorization', amount: '1.00', gateway: 'first' },
            { kind: 'sale', amount: '25.00', gateway: 'stripe', payment_details: { avs_result_code: 'N', cvv_result_code: 'M', card_bin: '411111', card_last4: '1111' } },
          ],
        }),
        prepared,
        new Date('2026-12-05T12:00:00Z'),
      );
      assert.deepEqual(input.order, { placedAt: '2026-12-05T10:00:00.000Z', currency: 'USD', totalMinor: 2500, lines: [{ sku: 'A', quantity: 2, unitPriceMinor: 1000 }], channel: 'web', shippingServiceLevel: 'express' });
      assert.equal(input.email, 'ada@example.test');
      assert.equal(input.phone, '+12175550100', 'E.164, read with the shipping country');
      assert.equal(input.shippingAddress?.country, 'US');
      assert.deepEqual(input.payment, { gateway: 'stripe', avsResultCode: 'N', cvvResultCode: 'M', cardFingerprint: '411111…1111' });
      assert.deepEqual(input.client, { ip: '203.0.113.5', ipCountry: 'NG' });
      assert.deepEqual(input.channelRisk, { level: 'high', recommendation: null });
      assert.deepEqual([input.customer, input.velocity], [null, null], 'gathered in the transaction');
    } finally {
      useIpCountryReader(previous);
    }
  });

  test('without placed_at the capture time is the screening clock; nothing given is unknown, not empty', () => {
    const input = screeningInputOf(order({ placed_at: null, customer: null, shipping_address: null }), prepared, new Date('2026-12-05T12:00:00Z'));
    assert.equal(input.order.placedAt, '2026-12-05T12:00:00.000Z');
    assert.deepEqual([input.email, input.phone, input.shippingAddress, input.payment, input.client, input.channelRisk], [null, null, null, null, null, null]);
  });
});

describe('velocity keys and card', () => {
  test('the gateway fingerprint wins over BIN and last four; neither is unknown', () => {
    assert.equal(cardFingerprint({ card_fingerprint: 'fp_1', card_bin: '411111', card_last4: '1111' }), 'fp_1');
    assert.equal(cardFingerprint({ card_bin: '411111' }), null);
  });

  test('addresses normalise case, punctuation and spacing, not the name; IPv4-mapped IPv6 is IPv4', () => {
    const a = addressKey({ line1: '12  Analytical Way.', line2: 'Apt 3', postalCode: '62701', country: 'US' });
    const b = addressKey({ line1: '12 analytical way', line2: 'APT. 3', postalCode: '62701', country: 'us' });
    assert.equal(a, b);
    const input = screeningInputOf(order({ client: { ip: '::ffff:198.51.100.7' } }), prepared, new Date());
    assert.deepEqual(velocityValues(input).keys.map((k) => k.kind), ['email', 'ip', 'phone', 'address']);
    assert.equal(velocityValues(input).keys.find((k) => k.kind === 'ip')?.value, '198.51.100.7');
  });

  test('two IPv6 addresses of one /64 are one key; another /64 is another', () => {
    const ipOf = (ip: string) => velocityValues(screeningInputOf(order({ client: { ip } }), prepared, new Date())).keys.find((k) => k.kind === 'ip')?.value;
    assert.equal(ipOf('2001:db8:1:2:a:b:c:d'), '2001:db8:1:2::/64');
    assert.equal(ipOf('2001:0DB8:0001:0002:ffff:1:2:3'), '2001:db8:1:2::/64', 'privacy addresses in the same network');
    assert.equal(ipOf('2001:db8:1:3::1'), '2001:db8:1:3::/64');
    assert.equal(ipOf('not an ip'), undefined);
  });
});

describe('screeningHolds', () => {
  const decision = (action: Decision['action']) => ({ ...screen(screeningInputOf(order(), prepared, new Date()), defaultRiskScreening()), action });
  test('allow: none; review and reject: fraud review (reject says the rules recommend rejecting); verify: verification', () => {
    assert.deepEqual(screeningHolds(decision('allow')), []);
    assert.deepEqual(screeningHolds(decision('review')).map((h) => h.type), ['fraud_review']);
    const reject = screeningHolds(decision('reject'));
    assert.deepEqual(reject.map((h) => h.type), ['fraud_review']);
    assert.match(reject[0]?.reason ?? '', /recommends rejecting/);
    assert.deepEqual(screeningHolds(decision('verify')).map((h) => h.type), ['verification']);
  });
});
