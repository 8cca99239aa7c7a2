import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import type { CarrierRate, ServiceLevel } from './types.js';

/**
 * Rate shopping: from every quoted service, keep those that can keep the order's promise, then
 * let the tenant's shipping rules pick one. Every candidate comes back with a note, so what was
 * stored can answer "why this carrier?" (and, when nothing qualifies, "why nothing?").
 */
export type ShippingStrategy = 'cheapest' | 'fastest' | 'best_value';
export const shippingStrategies: readonly ShippingStrategy[] = ['cheapest', 'fastest', 'best_value'];

export interface PreferredCarrierRule {
  carrier: string;
  service?: string | undefined;
  channels?: string[] | undefined;
  countries?: string[] | undefined;
  minWeightGrams?: number | undefined;
  maxWeightGrams?: number | undefined;
}

export interface ShippingRules {
  strategy: ShippingStrategy;
  /** best_value: the cheapest service with at most this many business days in transit. */
  bestValueDays?: number | undefined;
  preferred?: PreferredCarrierRule[] | undefined;
  excluded?: { carrier: string; service?: string | undefined }[] | undefined;
}

/** A quoted rate with the delivery date the promise module computed for it. */
export interface Candidate extends CarrierRate {
  /** YYYY-MM-DD. */
  estimatedDeliveryDate: string;
}

export interface ShopRequest {
  serviceLevel?: ServiceLevel | undefined;
  /** YYYY-MM-DD. */
  deliverBy?: string | undefined;
  channel?: string | undefined;
  /** ISO 3166-1 alpha-2 of the destination. */
  country: string;
  weightGrams: number;
}

export type ShopCandidate = Candidate & { meetsPromise: boolean; excluded?: string; rank?: number; note: string };

export interface ShopResult {
  /** In the order given. */
  candidates: ShopCandidate[];
  chosen?: { carrier: string; service: string; reason: string };
}

const LEVEL_RANK: Record<ServiceLevel, number> = { standard: 0, expedited: 1, overnight: 2 };

/** "$8.12", "€8.12", else "8.12 CAD": string arithmetic on minor units, no floats. */
export function formatAmount(amountMinor: number, currency: string): string {
  const text = formatMoney(amountMinor, currencyExponent(currency) ?? 2);
  const symbol: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };
  const prefix = symbol[currency];
  return prefix ? `${prefix}${text}` : `${text} ${currency}`;
}

const label = (c: Candidate): string => c.serviceName || `${c.carrier} ${c.service}`;
const byCode = (a: Candidate, b: Candidate): number =>
  a.carrier < b.carrier ? -1 : a.carrier > b.carrier ? 1 : a.service < b.service ? -1 : a.service > b.service ? 1 : 0;
const byDate = (a: Candidate, b: Candidate): number =>
  a.estimatedDeliveryDate < b.estimatedDeliveryDate ? -1 : a.estimatedDeliveryDate > b.estimatedDeliveryDate ? 1 : a.transitDays - b.transitDays;
const cheapestFirst = (a: Candidate, b: Candidate): number => a.amountMinor - b.amountMinor || byDate(a, b) || byCode(a, b);
const fastestFirst = (a: Candidate, b: Candidate): number => byDate(a, b) || a.amountMinor - b.amountMinor || byCode(a, b);

/** Orders the eligible candidates best first under a strategy; best_value puts those within N days first. */
function rankBy(rules: ShippingRules, eligible: Candidate[]): Candidate[] {
  if (rules.strategy === 'fastest') return [...eligible].sort(fastestFirst);
  if (rules.strategy === 'cheapest' || rules.bestValueDays === undefined) return [...eligible].sort(cheapestFirst);
  const days = rules.bestValueDays;
  const within = eligible.filter((c) => c.transitDays <= days).sort(cheapestFirst);
  const beyond = eligible.filter((c) => c.transitDays > days).sort(fastestFirst);
  return [...within, ...beyond];
}

function promisePhrase(count: number, request: ShopRequest): string {
  const services = `${count} service${count === 1 ? '' : 's'}`;
  if (request.deliverBy) return `${services} that deliver by ${request.deliverBy}`;
  if (request.serviceLevel && request.serviceLevel !== 'standard') return `${services} that meet the ${request.serviceLevel} service level`;
  return `${count} eligible service${count === 1 ? '' : 's'}`;
}

