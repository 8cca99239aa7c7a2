import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { refundNote, shopifyRefundBody, wooRefundBody, type RefundPushPayload } from './refund-bodies.js';

function payload(edit: Partial<RefundPushPayload> = {}): RefundPushPayload {
  return {
    transaction_id: 'txn_01',
    return_id: 'rtn_01',
    currency: 'USD',
    amount: '28.77',
    lines: [{ sku: 'AW-1002', quantity: 2, amount: '17.50', tax: '1.32' }],
    shipping: '9.95',
    shipping_tax: '0.00',
    reason: 'return rtn_01',
    through_platform: false,
    parent_gateway: 'shopify_payments',
    parent_reference: null,
    ...edit,
  };
}

describe('Shopify refund body', () => {
  const lines = [
    { id: 13000000000001, sku: 'AW-1001', quantity: 2 },
    { id: 13000000000002, sku: 'AW-1002', quantity: 4 },
  ];

  test('records lines by Shopify line id, never restocked, with shipping; no transactions unless Shopify moves the money', () => {
    const built = shopifyRefundBody(payload(), lines, null, true);
    assert.deepEqual(built, {
      ok: true,
      body: {
        refund: {
          currency: 'USD',
          notify: true,
          note: 'return rtn_01 (OMS refund txn_01)',
          shipping: { amount: '9.95' },
          refund_line_items: [{ line_item_id: 13000000000002, quantity: 2, restock_type: 'no_restock' }],
        },
      },
    });
  });

  test('with a parent, one refund transaction of the whole amount against it', () => {
    const built = shopifyRefundBody(payload({ shipping: '0.00' }), lines, { id: 5001, gateway: 'shopify_payments' }, false);
    assert.ok(built.ok, 'built');
    assert.deepEqual(built.body.refund.transactions, [{ parent_id: 5001, amount: '28.77', kind: 'refund', gateway: 'shopify_payments' }]);
    assert.equal(built.body.refund.shipping, undefined, 'no shipping refunded: none sent');
  });

  test('a SKU on two line items is spread over them; more units than Shopify has is refused', () => {
    const two = [
      { id: 1, sku: 'AW-1002', quantity: 1 },
      { id: 2, sku: 'AW-1002', quantity: 3 },
    ];
    const built = shopifyRefundBody(payload(), two, null, true);
    assert.ok(built.ok, 'built');
    assert.deepEqual(built.body.refund.refund_line_items.map((l) => [l.line_item_id, l.quantity]), [[1, 1], [2, 1]]);
    assert.deepEqual(shopifyRefundBody(payload({ lines: [{ sku: 'AW-1002', quantity: 5, amount: '1.00', tax: '0.00' }] }), two, null, true), { ok: false, error: 'the Shopify order has no line item (or not 5 units) with SKU AW-1002' });
    assert.equal(shopifyRefundBody(payload({ lines: [{ sku: 'NOPE', quantity: 1, amount: '1.00', tax: '0.00' }] }), two, null, true).ok, false);
  });
});

describe('WooCommerce refund body', () => {
  test('amount, reason, api_refund as the channel says, never restocked, line totals and tax by rate as decimal strings', () => {
    const built = wooRefundBody(payload({ amount: '18.95', shipping: '0.00', lines: [{ sku: 'AW-1002', quantity: 2, amount: '17.50', tax: '1.45' }] }), [
      { id: 311, sku: 'AW-1001', quantity: 1, taxes: [{ id: 1, total: '1.03' }] },
      { id: 312, sku: 'AW-1002', quantity: 4, taxes: [{ id: 1, total: '2.89' }] },
    ]);
    assert.deepEqual(built, {
      ok: true,
      body: { amount: '18.95', reason: 'return rtn_01 (OMS refund txn_01)', api_refund: false, api_restock: false, line_items: [{ id: 312, quantity: 2, refund_total: '17.50', refund_tax: [{ id: 1, refund_total: '1.45' }] }] },
    });
    const moving = wooRefundBody(payload({ through_platform: true, lines: [] }), []);
    assert.ok(moving.ok && moving.body.api_refund === true, 'the setting turns the gateway refund on');
  });

  test('tax spread over two rates by their share, adding up exactly; units over two lines split the value by units', () => {
    const built = wooRefundBody(payload({ lines: [{ sku: 'S', quantity: 3, amount: '10.00', tax: '1.00' }] }), [
      { id: 1, sku: 'S', quantity: 1, taxes: [{ id: 7, total: '0.20' }, { id: 8, total: '0.10' }] },
      { id: 2, sku: 'S', quantity: 2, taxes: [{ id: 7, total: '0.40' }, { id: 8, total: '0.20' }, { id: 9, total: '0.00' }] },
    ]);
    assert.ok(built.ok, 'built');
    assert.deepEqual(built.body.line_items, [
      { id: 1, quantity: 1, refund_total: '3.33', refund_tax: [{ id: 7, refund_total: '0.22' }, { id: 8, refund_total: '0.11' }] },
      { id: 2, quantity: 2, refund_total: '6.67', refund_tax: [{ id: 7, refund_total: '0.44' }, { id: 8, refund_total: '0.23' }] },
    ]);
  });

  test('tax to refund on a line with no tax rate is refused, not dropped', () => {
    const built = wooRefundBody(payload({ lines: [{ sku: 'S', quantity: 1, amount: '5.00', tax: '0.40' }] }), [{ id: 1, sku: 'S', quantity: 1, taxes: [] }]);
    assert.deepEqual(built, { ok: false, error: 'the WooCommerce line with SKU S has no tax rate to refund its tax against' });
  });

  test('the note without a reason is the marker alone', () => {
    assert.equal(refundNote({ transaction_id: 'txn_9', reason: '' }), 'OMS refund txn_9');
  });
});
