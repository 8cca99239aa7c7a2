import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { tenants } from './schema.js';
import { passwordResets, sessions, users } from './staff.schema.js';
import type { UserRow } from './users.queries.js';

export type SessionRow = typeof sessions.$inferSelect;
export type PasswordResetRow = typeof passwordResets.$inferSelect;

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

/** A request's session by its token's hash, with its user: read on every cookie request (no cache, so revocation and disabling count at once). */
export async function findSessionByHash(db: Db, tokenHash: string): Promise<{ session: SessionRow; user: UserRow; isRoot: boolean } | undefined> {
  const [row] = await db
    .select({ session: sessions, user: users, isRoot: tenants.isRoot })
    .from(sessions)
    .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.id, sessions.userId)))
    .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
    .where(eq(sessions.tokenHash, tokenHash));
  return row;
}

export async function touchSession(db: Db, tenantId: string, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(and(eq(sessions.tenantId, tenantId), eq(sessions.id, id)));
}

export async function revokeSession(db: Db, tenantId: string, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.tenantId, tenantId), eq(sessions.id, id), isNull(sessions.revokedAt)));
}

export async function revokeSessionsOf(db: Db, tenantId: string, userId: string, at: Date): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

export async function insertPasswordReset(db: Db, row: typeof passwordResets.$inferInsert): Promise<void> {
  await db.insert(passwordResets).values(row);
}

/** A reset by its token's hash, locked: two confirmations of one link cannot both succeed. */
export async function lockPasswordResetByHash(db: Db, tokenHash: string): Promise<PasswordResetRow | undefined> {
  const [row] = await db.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash)).for('update');
  return row;
}

export async function usePasswordReset(db: Db, tenantId: string, id: string, at: Date): Promise<void> {
  await db.update(passwordResets).set({ usedAt: at }).where(and(eq(passwordResets.tenantId, tenantId), eq(passwordResets.id, id)));
}

/** Issuing a new link makes the user's earlier unused ones void. */
export async function voidPasswordResetsOf(db: Db, tenantId: string, userId: string, at: Date): Promise<void> {
  await db.update(passwordResets).set({ usedAt: at }).where(and(eq(passwordResets.tenantId, tenantId), eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

