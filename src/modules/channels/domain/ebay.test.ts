import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ebayOrdersOfPage, mapEbayOrder } from './ebay.js';
import { EBAY_ORDER } from './fixtures/ebay-order.js';

type Obj = Record<string, unknown>;
type Json = Obj & { lineItems: Obj[]; fulfillmentStartInstructions: (Obj & { shippingStep: Obj & { shipTo: Obj } })[] };

function order(edit: (o: Json) => void = () => {}): Json {
  const o = structuredClone(EBAY_ORDER) as unknown as Json;
  edit(o);
  return o;
}

function line(o: Json, i: number): Obj {
  const l = o.lineItems[i];
  assert.ok(l, `line item ${i} exists`);
  return l;
}

function step(o: Json): Obj & { shipTo: Obj } {
  const s = o.fulfillmentStartInstructions[0]?.shippingStep;
  assert.ok(s, 'the order has a shipping step');
  return s;
}

const usd = (value: string) => ({ value, currency: 'USD' });

function fields(result: ReturnType<typeof mapEbayOrder>): string[] {
  return result.problems.map((p) => p.field);
}

function note(result: ReturnType<typeof mapEbayOrder>, field: string) {
  return result.unmapped.find((u) => u.field === field);
}

/** A second line as getOrder documents one: three units, no discount, its own shipping. */
function secondLine(): Obj {
  return {
    lineItemId: '10012345678902',
    legacyItemId: '110012345679',
    sku: 'AW-1002',
    title: 'Acme Brass Widget 2in (demo listing)',
    lineItemCost: usd('26.25'),
    quantity: 3,
    soldFormat: 'FIXED_PRICE',
    lineItemFulfillmentStatus: 'NOT_STARTED',
    total: usd('27.75'),
    deliveryCost: { shippingCost: usd('3.00'), handlingCost: usd('1.50'), discountAmount: usd('3.00') },
    appliedPromotions: [],
    taxes: [],
    refunds: [],
  };
}

describe('eBay Sell Fulfillment Order → canonical order', () => {
  test('the documented order maps field by field', () => {
    const result = mapEbayOrder(order(), 'ebay-us');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.order, {
      channel: 'ebay-us',
      external_id: '27-09876-54321',
      channel_order_name: '27-09876-54321',
      currency: 'USD',
      placed_at: '2025-03-14T18:22:05.000Z',
      customer: { email: 'a1b2c3d4e5@members.ebay.example', name: 'Riley Placeholder', phone: '3035550123' },
      shipping_address: {
        name: 'Riley Placeholder',
        company: null,
        line1: '1500 Demo Blvd',
        line2: 'Unit 12',
        city: 'Denver',
        region: 'CO',
        postal_code: '80202-1234',
        country: 'US',
        phone: '3035550123',
      },
      billing_address: null,
      // lineItemCost 25.00 is for both units
      lines: [{ sku: 'AW-1001', quantity: 2, unit_price: '12.50' }],
      shipping: { service_level: 'expedited' },
      shipping_lines: [{ title: null, service_level: 'expedited', price: '5.99' }],
      taxes_included: false,
      channel_totals: { total: '30.99' },
      transactions: [{ kind: 'sale', status: 'success', amount: '30.99', gateway: 'ebay', gateway_reference: 'FAKE-PAYREF-0001', processed_at: '2025-03-14T18:22:07.000Z' }],
      notes: null,
      tags: [],
    });
    assert.equal(result.status, 'open');
    assert.equal(result.sourceStatus, 'PAID/NOT_STARTED/NONE_REQUESTED');
  });

  test('taxes eBay collects, the buyer id and eBay references are reported', () => {
    const result = mapEbayOrder(order(), 'ebay-us');
    assert.deepEqual(note(result, 'lineItems[0].ebayCollectAndRemitTaxes')?.value, [{ taxType: 'STATE_SALES_TAX', amount: usd('2.40'), collectionMethod: 'NET' }]);
    assert.equal(note(result, 'buyer.username')?.value, 'widgetfan_example');
    assert.equal(note(result, 'legacyOrderId')?.value, '110012345678-2900012345678');
    assert.equal(note(result, 'salesRecordReference')?.value, '1042');
    assert.deepEqual(note(result, 'fulfillmentStartInstructions[0].shippingStep.shippingServiceCode')?.value, { shippingCarrierCode: 'USPS', shippingServiceCode: 'USPSPriority' });
    assert.match(note(result, 'lineItems[0].lineItemFulfillmentInstructions')?.reason ?? '', /ship-by/);
    assert.equal(note(result, 'lineItems[0].appliedPromotions'), undefined, 'an empty list is not noise');
  });

  test('the buyer’s registration address gives the customer and the billing address', () => {
    const result = mapEbayOrder(
      order((o) => {
        (o['buyer'] as Obj)['buyerRegistrationAddress'] = {
          fullName: 'Riley R. Placeholder',
          contactAddress: { addressLine1: '77 Example Way', city: 'Boulder', stateOrProvince: 'CO', postalCode: '80301', countryCode: 'US' },
          primaryPhone: { phoneNumber: '7205550188' },
          email: 'riley.placeholder@example.org',
        };
        o['buyerCheckoutNotes'] = 'Gate code 4321';
      }),
      'ebay-us',
    );
    assert.deepEqual(result.order?.customer, { email: 'riley.placeholder@example.org', name: 'Riley R. Placeholder', phone: '7205550188' });
    assert.deepEqual(result.order?.billing_address, {
      name: 'Riley R. Placeholder',
      company: null,
      line1: '77 Example Way',
      line2: null,
      city: 'Boulder',
      region: 'CO',
      postal_code: '80301',
      country: 'US',
      phone: '7205550188',
    });
    assert.equal(result.order?.shipping_address?.city, 'Denver');
    assert.equal(result.order?.notes, 'Gate code 4321');
  });
});

