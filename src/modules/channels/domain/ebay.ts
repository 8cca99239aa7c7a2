// eBay Sell Fulfillment API v1 `Order` (getOrder, or one element of a getOrders page) → the
// canonical order. Pure: the payload is already-parsed JSON.
//
// Decisions, so a reviewer can check them against eBay's documentation:
// - external_id: `orderId` (`27-09876-54321`); `legacyOrderId` is reported.
// - status: cancelStatus.cancelState CANCELED → cancelled; orderFulfillmentStatus FULFILLED →
//   closed; orderPaymentStatus FULLY_REFUNDED or FAILED → cancelled; otherwise open. PENDING is a
//   problem (eBay says ship only PAID orders; the poller sees the order again when it changes).
//   A cancel request in progress tags the order `ebay:cancel-requested`: the seller must answer it
//   before shipping. PARTIALLY_REFUNDED stays open and is reported.
// - lines: `sku` (a listing without a SKU is a problem: we match products by SKU), `quantity`.
//   `lineItemCost` is the price of the whole quantity (unit price = that ÷ quantity, rounded up
//   with a `rounding` discount when it does not divide: order-parts.ts); when the line was
//   discounted eBay returns `discountedLineItemCost`, and the difference is the line's discount,
//   named by the `appliedPromotions` (their amounts may also be shipping discounts, which arrive in
//   deliveryCost.discountAmount).
// - taxes: line `taxes[]` (amount, taxType) are the line's taxes. `ebayCollectAndRemitTaxes` are
//   collected and remitted by eBay, not paid to the seller and not in pricingSummary.total: reported.
// - channel_totals: total = pricingSummary.total, compared at capture.
// - transactions: paymentSummary.payments[] (PAID, PENDING, FAILED), each a sale on gateway `ebay`.
// - shipping: one shipping line per lineItems[].deliveryCost (shippingCost + handlingCost, discountAmount its discount);
//   service_level from shippingStep.shippingServiceCode (`USPSPriority`, `UPSNextDayAir`…).
// - address: fulfillmentStartInstructions[0].shippingStep.shipTo; required for SHIP_TO orders
//   that are open. FULFILLED_BY_EBAY is a problem (eBay ships it); PREPARE_FOR_PICKUP is tagged
//   `ebay:pickup` and needs no address.
// - customer: buyer.buyerRegistrationAddress (name, email, phone), else shipTo's; its address is
//   the billing address. `buyer.username` is reported.

