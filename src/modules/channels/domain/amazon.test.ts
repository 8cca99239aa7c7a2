import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { amazonOrdersOfPage, mapAmazonOrder } from './amazon.js';
import { AMAZON_ORDER, AMAZON_ORDER_ITEMS_RESPONSE, AMAZON_ORDERS_PAGE } from './fixtures/amazon-order.js';

type Obj = Record<string, unknown>;
interface Input {
  order: Obj;
  items: Obj[];
}

/** The documented order (read with an RDT) and its items, cloned, then changed by `edit`. */
function input(edit: (i: Input) => void = () => {}): Input {
  const i: Input = { order: structuredClone(AMAZON_ORDER) as Obj, items: structuredClone(AMAZON_ORDER_ITEMS_RESPONSE.payload.OrderItems) as Obj[] };
  edit(i);
  return i;
}

function item(i: Input, n: number): Obj {
  const it = i.items[n];
  assert.ok(it, `item ${n} exists`);
  return it;
}

const usd = (amount: string) => ({ CurrencyCode: 'USD', Amount: amount });
const jpy = (amount: string) => ({ CurrencyCode: 'JPY', Amount: amount });

/** A second item, as getOrderItems documents one. */
function secondItem(): Obj {
  return {
    ASIN: 'B0EXAMPL02',
    SellerSKU: 'AW-1001',
    OrderItemId: '68828574383267',
    Title: 'Acme Stainless Widget 4in Example',
    QuantityOrdered: 2,
    QuantityShipped: 0,
    ItemPrice: usd('25.00'),
    ItemTax: usd('2.06'),
    ShippingPrice: usd('4.99'),
    ShippingTax: usd('0.00'),
    ShippingDiscount: usd('4.99'),
    ShippingDiscountTax: usd('0.00'),
    PromotionDiscount: usd('5.00'),
    PromotionDiscountTax: usd('0.41'),
    PromotionIds: ['FREESHIP-EXAMPLE', 'PCT20-EXAMPLE'],
    IsGift: 'false',
    ConditionId: 'New',
  };
}

function fields(result: ReturnType<typeof mapAmazonOrder>): string[] {
  return result.problems.map((p) => p.field);
}

function note(result: ReturnType<typeof mapAmazonOrder>, field: string) {
  return result.unmapped.find((u) => u.field === field);
}

const ADDRESS = {
  name: 'Morgan Testperson',
  company: null,
  line1: '1200 SW Example Ave',
  line2: 'Apt 4B',
  city: 'PORTLAND',
  region: 'OR',
  postal_code: '97205-1234',
  country: 'US',
  phone: '+1 503-555-0187',
};

describe('Amazon SP-API order + items → canonical order', () => {
  test('the documented order maps field by field', () => {
    const result = mapAmazonOrder(input(), 'amazon-us');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.order, {
      channel: 'amazon-us',
      external_id: '112-3456789-1234567',
      channel_order_name: '112-3456789-1234567',
      currency: 'USD',
      placed_at: '2025-03-14T15:04:12.000Z',
      customer: { email: '0x1yz2abcdexample@marketplace.amazon.com', name: 'Morgan Testperson', phone: null },
      shipping_address: ADDRESS,
      billing_address: null,
      // ItemPrice 26.25 is for all three units
      lines: [{ sku: 'AW-1002', quantity: 3, unit_price: '8.75', taxes: [{ title: 'ItemTax', rate: null, amount: '2.17' }] }],
      shipping: { service_level: 'standard' },
      shipping_lines: [{ title: 'Std US D2D Dom', service_level: 'standard', price: '9.99', taxes: [{ title: 'ShippingTax', rate: null, amount: '0.82' }] }],
      taxes_included: false,
      channel_totals: { total: '39.23' },
      // Unshipped: Amazon has charged the buyer.
      transactions: [{ kind: 'sale', amount: '39.23', gateway: 'amazon', processed_at: '2025-03-14T15:04:12.000Z' }],
      notes: null,
      tags: [],
    });
    assert.equal(result.status, 'open');
    assert.equal(result.sourceStatus, 'Unshipped/MFN');
  });

  test('the raw response envelopes of getOrder and getOrderItems map the same', () => {
    const raw = mapAmazonOrder({ order: { payload: structuredClone(AMAZON_ORDER) }, items: structuredClone(AMAZON_ORDER_ITEMS_RESPONSE) }, 'amazon-us');
    assert.deepEqual(raw, mapAmazonOrder(input(), 'amazon-us'));
    assert.ok(raw.order, 'the raw payload maps to an order');
  });

  test('taxes and the order total are mapped, not reported', () => {
    const result = mapAmazonOrder(input(), 'amazon-us');
    assert.ok(!result.unmapped.some((u) => /Tax|OrderTotal/.test(u.field)), `no tax or total is left unmapped: ${result.unmapped.map((u) => u.field).join(', ')}`);
    assert.deepEqual(note(result, 'ShipServiceLevel')?.value, { ShipServiceLevel: 'Std US D2D Dom', ShipmentServiceLevelCategory: 'Standard' });
    assert.deepEqual(note(result, 'ShippingAddress.AddressType')?.value, 'Residential');
  });
});