function strategyReason(rules: ShippingRules, ranked: Candidate[], request: ShopRequest): string {
  const [winner] = ranked as [Candidate];
  const price = formatAmount(winner.amountMinor, winner.currency);
  const among = promisePhrase(ranked.length, request);
  if (rules.strategy === 'fastest') return `${label(winner)} is the fastest of ${among}, arriving ${winner.estimatedDeliveryDate} (${price}).`;
  if (rules.strategy === 'best_value' && rules.bestValueDays !== undefined) {
    const days = `${rules.bestValueDays} business day${rules.bestValueDays === 1 ? '' : 's'}`;
    if (winner.transitDays <= rules.bestValueDays) {
      const within = ranked.filter((c) => c.transitDays <= (rules.bestValueDays ?? 0)).length;
      return `${label(winner)} is the cheapest of ${within} of ${among} arriving within ${days} (${price}).`;
    }
    return `None of ${among} arrives within ${days}, so ${label(winner)} as the fastest, arriving ${winner.estimatedDeliveryDate} (${price}).`;
  }
  return `${label(winner)} is the cheapest of ${among} (${price}).`;
}

function scopeMatches(rule: PreferredCarrierRule, request: ShopRequest): boolean {
  if (rule.channels && !(request.channel !== undefined && rule.channels.includes(request.channel))) return false;
  if (rule.countries && !rule.countries.some((c) => c.toUpperCase() === request.country.toUpperCase())) return false;
  if (rule.minWeightGrams !== undefined && request.weightGrams < rule.minWeightGrams) return false;
  if (rule.maxWeightGrams !== undefined && request.weightGrams > rule.maxWeightGrams) return false;
  return true;
}

function scopeText(rule: PreferredCarrierRule, request: ShopRequest): string {
  const parts: string[] = [];
  if (rule.channels) parts.push(`channel ${request.channel ?? ''}`);
  if (rule.countries) parts.push(`destination ${request.country.toUpperCase()}`);
  if (rule.minWeightGrams !== undefined || rule.maxWeightGrams !== undefined) parts.push(`weight ${request.weightGrams} g`);
  return parts.length > 0 ? ` for ${parts.join(', ')}` : '';
}

function whyNot(c: Candidate, request: ShopRequest, required: ServiceLevel): string[] {
  const reasons: string[] = [];
  if (LEVEL_RANK[c.serviceLevel] < LEVEL_RANK[required]) reasons.push(`${label(c)} is ${c.serviceLevel}; the order needs ${required} or faster`);
  if (request.deliverBy && c.estimatedDeliveryDate > request.deliverBy) reasons.push(`arrives ${c.estimatedDeliveryDate}, after the deliver-by date ${request.deliverBy}`);
  return reasons;
}

export function shop(candidates: Candidate[], request: ShopRequest, rules: ShippingRules): ShopResult {
  const required = request.serviceLevel ?? 'standard';
  const annotated: ShopCandidate[] = candidates.map((c) => {
    const failures = whyNot(c, request, required);
    const rule = rules.excluded?.find((e) => e.carrier === c.carrier && (e.service === undefined || e.service === c.service));
    const out: ShopCandidate = { ...c, meetsPromise: failures.length === 0, note: failures.join('; ') };
    if (rule) {
      out.excluded = rule.service === undefined ? `carrier ${rule.carrier} is excluded by the shipping rules` : `${rule.carrier} ${rule.service} is excluded by the shipping rules`;
      out.note = [out.excluded, ...failures].join('; ');
    }
    return out;
  });
  const eligible = annotated.filter((c) => c.meetsPromise && c.excluded === undefined);
  if (eligible.length === 0) {
    for (const c of annotated) if (!c.note) c.note = 'no reason recorded';
    return { candidates: annotated };
  }

  let ranked = rankBy(rules, eligible);
  let reason = strategyReason(rules, ranked, request);
  const preferredAt = (rules.preferred ?? []).findIndex(
    (rule) => scopeMatches(rule, request) && eligible.some((c) => c.carrier === rule.carrier && (rule.service === undefined || c.service === rule.service)),
  );
  const preferred = rules.preferred?.[preferredAt];
  if (preferred) {
    const isPreferred = (c: Candidate): boolean => c.carrier === preferred.carrier && (preferred.service === undefined || c.service === preferred.service);
    ranked = [...ranked.filter(isPreferred), ...ranked.filter((c) => !isPreferred(c))];
    const [winner] = ranked as [Candidate];
    const what = preferred.service === undefined ? `carrier ${preferred.carrier}` : `${preferred.carrier} ${preferred.service}`;
    reason = `${label(winner)} is the preferred ${what}${scopeText(preferred, request)} (shipping rule ${preferredAt + 1}) among ${promisePhrase(eligible.length, request)} (${formatAmount(winner.amountMinor, winner.currency)}).`;
  }

  const order = new Map(ranked.map((c, i) => [c, i + 1]));
  for (const c of annotated) {
    const rank = order.get(c);
    if (rank === undefined) continue;
    c.rank = rank;
    c.note = rank === 1 ? `chosen: ${reason}` : `meets the promise; ranked ${rank} of ${ranked.length}${preferred ? ' (preferred carrier first)' : ` by ${rules.strategy.replace('_', ' ')}`}`;
  }
  const [winner] = ranked as [Candidate];
  return { candidates: annotated, chosen: { carrier: winner.carrier, service: winner.service, reason } };
}

