import type { CanonicalOrder } from '../../../platform/contracts/canonical-order.js';
import { DomainError } from '../../../platform/errors.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import type { NewEvent } from '../../../platform/outbox/events.js';
import { applyVerification, checkAddress, noVerification, type AddressFinding, type AddressVerifier, type StandardizedAddress, type VerificationRecord } from '../../../modules/address-checks/index.js';
import { priceSignals, type OrderChecksRow, type OrderSignal } from '../../../modules/orders/index.js';
import type { TenantSettings } from '../../../modules/tenancy/index.js';
import type { Prepared } from './prepare-order.js';

/**
 * Validation and verification at capture (issue 15 §2, ADR 0027): the addresses checked and
 * standardised, the address service asked (none by default), the prices compared with the
 * catalogue. A direct API order whose shipping address cannot be shipped to is refused (422,
 * naming the field); an order from a channel never is: it is captured with its findings and
 * `needsAddressReview`. Runs before the capture's transaction opens.
 */
export interface OrderChecks {
  deliveryMethod: 'shipping' | 'pickup';
  standardized: { shipping_address: StandardizedAddress | null; billing_address: StandardizedAddress | null };
  findings: AddressFinding[];
  verification: VerificationRecord | null;
  needsAddressReview: boolean;
  reviewReason: string | null;
  signals: OrderSignal[];
}

let verifier: AddressVerifier = noVerification;

/** Sets the address-verification provider for this process (none unless configured); answers the previous one. */
export function useAddressVerifier(next: AddressVerifier): AddressVerifier {
  const previous = verifier;
  verifier = next;
  return previous;
}

/**
 * A direct API order: sent to POST /v1/orders under a channel name the client chose (`web`) or an
 * `api` channel connection. A connected shop's, marketplace's or POS's orders are channel orders,
 * whichever route brings them. `connected`: the type of the `chn_…` channel (undefined: none found).
 */
export function isDirectApiOrder(channel: string, connected: { type: string } | undefined): boolean {
  return !channel.startsWith('chn_') || connected?.type === 'api';
}

export async function checkOrder(input: CanonicalOrder, prepared: Prepared, settings: TenantSettings, direct: boolean): Promise<OrderChecks> {
  const deliveryMethod = input.delivery_method ?? 'shipping';
  const findings: AddressFinding[] = [];
  let shipping: StandardizedAddress | null = null;
  let verification: VerificationRecord | null = null;
  if (input.shipping_address) {
    const checked = checkAddress(input.shipping_address, 'shipping_address');
    // Only an address that passed the OMS's own checks is worth a call to the service.
    const answer = checked.findings.some((f) => f.severity === 'error') ? null : await verifier.verify(checked.standardized);
    const verified = applyVerification(checked, verifier.name, answer, 'shipping_address');
    shipping = verified.standardized;
    verification = verified.verification;
    findings.push(...verified.findings);
  } else if (deliveryMethod === 'shipping') {
    findings.push({ code: 'address_missing', field: 'shipping_address', severity: 'error', message: 'The order has no shipping address and is not marked for pickup (delivery_method "pickup"): there is nowhere to ship it.' });
  }
  let billing: StandardizedAddress | null = null;
  if (input.billing_address) {
    const checked = checkAddress(input.billing_address, 'billing_address');
    billing = checked.standardized;
    // Nothing is shipped to the billing address: what is wrong with it is worth knowing, never blocking.
    findings.push(...checked.findings.map((f) => ({ ...f, severity: 'warning' as const })));
  }
  const errors = findings.filter((f) => f.severity === 'error');
  if (direct && errors.length > 0) {
    const missing = errors.find((f) => f.code === 'address_missing');
    if (missing) throw new DomainError('ORDER_SHIPPING_ADDRESS_REQUIRED', missing.message, [{ field: missing.field, message: 'is required for goods that are shipped; send delivery_method "pickup" when the customer collects them' }]);
    throw new DomainError('ADDRESS_INVALID', `The shipping address cannot be shipped to as it is: ${errors.map((f) => f.message).join(' ')}`, errors.map((f) => ({ field: f.field, message: f.message })));
  }
  const exponent = currencyExponent(input.currency) ?? 2;
  const signals = priceSignals(
    input.lines.map((l, i) => {
      const product = prepared.products.get(l.sku);
      return { sku: l.sku, quantity: l.quantity, unitPriceMinor: prepared.unitPrices[i] as number, cataloguePriceMinor: product && product.currency === input.currency ? product.priceMinor : null };
    }),
    prepared.money.totals.total,
    settings.price_signal_percent,
    (minor) => `${formatMoney(minor, exponent)} ${input.currency}`,
  );
  return {
    deliveryMethod,
    standardized: { shipping_address: shipping, billing_address: billing },
    findings,
    verification,
    needsAddressReview: errors.length > 0,
    // The hold's type says "address review"; its reason says what is wrong.
    reviewReason: errors.length > 0 ? errors.map((f) => f.message).join(' ') : null,
    signals,
  };
}

/** The row stored next to the order (orders module, order_checks). */
export function checksRow(tenantId: string, orderId: string, checks: OrderChecks, now: Date): OrderChecksRow {
  return { tenantId, orderId, addressChecks: addressChecksView(checks), signals: checks.signals, createdAt: now };
}

export type AddressChecksView = ReturnType<typeof addressChecksView>;

/** `address_checks` as the order view shows it and order_checks stores it. */
export function addressChecksView(checks: OrderChecks) {
  return {
    delivery_method: checks.deliveryMethod,
    standardized: checks.standardized,
    findings: checks.findings,
    needs_review: checks.needsAddressReview,
    review_reason: checks.reviewReason,
    verification: checks.verification,
  };
}

/** `order.address_review_needed` and `order.signals_recorded`, when there is something to say. */
export function checkEvents(orderId: string, checks: OrderChecks): NewEvent[] {
  const events: NewEvent[] = [];
  // The capture places the `address_review` hold itself (capture-order.ts, placeInitialHolds).
  if (checks.needsAddressReview) {
    events.push({ type: 'order.address_review_needed', aggregateType: 'order', aggregateId: orderId, data: { reason: checks.reviewReason, findings: checks.findings } });
  }
  if (checks.signals.length > 0) events.push({ type: 'order.signals_recorded', aggregateType: 'order', aggregateId: orderId, data: { reason: 'price checks at capture', signals: checks.signals } });
  return events;
}