describe('Amazon amounts: exact minor-unit arithmetic', () => {
  test('two items with promotions: the promotions are line discounts, their tax taken off the item tax', () => {
    const result = mapAmazonOrder(
      input((i) => {
        item(i, 0)['PromotionDiscount'] = usd('1.00'); // 26.25 − 1.00 = 25.25 over 3 → 8.41, 0.02 left
        i.items.push(secondItem()); // 25.00 − 5.00 = 20.00 over 2 → 10.00
      }),
      'amazon-us',
    );
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.order?.lines, [
      { sku: 'AW-1002', quantity: 3, unit_price: '8.75', discounts: [{ code: null, title: null, source: 'channel', amount: '1.00' }], taxes: [{ title: 'ItemTax', rate: null, amount: '2.17' }] },
      {
        sku: 'AW-1001',
        quantity: 2,
        unit_price: '12.50',
        discounts: [{ code: null, title: 'FREESHIP-EXAMPLE, PCT20-EXAMPLE', source: 'channel', amount: '5.00' }],
        taxes: [{ title: 'ItemTax', rate: null, amount: '1.65' }],
      },
    ]);
    // shipping 9.99 + (4.99 − 4.99)
    assert.deepEqual(result.order?.shipping_lines?.map((s) => [s.price, s.discounts?.[0]?.amount ?? null]), [['9.99', null], ['4.99', '4.99']]);
  });

  test('an ItemPrice that does not divide over the quantity: unit price rounded up, a rounding discount, the line exact', () => {
    const result = mapAmazonOrder(input((i) => (item(i, 0)['ItemPrice'] = usd('10.00'))), 'amazon-us');
    assert.equal(result.order?.lines[0]?.unit_price, '3.34');
    assert.deepEqual(result.order?.lines[0]?.discounts, [{ source: 'rounding', title: 'unit price rounded up', amount: '0.02' }]);
    const n = note(result, 'OrderItems[0].ItemPrice');
    assert.deepEqual(n?.value, usd('10.00'));
    assert.match(n?.reason ?? '', /10\.00 does not divide over 3 units: unit_price 3\.34 with a rounding discount of 0\.02/);
  });

  test('a discount written negative is taken as its magnitude', () => {
    const result = mapAmazonOrder(input((i) => (item(i, 0)['PromotionDiscount'] = usd('-2.25'))), 'amazon-us');
    assert.equal(result.order?.lines[0]?.discounts?.[0]?.amount, '2.25');
  });

  test('a JPY order (amazon.co.jp) stays in whole yen', () => {
    const result = mapAmazonOrder(
      input((i) => {
        Object.assign(i.order, { AmazonOrderId: '503-1234567-7654321', MarketplaceId: 'A1VC38T7YXB528', SalesChannel: 'Amazon.co.jp', OrderTotal: jpy('9240') });
        i.order['ShippingAddress'] = { Name: '山田 太郎', AddressLine1: '千代田区丸の内1-1-1', City: '東京都', PostalCode: '100-0005', CountryCode: 'JP', Phone: '03-5555-0100' };
        i.items = [
          { ASIN: 'B0EXAMPJP1', SellerSKU: 'AW-1001', OrderItemId: '11111111111111', QuantityOrdered: 2, ItemPrice: jpy('3900'), PromotionDiscount: jpy('500'), ItemTax: jpy('354'), ShippingPrice: jpy('550') },
          { ASIN: 'B0EXAMPJP2', SellerSKU: 'AW-1002', OrderItemId: '11111111111112', QuantityOrdered: 3, ItemPrice: jpy('1000'), ShippingPrice: jpy('0') },
        ];
      }),
      'amazon-jp',
    );
    assert.deepEqual(result.problems, []);
    assert.equal(result.order?.currency, 'JPY');
    assert.equal(result.order?.external_id, '503-1234567-7654321');
    assert.deepEqual(result.order?.lines.map((l) => [l.unit_price, l.discounts?.map((d) => d.amount)]), [['1950', ['500']], ['334', ['2']]]);
    assert.match(note(result, 'OrderItems[1].ItemPrice')?.reason ?? '', /1000 does not divide over 3 units: unit_price 334 with a rounding discount of 2/);
    assert.deepEqual(result.order?.shipping_lines?.map((s) => s.price), ['550', '0']);
    assert.deepEqual(result.order?.channel_totals, { total: '9240' });
    assert.equal(result.order?.shipping_address?.region, null);
  });

  test('yen with decimals is a problem naming the amount', () => {
    const result = mapAmazonOrder(
      input((i) => {
        i.order['OrderTotal'] = jpy('3900');
        i.items = [{ ASIN: 'B0EXAMPJP1', SellerSKU: 'AW-1001', OrderItemId: '1', QuantityOrdered: 1, ItemPrice: jpy('3900.50') }];
      }),
      'amazon-jp',
    );
    assert.deepEqual(fields(result), ['OrderItems[0].ItemPrice.Amount']);
  });
});

