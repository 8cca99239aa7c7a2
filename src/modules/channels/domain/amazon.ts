// Amazon Selling Partner API, Orders v0 → the canonical order. Pure: the payloads are
// already-parsed JSON. Input: `{ order, items }` where `order` is getOrder's `payload` (an Order)
// and `items` is getOrderItems' `payload.OrderItems`; the raw response envelopes
// (`{ payload: Order }`, `{ payload: { AmazonOrderId, OrderItems } }`) are accepted too.
// Paths in problems and `unmapped` name the Order's own fields (`ShippingAddress.City`) and the
// items as `OrderItems[i].…`.
//
// Decisions, so a reviewer can check them against Amazon's documentation:
// - external_id: `AmazonOrderId` (3-7-7 digits, `112-3456789-1234567`); anything else is a problem.
// - FulfillmentChannel AFN (Fulfilled by Amazon) is a problem: Amazon ships it from its own stock,
//   so capturing it would reserve and ship our stock twice. Poll with FulfillmentChannels=MFN.
// - OrderStatus: Unshipped / PartiallyShipped → open; Shipped / InvoiceUnconfirmed → closed;
//   Canceled → cancelled. Pending and PendingAvailability (pre-order) are problems: Amazon has not
//   charged the buyer yet and gives no address, so there is nothing to ship; the poller imports
//   the order again once it is Unshipped (Shopify-like: capture only what is paid).
//   Unfulfillable (AFN only) → closed, and a problem. Unknown words → a problem.
// - lines: SellerSKU, QuantityOrdered. `ItemPrice` is the price of the whole quantity, so the unit
//   price is ItemPrice ÷ QuantityOrdered (rounded up with a `rounding` discount when it does not
//   divide: order-parts.ts); PromotionDiscount is the line's discount. An item with
//   QuantityOrdered 0 (cancelled) is skipped and reported. Discount amounts are taken as
//   magnitudes (a leading minus is ignored).
// - taxes: the line's tax is ItemTax − PromotionDiscountTax, a shipping line's ShippingTax −
//   ShippingDiscountTax (the tax Amazon took off with the discount). Prices are tax-exclusive.
// - channel_totals: total = OrderTotal (what the buyer paid), compared at capture.
// - transactions: once Unshipped (or later), one sale of OrderTotal on gateway `amazon`.
// - shipping: one shipping line per item with ShippingPrice (ShippingDiscount its discount); service_level from
//   ShipmentServiceLevelCategory (NextDay/SameDay → overnight, SecondDay/Expedited/Priority →
//   expedited, Standard/FreeEconomy/Scheduled → standard), else guessed from ShipServiceLevel.
// - address: ShippingAddress. Without a Restricted Data Token Amazon returns only City,
//   StateOrRegion, PostalCode and CountryCode; a merchant-fulfilled order still to ship
//   (Unshipped, PartiallyShipped) is then a problem whose message says to fetch it again with an
//   RDT; for a shipped or cancelled one the bare address is reported and left empty.
// - customer: BuyerInfo.BuyerEmail (Amazon's anonymised relay address) and BuyerName.
// - tags: IsPrime → `amazon:prime`, IsBusinessOrder → `amazon:business`, IsPremiumOrder →
//   `amazon:premium`, IsReplacementOrder → `amazon:replacement`, an item's
//   BuyerRequestedCancel → `amazon:cancel-requested`: operators filter on them (Prime and premium
//   orders carry tighter ship-by promises; a cancel request must be answered before shipping).

import {
  LIMITS,
  MappingLog,
  money,
  boundedStr,
  isRecord,
  readAddress,
  readCurrency,
  readEmail,
  readExternalId,
  readInstant,
  readQuantity,
  readSku,
  str,
  type CanonicalAddress,
  type CanonicalOrderLine,
  type ChannelOrderStatus,
  type MappingResult,
} from './canonical.js';
import { boundedTitle, canonicalLine, customerOf, eachRecord, finishOrder, mappingResult, readMoneyObject, readTags, serviceLevelOf, shippingOf, type ServiceLevel, type SourceShipping } from './order-parts.js';

