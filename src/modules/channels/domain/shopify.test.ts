import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mapShopifyOrder } from './shopify.js';
import { SHOPIFY_ORDER } from './fixtures/shopify-order.js';

type Json = Record<string, unknown> & { line_items: Record<string, unknown>[]; shipping_lines: Record<string, unknown>[] };

/** A mutable copy of the documented payload, changed by `edit`. */
function order(edit: (o: Json) => void = () => {}): Json {
  const o = structuredClone(SHOPIFY_ORDER) as unknown as Json;
  edit(o);
  return o;
}

function line(o: Json, i: number): Record<string, unknown> {
  const l = o.line_items[i];
  assert.ok(l, `line item ${i} exists`);
  return l;
}

function fields(result: ReturnType<typeof mapShopifyOrder>): string[] {
  return result.problems.map((p) => p.field);
}

describe('Shopify orders/create → canonical order', () => {
  test('the documented payload maps field by field', () => {
    const result = mapShopifyOrder(order(), 'shopify-acme');
    assert.deepEqual(result.problems, []);
    const address = {
      name: 'Jordan Example',
      company: null,
      line1: '742 Sample Street',
      line2: 'Apt 3',
      city: 'Columbus',
      region: 'OH',
      postal_code: '43215',
      country: 'US',
      phone: '+1-614-555-0142',
    };
    assert.deepEqual(result.order, {
      channel: 'shopify-acme',
      external_id: '5550001112223',
      channel_order_name: '#1042',
      currency: 'USD',
      placed_at: '2025-03-14T14:31:07.000Z',
      customer: { email: 'jordan.example@example.com', name: 'Jordan Example', phone: null },
      shipping_address: address,
      billing_address: address,
      lines: [
        { sku: 'AW-1001', quantity: 2, unit_price: '12.50', taxes: [{ title: 'OH State Tax', rate: '0.075', amount: '1.88' }] },
        { sku: 'AW-1002', quantity: 4, unit_price: '8.75', taxes: [{ title: 'OH State Tax', rate: '0.075', amount: '2.62' }] },
      ],
      shipping: { service_level: 'standard' },
      shipping_lines: [{ title: 'Standard Shipping', service_level: 'standard', price: '9.95' }],
      taxes_included: false,
      channel_totals: { subtotal: '60.00', tax: '4.50', total: '74.45' },
      // financial_status paid: the whole total_price, through the first gateway named.
      transactions: [{ kind: 'sale', amount: '74.45', gateway: 'shopify_payments', processed_at: '2025-03-14T14:31:05.000Z' }],
      client: { ip: '203.0.113.24', user_agent: 'Mozilla/5.0 (X11; Linux x86_64)', accept_language: 'en-US' },
      notes: 'Please leave at side door',
      tags: [],
    });
    assert.equal(result.status, 'open');
    assert.equal(result.sourceStatus, 'paid/unfulfilled');
  });

  test('taxes are mapped, not reported; unmappable fields are reported with their values', () => {
    const { unmapped } = mapShopifyOrder(order(), 'shopify');
    const byField = new Map(unmapped.map((u) => [u.field, u]));
    assert.ok(![...byField.keys()].some((f) => /tax/.test(f)), `no tax field is left unmapped: ${[...byField.keys()].join(', ')}`);
    assert.deepEqual(byField.get('line_items[1].properties')?.value, [{ name: 'Engraving', value: 'JE' }]);
    assert.deepEqual(byField.get('note_attributes')?.value, [{ name: 'gift_wrap', value: 'no' }]);
    assert.match(byField.get('shipping_lines[0].code')?.reason ?? '', /service_level standard/);
    assert.ok(!byField.has('total_discounts'), 'a zero discount is not noise');
  });

  test('tags: a comma-separated string, trimmed, empties and duplicates dropped', () => {
    const result = mapShopifyOrder(order((o) => (o['tags'] = ' vip, wholesale ,,vip,  ')), 'shopify');
    assert.deepEqual(result.order?.tags, ['vip', 'wholesale']);
  });

  test('a customer-less order (POS, draft) takes the order email and billing name', () => {
    const result = mapShopifyOrder(
      order((o) => {
        o['customer'] = null;
        o['phone'] = '+1-614-555-0100';
      }),
      'shopify',
    );
    assert.deepEqual(result.order?.customer, { email: 'jordan.example@example.com', name: 'Jordan Example', phone: '+1-614-555-0100' });
  });

  test('a digital order without shipping address maps with shipping_address null', () => {
    const result = mapShopifyOrder(order((o) => delete o['shipping_address']), 'shopify');
    assert.deepEqual(result.problems, []);
    assert.equal(result.order?.shipping_address, null);
  });

  test('an id beyond 2^53 is taken from admin_graphql_api_id exactly', () => {
    const result = mapShopifyOrder(
      order((o) => {
        o['id'] = JSON.parse('12345678901234567890') as number; // what JSON.parse makes of Shopify's int64
        o['admin_graphql_api_id'] = 'gid://shopify/Order/12345678901234567890';
      }),
      'shopify',
    );
    assert.equal(result.order?.external_id, '12345678901234567890');
    const withoutGid = mapShopifyOrder(order((o) => {
      o['id'] = JSON.parse('12345678901234567890') as number; // what JSON.parse makes of Shopify's int64
      delete o['admin_graphql_api_id'];
    }), 'shopify');
    assert.deepEqual(fields(withoutGid), ['id']);
  });
});