export interface RuleProblem {
  field: string;
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCode = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(v);
const isGrams = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function unknownKeys(value: Record<string, unknown>, allowed: string[], at: string, problems: RuleProblem[]): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push({ field: `${at}${key}`, message: 'is not a shipping rule field' });
}

/**
 * A list of at most `max` rules under `field`, each an object naming a carrier code and maybe a
 * service code; `more` checks the rest of one rule.
 */
function checkRuleList(list: unknown, field: string, max: number, what: string, keys: string[], problems: RuleProblem[], more?: (rule: Record<string, unknown>, at: string) => void): void {
  if (list === undefined) return;
  if (!Array.isArray(list) || list.length > max) {
    problems.push({ field, message: `must be a list of at most ${max} ${what}` });
    return;
  }
  list.forEach((rule: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(rule)) {
      problems.push({ field: at, message: 'must be an object' });
      return;
    }
    unknownKeys(rule, keys, `${at}.`, problems);
    if (!isCode(rule.carrier)) problems.push({ field: `${at}.carrier`, message: 'must be a carrier code such as ups' });
    if (rule.service !== undefined && !isCode(rule.service)) problems.push({ field: `${at}.service`, message: 'must be a service code such as ground' });
    more?.(rule, at);
  });
}

/** Where a preferred-carrier rule applies: channels, destination countries, a weight range. */
function checkPreferredScope(rule: Record<string, unknown>, at: string, problems: RuleProblem[]): void {
  if (rule.channels !== undefined && !(Array.isArray(rule.channels) && rule.channels.length > 0 && rule.channels.every((c) => typeof c === 'string' && c.length > 0))) {
    problems.push({ field: `${at}.channels`, message: 'must be a non-empty list of channel codes' });
  }
  if (rule.countries !== undefined && !(Array.isArray(rule.countries) && rule.countries.length > 0 && rule.countries.every((c) => typeof c === 'string' && /^[A-Z]{2}$/.test(c)))) {
    problems.push({ field: `${at}.countries`, message: 'must be a non-empty list of ISO 3166-1 alpha-2 codes such as US' });
  }
  for (const key of ['minWeightGrams', 'maxWeightGrams'] as const) {
    if (rule[key] !== undefined && !isGrams(rule[key])) problems.push({ field: `${at}.${key}`, message: 'must be a whole number of grams, zero or more' });
  }
  if (isGrams(rule.minWeightGrams) && isGrams(rule.maxWeightGrams) && (rule.minWeightGrams as number) > (rule.maxWeightGrams as number)) {
    problems.push({ field: `${at}.maxWeightGrams`, message: 'must not be less than minWeightGrams' });
  }
}

/**
 * Problems with a tenant's shipping rules as sent to the settings endpoint (camelCase, the shape
 * of `ShippingRules`); an empty list means the input is a valid `ShippingRules`.
 */
export function validateShippingRules(input: unknown): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!isRecord(input)) return [{ field: '', message: 'must be an object' }];
  unknownKeys(input, ['strategy', 'bestValueDays', 'preferred', 'excluded'], '', problems);
  if (!shippingStrategies.includes(input.strategy as ShippingStrategy)) problems.push({ field: 'strategy', message: 'must be cheapest, fastest or best_value' });
  const days = input.bestValueDays;
  if (days !== undefined && !(typeof days === 'number' && Number.isSafeInteger(days) && days >= 1 && days <= 60)) {
    problems.push({ field: 'bestValueDays', message: 'must be a whole number of business days from 1 to 60' });
  } else if (days === undefined && input.strategy === 'best_value') {
    problems.push({ field: 'bestValueDays', message: 'is required with the best_value strategy' });
  }
  const preferredKeys = ['carrier', 'service', 'channels', 'countries', 'minWeightGrams', 'maxWeightGrams'];
  checkRuleList(input.preferred, 'preferred', 50, 'rules', preferredKeys, problems, (rule, at) => checkPreferredScope(rule, at, problems));
  checkRuleList(input.excluded, 'excluded', 100, 'services', ['carrier', 'service'], problems);
  return problems;
}
