import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { apiKeys, tenants } from './schema.js';
import { users } from './staff.schema.js';

export type UserRow = typeof users.$inferSelect;

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(row);
}

/** Signing in: the one user lookup not scoped by tenant, because the e-mail is what names it. */
export async function findUserByEmail(db: Db, email: string): Promise<(UserRow & { isRoot: boolean }) | undefined> {
  const [row] = await db
    .select({ user: users, isRoot: tenants.isRoot })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row ? { ...row.user, isRoot: row.isRoot } : undefined;
}

export async function findUser(db: Db, tenantId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  return row;
}

export async function lockUser(db: Db, tenantId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, id))).for('update');
  return row;
}

/** The tenant's active admins, locked in id order: the last one may not be demoted or disabled. */
export async function lockActiveAdminUsers(db: Db, tenantId: string): Promise<{ id: string }[]> {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.role, 'admin'), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .for('update');
}

/** Newest first (platform/db/keyset.ts). */
export async function listUsers(db: Db, tenantId: string | undefined, page: PageRequest): Promise<UserRow[]> {
  const k = keyset([users.id], page);
  return db
    .select()
    .from(users)
    .where(and(tenantId === undefined ? undefined : eq(users.tenantId, tenantId), k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

export async function updateUser(db: Db, tenantId: string, id: string, patch: Partial<Pick<UserRow, 'name' | 'role' | 'locationId' | 'disabledAt' | 'passwordHash' | 'updatedAt'>>): Promise<void> {
  await db.update(users).set(patch).where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

/** What a timeline shows for its actors: users by e-mail, API keys by name — one query each for the whole page. */
export async function labelsOf(db: Db, tenantId: string, userIds: string[], keyIds: string[]): Promise<Map<string, string>> {
  const [u, k] = await Promise.all([
    userIds.length ? db.select({ id: users.id, label: users.email }).from(users).where(and(eq(users.tenantId, tenantId), inArray(users.id, userIds))) : [],
    keyIds.length ? db.select({ id: apiKeys.id, label: apiKeys.name }).from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), inArray(apiKeys.id, keyIds))) : [],
  ]);
  return new Map([...u, ...k].map((r) => [r.id, r.label]));
}
