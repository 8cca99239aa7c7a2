import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { preparedStatement, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import type { TenantSettings } from '../domain/settings.js';
import { apiKeys, tenants } from './schema.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function countTenants(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(tenants);
  return row?.n ?? 0;
}

export async function insertTenant(db: Db, row: typeof tenants.$inferInsert): Promise<void> {
  await db.insert(tenants).values(row);
}

const selectSettings = preparedStatement<{ settings: Partial<TenantSettings> }>('tenancy_settings', 'select settings from tenants where id = $1');

/** Read on every capture, so a prepared statement. */
export async function findTenantSettings(db: Db, id: string): Promise<Partial<TenantSettings> | undefined> {
  const [row] = await selectSettings(db, [id]);
  return row?.settings;
}

/** The tenant whose customer portal answers at /portal/{slug} (ADR 0036): the one lookup by slug, on index tenants_portal_slug. */
export async function findTenantByPortalSlug(db: Db, slug: string): Promise<{ id: string; name: string; settings: Partial<TenantSettings> } | undefined> {
  const [row] = await db.select({ id: tenants.id, name: tenants.name, settings: tenants.settings }).from(tenants).where(sql`${tenants.settings}->>'portal_slug' = ${slug}`);
  return row;
}

export async function updateTenantSettings(db: Db, id: string, settings: Partial<TenantSettings>): Promise<void> {
  await db.update(tenants).set({ settings }).where(eq(tenants.id, id));
}

export async function insertApiKey(db: Db, row: typeof apiKeys.$inferInsert): Promise<void> {
  await db.insert(apiKeys).values(row);
}

/** Authentication: the one lookup not scoped by tenant, because the key is what names the tenant. */
export async function findActiveKeyByHash(db: Db, keyHash: string): Promise<(ApiKeyRow & { isRoot: boolean }) | undefined> {
  const [row] = await db
    .select({ key: apiKeys, isRoot: tenants.isRoot })
    .from(apiKeys)
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
  return row ? { ...row.key, isRoot: row.isRoot } : undefined;
}

/** Newest first (platform/db/keyset.ts). */
export async function listApiKeys(db: Db, tenantId: string, page: PageRequest): Promise<ApiKeyRow[]> {
  const k = keyset([apiKeys.id], page);
  return db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

export async function lockApiKey(db: Db, tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id))).for('update');
  return row;
}

export async function lockActiveAdminKeys(db: Db, tenantId: string): Promise<{ id: string }[]> {
  return db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.role, 'admin'), isNull(apiKeys.revokedAt)))
    .orderBy(asc(apiKeys.id))
    .for('update');
}

export async function revokeApiKey(db: Db, tenantId: string, id: string, at: Date): Promise<void> {
  await db.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)));
}

/** The installation's operator tenant (made at first start), or undefined on an empty database. */
export async function findRootTenantId(db: Db): Promise<string | undefined> {
  const [row] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.isRoot, true));
  return row?.id;
}

export async function tenantExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, id));
  return row !== undefined;
}

/** The tenant's name as customers see it (the sender of its messages); undefined for an unknown tenant. */
export async function tenantName(db: Db, id: string): Promise<string | undefined> {
  const [row] = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, id));
  return row?.name;
}
