import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CanonicalOrder } from '../../../platform/contracts/canonical-order.js';
import type { FieldError } from '../../../platform/errors.js';
import { currencyExponent, parseMoney } from '../../../platform/kernel/money.js';
import { mapAmazonOrder } from '../../../modules/channels/domain/amazon.js';
import { mapEbayOrder } from '../../../modules/channels/domain/ebay.js';
import { mapShopifyOrder } from '../../../modules/channels/domain/shopify.js';
import { mapWooCommerceOrder } from '../../../modules/channels/domain/woocommerce.js';
import { mapCsvGroup, resolveColumns, shopifyExportMapping, type ResolvedColumns } from '../../../modules/channels/domain/csv-orders.js';
import { AMAZON_ORDER, AMAZON_ORDER_ITEMS_RESPONSE } from '../../../modules/channels/domain/fixtures/amazon-order.js';
import { EBAY_ORDER } from '../../../modules/channels/domain/fixtures/ebay-order.js';
import { SHOPIFY_ORDER } from '../../../modules/channels/domain/fixtures/shopify-order.js';
import { WOOCOMMERCE_ORDER } from '../../../modules/channels/domain/fixtures/woocommerce-order.js';
import { prepareMoney } from './prepare-money.js';

// Every sample payload the mapper tests use (the reference examples, copied into fixtures/), and
// variants with the discounts, promotions and taxes those tests add: the OMS total computed at
// capture equals the total the channel stated, to the minor unit (issue 14, ADR 0017).

type Json = Record<string, unknown>;
const clone = <T>(value: T): Json => structuredClone(value) as unknown as Json;
const at = (value: unknown, ...path: (string | number)[]): Json => path.reduce<Json>((o, k) => (o as Record<string | number, unknown>)[k] as Json, value as Json);
const usd = (Amount: string) => ({ CurrencyCode: 'USD', Amount });

const shopifyDiscounted = () => {
  const o = clone(SHOPIFY_ORDER);
  o['discount_applications'] = [{ type: 'discount_code', code: 'SPRING', title: 'SPRING', value: '1.01', value_type: 'fixed_amount' }];
  at(o, 'line_items', 1)['discount_allocations'] = [{ amount: '1.01', discount_application_index: 0 }];
  at(o, 'shipping_lines', 0)['discount_allocations'] = [{ amount: '4.95', discount_application_index: 0 }];
  at(o, 'shipping_lines', 0)['tax_lines'] = [{ title: 'OH State Tax', rate: 0.075, price: '0.38' }];
  Object.assign(o, { total_discounts: '5.96', total_tax: '4.88', total_price: '68.87' }); // 60.00 − 1.01 + 9.95 − 4.95 + 4.88
  return o;
};

const amazonWithPromotion = () => {
  const items = clone(AMAZON_ORDER_ITEMS_RESPONSE.payload.OrderItems) as unknown as Json[];
  items.push({ SellerSKU: 'AW-1001', OrderItemId: '2', QuantityOrdered: 3, ItemPrice: usd('10.00'), ItemTax: usd('0.83'), ShippingPrice: usd('4.99'), ShippingDiscount: usd('4.99'), PromotionDiscount: usd('1.00'), PromotionDiscountTax: usd('0.08') });
  const order = clone(AMAZON_ORDER);
  order['OrderTotal'] = usd('48.98'); // 39.23 + 10.00 + (0.83 − 0.08) − 1.00 + 4.99 − 4.99
  return { order, items };
};

const ebayWithPromotion = () => {
  const o = clone(EBAY_ORDER);
  Object.assign(at(o, 'lineItems', 0), { discountedLineItemCost: { value: '22.51', currency: 'USD' }, taxes: [{ taxType: 'STATE_SALES_TAX', amount: { value: '1.80', currency: 'USD' } }] });
  at(o, 'pricingSummary')['total'] = { value: '30.30', currency: 'USD' }; // 22.51 + 1.80 + 5.99
  return o;
};

const wooWithCoupon = () => {
  const o = clone(WOOCOMMERCE_ORDER);
  Object.assign(at(o, 'line_items', 0), { quantity: 3, subtotal: '10.00', total: '9.00' }); // a subtotal that does not divide over 3 units
  o['coupon_lines'] = [{ code: 'TENOFF', discount: '1.00' }];
  o['total'] = '55.42'; // 9.00 + 35.00 + 3.92 tax + 7.50
  return o;
};

const csvExport = () => {
  const header = ['Name', 'Currency', 'Shipping', 'Taxes', 'Discount Code', 'Discount Amount', 'Total', 'Lineitem quantity', 'Lineitem price', 'Lineitem sku', 'Shipping Address1', 'Shipping City', 'Shipping Country'];
  const columns = resolveColumns(shopifyExportMapping, header).columns as ResolvedColumns;
  const first = ['#1001', 'USD', '4.90', '1.85', 'WELCOME', '2.50', '32.25', '2', '12.50', 'SKU-A', '1 Harbor St', 'Boston', 'US'];
  const second = ['#1001', '', '', '', '', '', '', '1', '3.00', 'SKU-B', '', '', ''];
  return mapCsvGroup([{ row: 2, record: first }, { row: 3, record: second }], columns, 'chn_csv').order; // 25.00 + 3.00 − 2.50 + 4.90 + 1.85
};

const samples: [string, () => CanonicalOrder | null][] = [
  ['Shopify orders/create (reference example)', () => mapShopifyOrder(clone(SHOPIFY_ORDER), 'shopify').order],
  ['Shopify with a code on a line and on shipping, and a shipping tax', () => mapShopifyOrder(shopifyDiscounted(), 'shopify').order],
  ['WooCommerce order (reference example)', () => mapWooCommerceOrder(clone(WOOCOMMERCE_ORDER), 'woo').order],
  ['WooCommerce with a coupon and an uneven subtotal', () => mapWooCommerceOrder(wooWithCoupon(), 'woo').order],
  ['Amazon getOrder + getOrderItems (reference example)', () => mapAmazonOrder({ order: clone(AMAZON_ORDER), items: clone(AMAZON_ORDER_ITEMS_RESPONSE.payload.OrderItems) }, 'amazon').order],
  ['Amazon with a promotion, its tax and a free-shipping discount', () => mapAmazonOrder(amazonWithPromotion(), 'amazon').order],
  ['eBay order (reference example)', () => mapEbayOrder(clone(EBAY_ORDER), 'ebay').order],
  ['eBay with a promotion and a line tax', () => mapEbayOrder(ebayWithPromotion(), 'ebay').order],
  ['CSV: a Shopify orders export with Taxes, a discount and Total', csvExport],
];

describe('the OMS total equals the channel’s stated total, to the minor unit', () => {
  for (const [name, map] of samples) {
    test(name, () => {
      const order = map();
      assert.ok(order, `${name} maps to an order`);
      const stated = order.channel_totals?.total;
      assert.ok(stated, `${name} states a total`);
      const exponent = currencyExponent(order.currency) as number;
      const errors: FieldError[] = [];
      const money = prepareMoney(order, exponent, errors);
      assert.deepEqual(errors, []);
      const parsed = parseMoney(stated, exponent);
      assert.ok(parsed.ok, `the stated total ${stated} is a decimal in ${order.currency}`);
      assert.equal(money.totals.total, parsed.minor, `computed ${money.totals.total} vs stated ${parsed.minor}`);
      assert.equal(money.discrepancy, null);
    });
  }
});
