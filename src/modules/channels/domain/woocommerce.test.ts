import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mapWooCommerceOrder } from './woocommerce.js';
import { WOOCOMMERCE_ORDER } from './fixtures/woocommerce-order.js';

type Json = Record<string, unknown> & { line_items: Record<string, unknown>[]; shipping_lines: Record<string, unknown>[] };

function order(edit: (o: Json) => void = () => {}): Json {
  const o = structuredClone(WOOCOMMERCE_ORDER) as unknown as Json;
  edit(o);
  return o;
}

function line(o: Json, i: number): Record<string, unknown> {
  const l = o.line_items[i];
  assert.ok(l, `line item ${i} exists`);
  return l;
}

function fields(result: ReturnType<typeof mapWooCommerceOrder>): string[] {
  return result.problems.map((p) => p.field);
}

describe('WooCommerce REST v3 order → canonical order', () => {
  test('the documented payload maps field by field', () => {
    const result = mapWooCommerceOrder(order(), 'woo-main');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.order, {
      channel: 'woo-main',
      external_id: '4821',
      channel_order_name: '4821',
      currency: 'USD',
      placed_at: '2025-03-14T13:12:44.000Z',
      customer: { email: 'casey.sample@example.net', name: 'Casey Sample', phone: '512-555-0199' },
      shipping_address: {
        name: 'Casey Sample',
        company: null,
        line1: '88 Placeholder Ave',
        line2: null,
        city: 'Austin',
        region: 'TX',
        postal_code: '78701',
        country: 'US',
        phone: null,
      },
      billing_address: {
        name: 'Casey Sample',
        company: null,
        line1: '88 Placeholder Ave',
        line2: null,
        city: 'Austin',
        region: 'TX',
        postal_code: '78701',
        country: 'US',
        phone: '512-555-0199',
      },
      lines: [
        { sku: 'AW-1001', quantity: 1, unit_price: '12.50', taxes: [{ title: 'Sales Tax', rate: '0.0825', amount: '1.03' }] },
        { sku: 'AW-1002', quantity: 4, unit_price: '8.75', taxes: [{ title: 'Sales Tax', rate: '0.0825', amount: '2.89' }] },
      ],
      shipping: { service_level: 'standard' },
      shipping_lines: [{ title: 'Flat rate', service_level: 'standard', price: '7.50' }],
      taxes_included: false,
      channel_totals: { tax: '3.92', total: '58.92' },
      transactions: [{ kind: 'sale', amount: '58.92', gateway: 'stripe', gateway_reference: 'ch_FAKE0000000000000001', processed_at: '2025-03-14T13:12:47.000Z' }],
      client: { ip: '198.51.100.77', user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3)' },
      notes: null,
      tags: [],
    });
    assert.equal(result.status, 'open');
    assert.equal(result.sourceStatus, 'processing');
  });

  test('taxes are mapped, not reported; plugin data is', () => {
    const byField = new Map(mapWooCommerceOrder(order(), 'woo').unmapped.map((u) => [u.field, u.value]));
    assert.ok(![...byField.keys()].some((f) => /tax/.test(f)), `no tax field is left unmapped: ${[...byField.keys()].join(', ')}`);
    assert.deepEqual(byField.get('meta_data'), [{ id: 90211, key: '_fraud_check', value: 'passed' }]);
  });

  test('a line without taxes[] takes its total_tax', () => {
    const result = mapWooCommerceOrder(order((o) => delete line(o, 0)['taxes']), 'woo');
    assert.deepEqual(result.order?.lines[0]?.taxes, [{ title: null, rate: null, amount: '1.03' }]);
  });

  test('a coupon: unit price before the coupon, the coupon share a discount named by its code', () => {
    const result = mapWooCommerceOrder(
      order((o) => {
        Object.assign(line(o, 1), { subtotal: '35.00', total: '31.00', price: 7.75 });
        o['discount_total'] = '4.00';
        o['coupon_lines'] = [{ id: 400, code: 'SPRING', discount: '4.00', discount_tax: '0.00' }];
      }),
      'woo',
    );
    assert.equal(result.order?.lines[1]?.unit_price, '8.75');
    assert.deepEqual(result.order?.lines[1]?.discounts, [{ code: 'SPRING', source: 'discount_code', amount: '4.00' }]);
    assert.ok(!result.unmapped.some((u) => u.field === 'coupon_lines' || u.field === 'discount_total'), `coupons are mapped: ${JSON.stringify(result.unmapped)}`);
  });

  test('a subtotal that does not divide: unit price rounded up, the difference a rounding discount, the line total exact', () => {
    const result = mapWooCommerceOrder(order((o) => Object.assign(line(o, 0), { quantity: 3, subtotal: '10.00', total: '10.00', price: 3.3333333333 })), 'woo');
    assert.equal(result.order?.lines[0]?.unit_price, '3.34');
    assert.deepEqual(result.order?.lines[0]?.discounts, [{ source: 'rounding', title: 'unit price rounded up', amount: '0.02' }]);
    const note = result.unmapped.find((u) => u.field === 'line_items[0].subtotal');
    assert.match(note?.reason ?? '', /10\.00 does not divide over 3 units: unit_price 3\.34 with a rounding discount of 0\.02/);
  });

  test('one shipping line per method with its tax; express methods are expedited', () => {
    const result = mapWooCommerceOrder(
      order((o) => {
        o.shipping_lines = [
          { id: 1, method_id: 'flat_rate', method_title: 'Flat rate', total: '7.50', total_tax: '0.00' },
          { id: 2, method_id: 'flexible_shipping', method_title: 'Express (2-day)', total: '12.25', total_tax: '1.01' },
        ];
      }),
      'woo',
    );
    assert.deepEqual(result.order?.shipping, { service_level: 'expedited' });
    assert.deepEqual(result.order?.shipping_lines, [
      { title: 'Flat rate', service_level: 'standard', price: '7.50' },
      { title: 'Express (2-day)', service_level: 'expedited', price: '12.25', taxes: [{ title: null, rate: null, amount: '1.01' }] },
    ]);
  });

  test('a virtual order (empty shipping address) maps with shipping_address null', () => {
    const result = mapWooCommerceOrder(
      order((o) => (o['shipping'] = { first_name: '', last_name: '', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '', phone: '' })),
      'woo',
    );
    assert.deepEqual(result.problems, []);
    assert.equal(result.order?.shipping_address, null);
  });

  test('the customer note and a differing order number', () => {
    const result = mapWooCommerceOrder(order((o) => Object.assign(o, { customer_note: ' Ring twice ', number: 'WC-10021' })), 'woo');
    assert.equal(result.order?.notes, 'Ring twice');
    assert.equal(result.order?.external_id, '4821');
    assert.equal(result.order?.channel_order_name, 'WC-10021', 'the shop-facing number is the channel order name');
    assert.ok(!result.unmapped.some((u) => u.field === 'number'), `the number is mapped, not reported: ${JSON.stringify(result.unmapped)}`);
  });
});

