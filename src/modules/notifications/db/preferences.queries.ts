import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { notificationPreferences, type PreferenceRow } from './templates.schema.js';

export async function findPreferences(db: Db, tenantId: string, customerId: string): Promise<PreferenceRow | undefined> {
  const [row] = await db.select().from(notificationPreferences).where(and(eq(notificationPreferences.tenantId, tenantId), eq(notificationPreferences.customerId, customerId)));
  return row;
}

export interface PreferencePatch {
  locale?: string | null | undefined;
  emailOptOut?: boolean | undefined;
  smsOptOut?: boolean | undefined;
}

/** Changes what is given, keeps the rest (absent row: no locale, opted in). */
export async function savePreferences(db: Db, tenantId: string, customerId: string, patch: PreferencePatch, by: string, at: Date): Promise<PreferenceRow> {
  const current = await findPreferences(db, tenantId, customerId);
  const row = {
    tenantId,
    customerId,
    locale: patch.locale !== undefined ? patch.locale : (current?.locale ?? null),
    emailOptOut: patch.emailOptOut ?? current?.emailOptOut ?? false,
    smsOptOut: patch.smsOptOut ?? current?.smsOptOut ?? false,
    updatedBy: by,
    updatedAt: at,
  };
  const [saved] = await db
    .insert(notificationPreferences)
    .values(row)
    .onConflictDoUpdate({ target: [notificationPreferences.tenantId, notificationPreferences.customerId], set: { locale: row.locale, emailOptOut: row.emailOptOut, smsOptOut: row.smsOptOut, updatedBy: by, updatedAt: at } })
    .returning();
  return saved as PreferenceRow;
}

/** An erased customer's choices go with their personal data. */
export async function erasePreferences(db: Db, tenantId: string, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await db.delete(notificationPreferences).where(and(eq(notificationPreferences.tenantId, tenantId), inArray(notificationPreferences.customerId, customerIds)));
}
