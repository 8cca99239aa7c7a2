import { FALLBACK_LOCALE, SHIPPED_LOCALES, TEMPLATE_NAMES, type ShippedLocale, type TemplateName } from './catalog.js';
import type { MessageTemplate } from './render.js';
import { DE, DE_WORDS } from './templates/de.js';
import { EN, EN_WORDS } from './templates/en.js';
import { buildTemplate, type LayoutWords, type TemplateSpec } from './templates/layout.js';

/**
 * The messages every tenant sends until it edits them (issue 16 §1, ADR 0034), in Liquid over the
 * data the notifications flow gives (README: "Template data"), in every shipped locale. Each is one
 * spec (templates/en.ts, de.ts) built into a subject, a responsive HTML part in the shared layout
 * (templates/layout.ts) and a plain-text part saying the same.
 */

const SPECS: Record<ShippedLocale, [Record<TemplateName, TemplateSpec>, LayoutWords]> = { en: [EN, EN_WORDS], de: [DE, DE_WORDS] };

export const SHIPPED_TEMPLATES: Record<ShippedLocale, Record<TemplateName, MessageTemplate>> = Object.fromEntries(
  SHIPPED_LOCALES.map((locale) => {
    const [specs, words] = SPECS[locale];
    return [locale, Object.fromEntries(TEMPLATE_NAMES.map((name) => [name, buildTemplate(specs[name], words)]))];
  }),
) as Record<ShippedLocale, Record<TemplateName, MessageTemplate>>;

/** The English messages (the fallback of every locale). */
export const DEFAULT_TEMPLATES: Record<TemplateName, MessageTemplate> = SHIPPED_TEMPLATES[FALLBACK_LOCALE];

export { TEMPLATE_NAMES, type TemplateName };