import {
  LIMITS,
  MappingLog,
  boundedStr,
  isRecord,
  money,
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
import type { CanonicalTax, CanonicalTransaction } from '../../../platform/contracts/canonical-order.js';
import { boundedTitle, canonicalLine, customerOf, eachRecord, finishOrder, mappingResult, readMoneyObject, readTags, serviceLevelOf, shippingOf, type ServiceLevel, type SourceShipping } from './order-parts.js';

const PAYMENT_STATUSES = new Set(['PAID', 'PENDING', 'FAILED', 'FULLY_REFUNDED', 'PARTIALLY_REFUNDED']);
const FULFILLMENT_STATUSES = new Set(['NOT_STARTED', 'IN_PROGRESS', 'FULFILLED']);

interface Currency {
  code: string;
  exponent: number;
}

export function mapEbayOrder(payload: unknown, channel: string): MappingResult {
  const log = new MappingLog();
  if (!isRecord(payload)) {
    log.problem('$', 'must be a JSON object (an eBay Sell Fulfillment Order)');
    return mappingResult(log, 'open', 'unknown', null);
  }
  const p = payload;
  const tags: string[] = [];
  const { status, sourceStatus } = ebayStatus(log, p, tags);

  const externalId = readExternalId(log, p['orderId'], 'orderId');
  const placedAt = readInstant(log, p['creationDate'], 'creationDate', false);
  if (placedAt === null && !log.problems.some((x) => x.field === 'creationDate')) log.problem('creationDate', 'is required');
  const currency = orderCurrency(log, p);

  const instruction = fulfillmentInstruction(log, p, status, tags);
  const lines: CanonicalOrderLine[] = [];
  const charges: SourceShipping[] = [];
  eachRecord(log, p['lineItems'], 'lineItems', { required: true, max: LIMITS.maxLines }, (raw, field) => {
    const line = mapLineItem(log, raw, field, currency, instruction.level, charges);
    if (line) lines.push(line);
  });
  const { shipping, shipping_lines } = currency ? shippingOf(log, charges, currency.exponent) : { shipping: null, shipping_lines: undefined };
  const pricing = isRecord(p['pricingSummary']) ? p['pricingSummary'] : {};
  const stated = currency && isRecord(pricing['total']) ? ebayMoney(log, pricing['total'], 'pricingSummary.total', currency, false) : null;

  const buyer = isRecord(p['buyer']) ? p['buyer'] : {};
  const registration = isRecord(buyer['buyerRegistrationAddress']) ? buyer['buyerRegistrationAddress'] : {};
  const shipTo = instruction.shipTo ?? {};
  const regField = 'buyer.buyerRegistrationAddress';
  const shipField = 'fulfillmentStartInstructions[0].shippingStep.shipTo';
  const email = str(registration['email']) !== null ? readEmail(log, registration['email'], `${regField}.email`) : readEmail(log, shipTo['email'], `${shipField}.email`);
  const name = boundedStr(log, str(registration['fullName']) ?? shipTo['fullName'], str(registration['fullName']) !== null ? `${regField}.fullName` : `${shipField}.fullName`, 200);
  const phone = boundedStr(log, phoneOf(registration) ?? phoneOf(shipTo), phoneOf(registration) !== null ? `${regField}.primaryPhone.phoneNumber` : `${shipField}.primaryPhone.phoneNumber`, 50);
  const billingAddress = isRecord(buyer['buyerRegistrationAddress']) ? contactAddress(log, registration, regField, false) : null;
  if (str(buyer['username']) !== null) log.skip('buyer.username', buyer['username'], 'the eBay user id: no canonical field');
  for (const key of ['taxAddress', 'taxIdentifier']) if (isRecord(buyer[key])) log.skip(`buyer.${key}`, buyer[key], 'tax details: no canonical field');

  const notes = boundedStr(log, p['buyerCheckoutNotes'], 'buyerCheckoutNotes', LIMITS.notesLength);
  reportOrderLevel(log, p);

  return finishOrder(log, status, sourceStatus, { channel, externalId, currency }, {
    channel_order_name: externalId,
    placed_at: placedAt,
    customer: customerOf(email, name, phone),
    // In-store pickup has no address to check: capture does not ask for one (ADR 0027).
    ...(tags.includes('ebay:pickup') ? { delivery_method: 'pickup' as const } : {}),
    shipping_address: instruction.address,
    billing_address: billingAddress,
    lines,
    shipping,
    ...(shipping_lines ? { shipping_lines } : {}),
    taxes_included: false,
    channel_totals: currency && stated !== null ? { total: money(stated, currency.exponent) } : null,
    transactions: currency ? ebayPayments(log, p, currency) : [],
    notes,
    tags: readTags(log, tags, 'tags'),
  });
}

function ebayStatus(log: MappingLog, p: Record<string, unknown>, tags: string[]): { status: ChannelOrderStatus; sourceStatus: string } {
  const payment = str(p['orderPaymentStatus']) ?? 'unknown';
  const fulfillment = str(p['orderFulfillmentStatus']) ?? 'unknown';
  const cancelStatus = isRecord(p['cancelStatus']) ? p['cancelStatus'] : {};
  const cancelState = str(cancelStatus['cancelState']) ?? 'NONE_REQUESTED';
  const sourceStatus = `${payment}/${fulfillment}/${cancelState}`;

  if (!PAYMENT_STATUSES.has(payment)) log.problem('orderPaymentStatus', 'is not an eBay payment status (PAID, PENDING, FAILED, FULLY_REFUNDED, PARTIALLY_REFUNDED): we cannot tell whether the order is paid');
  if (!FULFILLMENT_STATUSES.has(fulfillment)) log.skip('orderFulfillmentStatus', p['orderFulfillmentStatus'] ?? null, 'not NOT_STARTED, IN_PROGRESS or FULFILLED; treated as not fulfilled');
  if (cancelState === 'IN_PROGRESS') {
    tags.push('ebay:cancel-requested');
    log.skip('cancelStatus', p['cancelStatus'], 'the buyer asked to cancel: answer the request before shipping (tagged ebay:cancel-requested)');
  }
  if (cancelState === 'CANCELED') return { status: 'cancelled', sourceStatus };
  if (fulfillment === 'FULFILLED') return { status: 'closed', sourceStatus };
  if (payment === 'FULLY_REFUNDED' || payment === 'FAILED') return { status: 'cancelled', sourceStatus };
  if (payment === 'PENDING') log.problem('orderPaymentStatus', 'is PENDING: the buyer has not paid yet and eBay says to ship only PAID orders; import the order again once it is PAID');
  if (payment === 'PARTIALLY_REFUNDED') log.skip('orderPaymentStatus', payment, 'part of the order was refunded: the lines keep the ordered quantities');
  return { status: 'open', sourceStatus };
}

/** pricingSummary.total's currency, else the first line's lineItemCost currency. */
function orderCurrency(log: MappingLog, p: Record<string, unknown>): Currency | null {
  const pricing = isRecord(p['pricingSummary']) ? p['pricingSummary'] : {};
  if (isRecord(pricing['total'])) return readCurrency(log, pricing['total']['currency'], 'pricingSummary.total.currency');
  const items = Array.isArray(p['lineItems']) ? p['lineItems'] : [];
  const first: unknown = items[0];
  if (isRecord(first) && isRecord(first['lineItemCost'])) return readCurrency(log, first['lineItemCost']['currency'], 'lineItems[0].lineItemCost.currency');
  log.problem('pricingSummary.total', 'is missing and no line has a lineItemCost: the order currency is unknown');
  return null;
}

const PAYMENT_STATUS = { PAID: 'success', PENDING: 'pending', FAILED: 'failure' } as const;

/** `paymentSummary.payments[]`: each a sale through eBay's managed payments, referenced by paymentReferenceId. */
function ebayPayments(log: MappingLog, p: Record<string, unknown>, currency: Currency): CanonicalTransaction[] {
  const summary = isRecord(p['paymentSummary']) ? p['paymentSummary'] : {};
  if (!Array.isArray(summary['payments'])) return [];
  return summary['payments'].flatMap((raw: unknown, j): CanonicalTransaction[] => {
    const field = `paymentSummary.payments[${j}]`;
    if (!isRecord(raw)) return [];
    const status = PAYMENT_STATUS[str(raw['paymentStatus']) as keyof typeof PAYMENT_STATUS];
    const paid = isRecord(raw['amount']) ? str(raw['amount']['currency']) : null;
    if (paid !== currency.code) {
      // A payment the ledger cannot hold does not cost the order its import: reported, and left out.
      log.skip(field, raw, `a payment in ${paid ?? 'no currency'}, not the order's ${currency.code}`);
      return [];
    }
    const minor = ebayMoney(log, raw['amount'], `${field}.amount`, currency, false);
    if (!status || minor === null || minor === 0) {
      log.skip(field, raw, 'not a payment the ledger can hold (status other than PAID, PENDING, FAILED, or no amount)');
      return [];
    }
    const reference = str(raw['paymentReferenceId']);
    return [
      {
        kind: 'sale',
        status,
        amount: money(minor, currency.exponent),
        gateway: `ebay${str(raw['paymentMethod']) && str(raw['paymentMethod']) !== 'EBAY' ? `:${String(raw['paymentMethod']).toLowerCase()}` : ''}`.slice(0, 100),
        gateway_reference: reference ? reference.slice(0, 255) : null,
        processed_at: readInstant(log, raw['paymentDate'], `${field}.paymentDate`, false),
      },
    ];
  });
}

/** An Amount `{value, currency}`. */
function ebayMoney(log: MappingLog, value: unknown, field: string, currency: Currency, required: boolean): number | null {
  return readMoneyObject(log, value, field, currency, { amount: 'value', currency: 'currency' }, { required });
}

function mapLineItem(log: MappingLog, raw: Record<string, unknown>, field: string, currency: Currency | null, level: ServiceLevel, charges: SourceShipping[]): CanonicalOrderLine | null {
  let sku: string | null = null;
  if (str(raw['sku']) === null) log.problem(`${field}.sku`, 'is missing: this eBay listing has no SKU (Custom label), and the OMS matches lines to products by SKU; set one on the listing and import again');
  else sku = readSku(log, raw['sku'], `${field}.sku`);
  const quantity = readQuantity(log, raw['quantity'], `${field}.quantity`);
  if (!currency) return null;
  const gross = ebayMoney(log, raw['lineItemCost'], `${field}.lineItemCost`, currency, true);
  let discount: number | null = 0;
  if (raw['discountedLineItemCost'] !== undefined && raw['discountedLineItemCost'] !== null) {
    const discounted = ebayMoney(log, raw['discountedLineItemCost'], `${field}.discountedLineItemCost`, currency, true);
    discount = discounted === null || gross === null ? null : gross - discounted;
    if (discount !== null && discount < 0) {
      log.problem(`${field}.discountedLineItemCost`, 'is more than lineItemCost');
      discount = null;
    }
  }
  const promotions = Array.isArray(raw['appliedPromotions']) ? raw['appliedPromotions'].filter(isRecord) : [];
  if (promotions.length > 0 && !raw['discountedLineItemCost']) {
    log.skip(`${field}.appliedPromotions`, raw['appliedPromotions'], 'no discountedLineItemCost: the promotion did not lower the item price (a shipping discount is in deliveryCost.discountAmount)');
  }
  const taxes: CanonicalTax[] = [];
  if (Array.isArray(raw['taxes'])) {
    for (const [j, t] of raw['taxes'].entries()) {
      if (!isRecord(t)) continue;
      const amount = ebayMoney(log, t['amount'], `${field}.taxes[${j}].amount`, currency, true);
      if (amount !== null && amount > 0) taxes.push({ title: boundedTitle(t['taxType']), rate: null, amount: money(amount, currency.exponent) });
    }
  }
  if (Array.isArray(raw['ebayCollectAndRemitTaxes']) && raw['ebayCollectAndRemitTaxes'].length > 0) {
    log.skip(`${field}.ebayCollectAndRemitTaxes`, raw['ebayCollectAndRemitTaxes'], 'taxes eBay collects and remits: not paid to the seller and not in pricingSummary.total');
  }
  deliveryCharge(log, raw['deliveryCost'], field, currency, level, charges);
  reportLineExtras(log, raw, field);
  return canonicalLine(
    log,
    {
      sku,
      quantity,
      gross,
      grossField: `${field}.lineItemCost`,
      grossValue: raw['lineItemCost'],
      discount,
      discountField: `${field}.discountedLineItemCost`,
      discountValue: raw['discountedLineItemCost'],
      discounts: discount
        ? [{ code: null, title: boundedTitle(promotions.map((x) => str(x['description']) ?? str(x['promotionId'])).filter((x) => x !== null).join(', ')), source: 'channel', amount: money(discount, currency.exponent) }]
        : [],
      taxes,
    },
    currency.exponent,
  );
}

function deliveryCharge(log: MappingLog, value: unknown, field: string, currency: Currency, level: ServiceLevel, charges: SourceShipping[]): void {
  if (value === undefined || value === null) return;
  const path = `${field}.deliveryCost`;
  if (!isRecord(value)) {
    log.problem(path, 'must be an object');
    return;
  }
  const shippingCost = ebayMoney(log, value['shippingCost'], `${path}.shippingCost`, currency, false);
  const handlingCost = ebayMoney(log, value['handlingCost'], `${path}.handlingCost`, currency, false);
  if (handlingCost !== null && handlingCost > 0) log.skip(`${path}.handlingCost`, value['handlingCost'], 'handling cost added to the shipping line’s price');
  for (const key of ['importCharges', 'shippingIntermediationFee']) {
    if (isRecord(value[key])) log.skip(`${path}.${key}`, value[key], 'international shipping charge eBay handles: no canonical field');
  }
  charges.push({
    field: path,
    price: shippingCost === null || handlingCost === null ? null : shippingCost + handlingCost,
    discount: ebayMoney(log, value['discountAmount'], `${path}.discountAmount`, currency, false),
    discountField: `${path}.discountAmount`,
    discountValue: value['discountAmount'],
    level,
  });
}

function reportLineExtras(log: MappingLog, raw: Record<string, unknown>, field: string): void {
  if (Array.isArray(raw['variationAspects']) && raw['variationAspects'].length > 0) log.skip(`${field}.variationAspects`, raw['variationAspects'], 'the variation is identified by the SKU; aspects not kept');
  if (isRecord(raw['giftDetails'])) log.skip(`${field}.giftDetails`, raw['giftDetails'], 'gift message: no canonical field');
  if (Array.isArray(raw['refunds']) && raw['refunds'].length > 0) log.skip(`${field}.refunds`, raw['refunds'], 'refunds: the line keeps the ordered quantity');
  const instructions = isRecord(raw['lineItemFulfillmentInstructions']) ? raw['lineItemFulfillmentInstructions'] : {};
  if (str(instructions['shipByDate']) !== null || instructions['guaranteedDelivery'] === true) {
    log.skip(`${field}.lineItemFulfillmentInstructions`, instructions, 'eBay ship-by date and delivery window: no canonical field');
  }
  if (raw['lineItemFulfillmentStatus'] === 'FULFILLED') log.skip(`${field}.lineItemFulfillmentStatus`, 'FULFILLED', 'already shipped outside this OMS');
}

interface Instruction {
  address: CanonicalAddress | null;
  shipTo: Record<string, unknown> | null;
  level: ServiceLevel;
}

/** fulfillmentStartInstructions[0]: where it ships, how fast, and what kind of fulfilment it is. */
function fulfillmentInstruction(log: MappingLog, p: Record<string, unknown>, status: ChannelOrderStatus, tags: string[]): Instruction {
  const field = 'fulfillmentStartInstructions';
  const list = p[field];
  const none: Instruction = { address: null, shipTo: null, level: 'standard' };
  if (!Array.isArray(list) || list.length === 0) {
    if (list !== undefined && list !== null && !Array.isArray(list)) log.problem(field, 'must be an array');
    else if (status === 'open') log.problem(field, 'is missing: the ship-to address is in fulfillmentStartInstructions[0].shippingStep.shipTo');
    return none;
  }
  if (list.length > 1) log.skip(`${field}[1]`, list.slice(1), 'eBay documents a single fulfillment instruction; only the first is read');
  const first: unknown = list[0];
  const path = `${field}[0]`;
  if (!isRecord(first)) {
    log.problem(path, 'must be an object');
    return none;
  }
  const type = str(first['fulfillmentInstructionsType']) ?? 'SHIP_TO';
  let addressRequired = status === 'open';
  if (type === 'FULFILLED_BY_EBAY') {
    log.problem(`${path}.fulfillmentInstructionsType`, 'is FULFILLED_BY_EBAY: eBay ships it from its own fulfilment centre, so this OMS must not capture it');
  } else if (type === 'PREPARE_FOR_PICKUP') {
    tags.push('ebay:pickup');
    addressRequired = false;
    log.skip(`${path}.pickupStep`, first['pickupStep'] ?? null, 'in-store pickup: the buyer collects it; no shipment (tagged ebay:pickup)');
  } else if (type === 'DIGITAL') {
    addressRequired = false;
  } else if (type !== 'SHIP_TO' && type !== 'SELLER_DEFINED') {
    log.skip(`${path}.fulfillmentInstructionsType`, type, 'not a documented fulfillment instruction type; treated as SHIP_TO');
  }
  if (first['ebaySupportedFulfillment'] === true) {
    log.skip(`${path}.ebaySupportedFulfillment`, true, 'ships to eBay’s international shipping hub (the shipTo address), which forwards it to the buyer');
  }
  if (isRecord(first['finalDestinationAddress'])) log.skip(`${path}.finalDestinationAddress`, first['finalDestinationAddress'], 'the buyer’s own address behind eBay’s hub: no canonical field');

  const step = isRecord(first['shippingStep']) ? first['shippingStep'] : {};
  const code = str(step['shippingServiceCode']);
  const level = serviceLevelOf(code === null ? null : splitWords(code));
  if (code !== null || str(step['shippingCarrierCode']) !== null) {
    log.skip(`${path}.shippingStep.shippingServiceCode`, { shippingCarrierCode: step['shippingCarrierCode'] ?? null, shippingServiceCode: code }, `eBay shipping service; mapped to service_level ${level}`);
  }
  if (str(step['shipToReferenceId']) !== null) log.skip(`${path}.shippingStep.shipToReferenceId`, step['shipToReferenceId'], 'eBay’s hub reference: print it on the label; no canonical field');
  const shipTo = isRecord(step['shipTo']) ? step['shipTo'] : null;
  const shipPath = `${path}.shippingStep.shipTo`;
  let address: CanonicalAddress | null = null;
  if (shipTo) address = contactAddress(log, shipTo, shipPath, addressRequired);
  else if (step['shipTo'] !== undefined && step['shipTo'] !== null) log.problem(shipPath, 'must be an object');
  if (address === null && addressRequired && !log.problems.some((x) => x.field.startsWith(shipPath))) {
    log.problem(shipPath, 'is missing: an order to ship needs the buyer’s address');
  }
  return { address, shipTo, level };
}

/** An ExtendedContact (shipTo, buyerRegistrationAddress) → the canonical address. */
function contactAddress(log: MappingLog, contact: Record<string, unknown>, field: string, required: boolean): CanonicalAddress | null {
  const a = isRecord(contact['contactAddress']) ? contact['contactAddress'] : {};
  if (str(a['county']) !== null) log.skip(`${field}.contactAddress.county`, a['county'], 'no canonical address field');
  return readAddress(
    log,
    {
      name: str(contact['fullName']),
      company: contact['companyName'],
      line1: a['addressLine1'],
      line2: a['addressLine2'],
      city: a['city'],
      region: a['stateOrProvince'],
      postal_code: a['postalCode'],
      country: a['countryCode'],
      phone: phoneOf(contact),
    },
    field,
    required,
  );
}

function phoneOf(contact: Record<string, unknown>): string | null {
  return isRecord(contact['primaryPhone']) ? str(contact['primaryPhone']['phoneNumber']) : null;
}

/** `USPSPriorityMailExpress` → `USPS Priority Mail Express`, `UPS2ndDay` → `UPS 2nd Day`, for `serviceLevelOf`. */
function splitWords(code: string): string {
  return code
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Z])(\d)/g, '$1 $2');
}