describe('Amazon items', () => {
  test('an item with QuantityOrdered 0 (cancelled) is skipped and reported', () => {
    const result = mapAmazonOrder(input((i) => i.items.push({ ...secondItem(), QuantityOrdered: 0 })), 'amazon-us');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.order?.lines.map((l) => l.sku), ['AW-1002']);
    assert.deepEqual(note(result, 'OrderItems[1]')?.value, { OrderItemId: '68828574383267', SellerSKU: 'AW-1001', QuantityOrdered: 0 });
    // its shipping is not charged either
    assert.deepEqual(result.order?.shipping_lines?.map((s) => s.price), ['9.99']);
  });

  test('every item at QuantityOrdered 0 is a problem', () => {
    const result = mapAmazonOrder(input((i) => (item(i, 0)['QuantityOrdered'] = 0)), 'amazon-us');
    assert.deepEqual(fields(result), ['OrderItems']);
  });

  test('tags: Prime, business, replacement, and a buyer cancel request', () => {
    const result = mapAmazonOrder(
      input((i) => {
        Object.assign(i.order, { IsPrime: true, IsBusinessOrder: true, IsReplacementOrder: 'true', ReplacedOrderId: '112-0000000-0000001' });
        item(i, 0)['BuyerRequestedCancel'] = { IsBuyerRequestedCancel: 'true', BuyerCancelReason: 'Ordered by mistake' };
      }),
      'amazon-us',
    );
    assert.deepEqual(result.order?.tags, ['amazon:prime', 'amazon:business', 'amazon:replacement', 'amazon:cancel-requested']);
    assert.equal(note(result, 'ReplacedOrderId')?.value, '112-0000000-0000001');
    assert.match(note(result, 'OrderItems[0].BuyerRequestedCancel')?.reason ?? '', /asked to cancel/);
  });

  for (const [category, level] of [
    ['NextDay', 'overnight'],
    ['SameDay', 'overnight'],
    ['SecondDay', 'expedited'],
    ['Expedited', 'expedited'],
    ['FreeEconomy', 'standard'],
    ['Scheduled', 'standard'],
  ] as const) {
    test(`ShipmentServiceLevelCategory ${category} → ${level}`, () => {
      const result = mapAmazonOrder(input((i) => (i.order['ShipmentServiceLevelCategory'] = category)), 'amazon-us');
      assert.equal(result.order?.shipping?.service_level, level);
    });
  }

  test('without a category the service level is guessed from ShipServiceLevel', () => {
    const result = mapAmazonOrder(
      input((i) => {
        delete i.order['ShipmentServiceLevelCategory'];
        i.order['ShipServiceLevel'] = 'Exp US D2D Dom';
      }),
      'amazon-us',
    );
    assert.equal(result.order?.shipping?.service_level, 'standard');
    const next = mapAmazonOrder(
      input((i) => {
        delete i.order['ShipmentServiceLevelCategory'];
        i.order['ShipServiceLevel'] = 'NextDay';
      }),
      'amazon-us',
    );
    assert.equal(next.order?.shipping?.service_level, 'overnight');
  });

  test('address lines: an empty AddressLine1 moves the street up, AddressLine3 joins line 2', () => {
    const result = mapAmazonOrder(
      input((i) => {
        const a = i.order['ShippingAddress'] as Obj;
        Object.assign(a, { AddressLine1: '', AddressLine2: '1200 SW Example Ave', AddressLine3: 'Building C' });
      }),
      'amazon-us',
    );
    assert.equal(result.order?.shipping_address?.line1, '1200 SW Example Ave');
    assert.equal(result.order?.shipping_address?.line2, 'Building C');
  });
});