export const amazonStatusMap = {
  PendingAvailability: 'open',
  Pending: 'open',
  Unshipped: 'open',
  PartiallyShipped: 'open',
  Shipped: 'closed',
  InvoiceUnconfirmed: 'closed',
  Canceled: 'cancelled',
  Unfulfillable: 'closed',
} as const satisfies Record<string, ChannelOrderStatus>;

/** Statuses in which Amazon has taken the buyer's money. */
const CHARGED = new Set(['Unshipped', 'PartiallyShipped', 'Shipped', 'InvoiceUnconfirmed']);

const serviceCategories = {
  Expedited: 'expedited',
  FreeEconomy: 'standard',
  NextDay: 'overnight',
  Priority: 'expedited',
  SameDay: 'overnight',
  SecondDay: 'expedited',
  Scheduled: 'standard',
  Standard: 'standard',
} as const satisfies Record<string, ServiceLevel>;

/** Statuses of an order still to ship: its address is required. */
const TO_SHIP = new Set(['Unshipped', 'PartiallyShipped']);
const ORDER_ID = /^\d{3}-\d{7}-\d{7}$/;

interface Currency {
  code: string;
  exponent: number;
}

export function mapAmazonOrder(payload: unknown, channel: string): MappingResult {
  const log = new MappingLog();
  const input = unwrap(log, payload);
  if (!input) return mappingResult(log, 'open', 'unknown', null);
  const o = input.order;

  const orderStatus = str(o['OrderStatus']) ?? 'unknown';
  const fulfillmentChannel = str(o['FulfillmentChannel']) ?? 'MFN';
  const sourceStatus = `${orderStatus}/${fulfillmentChannel}`;
  let status: ChannelOrderStatus = 'open';
  if (Object.hasOwn(amazonStatusMap, orderStatus)) status = amazonStatusMap[orderStatus as keyof typeof amazonStatusMap];
  else log.problem('OrderStatus', 'is not an Amazon order status (PendingAvailability, Pending, Unshipped, PartiallyShipped, Shipped, InvoiceUnconfirmed, Canceled, Unfulfillable)');
  if (orderStatus === 'Pending' || orderStatus === 'PendingAvailability') {
    log.problem('OrderStatus', `is ${orderStatus}: Amazon has not charged the buyer yet and gives no shipping address; import the order again once it is Unshipped`);
  }
  if (orderStatus === 'Unfulfillable') log.problem('OrderStatus', 'is Unfulfillable: Amazon could not fulfil this FBA order; nothing for this OMS to ship');
  if (fulfillmentChannel === 'AFN') {
    log.problem('FulfillmentChannel', 'is AFN (Fulfilled by Amazon): Amazon ships it from its own stock, so this OMS must not capture it; poll with FulfillmentChannels=MFN');
  } else if (fulfillmentChannel !== 'MFN') {
    log.problem('FulfillmentChannel', 'must be MFN (merchant-fulfilled) or AFN');
  }

  const externalId = readExternalId(log, o['AmazonOrderId'], 'AmazonOrderId');
  if (externalId !== null && !ORDER_ID.test(externalId)) log.problem('AmazonOrderId', 'must be an Amazon order id of 3-7-7 digits such as 112-3456789-1234567');
  if (externalId !== null && input.itemsOrderId !== undefined && input.itemsOrderId !== externalId) {
    log.problem('OrderItems', `belong to order ${String(input.itemsOrderId)}, not to ${externalId}`);
  }
  const placedAt = readInstant(log, o['PurchaseDate'], 'PurchaseDate', false);
  if (placedAt === null && !log.problems.some((p) => p.field === 'PurchaseDate')) log.problem('PurchaseDate', 'is required');

  const currency = orderCurrency(log, o, input.items);

  // Lines and their shipping charges
  const level = serviceLevel(log, o);
  const lines: CanonicalOrderLine[] = [];
  const charges: SourceShipping[] = [];
  const tags: string[] = [];
  let cancelledItems = 0;
  eachRecord(log, input.items, 'OrderItems', { required: true, max: LIMITS.maxLines }, (raw, field) => {
    if (raw['QuantityOrdered'] === 0) {
      cancelledItems++;
      log.skip(field, { OrderItemId: raw['OrderItemId'] ?? null, SellerSKU: raw['SellerSKU'] ?? null, QuantityOrdered: 0 }, 'QuantityOrdered is 0 (the item was cancelled): no line');
      return;
    }
    const line = mapItem(log, raw, field, currency, { level, title: boundedTitle(o['ShipServiceLevel']) }, charges);
    if (line) lines.push(line);
    if (isRecord(raw['BuyerRequestedCancel']) && truthy(raw['BuyerRequestedCancel']['IsBuyerRequestedCancel'])) {
      tags.push('amazon:cancel-requested');
      log.skip(`${field}.BuyerRequestedCancel`, raw['BuyerRequestedCancel'], 'the buyer asked to cancel: answer the request in Seller Central before shipping (tagged amazon:cancel-requested)');
    }
  });
  if (Array.isArray(input.items) && input.items.length > 0 && cancelledItems === input.items.length) {
    log.problem('OrderItems', 'every item has QuantityOrdered 0: nothing left to ship');
  }
  const { shipping, shipping_lines } = currency ? shippingOf(log, charges, currency.exponent) : { shipping: null, shipping_lines: undefined };
  const orderTotal = currency && isRecord(o['OrderTotal']) ? amazonMoney(log, o['OrderTotal'], 'OrderTotal', currency, false) : null;

  const shippingAddress = address(log, o['ShippingAddress'], fulfillmentChannel === 'MFN' && TO_SHIP.has(orderStatus));

  const buyer = isRecord(o['BuyerInfo']) ? o['BuyerInfo'] : {};
  const email = readEmail(log, buyer['BuyerEmail'], 'BuyerInfo.BuyerEmail');
  const name = boundedStr(log, buyer['BuyerName'], 'BuyerInfo.BuyerName', 200);
  for (const key of ['BuyerCounty', 'BuyerTaxInfo', 'PurchaseOrderNumber']) {
    if (buyer[key] !== undefined && buyer[key] !== null && buyer[key] !== '') log.skip(`BuyerInfo.${key}`, buyer[key], 'no canonical field');
  }

  const flags = [['IsPrime', 'amazon:prime'], ['IsBusinessOrder', 'amazon:business'], ['IsPremiumOrder', 'amazon:premium'], ['IsReplacementOrder', 'amazon:replacement']] as const;
  const flagTags = flags.filter(([flag]) => truthy(o[flag])).map(([, tag]) => tag);
  reportOrderLevel(log, o);

  return finishOrder(log, status, sourceStatus, { channel, externalId, currency }, {
    channel_order_name: externalId,
    placed_at: placedAt,
    customer: customerOf(email, name, null),
    shipping_address: shippingAddress,
    billing_address: null,
    lines,
    shipping,
    ...(shipping_lines ? { shipping_lines } : {}),
    taxes_included: false,
    channel_totals: currency && orderTotal !== null ? { total: money(orderTotal, currency.exponent) } : null,
    // Amazon has charged the buyer once the order is Unshipped (it pays the seller by settlement).
    transactions: currency && orderTotal !== null && orderTotal > 0 && CHARGED.has(orderStatus) ? [{ kind: 'sale', amount: money(orderTotal, currency.exponent), gateway: 'amazon', processed_at: placedAt }] : [],
    notes: null,
    tags: readTags(log, [...flagTags, ...tags], 'tags'),
  });
}