describe('Shopify discounts and shipping: exact minor-unit arithmetic', () => {
  test('discount allocations become named line discounts; the unit price stays the price', () => {
    const result = mapShopifyOrder(
      order((o) => {
        o['discount_applications'] = [
          { type: 'discount_code', code: 'SPRING', title: 'SPRING', value: '10.0', value_type: 'percentage' },
          { type: 'automatic', title: 'Bundle', value: '0.50', value_type: 'fixed_amount' },
        ];
        line(o, 0)['discount_allocations'] = [{ amount: '2.50', discount_application_index: 0 }, { amount: '0.50', discount_application_index: 1 }];
        o['total_discounts'] = '3.00';
      }),
      'shopify',
    );
    assert.deepEqual(result.order?.lines[0]?.unit_price, '12.50');
    assert.deepEqual(result.order?.lines[0]?.discounts, [
      { code: 'SPRING', title: 'SPRING', source: 'discount_code', amount: '2.50' },
      { code: null, title: 'Bundle', source: 'automatic', amount: '0.50' },
    ]);
    assert.ok(!result.unmapped.some((u) => u.field.includes('discount')), 'discounts are mapped, not reported');
  });

  test('a discount that does not divide over the units is kept whole (capture spreads it exactly)', () => {
    const result = mapShopifyOrder(order((o) => (line(o, 1)['discount_allocations'] = [{ amount: '1.01' }])), 'shopify');
    assert.equal(result.order?.lines[1]?.unit_price, '8.75');
    assert.deepEqual(result.order?.lines[1]?.discounts, [{ code: null, title: null, source: 'channel', amount: '1.01' }]);
  });

  test('a zero-decimal currency (JPY) stays in whole yen', () => {
    const result = mapShopifyOrder(
      order((o) => {
        o['currency'] = 'JPY';
        line(o, 0)['price'] = '1250';
        line(o, 0)['discount_allocations'] = [{ amount: '101' }];
        line(o, 1)['price'] = '875';
        line(o, 0)['tax_lines'] = [{ title: '消費税', rate: 0.1, price: '240' }];
        line(o, 1)['tax_lines'] = [];
        Object.assign(o, { total_line_items_price: '6000', total_tax: '240', total_price: '7129' });
        o.shipping_lines = [{ title: 'Standard', code: 'standard', price: '990' }];
      }),
      'shopify',
    );
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.order?.lines.map((l) => [l.unit_price, l.discounts?.[0]?.amount]), [['1250', '101'], ['875', undefined]]);
    assert.deepEqual(result.order?.shipping_lines?.map((s) => s.price), ['990']);
    assert.deepEqual(result.order?.lines[0]?.taxes, [{ title: '消費税', rate: '0.1', amount: '240' }]);
  });

  test('discounts larger than the line are a problem', () => {
    const result = mapShopifyOrder(order((o) => (line(o, 0)['discount_allocations'] = [{ amount: '25.01' }])), 'shopify');
    assert.equal(result.order, null);
    assert.deepEqual(fields(result), ['line_items[0].discount_allocations']);
  });

  test('shipping: one shipping line per charge with its discounts, the fastest service level wins', () => {
    const result = mapShopifyOrder(
      order((o) => {
        o.shipping_lines = [
          { title: 'Standard Shipping', code: 'Standard', price: '9.95', discount_allocations: [{ amount: '4.95' }] },
          { title: 'UPS Next Day Air', code: 'ups_next_day_air', price: '20.10' },
        ];
      }),
      'shopify',
    );
    assert.deepEqual(result.order?.shipping, { service_level: 'overnight' });
    assert.deepEqual(result.order?.shipping_lines, [
      { title: 'Standard Shipping', service_level: 'standard', price: '9.95', discounts: [{ code: null, title: null, source: 'channel', amount: '4.95' }] },
      { title: 'UPS Next Day Air', service_level: 'overnight', price: '20.10' },
    ]);
  });

  for (const [title, code, level] of [
    ['Express Shipping', 'express', 'expedited'],
    ['2-Day', 'TWO_DAY', 'expedited'],
    ['Priority Mail', 'usps_priority', 'expedited'],
    ['Overnight', 'overnight', 'overnight'],
    ['Free shipping', 'free', 'standard'],
    ['Economy', null, 'standard'],
  ] as const) {
    test(`service level: "${title}" / ${String(code)} → ${level}`, () => {
      const result = mapShopifyOrder(order((o) => (o.shipping_lines = [{ title, code, price: '5.00' }])), 'shopify');
      assert.equal(result.order?.shipping?.service_level, level);
    });
  }

  test('duties (Shopify Markets) and tax-inclusive prices are mapped', () => {
    const result = mapShopifyOrder(
      order((o) => {
        o['taxes_included'] = true;
        line(o, 0)['duties'] = [{ harmonized_system_code: '520300', shop_money: { amount: '3.10', currency_code: 'USD' } }];
      }),
      'shopify',
    );
    assert.equal(result.order?.taxes_included, true);
    assert.deepEqual(result.order?.duties, [{ title: 'duty (HS 520300)', amount: '3.10' }]);
  });

  test('no shipping lines → shipping null', () => {
    assert.equal(mapShopifyOrder(order((o) => (o.shipping_lines = [])), 'shopify').order?.shipping, null);
  });
});

