import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import type { MessageTemplate } from '../domain/render.js';
import { notificationTemplates, notificationTemplateVersions, type TemplateOverrideRow, type TemplateVersionRow } from './templates.schema.js';

/** A tenant's own templates, every key and locale. */
export async function listTemplateOverrides(db: Db, tenantId: string): Promise<TemplateOverrideRow[]> {
  return db.select().from(notificationTemplates).where(eq(notificationTemplates.tenantId, tenantId)).orderBy(notificationTemplates.template, notificationTemplates.locale);
}

/** A tenant's own versions of one template, per locale. */
export async function overridesOfTemplate(db: Db, tenantId: string, template: string): Promise<TemplateOverrideRow[]> {
  return db.select().from(notificationTemplates).where(and(eq(notificationTemplates.tenantId, tenantId), eq(notificationTemplates.template, template)));
}

export async function findTemplateOverride(db: Db, tenantId: string, template: string, locale: string): Promise<TemplateOverrideRow | undefined> {
  const [row] = await db
    .select()
    .from(notificationTemplates)
    .where(and(eq(notificationTemplates.tenantId, tenantId), eq(notificationTemplates.template, template), eq(notificationTemplates.locale, locale)));
  return row;
}

async function nextVersion(db: Db, tenantId: string, template: string, locale: string): Promise<number> {
  const [row] = await db
    .select({ v: sql<number>`coalesce(max(${notificationTemplateVersions.version}), 0)::int` })
    .from(notificationTemplateVersions)
    .where(and(eq(notificationTemplateVersions.tenantId, tenantId), eq(notificationTemplateVersions.template, template), eq(notificationTemplateVersions.locale, locale)));
  return (row?.v ?? 0) + 1;
}

/** Writes the tenant's version (a new version number, kept in the history). Call inside a transaction. */
export async function saveTemplateOverride(db: Db, tenantId: string, template: string, locale: string, parts: MessageTemplate & { enabled: boolean }, by: string, at: Date): Promise<TemplateOverrideRow> {
  const version = await nextVersion(db, tenantId, template, locale);
  const row = { tenantId, template, locale, subject: parts.subject, html: parts.html, textBody: parts.text, enabled: parts.enabled, version, updatedBy: by, updatedAt: at };
  await db.insert(notificationTemplateVersions).values({ ...row });
  const [saved] = await db
    .insert(notificationTemplates)
    .values(row)
    .onConflictDoUpdate({ target: [notificationTemplates.tenantId, notificationTemplates.template, notificationTemplates.locale], set: { subject: row.subject, html: row.html, textBody: row.textBody, enabled: row.enabled, version, updatedBy: by, updatedAt: at } })
    .returning();
  return saved as TemplateOverrideRow;
}

/** Back to the shipped default; the delete is a version of its own. False when there was nothing to delete. */
export async function deleteTemplateOverride(db: Db, tenantId: string, template: string, locale: string, by: string, at: Date): Promise<boolean> {
  const deleted = await db
    .delete(notificationTemplates)
    .where(and(eq(notificationTemplates.tenantId, tenantId), eq(notificationTemplates.template, template), eq(notificationTemplates.locale, locale)))
    .returning({ version: notificationTemplates.version });
  if (deleted.length === 0) return false;
  const version = await nextVersion(db, tenantId, template, locale);
  await db.insert(notificationTemplateVersions).values({ tenantId, template, locale, version, subject: null, html: null, textBody: null, enabled: null, updatedBy: by, updatedAt: at });
  return true;
}

/** The history of one template in one locale, newest version first, a keyset page (a reset is a version whose parts are null). */
export async function listTemplateVersions(db: Db, tenantId: string, template: string, locale: string, page: PageRequest): Promise<TemplateVersionRow[]> {
  const k = keyset([notificationTemplateVersions.version], page, 'newest_first');
  return db
    .select()
    .from(notificationTemplateVersions)
    .where(and(eq(notificationTemplateVersions.tenantId, tenantId), eq(notificationTemplateVersions.template, template), eq(notificationTemplateVersions.locale, locale), k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}