/** The Order and its items out of `{order, items}`, with or without the response envelopes. */
function unwrap(log: MappingLog, payload: unknown): { order: Record<string, unknown>; items: unknown; itemsOrderId: unknown } | null {
  if (!isRecord(payload)) {
    log.problem('$', 'must be an object { order, items }: the getOrder payload and the getOrderItems OrderItems');
    return null;
  }
  let order = payload['order'];
  if (isRecord(order) && apiErrors(log, order, 'order')) return null;
  if (isRecord(order) && isRecord(order['payload'])) order = order['payload'];
  if (!isRecord(order)) {
    log.problem('order', 'must be the getOrder payload (an Amazon Order object)');
    return null;
  }
  let items = payload['items'];
  let itemsOrderId: unknown;
  if (isRecord(items)) {
    if (apiErrors(log, items, 'items')) return null;
    const page = isRecord(items['payload']) ? items['payload'] : items;
    if (str(page['NextToken']) !== null) log.problem('OrderItems', 'is one page of several (NextToken is set): fetch every page of getOrderItems before mapping');
    itemsOrderId = page['AmazonOrderId'];
    items = page['OrderItems'];
  }
  return { order, items, itemsOrderId };
}

/** An SP-API error response (`{ errors: [{ code, message }] }`) in place of a payload. */
function apiErrors(log: MappingLog, value: Record<string, unknown>, field: string): boolean {
  const errors = value['errors'];
  if (!Array.isArray(errors) || errors.length === 0) return false;
  const text = errors.map((e: unknown) => (isRecord(e) ? `${String(e['code'])}: ${String(e['message'])}` : String(e))).join('; ');
  log.problem(field, `is an Amazon error response, not an order (${text})`);
  return true;
}

