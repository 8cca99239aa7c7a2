import type { Db } from '../../../platform/db/database.js';
import type { ReadPart, WritePart } from '../../../platform/db/write-part.js';
import type { CanonicalAddress, CanonicalOrder, CanonicalPaymentDetails } from '../../../platform/contracts/canonical-order.js';
import { normaliseEmail } from '../../../platform/kernel/email.js';
import type { NewEvent } from '../../../platform/outbox/events.js';
import { ORDER_SCREENED, type OrderScreened } from '../../../platform/outbox/event-types.js';
import { normalisePhone } from '../../../modules/customers/index.js';
import { customerOrderHistory, type HoldRequest } from '../../../modules/orders/index.js';
import type { ReviewDetails } from '../../../modules/reviews/index.js';
import { decisionWrite, noIpCountry, screen, velocityRead, velocityValues, type Decision, type Velocity, type IpCountryReader, type RiskDecisionRow, type RiskSummaryRow, type ScreeningAddress, type ScreeningInput, type Screening } from '../../../modules/risk/index.js';
import type { Prepared } from './prepare-order.js';

/**
 * Fraud screening at capture (issue 15 §3, ADR 0030), for every channel. Before the transaction:
 * the order turned into a `ScreeningInput` and the IP's country looked up. In it, after the
 * customer is linked and before stock is planned: the customer's history (one read, none for a
 * customer created by this order); the velocity keys are recorded and counted in the order's own
 * insert, then `screen()`; the decision is stored with the order's events and turned into holds —
 * nothing is refused.
 */

let ipCountries: IpCountryReader = noIpCountry;

/** Sets the IP-country reader for this process (`oms serve` opens OMS_IP_COUNTRY_DB); answers the previous one. */
export function useIpCountryReader(next: IpCountryReader): IpCountryReader {
  const previous = ipCountries;
  ipCountries = next;
  return previous;
}

const address = (a: CanonicalAddress | null | undefined): ScreeningAddress | null =>
  a ? { line1: a.line1, line2: a.line2 ?? null, company: a.company ?? null, city: a.city ?? null, region: a.region ?? null, postalCode: a.postal_code ?? null, country: a.country.toUpperCase() } : null;

/** The card: the gateway's fingerprint, else BIN and last four digits (`411111…1111`), else unknown. */
export function cardFingerprint(d: CanonicalPaymentDetails | null | undefined): string | null {
  if (!d) return null;
  if (d.card_fingerprint) return d.card_fingerprint;
  return d.card_bin && d.card_last4 ? `${d.card_bin}…${d.card_last4}` : null;
}

/** What screening sees of the order, before its history and velocity are known. Pure. */
export function screeningInputOf(input: CanonicalOrder, prepared: Prepared, now: Date): ScreeningInput {
  const transactions = input.transactions ?? [];
  const paid = transactions.find((t) => t.payment_details) ?? transactions[0];
  const details = paid?.payment_details ?? null;
  const shipping = input.shipping_address ?? null;
  const phoneText = input.customer?.phone ?? shipping?.phone ?? null;
  const ip = input.client?.ip ?? null;
  return {
    order: {
      placedAt: input.placed_at ? new Date(input.placed_at).toISOString() : now.toISOString(),
      currency: input.currency,
      totalMinor: prepared.money.totals.total,
      lines: input.lines.map((l, i) => ({ sku: l.sku, quantity: l.quantity, unitPriceMinor: prepared.unitPrices[i] as number })),
      channel: input.channel,
      shippingServiceLevel: prepared.money.serviceLevel,
    },
    email: input.customer?.email ? normaliseEmail(input.customer.email) : null,
    phone: phoneText ? (normalisePhone(phoneText, shipping?.country.toUpperCase()) ?? null) : null,
    shippingAddress: address(shipping),
    billingAddress: address(input.billing_address),
    channelRisk: input.channel_risk ? { level: input.channel_risk.level ?? null, recommendation: input.channel_risk.recommendation ?? null } : null,
    payment: paid ? { gateway: paid.gateway, avsResultCode: details?.avs_result_code ?? null, cvvResultCode: details?.cvv_result_code ?? null, cardFingerprint: cardFingerprint(details) } : null,
    client: ip ? { ip, ipCountry: ipCountries.country(ip) } : null,
    customer: null,
    velocity: null,
  };
}

