import type { PolicyNote, PolicyRefusal } from '../../modules/returns/index.js';
import { formatDate, isMessageKey, locales, t, type Locale } from './portal-i18n.js';

/**
 * The return policy's refusals and notes in the visitor's language (issue 16 §2): the returns
 * module answers them as data (codes and values), the portal words them from its catalogue, so a
 * German page never shows the module's English sentences. SKUs are named by the product's name.
 */

const list = (locale: Locale, items: string[]) => new Intl.ListFormat(locale === 'de' ? 'de-DE' : 'en-US', { type: 'conjunction' }).format(items);

/** An outcome's word (refund, store credit, exchange), or the code for one the catalogue lacks. */
const outcomeWord = (locale: Locale, outcome: string) => {
  const key = `outcome_${outcome}`;
  return isMessageKey(key) ? t(locale, key) : outcome;
};

/** A return reason's label: the shipped default reasons in the visitor's language; a tenant's own label as written. */
export function reasonLabel(locale: Locale, code: string, label: string): string {
  const key = `reason_${code}`;
  return isMessageKey(key) && locales.en[key] === label ? t(locale, key) : label;
}

export function refusalText(locale: Locale, r: PolicyRefusal, nameOf: (sku: string) => string): string {
  switch (r.code) {
    case 'zone_not_returnable':
      return t(locale, 'pol_zone_not_returnable', { country: r.country, zone: r.zone });
    case 'nothing_shipped':
      return t(locale, 'pol_nothing_shipped');
    case 'window_closed':
      return 'delivered_on' in r.counted_from
        ? t(locale, 'pol_window_closed_delivered', { days: r.window_days, name: nameOf(r.sku), from: formatDate(locale, r.counted_from.delivered_on), end: formatDate(locale, r.closed_on) })
        : t(locale, 'pol_window_closed_shipped', { days: r.window_days, name: nameOf(r.sku), from: formatDate(locale, r.counted_from.shipped_on), transit: r.counted_from.transit_days, end: formatDate(locale, r.closed_on) });
    case 'final_sale':
      return t(locale, 'pol_final_sale', { name: nameOf(r.sku) });
    case 'outcome_not_offered':
      return t(locale, 'pol_outcome_not_offered', { outcome: outcomeWord(locale, r.outcome), offered: list(locale, r.offered.map((o) => outcomeWord(locale, o))) });
  }
}

export function noteText(locale: Locale, n: PolicyNote, nameOf: (sku: string) => string, reasons: readonly { code: string; label: string }[]): string {
  switch (n.code) {
    case 'free_shipping_for_reason':
      return t(locale, 'note_free_shipping_for_reason', { reasons: list(locale, n.reasons.map((code) => reasonLabel(locale, code, reasons.find((r) => r.code === code)?.label ?? code))) });
    case 'customer_pays_shipping':
      return t(locale, 'note_customer_pays_shipping');
    case 'restocking_fee':
      return t(locale, 'note_restocking_fee', { name: nameOf(n.sku), percent: new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-US', { style: 'percent', maximumFractionDigits: 2 }).format(n.percent / 100) });
    case 'keep_item':
      return t(locale, 'note_keep_item');
  }
}