describe('Shopify status', () => {
  const cases: [string, (o: Json) => void, string, string][] = [
    ['paid, unfulfilled', () => {}, 'open', 'paid/unfulfilled'],
    ['cancelled', (o) => Object.assign(o, { cancelled_at: '2025-03-15T09:00:00-04:00', cancel_reason: 'customer', financial_status: 'refunded' }), 'cancelled', 'cancelled/refunded/unfulfilled'],
    ['voided authorisation', (o) => (o['financial_status'] = 'voided'), 'cancelled', 'voided/unfulfilled'],
    ['refunded before shipping', (o) => (o['financial_status'] = 'refunded'), 'cancelled', 'refunded/unfulfilled'],
    ['fulfilled', (o) => (o['fulfillment_status'] = 'fulfilled'), 'closed', 'paid/fulfilled'],
    ['partially fulfilled', (o) => (o['fulfillment_status'] = 'partial'), 'open', 'paid/partial'],
    ['closed (archived)', (o) => (o['closed_at'] = '2025-03-20T10:00:00-04:00'), 'closed', 'paid/unfulfilled'],
    ['pending payment', (o) => (o['financial_status'] = 'pending'), 'open', 'pending/unfulfilled'],
  ];
  for (const [name, edit, status, sourceStatus] of cases) {
    test(name, () => {
      const result = mapShopifyOrder(order(edit), 'shopify');
      assert.equal(result.status, status);
      assert.equal(result.sourceStatus, sourceStatus);
      assert.ok(result.order, 'a cancelled order still maps (orders/cancelled carries the whole order)');
    });
  }
});