describe('eBay amounts: exact minor-unit arithmetic', () => {
  test('two lines, a promotion and shipping discounts', () => {
    const result = mapEbayOrder(
      order((o) => {
        const promotion = { promotionId: '5000012345', description: 'Save 10% (example)', discountAmount: usd('2.49') };
        Object.assign(line(o, 0), { discountedLineItemCost: usd('22.51'), appliedPromotions: [promotion] }); // 22.51 over 2 → 11.25, 0.01 left
        o.lineItems.push(secondLine()); // 26.25 over 3 → 8.75
      }),
      'ebay-us',
    );
    assert.deepEqual(result.problems, []);
    // The promotion is the line's discount, whole (capture spreads 2.49 over the 2 units exactly).
    assert.deepEqual(result.order?.lines.map((l) => [l.unit_price, l.discounts]), [
      ['12.50', [{ code: null, title: 'Save 10% (example)', source: 'channel', amount: '2.49' }]],
      ['8.75', undefined],
    ]);
    // 5.99, and 3.00 + 1.50 handling with a 3.00 discount
    assert.deepEqual(result.order?.shipping_lines?.map((s) => [s.price, s.discounts?.[0]?.amount ?? null]), [['5.99', null], ['4.50', '3.00']]);
    assert.ok(note(result, 'lineItems[1].deliveryCost.handlingCost'), 'the handling cost is reported as not mapped');
  });

  test('a promotion without discountedLineItemCost does not change the unit price', () => {
    const result = mapEbayOrder(order((o) => (line(o, 0)['appliedPromotions'] = [{ promotionId: '1', description: 'Free shipping', discountAmount: usd('5.99') }])), 'ebay-us');
    assert.equal(result.order?.lines[0]?.unit_price, '12.50');
    assert.match(note(result, 'lineItems[0].appliedPromotions')?.reason ?? '', /did not lower the item price/);
  });

  test('a lineItemCost that does not divide over the quantity: unit price rounded up and a rounding discount, the line exact', () => {
    const result = mapEbayOrder(order((o) => Object.assign(line(o, 0), { quantity: 3, lineItemCost: usd('10.00') })), 'ebay-us');
    assert.equal(result.order?.lines[0]?.unit_price, '3.34');
    assert.match(note(result, 'lineItems[0].lineItemCost')?.reason ?? '', /10\.00 does not divide over 3 units: unit_price 3\.34 with a rounding discount of 0\.02/);
  });

  test('line taxes are mapped; taxes eBay collects and remits are reported, not charged', () => {
    const result = mapEbayOrder(order((o) => (line(o, 0)['taxes'] = [{ taxType: 'STATE_SALES_TAX', amount: usd('1.50') }])), 'ebay-us');
    assert.deepEqual(result.order?.lines[0]?.taxes, [{ title: 'STATE_SALES_TAX', rate: null, amount: '1.50' }]);
    assert.match(note(result, 'lineItems[0].ebayCollectAndRemitTaxes')?.reason ?? '', /eBay collects and remits/);
  });

  test('a GBP order on eBay UK', () => {
    const gbp = (value: string) => ({ value, currency: 'GBP' });
    const result = mapEbayOrder(
      order((o) => {
        o['pricingSummary'] = { priceSubtotal: gbp('19.98'), deliveryCost: gbp('3.49'), total: gbp('23.47') };
        Object.assign(line(o, 0), { lineItemCost: gbp('19.98'), deliveryCost: { shippingCost: gbp('3.49') }, listingMarketplaceId: 'EBAY_GB' });
        step(o)['shippingServiceCode'] = 'UK_RoyalMailNextDay';
        step(o).shipTo['contactAddress'] = { addressLine1: '10 Sample Road', city: 'Leeds', postalCode: 'LS1 4AP', countryCode: 'GB' };
      }),
      'ebay-uk',
    );
    assert.deepEqual(result.problems, []);
    assert.equal(result.order?.currency, 'GBP');
    assert.deepEqual(result.order?.lines, [{ sku: 'AW-1001', quantity: 2, unit_price: '9.99' }]);
    assert.deepEqual(result.order?.shipping, { service_level: 'overnight' });
    assert.deepEqual(result.order?.shipping_lines?.map((l) => l.price), ['3.49']);
    assert.deepEqual(result.order?.channel_totals, { total: '23.47' });
    assert.deepEqual(result.order?.transactions, [], 'the sample payment is in USD: left out, not a reason to refuse the order');
    assert.ok(result.unmapped.some((u) => u.field === 'paymentSummary.payments[0]' && u.reason.includes('USD')), 'and reported');
  });

  for (const [code, level] of [
    ['USPSPriority', 'expedited'],
    ['USPSPriorityMailExpress', 'expedited'],
    ['UPSNextDayAir', 'overnight'],
    ['FedExStandardOvernight', 'overnight'],
    ['UPS2ndDay', 'expedited'],
    ['UPS3rdDay', 'standard'],
    ['USPSGroundAdvantage', 'standard'],
    ['ExpeditedShippingFromOutsideUS', 'expedited'],
  ] as const) {
    test(`shippingServiceCode ${code} → ${level}`, () => {
      const result = mapEbayOrder(order((o) => (step(o)['shippingServiceCode'] = code)), 'ebay-us');
      assert.equal(result.order?.shipping?.service_level, level);
    });
  }
});