/** OrderTotal.CurrencyCode, else the first item's ItemPrice currency (OrderTotal is absent on some pending/cancelled orders). */
function orderCurrency(log: MappingLog, o: Record<string, unknown>, items: unknown): Currency | null {
  if (isRecord(o['OrderTotal'])) return readCurrency(log, o['OrderTotal']['CurrencyCode'], 'OrderTotal.CurrencyCode');
  const first = Array.isArray(items) ? items.find((i: unknown) => isRecord(i) && isRecord(i['ItemPrice'])) : undefined;
  if (isRecord(first) && isRecord(first['ItemPrice'])) return readCurrency(log, first['ItemPrice']['CurrencyCode'], 'OrderItems[].ItemPrice.CurrencyCode');
  log.problem('OrderTotal', 'is missing and no item has an ItemPrice: the order currency is unknown');
  return null;
}

/** A Money `{CurrencyCode, Amount}`; discounts (`discount`) are read as magnitudes. */
function amazonMoney(log: MappingLog, value: unknown, field: string, currency: Currency, required: boolean, discount = false): number | null {
  return readMoneyObject(log, value, field, currency, { amount: 'Amount', currency: 'CurrencyCode' }, { required, magnitude: discount });
}

function mapItem(log: MappingLog, raw: Record<string, unknown>, field: string, currency: Currency | null, service: { level: ServiceLevel; title: string | null }, charges: SourceShipping[]): CanonicalOrderLine | null {
  const sku = readSku(log, raw['SellerSKU'], `${field}.SellerSKU`);
  const quantity = readQuantity(log, raw['QuantityOrdered'], `${field}.QuantityOrdered`);
  if (!currency) return null;
  const gross = amazonMoney(log, raw['ItemPrice'], `${field}.ItemPrice`, currency, true);
  const discount = amazonMoney(log, raw['PromotionDiscount'], `${field}.PromotionDiscount`, currency, false, true);
  if (raw['ShippingPrice'] !== undefined || raw['ShippingDiscount'] !== undefined) {
    const shippingTax = netTax(log, raw, field, 'ShippingTax', 'ShippingDiscountTax', currency);
    charges.push({
      field,
      price: amazonMoney(log, raw['ShippingPrice'], `${field}.ShippingPrice`, currency, false),
      discount: amazonMoney(log, raw['ShippingDiscount'], `${field}.ShippingDiscount`, currency, false, true),
      discountField: `${field}.ShippingDiscount`,
      discountValue: raw['ShippingDiscount'],
      level: service.level,
      title: service.title,
      taxes: shippingTax > 0 ? [{ title: 'ShippingTax', rate: null, amount: money(shippingTax, currency.exponent) }] : [],
    });
  }
  const itemTax = netTax(log, raw, field, 'ItemTax', 'PromotionDiscountTax', currency);
  reportAmount(log, raw['CODFee'], `${field}.CODFee`, 'cash-on-delivery fee: no canonical field');
  reportAmount(log, raw['CODFeeDiscount'], `${field}.CODFeeDiscount`, 'cash-on-delivery fee discount: no canonical field');
  reportItemExtras(log, raw, field);
  const promotions = Array.isArray(raw['PromotionIds']) ? raw['PromotionIds'].filter((id): id is string => typeof id === 'string') : [];
  return canonicalLine(
    log,
    {
      sku,
      quantity,
      gross,
      grossField: `${field}.ItemPrice`,
      grossValue: raw['ItemPrice'],
      discount,
      discountField: `${field}.PromotionDiscount`,
      discountValue: raw['PromotionDiscount'],
      discounts: discount ? [{ code: promotions.length === 1 ? (boundedTitle(promotions[0])?.slice(0, 100) ?? null) : null, title: promotions.length > 1 ? boundedTitle(promotions.join(', ')) : null, source: 'channel', amount: money(discount, currency.exponent) }] : [],
      taxes: itemTax > 0 ? [{ title: 'ItemTax', rate: null, amount: money(itemTax, currency.exponent) }] : [],
    },
    currency.exponent,
  );
}

