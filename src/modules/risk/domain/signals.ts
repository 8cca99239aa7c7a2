import { distanceKm, locate } from '../../../platform/kernel/geo.js';
import { currencyExponent, formatMoney, parseMoney } from '../../../platform/kernel/money.js';
import type { ScreeningAddress, ScreeningInput } from './input.js';
import { emailDomain, forwarderMatcher, isDisposableDomain, isExpedited, isFreeDomain, isPoBox, type ForwarderMatcher } from './lists.js';
import { FIELDS, VELOCITY_FIELDS, type SignalSource } from './schema.js';
import type { CompiledList } from './tenant-lists.js';

/** A signal's value; null is unknown (the input did not say), never "false" or "0". */
export type SignalValue = boolean | number | string | null;

/** The flat field → value map rules are evaluated on (every field of the schema is present). */
export type SignalValues = Record<string, SignalValue>;

/** One signal as a support agent reads it. */
export interface Signal {
  name: string;
  value: SignalValue;
  source: SignalSource;
  sentence: string;
}

/** The tenant's screening settings. */
export interface ScreeningSettings {
  thresholds: { review: number; reject: number };
  /**
   * Major units ("500"): at or above it an order is high value. In `currency` when set (orders in
   * other currencies: unknown), else in the order's own currency (500.00 USD, 500 JPY).
   */
  highValue: string;
  /**
   * The currency of the rule set's amounts written without one: its rules' `order.total > 200` and
   * `highValue` (ADR 0030 "Money in rules"). Null: each order's own currency.
   */
  currency: string | null;
  /** Domains never flagged as disposable or free (suffix match): the tenant's own, a partner's. */
  emailDomainAllow: string[];
  /** Extra forwarder names or address fragments (whole words) on top of the built-in list. */
  forwarderFragments: string[];
}

export const DEFAULT_SETTINGS: ScreeningSettings = { thresholds: { review: 65, reject: 75 }, highValue: '500', currency: null, emailDomainAllow: [], forwarderFragments: [] };

/** Settings turned into what evaluation needs, once per tenant. */
export interface PreparedSettings {
  settings: ScreeningSettings;
  emailAllow: ReadonlySet<string>;
  forwarder: ForwarderMatcher;
  /** High-value threshold in minor units of an order's currency (its `exponent`); null: unknown in that currency. */
  highValueMinor(currency: string, exponent: number): number | null;
}

export function prepareSettings(settings: ScreeningSettings): PreparedSettings {
  const byExponent = new Map<number, number>();
  return {
    settings,
    emailAllow: new Set(settings.emailDomainAllow.map((d) => d.trim().toLowerCase())),
    forwarder: forwarderMatcher(settings.forwarderFragments),
    highValueMinor(currency, exponent) {
      const own = settings.currency ?? null;
      if (own !== null && currency !== own) return null;
      let minor = byExponent.get(exponent);
      if (minor === undefined) {
        const parsed = parseMoney(settings.highValue, exponent);
        minor = parsed.ok ? parsed.minor : Number.POSITIVE_INFINITY;
        byExponent.set(exponent, minor);
      }
      return minor;
    },
  };
}

type AvsResult = 'match' | 'partial' | 'no_match' | 'unavailable';
type CvvResult = 'match' | 'no_match' | 'unavailable';

/** AVS codes: Visa/Mastercard letters as Shopify and most gateways pass them, and Stripe's words. */
export function avsResult(code: string | null | undefined): AvsResult | null {
  if (!code) return null;
  const c = code.trim().toUpperCase();
  if (['Y', 'X', 'D', 'F', 'M', 'PASS'].includes(c)) return 'match';
  if (['A', 'Z', 'W', 'P', 'B'].includes(c)) return 'partial';
  if (['N', 'C', 'FAIL'].includes(c)) return 'no_match';
  return 'unavailable';
}

export function cvvResult(code: string | null | undefined): CvvResult | null {
  if (!code) return null;
  const c = code.trim().toUpperCase();
  if (c === 'M' || c === 'PASS') return 'match';
  if (c === 'N' || c === 'FAIL') return 'no_match';
  return 'unavailable';
}

const DAY_MS = 86_400_000;

function billingShippingDistance(shipping: ScreeningAddress | null | undefined, billing: ScreeningAddress | null | undefined): number | null {
  if (!shipping || !billing) return null;
  const a = locate(shipping.country, shipping.postalCode);
  const b = locate(billing.country, billing.postalCode);
  if (!a || !b) return null;
  // Two centroids of the same country say nothing about how far apart the addresses are.
  if (shipping.country.toUpperCase() === billing.country.toUpperCase() && (a.precision === 'country' || b.precision === 'country')) return null;
  return Math.round(distanceKm(a, b));
}