function reportOrderLevel(log: MappingLog, p: Record<string, unknown>): void {
  const pricing = isRecord(p['pricingSummary']) ? p['pricingSummary'] : {};
  for (const key of ['adjustment', 'fee']) {
    const amount = isRecord(pricing[key]) ? str(pricing[key]['value']) : null;
    if (amount !== null && !/^-?0*(\.0+)?$/.test(amount)) {
      log.skip(`pricingSummary.${key}`, pricing[key], 'no canonical field; it is in pricingSummary.total, so capture records the difference');
    }
  }
  if (isRecord(pricing['total']) && str(pricing['total']['convertedFromCurrency']) !== null) {
    log.skip('pricingSummary.total.convertedFromCurrency', pricing['total']['convertedFromCurrency'], 'the buyer paid in another currency; amounts are taken in the seller’s currency');
  }
  const payments = isRecord(p['paymentSummary']) && Array.isArray(p['paymentSummary']['payments']) ? p['paymentSummary']['payments'] : [];
  payments.forEach((payment: unknown, i) => {
    if (isRecord(payment) && Array.isArray(payment['paymentHolds']) && payment['paymentHolds'].length > 0) {
      log.skip(`paymentSummary.payments[${i}].paymentHolds`, payment['paymentHolds'], 'eBay holds the seller’s funds; the order is still to be shipped');
    }
  });
  if (str(p['legacyOrderId']) !== null) log.skip('legacyOrderId', p['legacyOrderId'], 'the Trading API order id; external_id is orderId');
  if (str(p['salesRecordReference']) !== null) log.skip('salesRecordReference', p['salesRecordReference'], 'the seller’s sales record number: no canonical field');
  if (p['ebayCollectAndRemitTax'] === true) log.skip('ebayCollectAndRemitTax', true, 'eBay collects and remits the tax on this order');
}

/** The orders of one getOrders page (`{ orders, total, next, … }`); [] for anything else. */
export function ebayOrdersOfPage(payload: unknown): unknown[] {
  return isRecord(payload) && Array.isArray(payload['orders']) ? payload['orders'] : [];
}