/** A tax less the tax taken off with its discount (ItemTax − PromotionDiscountTax), in minor units; never below 0. */
function netTax(log: MappingLog, raw: Record<string, unknown>, field: string, taxKey: string, discountTaxKey: string, currency: Currency): number {
  const tax = amazonMoney(log, raw[taxKey], `${field}.${taxKey}`, currency, false) ?? 0;
  const off = amazonMoney(log, raw[discountTaxKey], `${field}.${discountTaxKey}`, currency, false, true) ?? 0;
  return Math.max(0, tax - off);
}

function reportItemExtras(log: MappingLog, raw: Record<string, unknown>, field: string): void {
  if (typeof raw['QuantityShipped'] === 'number' && raw['QuantityShipped'] > 0) {
    log.skip(`${field}.QuantityShipped`, raw['QuantityShipped'], 'part of this item already shipped outside this OMS; the line keeps QuantityOrdered');
  }
  if (truthy(raw['IsGift'])) log.skip(`${field}.IsGift`, raw['IsGift'], 'gift order: no canonical field (hide prices on the packing slip)');
  if (isRecord(raw['BuyerInfo']) && Object.keys(raw['BuyerInfo']).length > 0) log.skip(`${field}.BuyerInfo`, raw['BuyerInfo'], 'gift wrap and gift message: no canonical field');
  const condition = str(raw['ConditionId']);
  if (condition !== null && condition !== 'New') log.skip(`${field}.ConditionId`, { ConditionId: condition, ConditionSubtypeId: raw['ConditionSubtypeId'] ?? null }, 'item condition: no canonical field');
  if (truthy(raw['SerialNumberRequired'])) log.skip(`${field}.SerialNumberRequired`, true, 'Amazon requires the serial numbers at shipment confirmation');
  if (str(raw['ScheduledDeliveryStartDate']) !== null) {
    log.skip(`${field}.ScheduledDeliveryStartDate`, { start: raw['ScheduledDeliveryStartDate'], end: raw['ScheduledDeliveryEndDate'] ?? null }, 'scheduled delivery window: no canonical field');
  }
}

/** A Money amount other than zero, reported with its value. */
function reportAmount(log: MappingLog, value: unknown, field: string, reason: string): void {
  if (!isRecord(value)) return;
  const amount = str(value['Amount']);
  if (amount !== null && !/^-?0*(\.0+)?$/.test(amount)) log.skip(field, value, reason);
}

function serviceLevel(log: MappingLog, o: Record<string, unknown>): ServiceLevel {
  const category = str(o['ShipmentServiceLevelCategory']);
  let level: ServiceLevel;
  if (category !== null && Object.hasOwn(serviceCategories, category)) level = serviceCategories[category as keyof typeof serviceCategories];
  else level = serviceLevelOf(category, o['ShipServiceLevel']);
  if (category !== null || str(o['ShipServiceLevel']) !== null) {
    log.skip('ShipServiceLevel', { ShipServiceLevel: o['ShipServiceLevel'] ?? null, ShipmentServiceLevelCategory: category }, `Amazon shipping service; mapped to service_level ${level}`);
  }
  return level;
}