/**
 * Computes every field of the schema from the input (pure: time comes from `order.placedAt`). The
 * score is filled in afterwards by `scoreSignals`; list matches by the caller's compiled lists.
 */
/** Why some signals fired, in words, for their sentences. */
export interface SignalNotes {
  forwarder: string | null;
  allowed: string | null;
  blocked: string | null;
}

export function computeSignals(input: ScreeningInput, prepared: PreparedSettings, lists: { allow: CompiledList; block: CompiledList }): { values: SignalValues; notes: SignalNotes } {
  const { order } = input;
  const exponent = currencyExponent(order.currency) ?? 2;
  const domain = emailDomain(input.email);
  const history = input.customer ?? null;
  const known = history !== null && history.ordersCount > 0;
  const highValueMinor = prepared.highValueMinor(order.currency, exponent);
  const highValue = highValueMinor === null ? null : order.totalMinor >= highValueMinor;
  const expedited = order.shippingServiceLevel ? isExpedited(order.shippingServiceLevel) : null;
  const shipping = input.shippingAddress ?? null;
  const billing = input.billingAddress ?? null;
  const shipCountry = shipping?.country.toUpperCase() ?? null;
  const billCountry = billing?.country.toUpperCase() ?? null;
  const ipCountry = input.client?.ipCountry?.toUpperCase() ?? null;
  const placed = Date.parse(order.placedAt);
  const firstAt = history ? Date.parse(history.firstOrderAt) : Number.NaN;
  const avs = input.payment?.avsResultCode?.trim() || null;
  const cvv = input.payment?.cvvResultCode?.trim() || null;
  const notes: SignalNotes = { forwarder: shipping ? prepared.forwarder(shipping) : null, allowed: lists.allow.match(input), blocked: lists.block.match(input) };

  const values: SignalValues = {
    'order.total': order.totalMinor,
    'order.currency': order.currency,
    'order.lines': order.lines.length,
    'order.units': order.lines.reduce((n, l) => n + l.quantity, 0),
    'order.channel': order.channel ?? null,
    'order.high_value': highValue,
    'email.domain': domain,
    'email.disposable': domain ? isDisposableDomain(domain, prepared.emailAllow) : null,
    'email.free': domain ? isFreeDomain(domain, prepared.emailAllow) : null,
    'customer.known': known,
    'customer.first_order': !known,
    'customer.orders': history?.ordersCount ?? 0,
    'customer.average_order': known ? history.averageOrderMinor : null,
    'customer.max_order': known ? history.maxOrderMinor : null,
    'customer.age_days': known && Number.isFinite(placed) && Number.isFinite(firstAt) ? Math.max(0, Math.floor((placed - firstAt) / DAY_MS)) : null,
    'customer.value_ratio': known && history.maxOrderMinor > 0 ? Math.round((order.totalMinor / history.maxOrderMinor) * 100) / 100 : null,
    'address.shipping_country': shipCountry,
    'address.billing_country': billCountry,
    'address.country_mismatch': shipCountry && billCountry ? shipCountry !== billCountry : null,
    'address.distance_km': billingShippingDistance(shipping, billing),
    'address.forwarder': shipping ? notes.forwarder !== null : null,
    'address.po_box': shipping ? isPoBox(shipping) : null,
    'shipping.service_level': order.shippingServiceLevel ?? null,
    'shipping.expedited': expedited,
    'shipping.expedited_first_high_value': expedited === null ? null : expedited && !known && highValue,
    'ip.address': input.client?.ip ?? null,
    'ip.country': ipCountry,
    'ip.country_mismatch': ipCountry && (shipCountry || billCountry) ? ipCountry !== shipCountry && ipCountry !== billCountry : null,
    'payment.gateway': input.payment?.gateway ?? null,
    'payment.avs': avs,
    'payment.avs_result': avsResult(avs),
    'payment.cvv': cvv,
    'payment.cvv_result': cvvResult(cvv),
    'payment.card': input.payment?.cardFingerprint ?? null,
    'channel.risk_level': input.channelRisk?.level ?? null,
    'channel.recommendation': input.channelRisk?.recommendation ?? null,
    'lists.allowed': notes.allowed !== null,
    'lists.blocked': notes.blocked !== null,
    score: null,
  };
  const velocity = input.velocity ?? {};
  for (const { field, metric, key, window } of VELOCITY_FIELDS) {
    const count = velocity[key]?.[window]?.[metric];
    values[field] = typeof count === 'number' && Number.isFinite(count) ? count : null;
  }
  return { values, notes };
}

/** Money fields formatted for sentences in the order's currency. */
function money(values: SignalValues, minor: SignalValue): string {
  const currency = String(values['order.currency']);
  return `${formatMoney(Number(minor), currencyExponent(currency) ?? 2)} ${currency}`;
}

