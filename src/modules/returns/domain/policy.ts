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

export interface Evaluation {
  eligible: boolean;
  /** One sentence per reason it is not eligible (empty when eligible). */
  refusals: string[];
  /** Sentences on what the policy does to this return (fees, shipping, keep the item). */
  notes: string[];
  /** The last day (UTC, YYYY-MM-DD) a return may be requested, or null when nothing has shipped. */
  window_ends: string | null;
  free_return_shipping: boolean;
  keep_item: boolean;
}

const DAY_MS = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

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
  const refusals: string[] = [];
  // A country zone replaces the policy's window (a SKU override's still wins) or refuses outright.
  const zone = zoneFor(input.policy.country_zones, input.country);
  const policy = zone?.window_days !== undefined ? { ...input.policy, window_days: zone.window_days } : input.policy;
  if (zone && !zone.returnable) refusals.push(`Orders shipped to ${(input.country ?? '').toUpperCase()} (${zone.name}) cannot be returned.`);
  const notes: string[] = [];
  const start = input.deliveredAt ?? (input.shippedAt ? new Date(input.shippedAt.getTime() + policy.assumed_transit_days * DAY_MS) : null);
  const basis = input.deliveredAt ? `delivery on ${day(input.deliveredAt)}` : input.shippedAt ? `shipment on ${day(input.shippedAt)} plus ${policy.assumed_transit_days} days in transit` : null;
  const ends: string[] = [];
  if (!start || !basis) {
    refusals.push('Nothing on this order has shipped yet, so there is nothing to return: cancel the units instead.');
  } else {
    const skus = [...new Set(lines.map((l) => l.sku))];
    for (const sku of skus) {
      const p = policyForSku(policy, sku);
      const end = new Date(start.getTime() + p.window_days * DAY_MS);
      ends.push(day(end));
      if (now.getTime() > end.getTime()) refusals.push(`The ${p.window_days}-day return window for ${sku}, counted from ${basis}, closed on ${day(end)}.`);
    }
  }
  for (const sku of [...new Set(lines.map((l) => l.sku))]) {
    if (policyForSku(policy, sku).final_sale) refusals.push(`${sku} was sold as final sale and cannot be returned.`);
  }
  if (!policy.allowed_outcomes.includes(input.outcome)) refusals.push(`The outcome "${input.outcome}" is not offered; this store offers ${policy.allowed_outcomes.join(', ') || 'no outcome'}.`);

  const faults = lines.filter((l) => isMerchantFault(reasons, l.reason));
  const free = policy.return_shipping === 'free' || faults.length > 0;
  if (policy.return_shipping === 'charged') {
    notes.push(faults.length > 0 ? `Return shipping is free because the reason is ${[...new Set(faults.map((l) => l.reason))].join(', ')}.` : 'Return shipping is paid by the customer.');
  }
  for (const l of lines) {
    const bps = policyForSku(policy, l.sku).restocking_fee_bps;
    if (bps > 0 && !isMerchantFault(reasons, l.reason)) notes.push(`A restocking fee of ${bps / 100}% applies to ${l.sku}.`);
  }
  const value = lines.reduce((s, l) => s + l.paidMinor, 0);
  const keep = policy.keep_item_threshold_minor > 0 && value <= policy.keep_item_threshold_minor;
  if (keep) notes.push('The items are worth less than the keep-the-item threshold: the customer may keep them.');
  return { eligible: refusals.length === 0, refusals, notes, window_ends: ends.length === 0 ? null : (ends.sort()[0] as string), free_return_shipping: free, keep_item: keep };
}

/**
 * Whether a return may be closed with `outcome` (ADR 0028): the policy offers it, or staff accept it
 * now with a note, or they already accepted it when the return was requested with this outcome
 * against the policy (its `override_note`). Answers the refusal's sentence, or null.
 */
export function outcomeRefusal(policy: Pick<ReturnPolicy, 'allowed_outcomes'>, outcome: ReturnOutcome, requested: { outcome: string; overrideNote: string | null }, overrideNote: string | undefined): string | null {
  if (policy.allowed_outcomes.includes(outcome) || overrideNote !== undefined) return null;
  if (requested.overrideNote !== null && requested.outcome === outcome) return null;
  return `The outcome "${outcome}" is not offered; this store offers ${policy.allowed_outcomes.join(', ') || 'no outcome'}.`;
}