function address(log: MappingLog, value: unknown, required: boolean): CanonicalAddress | null {
  const field = 'ShippingAddress';
  if (value === undefined || value === null) {
    if (required) log.problem(field, 'is missing: a merchant-fulfilled order cannot be shipped without it');
    return null;
  }
  if (!isRecord(value)) {
    log.problem(field, 'must be an object');
    return null;
  }
  const streets = [value['AddressLine1'], value['AddressLine2'], value['AddressLine3']].map(str).filter((s): s is string => s !== null);
  if (streets.length === 0 && str(value['Name']) === null) {
    const message =
      'has no name or street lines: Amazon withholds them unless the order is read with a Restricted Data Token (RDT) for shippingAddress; fetch getOrder with an RDT and import again';
    if (required) log.problem(field, `${message} (a merchant-fulfilled order cannot be shipped without them)`);
    else if (Object.keys(value).length > 0) log.skip(field, value, `${message}; left empty`);
    return null;
  }
  for (const key of ['County', 'District', 'Municipality', 'AddressType', 'ExtendedFields']) {
    if (value[key] !== undefined && value[key] !== null && value[key] !== '') log.skip(`${field}.${key}`, value[key], 'no canonical address field');
  }
  return readAddress(
    log,
    {
      name: str(value['Name']),
      company: value['CompanyName'],
      line1: streets[0],
      // AddressLine3 has no canonical field of its own: it joins line 2.
      line2: streets.length > 1 ? streets.slice(1).join(', ') : null,
      city: value['City'],
      region: value['StateOrRegion'],
      postal_code: value['PostalCode'],
      country: value['CountryCode'],
      phone: value['Phone'],
    },
    field,
    required,
  );
}

const ORDER_LEVEL: [key: string, reason: string][] = [
  ['LatestShipDate', 'Amazon ship-by date: no canonical field (late shipments count against the seller)'],
  ['LatestDeliveryDate', 'Amazon deliver-by date: no canonical field'],
  ['MarketplaceId', 'no canonical field'],
  ['SalesChannel', 'no canonical field'],
  ['ReplacedOrderId', 'the order this one replaces: no canonical field'],
  ['DefaultShipFromLocationAddress', 'the ship-from address Amazon has on file: routing picks the location'],
  ['FulfillmentInstruction', 'no canonical field'],
];

function reportOrderLevel(log: MappingLog, o: Record<string, unknown>): void {
  for (const [key, reason] of ORDER_LEVEL) {
    if (o[key] !== undefined && o[key] !== null && o[key] !== '') log.skip(key, o[key], reason);
  }
  const orderType = str(o['OrderType']);
  if (orderType !== null && orderType !== 'StandardOrder') log.skip('OrderType', orderType, 'not a standard order (pre-order, back order…): no canonical field');
  const payment = str(o['PaymentMethod']);
  if (payment === 'COD' || payment === 'CVS') log.skip('PaymentMethod', payment, 'paid on delivery / at a convenience store: no canonical field');
  for (const flag of ['IsGlobalExpressEnabled', 'IsISPU', 'IsAccessPointOrder', 'HasRegulatedItems', 'IsSoldByAB']) {
    if (truthy(o[flag])) log.skip(flag, o[flag], 'no canonical field');
  }
  if (str(o['SellerOrderId']) !== null && o['SellerOrderId'] !== o['AmazonOrderId']) log.skip('SellerOrderId', o['SellerOrderId'], 'the seller’s own order id; external_id is AmazonOrderId');
}

/** Amazon writes some booleans as strings ("true"/"false"). */
function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

/** The orders of one getOrders page (`{ payload: { Orders, NextToken } }`); [] for anything else. */
export function amazonOrdersOfPage(payload: unknown): unknown[] {
  const page = isRecord(payload) && isRecord(payload['payload']) ? payload['payload'] : payload;
  return isRecord(page) && Array.isArray(page['Orders']) ? page['Orders'] : [];
}