describe('Amazon status and fulfilment channel', () => {
  const cases: [string, (i: Input) => void, string, string, string[]][] = [
    ['Unshipped', () => {}, 'open', 'Unshipped/MFN', []],
    ['PartiallyShipped', (i) => (i.order['OrderStatus'] = 'PartiallyShipped'), 'open', 'PartiallyShipped/MFN', []],
    ['Shipped', (i) => (i.order['OrderStatus'] = 'Shipped'), 'closed', 'Shipped/MFN', []],
    ['InvoiceUnconfirmed', (i) => (i.order['OrderStatus'] = 'InvoiceUnconfirmed'), 'closed', 'InvoiceUnconfirmed/MFN', []],
    ['Canceled (Amazon drops the address)', (i) => {
      i.order['OrderStatus'] = 'Canceled';
      delete i.order['ShippingAddress'];
    }, 'cancelled', 'Canceled/MFN', []],
    ['Pending: not charged, no address', (i) => {
      i.order['OrderStatus'] = 'Pending';
      delete i.order['ShippingAddress'];
    }, 'open', 'Pending/MFN', ['OrderStatus']],
    ['PendingAvailability (pre-order)', (i) => {
      i.order['OrderStatus'] = 'PendingAvailability';
      delete i.order['ShippingAddress'];
    }, 'open', 'PendingAvailability/MFN', ['OrderStatus']],
    ['AFN: Amazon ships it', (i) => (i.order['FulfillmentChannel'] = 'AFN'), 'open', 'Unshipped/AFN', ['FulfillmentChannel']],
    ['Unfulfillable (AFN)', (i) => Object.assign(i.order, { OrderStatus: 'Unfulfillable', FulfillmentChannel: 'AFN' }), 'closed', 'Unfulfillable/AFN', ['OrderStatus', 'FulfillmentChannel']],
    ['an unknown status word', (i) => (i.order['OrderStatus'] = 'Lost'), 'open', 'Lost/MFN', ['OrderStatus']],
    ['an unknown fulfilment channel', (i) => (i.order['FulfillmentChannel'] = 'SFP'), 'open', 'Unshipped/SFP', ['FulfillmentChannel']],
  ];
  for (const [name, edit, status, sourceStatus, problems] of cases) {
    test(name, () => {
      const result = mapAmazonOrder(input(edit), 'amazon-us');
      assert.equal(result.status, status);
      assert.equal(result.sourceStatus, sourceStatus);
      assert.deepEqual(fields(result), problems);
      assert.equal(result.order === null, problems.length > 0);
    });
  }

  test('the problem messages say why and what to do', () => {
    const pending = mapAmazonOrder(input((i) => (i.order['OrderStatus'] = 'Pending')), 'amazon-us');
    assert.match(pending.problems[0]?.message ?? '', /not charged.*import the order again once it is Unshipped/);
    const afn = mapAmazonOrder(input((i) => (i.order['FulfillmentChannel'] = 'AFN')), 'amazon-us');
    assert.match(afn.problems[0]?.message ?? '', /Fulfilled by Amazon/);
  });

  test('an order read without a Restricted Data Token cannot be shipped: a problem that says so', () => {
    const withoutRdt = AMAZON_ORDERS_PAGE.payload.Orders[0];
    const result = mapAmazonOrder({ order: structuredClone(withoutRdt), items: input().items }, 'amazon-us');
    assert.equal(result.order, null);
    assert.deepEqual(fields(result), ['ShippingAddress']);
    assert.match(result.problems[0]?.message ?? '', /Restricted Data Token/);
    assert.match(result.problems[0]?.message ?? '', /cannot be shipped/);
  });

  for (const [orderStatus, status] of [['Canceled', 'cancelled'], ['Shipped', 'closed']] as const) {
    test(`a ${orderStatus} order read without an RDT maps (the address only matters for shipping)`, () => {
      const order = { ...structuredClone(AMAZON_ORDERS_PAGE.payload.Orders[0]), OrderStatus: orderStatus };
      const result = mapAmazonOrder({ order, items: input().items }, 'amazon-us');
      assert.deepEqual(result.problems, []);
      assert.equal(result.status, status);
      assert.equal(result.order?.shipping_address, null);
      assert.match(note(result, 'ShippingAddress')?.reason ?? '', /Restricted Data Token/);
    });
  }

  test('PartiallyShipped without an RDT is a problem like Unshipped', () => {
    const order = { ...structuredClone(AMAZON_ORDERS_PAGE.payload.Orders[0]), OrderStatus: 'PartiallyShipped' };
    assert.deepEqual(fields(mapAmazonOrder({ order, items: input().items }, 'amazon-us')), ['ShippingAddress']);
  });
});

