import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildShopifyFulfillment, shopifyTrackingCompany, type ShopifyFulfillmentInput } from './shopify-fulfillment.js';

// Ids from the documented FulfillmentOrder of order 5550001112223 (reference example
// shopify_fulfillment_order.json): fulfillment order 6600000000001 with line items
// 6700000000001 (quantity 2) and 6700000000002 (quantity 4).
const FO = 6600000000001;
const FO_LINE_1 = 6700000000001;
const FO_LINE_2 = 6700000000002;

function input(edit: Partial<ShopifyFulfillmentInput> = {}): ShopifyFulfillmentInput {
  return {
    lines: [
      { fulfillmentOrderId: FO, fulfillmentOrderLineItemId: FO_LINE_1, quantity: 2 },
      { fulfillmentOrderId: FO, fulfillmentOrderLineItemId: FO_LINE_2, quantity: 4 },
    ],
    carrier: 'ups',
    service: 'ground',
    parcels: [{ trackingNumber: '1Z999AA10123456784', trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' }],
    notifyCustomer: true,
    ...edit,
  };
}

describe('buildShopifyFulfillment: POST /admin/api/2024-10/fulfillments.json body', () => {
  test('one parcel: the documented shape, field by field', () => {
    const result = buildShopifyFulfillment(input());
    assert.ok(result.ok, `builds: ${JSON.stringify(result)}`);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.body, {
      fulfillment: {
        line_items_by_fulfillment_order: [
          {
            fulfillment_order_id: FO,
            fulfillment_order_line_items: [
              { id: FO_LINE_1, quantity: 2 },
              { id: FO_LINE_2, quantity: 4 },
            ],
          },
        ],
        tracking_info: { company: 'UPS', number: '1Z999AA10123456784', url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' },
        notify_customer: true,
      },
    });
    // what goes on the wire: the ids stay exact integers
    assert.match(JSON.stringify(result.body), /"fulfillment_order_id":6600000000001/);
  });

  test('several parcels use numbers/urls, never number/url', () => {
    const result = buildShopifyFulfillment(
      input({
        carrier: 'fedex',
        parcels: [
          { trackingNumber: '794698431234', trackingUrl: 'https://www.fedex.com/fedextrack/?trknbr=794698431234' },
          { trackingNumber: '794698431245', trackingUrl: 'https://www.fedex.com/fedextrack/?trknbr=794698431245' },
          { trackingNumber: '794698431234', trackingUrl: 'https://www.fedex.com/fedextrack/?trknbr=794698431234' },
        ],
      }),
    );
    assert.ok(result.ok, `builds: ${JSON.stringify(result)}`);
    assert.deepEqual(result.body.fulfillment.tracking_info, {
      company: 'FedEx',
      numbers: ['794698431234', '794698431245'],
      urls: ['https://www.fedex.com/fedextrack/?trknbr=794698431234', 'https://www.fedex.com/fedextrack/?trknbr=794698431245'],
    });
  });

  test('urls go only when every parcel has one (Shopify pairs them by position)', () => {
    const result = buildShopifyFulfillment(input({ carrier: 'usps', parcels: [{ trackingNumber: '9400111899223100012345', trackingUrl: 'https://tools.usps.com/x' }, { trackingNumber: '9400111899223100012352' }] }));
    assert.ok(result.ok, `builds: ${JSON.stringify(result)}`);
    assert.deepEqual(result.body.fulfillment.tracking_info, { company: 'USPS', numbers: ['9400111899223100012345', '9400111899223100012352'] });
    assert.match(result.warnings[0] ?? '', /pairs urls with numbers/);
  });

  test('lines of two fulfillment orders are grouped; a line named twice is summed', () => {
    const result = buildShopifyFulfillment(
      input({
        lines: [
          { fulfillmentOrderId: FO, fulfillmentOrderLineItemId: FO_LINE_1, quantity: 1 },
          { fulfillmentOrderId: '6600000000002', fulfillmentOrderLineItemId: '6700000000009', quantity: 3 },
          { fulfillmentOrderId: FO, fulfillmentOrderLineItemId: FO_LINE_1, quantity: 1 },
        ],
      }),
    );
    assert.ok(result.ok, `builds: ${JSON.stringify(result)}`);
    assert.deepEqual(result.body.fulfillment.line_items_by_fulfillment_order, [
      { fulfillment_order_id: FO, fulfillment_order_line_items: [{ id: FO_LINE_1, quantity: 2 }] },
      { fulfillment_order_id: 6600000000002, fulfillment_order_line_items: [{ id: 6700000000009, quantity: 3 }] },
    ]);
  });

  test('an id beyond 2^53 goes out as its exact decimal string', () => {
    const result = buildShopifyFulfillment(input({ lines: [{ fulfillmentOrderId: '12345678901234567890', fulfillmentOrderLineItemId: FO_LINE_1, quantity: 1 }] }));
    assert.ok(result.ok, `builds: ${JSON.stringify(result)}`);
    assert.equal(result.body.fulfillment.line_items_by_fulfillment_order[0]?.fulfillment_order_id, '12345678901234567890');
  });

  test('no tracking number: the company alone; notify_customer defaults to false; a message is kept', () => {
    const result = buildShopifyFulfillment({ lines: input().lines, carrier: 'dhl', parcels: [], message: ' Left with the concierge ' });
    assert.ok(result.ok, `builds: ${JSON.stringify(result)}`);
    assert.deepEqual(result.body.fulfillment.tracking_info, { company: 'DHL Express' });
    assert.equal(result.body.fulfillment.notify_customer, false);
    assert.equal(result.body.fulfillment.message, 'Left with the concierge');
  });

  test('an unknown carrier is sent as written and reported', () => {
    const result = buildShopifyFulfillment(input({ carrier: 'acme-couriers', parcels: [{ trackingNumber: 'AC123' }] }));
    assert.ok(result.ok, `builds: ${JSON.stringify(result)}`);
    assert.deepEqual(result.body.fulfillment.tracking_info, { company: 'acme-couriers', number: 'AC123' });
    assert.match(result.warnings[0] ?? '', /not among Shopify's tracking companies.*no link/);
  });

  const bad: [string, Partial<ShopifyFulfillmentInput>, string[]][] = [
    ['no lines', { lines: [] }, ['lines']],
    ['quantity 0', { lines: [{ fulfillmentOrderId: FO, fulfillmentOrderLineItemId: FO_LINE_1, quantity: 0 }] }, ['lines[0].quantity']],
    ['fractional quantity', { lines: [{ fulfillmentOrderId: FO, fulfillmentOrderLineItemId: FO_LINE_1, quantity: 1.5 }] }, ['lines[0].quantity']],
    ['a gid instead of an id', { lines: [{ fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/1', fulfillmentOrderLineItemId: FO_LINE_1, quantity: 1 }] }, ['lines[0].fulfillmentOrderId']],
    ['a negative id', { lines: [{ fulfillmentOrderId: FO, fulfillmentOrderLineItemId: -5, quantity: 1 }] }, ['lines[0].fulfillmentOrderLineItemId']],
    ['an empty tracking number', { parcels: [{ trackingNumber: '  ' }] }, ['parcels[0].trackingNumber']],
    ['a tracking url that is not http(s)', { parcels: [{ trackingNumber: '1Z1', trackingUrl: 'javascript:alert(1)' }] }, ['parcels[0].trackingUrl']],
  ];
  for (const [name, edit, fields] of bad) {
    test(`refused: ${name}`, () => {
      const result = buildShopifyFulfillment(input(edit));
      assert.equal(result.ok, false);
      if (!result.ok) assert.deepEqual(result.problems.map((p) => p.field), fields);
    });
  }
});

describe('shopifyTrackingCompany', () => {
  for (const [carrier, service, company] of [
    ['ups', 'ground', 'UPS'],
    ['UPS', null, 'UPS'],
    ['fedex', 'home_delivery', 'FedEx'],
    ['usps', 'priority', 'USPS'],
    ['dhl', 'express_worldwide', 'DHL Express'],
    ['dhl', 'ecommerce_parcel', 'DHL eCommerce'],
    ['easypost', 'usps:Priority', 'USPS'],
    ['canada-post', null, 'Canada Post'],
    ['royal_mail', null, 'Royal Mail'],
    ['pigeon', null, null],
  ] as const) {
    test(`${carrier} ${String(service)} → ${String(company)}`, () => {
      assert.equal(shopifyTrackingCompany(carrier, service), company);
    });
  }
});
