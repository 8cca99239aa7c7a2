import type { Db } from '../../../platform/db/database.js';
import { FALLBACK_LOCALE, SHIPPED_LOCALES, type ShippedLocale, type TemplateName } from '../domain/catalog.js';
import { SHIPPED_TEMPLATES } from '../domain/default-templates.js';
import { chooseLocale } from '../domain/locale.js';
import type { MessageTemplate } from '../domain/render.js';
import { overridesOfTemplate } from '../db/templates.queries.js';

export interface ResolvedTemplate {
  locale: string;
  template: MessageTemplate;
  enabled: boolean;
  /** `tenant`: the tenant's own version; `shipped`: the OMS's default. */
  source: 'tenant' | 'shipped';
  version: number | null;
}

const isShipped = (locale: string): locale is ShippedLocale => (SHIPPED_LOCALES as readonly string[]).includes(locale);

/** The shipped default of a template in a locale (a locale the OMS does not ship: English). */
export function shippedTemplate(name: TemplateName, locale: string): MessageTemplate {
  return SHIPPED_TEMPLATES[isShipped(locale) ? locale : FALLBACK_LOCALE][name];
}

/**
 * The template a message is written with (ADR 0034): the locale chosen from the candidates (the
 * customer's, the tenant's default) among the shipped locales and the tenant's own, then the
 * tenant's version in that locale if it has one, else the shipped default.
 */
export async function resolveTemplate(db: Db, tenantId: string, name: TemplateName, candidates: readonly (string | null | undefined)[]): Promise<ResolvedTemplate> {
  const overrides = await overridesOfTemplate(db, tenantId, name);
  const locale = chooseLocale(candidates, new Set([...SHIPPED_LOCALES, ...overrides.map((o) => o.locale)]));
  const own = overrides.find((o) => o.locale === locale);
  if (own) return { locale, template: { subject: own.subject, html: own.html, text: own.textBody }, enabled: own.enabled, source: 'tenant', version: own.version };
  return { locale, template: shippedTemplate(name, locale), enabled: true, source: 'shipped', version: null };
}
