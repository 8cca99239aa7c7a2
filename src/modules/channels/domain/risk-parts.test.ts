import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mapShopifyOrder } from './shopify.js';
import { mapWooCommerceOrder } from './woocommerce.js';
import { SHOPIFY_ORDER } from './fixtures/shopify-order.js';
import { WOOCOMMERCE_ORDER } from './fixtures/woocommerce-order.js';

// What fraud screening reads from channel payloads (ADR 0030): the buyer's IP and browser, the
// card's AVS/CVV answers and identity, the channel's own verdict. Never a reason to refuse.
const shopify = (edit: (o: Record<string, unknown>) => void) => {
  const o = structuredClone(SHOPIFY_ORDER) as unknown as Record<string, unknown>;
  edit(o);
  return mapShopifyOrder(o, 'shopify-acme');
};

describe('Shopify fraud inputs', () => {
  test('payment_details become the sale transaction’s card details (BIN, last four, AVS, CVV, brand)', () => {
    const result = shopify((o) => {
      o.payment_details = { avs_result_code: 'N', cvv_result_code: 'M', credit_card_bin: '411111', credit_card_number: '•••• •••• •••• 1111', credit_card_company: 'Visa' };
    });
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.order?.transactions?.[0]?.payment_details, { avs_result_code: 'N', cvv_result_code: 'M', card_bin: '411111', card_last4: '1111', card_brand: 'Visa' });
  });

  test('GraphQL risk: the recommendation and the highest assessment level; NONE is no verdict', () => {
    const result = shopify((o) => {
      o.risk = { recommendation: 'INVESTIGATE', assessments: [{ riskLevel: 'LOW' }, { riskLevel: 'MEDIUM' }] };
    });
    assert.deepEqual(result.order?.channel_risk, { level: 'medium', recommendation: 'investigate' });
    const none = shopify((o) => {
      o.risk = { recommendation: 'NONE', assessments: [{ riskLevel: 'PENDING' }] };
    });
    assert.equal(none.order?.channel_risk, undefined, 'no verdict: no channel_risk');
  });

  test('REST risks: the gravest recommendation wins', () => {
    const result = shopify((o) => {
      o.risks = [{ recommendation: 'accept' }, { recommendation: 'cancel' }];
    });
    assert.deepEqual(result.order?.channel_risk, { level: null, recommendation: 'cancel' });
  });

  test('a malformed browser_ip is left out and reported, the order still maps', () => {
    const result = shopify((o) => {
      o.browser_ip = 'not-an-ip';
      o.client_details = { user_agent: 'UA' };
    });
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.order?.client, { ip: null, user_agent: 'UA' });
    assert.ok(result.unmapped.some((u) => u.field === 'browser_ip'), 'the bad IP is reported as unmapped');
  });
});

describe('WooCommerce fraud inputs', () => {
  test('customer_ip_address and customer_user_agent become the client', () => {
    const o = structuredClone(WOOCOMMERCE_ORDER) as unknown as Record<string, unknown>;
    o.customer_ip_address = '2001:db8::7';
    const result = mapWooCommerceOrder(o, 'woo');
    assert.equal(result.order?.client?.ip, '2001:db8::7');
  });
});
