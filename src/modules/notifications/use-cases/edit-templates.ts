import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import type { Actor } from '../../../platform/outbox/events.js';
import { SHIPPED_LOCALES, TEMPLATE_CATALOG, TEMPLATE_NAMES, type TemplateName } from '../domain/catalog.js';
import { TemplateError, type MessageTemplate } from '../domain/render.js';
import { sampleFor, variablesOf } from '../domain/sample-data.js';
import { validateDraft } from '../domain/validate.js';
import { deleteTemplateOverride, findTemplateOverride, listTemplateOverrides, saveTemplateOverride } from '../db/templates.queries.js';
import type { TemplateOverrideRow } from '../db/templates.schema.js';
import { shippedTemplate } from './resolve-template.js';

/** The template editor (ADR 0034): every template with its locales; one template in one locale; save (validated) and reset. */

function entry(locale: string, own: TemplateOverrideRow | undefined) {
  return { locale, source: own ? 'tenant' : 'shipped', enabled: own?.enabled ?? true, version: own?.version ?? null, updated_by: own?.updatedBy ?? null, updated_at: own?.updatedAt.toISOString() ?? null };
}

export async function listTemplates(db: Db, tenantId: string) {
  const overrides = await listTemplateOverrides(db, tenantId);
  return TEMPLATE_NAMES.map((key) => {
    const own = overrides.filter((o) => o.template === key);
    const locales = [...new Set<string>([...SHIPPED_LOCALES, ...own.map((o) => o.locale)])].map((l) => entry(l, own.find((o) => o.locale === l)));
    return { key, events: [...TEMPLATE_CATALOG[key].events], description: TEMPLATE_CATALOG[key].description, locales, overridden: own.length > 0, enabled: locales.every((l) => l.enabled) };
  });
}

/** What a template is in a locale: the tenant's version, else the shipped default (a locale the OMS does not ship: English). */
export async function currentTemplate(db: Db, tenantId: string, key: TemplateName, locale: string): Promise<{ template: MessageTemplate; own: TemplateOverrideRow | undefined }> {
  const own = await findTemplateOverride(db, tenantId, key, locale);
  return { template: own ? { subject: own.subject, html: own.html, text: own.textBody } : shippedTemplate(key, locale), own };
}

export async function readTemplate(db: Db, tenantId: string, key: TemplateName, locale: string) {
  const { template, own } = await currentTemplate(db, tenantId, key, locale);
  return { key, ...entry(locale, own), subject: template.subject, html: template.html, text: template.text, variables: variablesOf(sampleFor(key, locale)) };
}

export interface TemplateParts {
  subject?: string | undefined;
  html?: string | undefined;
  text?: string | undefined;
}

/** A draft: the parts given, the rest as the template is now. */
export async function draftOf(db: Db, tenantId: string, key: TemplateName, locale: string, parts: TemplateParts): Promise<{ draft: MessageTemplate; own: TemplateOverrideRow | undefined }> {
  const { template, own } = await currentTemplate(db, tenantId, key, locale);
  return { draft: { subject: parts.subject ?? template.subject, html: parts.html ?? template.html, text: parts.text ?? template.text }, own };
}

/** Checks a draft against the template's sample data; a problem is a 422 naming each part (nothing written). */
export async function checkDraft(key: TemplateName, locale: string, draft: MessageTemplate, data: Record<string, unknown> = sampleFor(key, locale)) {
  try {
    return await validateDraft(draft, data);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw new DomainError('NOTIFICATION_TEMPLATE_INVALID', `The ${key} template (${locale}) cannot be used: ${error.message}`, error.problems.map((p) => ({ field: `body.${p.part}`, message: p.message })));
  }
}

export async function writeTemplate(db: Db, actor: Actor, key: TemplateName, locale: string, body: TemplateParts & { enabled?: boolean | undefined }, now: Date) {
  return inTransaction(db, async (tx) => {
    const { draft, own } = await draftOf(tx, actor.tenantId, key, locale, body);
    await checkDraft(key, locale, draft);
    await saveTemplateOverride(tx, actor.tenantId, key, locale, { ...draft, enabled: body.enabled ?? own?.enabled ?? true }, actor.actorId, now);
    return readTemplate(tx, actor.tenantId, key, locale);
  });
}

export async function resetTemplate(db: Db, actor: Actor, key: TemplateName, locale: string, now: Date): Promise<void> {
  const deleted = await inTransaction(db, (tx) => deleteTemplateOverride(tx, actor.tenantId, key, locale, actor.actorId, now));
  if (!deleted) throw new DomainError('NOTIFICATION_TEMPLATE_NOT_OVERRIDDEN', `You have no ${key} template of your own in ${locale}.`);
}