describe('eBay status', () => {
  const cases: [string, (o: Json) => void, string, string, string[]][] = [
    ['paid, not started', () => {}, 'open', 'PAID/NOT_STARTED/NONE_REQUESTED', []],
    ['in progress', (o) => (o['orderFulfillmentStatus'] = 'IN_PROGRESS'), 'open', 'PAID/IN_PROGRESS/NONE_REQUESTED', []],
    ['fulfilled', (o) => (o['orderFulfillmentStatus'] = 'FULFILLED'), 'closed', 'PAID/FULFILLED/NONE_REQUESTED', []],
    ['cancelled', (o) => (o['cancelStatus'] = { cancelState: 'CANCELED', cancelRequests: [] }), 'cancelled', 'PAID/NOT_STARTED/CANCELED', []],
    ['fully refunded before shipping', (o) => (o['orderPaymentStatus'] = 'FULLY_REFUNDED'), 'cancelled', 'FULLY_REFUNDED/NOT_STARTED/NONE_REQUESTED', []],
    ['payment failed', (o) => (o['orderPaymentStatus'] = 'FAILED'), 'cancelled', 'FAILED/NOT_STARTED/NONE_REQUESTED', []],
    ['partially refunded', (o) => (o['orderPaymentStatus'] = 'PARTIALLY_REFUNDED'), 'open', 'PARTIALLY_REFUNDED/NOT_STARTED/NONE_REQUESTED', []],
    ['payment pending', (o) => (o['orderPaymentStatus'] = 'PENDING'), 'open', 'PENDING/NOT_STARTED/NONE_REQUESTED', ['orderPaymentStatus']],
    ['an unknown payment status', (o) => (o['orderPaymentStatus'] = 'MAYBE'), 'open', 'MAYBE/NOT_STARTED/NONE_REQUESTED', ['orderPaymentStatus']],
    ['a cancelled order without an address', (o) => {
      o['cancelStatus'] = { cancelState: 'CANCELED' };
      o['fulfillmentStartInstructions'] = [];
    }, 'cancelled', 'PAID/NOT_STARTED/CANCELED', []],
  ];
  for (const [name, edit, status, sourceStatus, problems] of cases) {
    test(name, () => {
      const result = mapEbayOrder(order(edit), 'ebay-us');
      assert.equal(result.status, status);
      assert.equal(result.sourceStatus, sourceStatus);
      assert.deepEqual(fields(result), problems);
      assert.equal(result.order === null, problems.length > 0);
    });
  }

  test('a cancel request in progress is tagged and reported, the order stays open', () => {
    const result = mapEbayOrder(order((o) => (o['cancelStatus'] = { cancelState: 'IN_PROGRESS', cancelRequests: [{ cancelReason: 'BUYER_ASKED_CANCEL' }] })), 'ebay-us');
    assert.equal(result.status, 'open');
    assert.deepEqual(result.order?.tags, ['ebay:cancel-requested']);
    assert.match(note(result, 'cancelStatus')?.reason ?? '', /asked to cancel/);
  });

  test('pending payment says what to do', () => {
    const result = mapEbayOrder(order((o) => (o['orderPaymentStatus'] = 'PENDING')), 'ebay-us');
    assert.match(result.problems[0]?.message ?? '', /not paid yet.*once it is PAID/);
  });

  test('fulfilled by eBay is a problem: not ours to ship', () => {
    const result = mapEbayOrder(order((o) => ((o.fulfillmentStartInstructions[0] as Obj)['fulfillmentInstructionsType'] = 'FULFILLED_BY_EBAY')), 'ebay-us');
    assert.deepEqual(fields(result), ['fulfillmentStartInstructions[0].fulfillmentInstructionsType']);
  });

  test('in-store pickup needs no address and is tagged', () => {
    const result = mapEbayOrder(
      order((o) => {
        o.fulfillmentStartInstructions = [{ fulfillmentInstructionsType: 'PREPARE_FOR_PICKUP', pickupStep: { merchantLocationKey: 'store-denver-1' } } as unknown as Json['fulfillmentStartInstructions'][number]];
      }),
      'ebay-us',
    );
    assert.deepEqual(result.problems, []);
    assert.equal(result.order?.shipping_address, null);
    assert.deepEqual(result.order?.tags, ['ebay:pickup']);
    assert.equal(result.order?.delivery_method, 'pickup', 'capture does not ask for an address');
    assert.deepEqual(note(result, 'fulfillmentStartInstructions[0].pickupStep')?.value, { merchantLocationKey: 'store-denver-1' });
  });
});

