import { zoneFor, type CountryZone } from './country-zones.js';
import type { ReturnReason } from './reasons.js';

/**
 * The tenant's return policy as data, and its pure evaluation: eligible or not, with one plain
 * sentence per reason. Time comes in as an argument.
 */
export const returnOutcomes = ['refund', 'store_credit', 'exchange'] as const;
export type ReturnOutcome = (typeof returnOutcomes)[number];

export interface PolicyOverride {
  /** The SKUs it applies to (the catalog has no product tags yet: ADR 0019). */
  skus: string[];
  window_days?: number | undefined;
  restocking_fee_bps?: number | undefined;
  final_sale?: boolean | undefined;
}

export interface ReturnPolicy {
  /** Days after delivery a return may be requested. */
  window_days: number;
  /** Without a delivery scan, delivery is taken as the ship date + this many days. */
  assumed_transit_days: number;
  final_sale_skus: string[];
  /** Taken off the refund of units returned for a reason that is not the merchant's fault, in basis points (1000 = 10 %). */
  restocking_fee_bps: number;
  /** `free`: the merchant pays return shipping; `charged`: the customer does, except for the merchant's faults. */
  return_shipping: 'free' | 'charged';
  allowed_outcomes: ReturnOutcome[];
  /** A return worth at most this (minor units) may be refunded without sending the item back; 0: never. */
  keep_item_threshold_minor: number;
  /** Location codes that accept returns, in order of preference: approval without a location takes the first active one. */
  return_locations: string[];
  overrides: PolicyOverride[];
  /** Days an instant exchange's return has to be on its way (in transit or received) before it is flagged overdue; absent: 14. */
  instant_exchange_days?: number | undefined;
  /** Whether a refund pays for the return label (domain/label-deduction.ts); unset: by `return_shipping` (ADR 0023). */
  deduct_return_label?: 'always' | 'never' | 'customer_reasons' | undefined;
  /** By the order's shipping country: not returnable, or another window (domain/country-zones.ts, ADR 0023). */
  country_zones?: CountryZone[] | undefined;
}

export const defaultPolicy: ReturnPolicy = {
  window_days: 30,
  assumed_transit_days: 5,
  final_sale_skus: [],
  restocking_fee_bps: 0,
  return_shipping: 'free',
  // Every outcome the OMS can carry out; the policy's list is enforced at request and at close (ADR 0028).
  allowed_outcomes: ['refund', 'store_credit', 'exchange'],
  keep_item_threshold_minor: 0,
  return_locations: [],
  overrides: [],
};

export interface EvaluatedLine {
  sku: string;
  quantity: number;
  reason: string;
  /** What was paid for these units (orders' paidForUnits). */
  paidMinor: number;
}

export interface PolicyInput {
  policy: ReturnPolicy;
  reasons: readonly ReturnReason[];
  /** Last delivery scan of the order, if any; else its ship date. */
  deliveredAt: Date | null;
  shippedAt: Date | null;
  lines: EvaluatedLine[];
  outcome: ReturnOutcome;
  now: Date;
  /** The order's shipping country (ISO 3166-1 alpha-2), for the policy's country zones. */
  country?: string | null | undefined;
}

/**
 * Why a return is refused, as data: a page in another language words it from the code and its
 * values (the portal's catalogue); `refusals` holds the same in English sentences, in order.
 */
export type PolicyRefusal =
  | { code: 'zone_not_returnable'; country: string; zone: string }
  | { code: 'nothing_shipped' }
  | { code: 'window_closed'; sku: string; window_days: number; closed_on: string; counted_from: { delivered_on: string } | { shipped_on: string; transit_days: number } }
  | { code: 'final_sale'; sku: string }
  | { code: 'outcome_not_offered'; outcome: string; offered: string[] };

/** What the policy does to a return, as data; `notes` holds the same in English sentences, in order. */
export type PolicyNote = { code: 'free_shipping_for_reason'; reasons: string[] } | { code: 'customer_pays_shipping' } | { code: 'restocking_fee'; sku: string; percent: number } | { code: 'keep_item' };

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The English sentence of a refusal (the API's and the staff console's words). */
export function refusalSentence(r: PolicyRefusal): string {
  switch (r.code) {
    case 'zone_not_returnable':
      return `Orders shipped to ${r.country} (${r.zone}) cannot be returned.`;
    case 'nothing_shipped':
      return 'Nothing on this order has shipped yet, so there is nothing to return: cancel the units instead.';
    case 'window_closed': {
      const basis = 'delivered_on' in r.counted_from ? `delivery on ${r.counted_from.delivered_on}` : `shipment on ${r.counted_from.shipped_on} plus ${r.counted_from.transit_days} days in transit`;
      return `The ${r.window_days}-day return window for ${r.sku}, counted from ${basis}, closed on ${r.closed_on}.`;
    }
    case 'final_sale':
      return `${r.sku} was sold as final sale and cannot be returned.`;
    case 'outcome_not_offered':
      return `The outcome "${r.outcome}" is not offered; this store offers ${r.offered.join(', ') || 'no outcome'}.`;
  }
}

/** The English sentence of a note. */
export function noteSentence(n: PolicyNote): string {
  switch (n.code) {
    case 'free_shipping_for_reason':
      return `Return shipping is free because the reason is ${n.reasons.join(', ')}.`;
    case 'customer_pays_shipping':
      return 'Return shipping is paid by the customer.';
    case 'restocking_fee':
      return `A restocking fee of ${n.percent}% applies to ${n.sku}.`;
    case 'keep_item':
      return 'The items are worth less than the keep-the-item threshold: the customer may keep them.';
  }
}