/**
 * In the capture's transaction, before the order is written: the customer's order history (one
 * read; none for a customer this order created, `newCustomer`), so it does not count this order.
 */
export async function historyForScreening(tx: Db, tenantId: string, customerId: string | null, newCustomer: boolean, base: ScreeningInput): Promise<ScreeningInput> {
  const customer = customerId && !newCustomer ? await customerOrderHistory(tx, tenantId, customerId, base.order.currency) : null;
  return { ...base, customer };
}

/** The velocity read that rides in the order's insert (ADR 0030); undefined when the order has no key to count. */
export function velocityReadOf(tenantId: string, orderId: string, input: ScreeningInput): ReadPart<Velocity> | undefined {
  return velocityRead(tenantId, orderId, new Date(input.order.placedAt), velocityValues(input));
}

/** The order screened, once its velocity came back with its insert. Pure. */
export function screenWith(input: ScreeningInput, velocity: Velocity | undefined, screening: Screening): { input: ScreeningInput; decision: Decision } {
  const complete: ScreeningInput = { ...input, velocity: velocity ?? {} };
  return { input: complete, decision: screen(complete, screening) };
}

/** The decision's row, written with the order's events (one statement fewer, ADR 0030). */
export function decisionWriteOf(tenantId: string, orderId: string, input: ScreeningInput, decision: Decision, now: Date): WritePart {
  const row: RiskDecisionRow = {
    tenantId,
    orderId,
    action: decision.action,
    score: decision.score,
    ruleSetVersion: decision.ruleSetVersion,
    rules: decision.matched.map((m) => m.id),
    decision,
    input,
    placedAt: new Date(input.order.placedAt),
    createdAt: now,
  };
  return decisionWrite(row);
}

/**
 * The holds a decision asks for. Channel orders are paid and captured when they arrive, so nothing
 * is refused and nothing cancelled here: `reject` holds the order for review with a reason that
 * says the rules recommend rejecting it; staff cancel it (ADR 0030).
 */
export function screeningHolds(decision: Decision): (Omit<HoldRequest, 'orderId'> & { review: ReviewDetails })[] {
  const why = decision.explanation[0] ?? `${decision.action} by rule set ${decision.ruleSetVersion}`;
  // What the review case shows (ADR 0031): the score, the matched rules and the sentences.
  const review: ReviewDetails = { score: decision.score, rules: decision.matched.map((m) => m.id), sentences: decision.explanation, details: { action: decision.action, rule_set_version: decision.ruleSetVersion } };
  switch (decision.action) {
    case 'allow':
      return [];
    case 'review':
      return [{ type: 'fraud_review', reason: `Fraud screening (score ${decision.score}): ${why}`, review }];
    case 'verify':
      return [{ type: 'verification', reason: `Fraud screening asks the customer to confirm the order (score ${decision.score}): ${why}`, review }];
    case 'reject':
      return [{ type: 'fraud_review', reason: `Fraud screening recommends rejecting this order (score ${decision.score}); review it and cancel it if the rules are right: ${why}`, review }];
  }
}

/** `order.screened`: the verdict on the timeline and the outbox (the full decision: GET /v1/orders/{id}/risk). */
export function screenedEvent(orderId: string, decision: Decision): NewEvent {
  const data: OrderScreened = { action: decision.action, score: decision.score, rule_set_version: decision.ruleSetVersion, decided_by: decision.decidedBy.map((m) => m.id), matched: decision.matched.map((m) => m.id), reason: decision.explanation[0] ?? null };
  return { type: ORDER_SCREENED, aggregateType: 'order', aggregateId: orderId, data: data as unknown as Record<string, unknown> };
}

/** A new order's decision as the order view's summary reads it. */
export function summaryOf(orderId: string, decision: Decision): RiskSummaryRow {
  return { orderId, action: decision.action, score: decision.score, ruleSetVersion: decision.ruleSetVersion, decidedBy: decision.decidedBy.map((m) => m.id), explanation: decision.explanation };
}
