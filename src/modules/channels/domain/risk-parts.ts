// What channels say that fraud screening reads (issue 15 §3, ADR 0030): where the buyer was
// (IP, browser), the card network's AVS/CVV answers and which card it was, and the channel's own
// risk verdict. None of it is required: a value a channel sends malformed is reported as unmapped
// and left out, never a reason to refuse a paid order.

import { isIpAddress } from '../../../platform/kernel/ip.js';
import type { CanonicalClient, CanonicalOrder, CanonicalPaymentDetails } from '../../../platform/contracts/canonical-order.js';
import { isRecord, str, type MappingLog } from './canonical.js';

/** `client` from the channel's IP, user agent and language; null when it gives none. */
export function readClient(log: MappingLog, values: { ip: unknown; userAgent?: unknown; acceptLanguage?: unknown }, fields: { ip: string; userAgent?: string }): CanonicalClient | null {
  let ip = str(values.ip);
  if (ip !== null && !isIpAddress(ip)) {
    log.skip(fields.ip, values.ip, 'not an IPv4 or IPv6 address: screened without the buyer’s IP');
    ip = null;
  }
  const userAgent = str(values.userAgent)?.slice(0, 1000) ?? null;
  const acceptLanguage = str(values.acceptLanguage)?.slice(0, 200) ?? null;
  if (ip === null && userAgent === null) return null;
  return { ip, user_agent: userAgent, ...(acceptLanguage ? { accept_language: acceptLanguage } : {}) };
}

const letters = (value: unknown): string | null => {
  const s = str(value);
  return s !== null && /^[A-Za-z]{1,12}$/.test(s) ? s : null;
};

/**
 * Card payment details in Shopify's shapes: REST `payment_details` (`avs_result_code`,
 * `cvv_result_code`, `credit_card_bin`, `credit_card_number` "•••• •••• •••• 4242",
 * `credit_card_company`) or GraphQL `paymentDetails` (`avsResultCode`, `cvvResultCode`, `bin`,
 * `number`, `company`). Null when nothing usable is there.
 */
export function readCardDetails(log: MappingLog, value: unknown, field: string): CanonicalPaymentDetails | null {
  if (!isRecord(value)) return null;
  const pick = (...keys: string[]) => keys.map((k) => value[k]).find((v) => v !== undefined && v !== null);
  const avs = letters(pick('avs_result_code', 'avsResultCode'));
  const cvv = letters(pick('cvv_result_code', 'cvvResultCode'));
  const binRaw = str(pick('credit_card_bin', 'bin'));
  const bin = binRaw !== null && /^[0-9]{6,8}$/.test(binRaw) ? binRaw : null;
  if (binRaw !== null && bin === null) log.skip(`${field}.credit_card_bin`, binRaw, 'not 6 to 8 digits');
  const number = str(pick('credit_card_number', 'number'));
  const last4 = number?.match(/([0-9]{4})\s*$/)?.[1] ?? null;
  const brand = str(pick('credit_card_company', 'company'))?.slice(0, 50) ?? null;
  if (avs === null && cvv === null && bin === null && last4 === null) return null;
  return { avs_result_code: avs, cvv_result_code: cvv, card_bin: bin, card_last4: last4, card_brand: brand };
}

const LEVELS = ['low', 'medium', 'high'] as const;
const RECOMMENDATIONS = ['accept', 'investigate', 'cancel'] as const;
const oneOf = <T extends string>(list: readonly T[], value: unknown): T | null => {
  const s = str(value)?.toLowerCase();
  return s !== undefined && (list as readonly string[]).includes(s) ? (s as T) : null;
};

/**
 * Shopify's order risk when the payload carries it: GraphQL `risk { recommendation, assessments[]
 * { riskLevel } }` (the highest level) or REST `risks[] { recommendation }` (the gravest). NONE and
 * PENDING are no verdict.
 */
export function readShopifyRisk(p: Record<string, unknown>): CanonicalOrder['channel_risk'] {
  const rank = (r: string | null, list: readonly string[]) => (r === null ? -1 : list.indexOf(r));
  let level: (typeof LEVELS)[number] | null = null;
  let recommendation: (typeof RECOMMENDATIONS)[number] | null = null;
  const consider = (l: unknown, r: unknown) => {
    const nl = oneOf(LEVELS, l);
    const nr = oneOf(RECOMMENDATIONS, r);
    if (rank(nl, LEVELS) > rank(level, LEVELS)) level = nl;
    if (rank(nr, RECOMMENDATIONS) > rank(recommendation, RECOMMENDATIONS)) recommendation = nr;
  };
  const risk = p['risk'];
  if (isRecord(risk)) {
    consider(null, risk['recommendation']);
    if (Array.isArray(risk['assessments'])) for (const a of risk['assessments']) if (isRecord(a)) consider(a['riskLevel'], null);
  }
  if (Array.isArray(p['risks'])) for (const r of p['risks']) if (isRecord(r)) consider(r['level'] ?? null, r['recommendation']);
  if (level === null && recommendation === null) return null;
  return { level, recommendation };
}