/** The sentence for one field, in words a support agent reads without the schema at hand. */
export function sentence(name: string, values: SignalValues, context: Partial<SignalNotes> = {}): string {
  const v = values[name] ?? null;
  const yes = v === true;
  switch (name) {
    case 'order.total':
      return `The order total is ${money(values, v)}.`;
    case 'order.high_value':
      return yes ? 'The order is high value for this shop.' : 'The order is not high value for this shop.';
    case 'email.disposable':
      return yes ? `The e-mail domain ${String(values['email.domain'])} gives out throwaway mailboxes.` : `The e-mail domain ${String(values['email.domain'])} is not a known throwaway-mailbox domain.`;
    case 'email.free':
      return yes ? `The e-mail is at a free mailbox provider (${String(values['email.domain'])}).` : `The e-mail is not at a free mailbox provider.`;
    case 'customer.known':
    case 'customer.first_order':
      return values['customer.known'] ? `The customer has ${String(values['customer.orders'])} earlier order(s).` : 'This is the customer’s first order with this shop.';
    case 'customer.average_order':
      return `The customer’s earlier orders average ${money(values, v)}.`;
    case 'customer.max_order':
      return `The customer’s largest earlier order was ${money(values, v)}.`;
    case 'customer.value_ratio':
      return `This order is ${String(v)} times the customer’s largest earlier order.`;
    case 'address.country_mismatch':
      return yes
        ? `It is billed in ${String(values['address.billing_country'])} and shipped to ${String(values['address.shipping_country'])}.`
        : `Billing and shipping are in the same country (${String(values['address.shipping_country'])}).`;
    case 'address.distance_km':
      return `The billing and shipping addresses are about ${String(v)} km apart.`;
    case 'address.forwarder':
      return yes ? `The shipping address looks like a package forwarder (${context.forwarder ?? 'listed'}).` : 'The shipping address is not a known package forwarder.';
    case 'address.po_box':
      return yes ? 'The shipping address is a PO box.' : 'The shipping address is not a PO box.';
    case 'shipping.expedited':
      return yes ? `Shipping is expedited (${String(values['shipping.service_level'])}).` : 'Shipping is not expedited.';
    case 'shipping.expedited_first_high_value':
      return yes ? 'A first order of high value is to be shipped expedited.' : 'Not a first high-value order shipped expedited.';
    case 'ip.country':
      return `The buyer’s IP address is in ${String(v)}.`;
    case 'ip.country_mismatch':
      return yes
        ? `The buyer’s IP address is in ${String(values['ip.country'])}, neither the billing nor the shipping country.`
        : 'The buyer’s IP address is in the billing or shipping country.';
    case 'payment.avs_result':
      return {
        match: 'The card’s billing address matched (AVS).',
        partial: 'The card’s billing address matched only in part (AVS).',
        no_match: 'The card’s billing address did not match (AVS).',
        unavailable: 'The bank did not check the billing address (AVS unavailable).',
      }[v as AvsResult];
    case 'payment.cvv_result':
      return { match: 'The card’s security code matched.', no_match: 'The card’s security code did not match.', unavailable: 'The security code was not checked.' }[v as CvvResult];
    case 'channel.risk_level':
      return `The sales channel rates the order’s risk ${String(v)}.`;
    case 'channel.recommendation':
      return `The sales channel recommends: ${String(v)}.`;
    case 'lists.allowed':
      return yes ? `On the shop’s allow list: ${context.allowed ?? 'an entry'}.` : 'Nothing on the shop’s allow list matches.';
    case 'lists.blocked':
      return yes ? `On the shop’s block list: ${context.blocked ?? 'an entry'}.` : 'Nothing on the shop’s block list matches.';
    case 'score':
      return `The risk score is ${String(v)} of 100.`;
    default: {
      const spec = FIELDS[name];
      const label = spec?.label ?? name;
      if (spec?.source === 'velocity') return `${String(v)} ${label}.`.replace(/^./, (c) => c.toUpperCase());
      if (spec?.type === 'boolean') return `${label.replace(/^./, (c) => c.toUpperCase())}: ${yes ? 'yes' : 'no'}.`;
      if (spec?.type === 'money') return `${label.replace(/^./, (c) => c.toUpperCase())}: ${money(values, v)}.`;
      return `${label.replace(/^./, (c) => c.toUpperCase())}: ${String(v)}.`;
    }
  }
}

/** Every known field as a signal with its sentence (unknown fields are left out). */
export function describeSignals(values: SignalValues, context: Partial<SignalNotes> = {}): Signal[] {
  const out: Signal[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === null) continue;
    const spec = FIELDS[name];
    if (!spec) continue;
    out.push({ name, value, source: spec.source, sentence: sentence(name, values, context) });
  }
  return out;
}