describe('Amazon malformed payloads are problems, never exceptions', () => {
  for (const body of [null, 42, 'order', [], [AMAZON_ORDER]]) {
    test(`not an object: ${JSON.stringify(body).slice(0, 20)}`, () => {
      const result = mapAmazonOrder(body, 'amazon');
      assert.equal(result.order, null);
      assert.deepEqual(fields(result), ['$']);
    });
  }

  test('an Amazon error response in place of the order', () => {
    const result = mapAmazonOrder({ order: { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.' }] }, items: [] }, 'amazon');
    assert.deepEqual(fields(result), ['order']);
    assert.match(result.problems[0]?.message ?? '', /Unauthorized: Access to requested resource is denied/);
  });

  const cases: [string, (i: Input) => void, string[]][] = [
    ['missing order', (i) => delete (i as Partial<Input>).order, ['order']],
    ['missing items', (i) => delete (i as Partial<Input>).items, ['OrderItems']],
    ['no items', (i) => (i.items = []), ['OrderItems']],
    ['AmazonOrderId not 3-7-7 digits', (i) => (i.order['AmazonOrderId'] = '1123456789'), ['AmazonOrderId']],
    ['AmazonOrderId missing', (i) => delete i.order['AmazonOrderId'], ['AmazonOrderId']],
    ['PurchaseDate missing', (i) => delete i.order['PurchaseDate'], ['PurchaseDate']],
    ['PurchaseDate without offset', (i) => (i.order['PurchaseDate'] = '2025-03-14T15:04:12'), ['PurchaseDate']],
    ['SellerSKU missing on the second item', (i) => i.items.push({ ...secondItem(), SellerSKU: undefined }), ['OrderItems[1].SellerSKU']],
    ['fractional quantity', (i) => (item(i, 0)['QuantityOrdered'] = 1.5), ['OrderItems[0].QuantityOrdered']],
    ['ItemPrice missing', (i) => delete item(i, 0)['ItemPrice'], ['OrderItems[0].ItemPrice']],
    ['ItemPrice a number', (i) => (item(i, 0)['ItemPrice'] = 26.25), ['OrderItems[0].ItemPrice']],
    ['Amount with three decimals', (i) => (item(i, 0)['ItemPrice'] = usd('26.255')), ['OrderItems[0].ItemPrice.Amount']],
    ['an item in another currency', (i) => (item(i, 0)['ItemPrice'] = { CurrencyCode: 'CAD', Amount: '26.25' }), ['OrderItems[0].ItemPrice.CurrencyCode']],
    ['unknown currency', (i) => (i.order['OrderTotal'] = { CurrencyCode: 'XXY', Amount: '1.00' }), ['OrderTotal.CurrencyCode']],
    ['promotion larger than the price', (i) => (item(i, 0)['PromotionDiscount'] = usd('30.00')), ['OrderItems[0].PromotionDiscount']],
    ['shipping discount larger than shipping', (i) => (item(i, 0)['ShippingDiscount'] = usd('10.00')), ['OrderItems[0].ShippingDiscount']],
    ['address without a country', (i) => ((i.order['ShippingAddress'] as Obj)['CountryCode'] = 'ZZ'), ['ShippingAddress']],
    ['item not an object', (i) => (i.items = ['AW-1002'] as unknown as Obj[]), ['OrderItems[0]']],
  ];
  for (const [name, edit, expected] of cases) {
    test(name, () => {
      const result = mapAmazonOrder(input(edit), 'amazon');
      assert.equal(result.order, null);
      assert.deepEqual(fields(result), expected);
    });
  }

  test('items of a different order, or only one page of them, are problems', () => {
    const other = { payload: { ...structuredClone(AMAZON_ORDER_ITEMS_RESPONSE.payload), AmazonOrderId: '112-0000000-0000000' } };
    assert.deepEqual(fields(mapAmazonOrder({ order: structuredClone(AMAZON_ORDER), items: other }, 'amazon')), ['OrderItems']);
    const paged = { payload: { ...structuredClone(AMAZON_ORDER_ITEMS_RESPONSE.payload), NextToken: 'MRgZW55IGNhcm5hbCBwbGVhc3VyZS4=' } };
    const result = mapAmazonOrder({ order: structuredClone(AMAZON_ORDER), items: paged }, 'amazon');
    assert.deepEqual(fields(result), ['OrderItems']);
    assert.match(result.problems[0]?.message ?? '', /NextToken/);
  });

  test('every order and item field set to every odd value: no exception', () => {
    const odd: unknown[] = [null, 0, -1, '', 'x', true, [], {}, [null], { Amount: 'x' }, { CurrencyCode: 'USD' }, 1e308, Number.NaN];
    for (const key of Object.keys(AMAZON_ORDER)) {
      for (const value of odd) assert.doesNotThrow(() => mapAmazonOrder(input((i) => (i.order[key] = value)), 'amazon'), `${key} = ${String(value)}`);
    }
    for (const key of Object.keys(secondItem())) {
      for (const value of odd) assert.doesNotThrow(() => mapAmazonOrder(input((i) => (item(i, 0)[key] = value)), 'amazon'), `OrderItems[0].${key} = ${String(value)}`);
    }
  });
});

describe('amazonOrdersOfPage', () => {
  test('the Orders of a getOrders page; anything else is empty', () => {
    assert.deepEqual(amazonOrdersOfPage(AMAZON_ORDERS_PAGE), AMAZON_ORDERS_PAGE.payload.Orders);
    assert.deepEqual(amazonOrdersOfPage({ payload: {} }), []);
    assert.deepEqual(amazonOrdersOfPage('x'), []);
  });
});

describe('Amazon payments', () => {
  test('Shipped: charged, one sale; Canceled: Amazon never charged, no sale', () => {
    const result = mapAmazonOrder(input((i) => (i.order['OrderStatus'] = 'Shipped')), 'amazon-us');
    assert.deepEqual(result.order?.transactions?.map((t) => [t.kind, t.amount, t.gateway]), [['sale', '39.23', 'amazon']], 'Shipped: charged');
    const cancelled = mapAmazonOrder(input((i) => (i.order['OrderStatus'] = 'Canceled')), 'amazon-us');
    assert.ok(cancelled.order, 'a cancelled order still maps');
    assert.deepEqual(cancelled.order.transactions, []);
  });
});