describe('WooCommerce status', () => {
  for (const [source, status] of [
    ['pending', 'open'],
    ['processing', 'open'],
    ['on-hold', 'open'],
    ['checkout-draft', 'open'],
    ['completed', 'closed'],
    ['cancelled', 'cancelled'],
    ['refunded', 'cancelled'],
    ['failed', 'cancelled'],
    ['trash', 'cancelled'],
    ['wc-completed', 'closed'],
  ] as const) {
    test(`${source} → ${status}`, () => {
      const result = mapWooCommerceOrder(order((o) => (o['status'] = source)), 'woo');
      assert.equal(result.status, status);
      assert.equal(result.sourceStatus, source.replace(/^wc-/, ''));
      assert.ok(result.order, 'the payload maps to an order');
    });
  }

  test('a plugin status → open, reported', () => {
    const result = mapWooCommerceOrder(order((o) => (o['status'] = 'awaiting-shipment')), 'woo');
    assert.equal(result.status, 'open');
    assert.ok(result.unmapped.some((u) => u.field === 'status'), `status is reported: ${JSON.stringify(result.unmapped)}`);
  });
});

describe('WooCommerce malformed payloads are problems, never exceptions', () => {
  for (const body of [null, 7, 'webhook_id=12', [], true]) {
    test(`not an object: ${JSON.stringify(body)}`, () => {
      const result = mapWooCommerceOrder(body, 'woo');
      assert.equal(result.order, null);
      assert.deepEqual(fields(result), ['$']);
    });
  }

  const cases: [string, (o: Json) => void, string[]][] = [
    ['missing id', (o) => delete o['id'], ['id']],
    ['id zero', (o) => (o['id'] = 0), ['id']],
    ['quantity 0', (o) => (line(o, 0)['quantity'] = 0), ['line_items[0].quantity']],
    ['negative quantity', (o) => (line(o, 0)['quantity'] = -1), ['line_items[0].quantity']],
    ['bad currency', (o) => (o['currency'] = 'usd$'), ['currency']],
    ['missing sku', (o) => (line(o, 1)['sku'] = ''), ['line_items[1].sku']],
    ['line total not money', (o) => (line(o, 1)['total'] = 'abc'), ['line_items[1].total']],
    ['line total too precise', (o) => (line(o, 1)['total'] = '35.001'), ['line_items[1].total']],
    ['no line items', (o) => delete (o as Record<string, unknown>)['line_items'], ['line_items']],
    ['shipping address without city', (o) => (o['shipping'] = { address_1: '88 Placeholder Ave', country: 'US' }), ['shipping']],
    ['billing not an object', (o) => (o['billing'] = 'Casey'), ['billing']],
    ['date_created_gmt garbage', (o) => (o['date_created_gmt'] = 'yesterday'), ['date_created_gmt']],
    ['shipping_lines not an array', (o) => ((o as Record<string, unknown>)['shipping_lines'] = { total: '7.50' }), ['shipping_lines']],
  ];
  for (const [name, edit, expected] of cases) {
    test(name, () => {
      const result = mapWooCommerceOrder(order(edit), 'woo');
      assert.equal(result.order, null);
      assert.deepEqual(fields(result), expected);
    });
  }

  test('the deleted-topic body {id} is a problem (no lines), not an exception', () => {
    const result = mapWooCommerceOrder({ id: 4821 }, 'woo');
    assert.equal(result.order, null);
    assert.deepEqual(fields(result), ['currency', 'line_items']);
  });

  test('every top-level and line field set to every odd value: no exception', () => {
    const odd: unknown[] = [null, 0, -1, '', 'x', true, [], {}, [null], 1e308, Number.NaN];
    for (const key of Object.keys(WOOCOMMERCE_ORDER)) {
      for (const value of odd) assert.doesNotThrow(() => mapWooCommerceOrder(order((o) => (o[key] = value)), 'woo'), `${key} = ${String(value)}`);
    }
    for (const key of Object.keys(WOOCOMMERCE_ORDER.line_items[0])) {
      for (const value of odd) assert.doesNotThrow(() => mapWooCommerceOrder(order((o) => (line(o, 0)[key] = value)), 'woo'), `line_items[0].${key} = ${String(value)}`);
    }
  });
});

describe('WooCommerce payments', () => {
  test('an order awaiting payment (no date_paid) opens no ledger entry; a paid one without transaction_id has no reference', () => {
    const unpaid = mapWooCommerceOrder(order((o) => Object.assign(o, { status: 'pending', date_paid: null, date_paid_gmt: null })), 'woo-main');
    assert.deepEqual(unpaid.order?.transactions, []);
    const cash = mapWooCommerceOrder(order((o) => Object.assign(o, { payment_method: 'cod', transaction_id: '' })), 'woo-main');
    assert.deepEqual(cash.order?.transactions, [{ kind: 'sale', amount: '58.92', gateway: 'cod', gateway_reference: null, processed_at: '2025-03-14T13:12:47.000Z' }]);
  });
  test('a refunded order keeps its date_paid in WooCommerce: no payment is taken from it', () => {
    const refunded = mapWooCommerceOrder(order((o) => (o['status'] = 'refunded')), 'woo-main');
    assert.deepEqual(refunded.order?.transactions, []);
  });
});