describe('Shopify malformed payloads are problems, never exceptions', () => {
  for (const body of [null, undefined, 42, 'order', [], [SHOPIFY_ORDER]]) {
    test(`not an object: ${JSON.stringify(body) === undefined ? 'undefined' : JSON.stringify(body).slice(0, 20)}`, () => {
      const result = mapShopifyOrder(body, 'shopify');
      assert.equal(result.order, null);
      assert.deepEqual(fields(result), ['$']);
    });
  }

  const cases: [string, (o: Json) => void, string[]][] = [
    ['missing id', (o) => {
      delete o['id'];
      delete o['admin_graphql_api_id'];
    }, ['id']],
    ['quantity 0', (o) => (line(o, 1)['quantity'] = 0), ['line_items[1].quantity']],
    ['fractional quantity', (o) => (line(o, 1)['quantity'] = 1.5), ['line_items[1].quantity']],
    ['bad currency', (o) => (o['currency'] = 'DOLLARS'), ['currency']],
    ['unknown currency', (o) => (o['currency'] = 'XYZ'), ['currency']],
    ['missing sku', (o) => (line(o, 0)['sku'] = null), ['line_items[0].sku']],
    ['empty sku', (o) => (line(o, 0)['sku'] = '  '), ['line_items[0].sku']],
    ['sku with spaces', (o) => (line(o, 0)['sku'] = 'AW 1001'), ['line_items[0].sku']],
    ['price with too many decimals', (o) => (line(o, 0)['price'] = '12.505'), ['line_items[0].price']],
    ['negative price', (o) => (line(o, 0)['price'] = '-1.00'), ['line_items[0].price']],
    ['no line items', (o) => (o.line_items = []), ['line_items']],
    ['line item not an object', (o) => (o.line_items = ['AW-1001'] as unknown as Record<string, unknown>[]), ['line_items[0]']],
    ['created_at without offset', (o) => (o['created_at'] = '2025-03-14T10:31:07'), ['created_at']],
    ['created_at nonsense', (o) => (o['created_at'] = '2025-13-45T99:99:99Z'), ['created_at']],
    ['created_at on 30 February', (o) => (o['created_at'] = '2025-02-30T10:00:00-05:00'), ['created_at']],
    ['shipping address without country', (o) => (o['shipping_address'] = { address1: '1 Main St', city: 'Columbus', country_code: 'ZZ' }), ['shipping_address']],
    ['shipping address a string', (o) => (o['shipping_address'] = '742 Sample Street'), ['shipping_address']],
    ['shipping price not money', (o) => (o.shipping_lines = [{ title: 'Standard', price: 'free' }]), ['shipping_lines[0].price']],
    ['tags an array', (o) => (o['tags'] = ['vip']), ['tags']],
    ['discount allocations not an array', (o) => (line(o, 0)['discount_allocations'] = { amount: '1.00' }), ['line_items[0].discount_allocations']],
  ];
  for (const [name, edit, expected] of cases) {
    test(name, () => {
      const result = mapShopifyOrder(order(edit), 'shopify');
      assert.equal(result.order, null);
      assert.deepEqual(fields(result), expected);
    });
  }

  test('a broken billing address is reported and dropped, not fatal', () => {
    const result = mapShopifyOrder(order((o) => (o['billing_address'] = { first_name: 'J', address1: '', city: '' })), 'shopify');
    assert.deepEqual(result.problems, []);
    assert.equal(result.order?.billing_address, null);
    assert.ok(result.unmapped.some((u) => u.field === 'billing_address'), `billing_address is reported as not mapped: ${JSON.stringify(result.unmapped)}`);
  });

  test('an unusable email is reported and left empty', () => {
    const result = mapShopifyOrder(order((o) => ((o['customer'] as Record<string, unknown>)['email'] = 'not-an-email')), 'shopify');
    assert.equal(result.order?.customer?.email, null);
    assert.ok(result.unmapped.some((u) => u.field === 'customer.email'), `customer.email is reported as not mapped: ${JSON.stringify(result.unmapped)}`);
  });

  test('every top-level field set to every odd value: no exception', () => {
    const odd: unknown[] = [null, 0, -1, '', 'x', true, [], {}, [null], { amount: 'x' }, 1e308, Number.NaN];
    for (const key of Object.keys(SHOPIFY_ORDER)) {
      for (const value of odd) {
        assert.doesNotThrow(() => mapShopifyOrder(order((o) => (o[key] = value)), 'shopify'), `${key} = ${String(value)}`);
      }
    }
    for (const key of Object.keys(SHOPIFY_ORDER.line_items[0])) {
      for (const value of odd) {
        assert.doesNotThrow(() => mapShopifyOrder(order((o) => (line(o, 0)[key] = value)), 'shopify'), `line_items[0].${key} = ${String(value)}`);
      }
    }
  });
});

describe('Shopify payments: what financial_status says was paid opens the ledger', () => {
  const payments = (edit: (o: Json) => void) => mapShopifyOrder(order(edit), 'shopify-acme');
  test('authorized: an authorization of the total, nothing taken yet', () => {
    const result = payments((o) => (o['financial_status'] = 'authorized'));
    assert.deepEqual(result.order?.transactions?.map((t) => [t.kind, t.amount]), [['authorization', '74.45']]);
  });
  test('partially_paid: a sale of total_price − total_outstanding', () => {
    const result = payments((o) => Object.assign(o, { financial_status: 'partially_paid', total_outstanding: '24.45' }));
    assert.deepEqual(result.order?.transactions?.map((t) => [t.kind, t.amount]), [['sale', '50.00']]);
  });
  test('pending: nothing paid; refunded: reported, never guessed', () => {
    assert.deepEqual(payments((o) => (o['financial_status'] = 'pending')).order?.transactions, []);
    const refunded = payments((o) => (o['financial_status'] = 'partially_refunded'));
    assert.deepEqual(refunded.order?.transactions, []);
    assert.ok(refunded.unmapped.some((u) => u.field === 'financial_status' && u.value === 'partially_refunded'), 'the refunds left out are reported');
  });
  test('no gateway named: the gateway is shopify', () => {
    const result = payments((o) => (o['payment_gateway_names'] = []));
    assert.equal(result.order?.transactions?.[0]?.gateway, 'shopify');
  });
});