describe('eBay malformed payloads are problems, never exceptions', () => {
  for (const body of [null, 42, 'order', [], [EBAY_ORDER]]) {
    test(`not an object: ${JSON.stringify(body).slice(0, 20)}`, () => {
      const result = mapEbayOrder(body, 'ebay');
      assert.equal(result.order, null);
      assert.deepEqual(fields(result), ['$']);
    });
  }

  test('a listing without a SKU is a problem that says how to fix it', () => {
    const result = mapEbayOrder(order((o) => o.lineItems.push({ ...secondLine(), sku: undefined })), 'ebay');
    assert.deepEqual(fields(result), ['lineItems[1].sku']);
    assert.match(result.problems[0]?.message ?? '', /no SKU/);
  });

  const cases: [string, (o: Json) => void, string[]][] = [
    ['orderId missing', (o) => delete o['orderId'], ['orderId']],
    ['creationDate missing', (o) => delete o['creationDate'], ['creationDate']],
    ['creationDate not a date', (o) => (o['creationDate'] = 'yesterday'), ['creationDate']],
    ['no line items', (o) => (o.lineItems = []), ['lineItems']],
    ['quantity 0', (o) => (line(o, 0)['quantity'] = 0), ['lineItems[0].quantity']],
    ['sku with spaces', (o) => (line(o, 0)['sku'] = 'AW 1001'), ['lineItems[0].sku']],
    ['lineItemCost missing', (o) => delete line(o, 0)['lineItemCost'], ['lineItems[0].lineItemCost']],
    ['lineItemCost in another currency', (o) => (line(o, 0)['lineItemCost'] = { value: '25.00', currency: 'EUR' }), ['lineItems[0].lineItemCost.currency']],
    ['lineItemCost with three decimals', (o) => (line(o, 0)['lineItemCost'] = usd('25.001')), ['lineItems[0].lineItemCost.value']],
    ['discounted cost above the cost', (o) => (line(o, 0)['discountedLineItemCost'] = usd('26.00')), ['lineItems[0].discountedLineItemCost']],
    ['shipping discount above shipping', (o) => (line(o, 0)['deliveryCost'] = { shippingCost: usd('5.99'), discountAmount: usd('6.00') }), ['lineItems[0].deliveryCost.discountAmount']],
    ['unknown currency', (o) => (o['pricingSummary'] = { total: { value: '1.00', currency: 'ZZZ' } }), ['pricingSummary.total.currency']],
    ['no fulfillment instructions on an open order', (o) => delete (o as Obj)['fulfillmentStartInstructions'], ['fulfillmentStartInstructions']],
    ['no shipTo', (o) => delete (step(o) as Obj)['shipTo'], ['fulfillmentStartInstructions[0].shippingStep.shipTo']],
    ['shipTo without a city', (o) => delete (step(o).shipTo['contactAddress'] as Obj)['city'], ['fulfillmentStartInstructions[0].shippingStep.shipTo']],
    ['line item not an object', (o) => (o.lineItems = [null as unknown as Obj]), ['lineItems[0]']],
  ];
  for (const [name, edit, expected] of cases) {
    test(name, () => {
      const result = mapEbayOrder(order(edit), 'ebay');
      assert.equal(result.order, null);
      assert.deepEqual(fields(result), expected);
    });
  }

  test('every top-level and line field set to every odd value: no exception', () => {
    const odd: unknown[] = [null, 0, -1, '', 'x', true, [], {}, [null], { value: 'x' }, { currency: 'USD' }, 1e308, Number.NaN];
    for (const key of Object.keys(EBAY_ORDER)) {
      for (const value of odd) assert.doesNotThrow(() => mapEbayOrder(order((o) => (o[key] = value)), 'ebay'), `${key} = ${String(value)}`);
    }
    for (const key of [...Object.keys(EBAY_ORDER.lineItems[0] ?? {}), 'discountedLineItemCost']) {
      for (const value of odd) assert.doesNotThrow(() => mapEbayOrder(order((o) => (line(o, 0)[key] = value)), 'ebay'), `lineItems[0].${key} = ${String(value)}`);
    }
    for (const key of ['shipTo', 'shippingServiceCode']) {
      for (const value of odd) assert.doesNotThrow(() => mapEbayOrder(order((o) => (step(o)[key] = value)), 'ebay'), `shippingStep.${key} = ${String(value)}`);
    }
  });
});

describe('ebayOrdersOfPage', () => {
  test('the orders of a getOrders page; anything else is empty', () => {
    const page = { href: 'https://api.ebay.com/sell/fulfillment/v1/order?limit=50&offset=0', total: 1, limit: 50, offset: 0, orders: [EBAY_ORDER] };
    assert.deepEqual(ebayOrdersOfPage(page), [EBAY_ORDER]);
    assert.deepEqual(ebayOrdersOfPage({ total: 0 }), []);
    assert.deepEqual(ebayOrdersOfPage(null), []);
  });
});