export interface Evaluation {
  eligible: boolean;
  /** One sentence per reason it is not eligible (empty when eligible). */
  refusals: string[];
  /** The refusals as data, in the same order. */
  refused: PolicyRefusal[];
  /** Sentences on what the policy does to this return (fees, shipping, keep the item). */
  notes: string[];
  /** The notes as data, in the same order. */
  noted: PolicyNote[];
  /** The last day (UTC, YYYY-MM-DD) a return may be requested, or null when nothing has shipped. */
  window_ends: string | null;
  free_return_shipping: boolean;
  keep_item: boolean;
}

const DAY_MS = 86_400_000;

/** The override for a SKU (the first that names it), merged over the policy. */
export function policyForSku(policy: ReturnPolicy, sku: string): { window_days: number; restocking_fee_bps: number; final_sale: boolean } {
  const o = policy.overrides.find((x) => x.skus.includes(sku));
  return {
    window_days: o?.window_days ?? policy.window_days,
    restocking_fee_bps: o?.restocking_fee_bps ?? policy.restocking_fee_bps,
    final_sale: o?.final_sale ?? policy.final_sale_skus.includes(sku),
  };
}

export function isMerchantFault(reasons: readonly ReturnReason[], code: string): boolean {
  return reasons.find((r) => r.code === code)?.merchant_fault ?? false;
}

export function evaluateReturn(input: PolicyInput): Evaluation {
  const { reasons, lines, now } = input;
  const refused: PolicyRefusal[] = [];
  // A country zone replaces the policy's window (a SKU override's still wins) or refuses outright.
  const zone = zoneFor(input.policy.country_zones, input.country);
  const policy = zone?.window_days !== undefined ? { ...input.policy, window_days: zone.window_days } : input.policy;
  if (zone && !zone.returnable) refused.push({ code: 'zone_not_returnable', country: (input.country ?? '').toUpperCase(), zone: zone.name });
  const noted: PolicyNote[] = [];
  const start = input.deliveredAt ?? (input.shippedAt ? new Date(input.shippedAt.getTime() + policy.assumed_transit_days * DAY_MS) : null);
  const countedFrom = input.deliveredAt ? { delivered_on: day(input.deliveredAt) } : input.shippedAt ? { shipped_on: day(input.shippedAt), transit_days: policy.assumed_transit_days } : null;
  const ends: string[] = [];
  if (!start || !countedFrom) {
    refused.push({ code: 'nothing_shipped' });
  } else {
    const skus = [...new Set(lines.map((l) => l.sku))];
    for (const sku of skus) {
      const p = policyForSku(policy, sku);
      const end = new Date(start.getTime() + p.window_days * DAY_MS);
      ends.push(day(end));
      if (now.getTime() > end.getTime()) refused.push({ code: 'window_closed', sku, window_days: p.window_days, closed_on: day(end), counted_from: countedFrom });
    }
  }
  for (const sku of [...new Set(lines.map((l) => l.sku))]) {
    if (policyForSku(policy, sku).final_sale) refused.push({ code: 'final_sale', sku });
  }
  if (!policy.allowed_outcomes.includes(input.outcome)) refused.push({ code: 'outcome_not_offered', outcome: input.outcome, offered: [...policy.allowed_outcomes] });

  const faults = lines.filter((l) => isMerchantFault(reasons, l.reason));
  const free = policy.return_shipping === 'free' || faults.length > 0;
  if (policy.return_shipping === 'charged') {
    noted.push(faults.length > 0 ? { code: 'free_shipping_for_reason', reasons: [...new Set(faults.map((l) => l.reason))] } : { code: 'customer_pays_shipping' });
  }
  for (const l of lines) {
    const bps = policyForSku(policy, l.sku).restocking_fee_bps;
    if (bps > 0 && !isMerchantFault(reasons, l.reason)) noted.push({ code: 'restocking_fee', sku: l.sku, percent: bps / 100 });
  }
  const value = lines.reduce((s, l) => s + l.paidMinor, 0);
  const keep = policy.keep_item_threshold_minor > 0 && value <= policy.keep_item_threshold_minor;
  if (keep) noted.push({ code: 'keep_item' });
  return {
    eligible: refused.length === 0,
    refusals: refused.map(refusalSentence),
    refused,
    notes: noted.map(noteSentence),
    noted,
    window_ends: ends.length === 0 ? null : (ends.sort()[0] as string),
    free_return_shipping: free,
    keep_item: keep,
  };
}

/**
 * Whether a return may be closed with `outcome` (ADR 0028): the policy offers it, or staff accept it
 * now with a note, or they already accepted it when the return was requested with this outcome
 * against the policy (its `override_note`). Answers the refusal's sentence, or null.
 */
export function outcomeRefusal(policy: Pick<ReturnPolicy, 'allowed_outcomes'>, outcome: ReturnOutcome, requested: { outcome: string; overrideNote: string | null }, overrideNote: string | undefined): string | null {
  if (policy.allowed_outcomes.includes(outcome) || overrideNote !== undefined) return null;
  if (requested.overrideNote !== null && requested.outcome === outcome) return null;
  return refusalSentence({ code: 'outcome_not_offered', outcome, offered: policy.allowed_outcomes });
}
