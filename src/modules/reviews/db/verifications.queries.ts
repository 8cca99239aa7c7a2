import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { reviewVerifications } from './schema.js';

export type VerificationRow = typeof reviewVerifications.$inferSelect;

export async function insertVerification(db: Db, row: VerificationRow): Promise<void> {
  await db.insert(reviewVerifications).values(row);
}

/**
 * The link a token names, by its hash (unique across the installation: the token, not a tenant,
 * is the credential of a public route; the row says whose it is).
 */
export async function findVerificationByHash(db: Db, tokenHash: string): Promise<VerificationRow | undefined> {
  const [row] = await db.select().from(reviewVerifications).where(eq(reviewVerifications.tokenHash, tokenHash));
  return row;
}

/** Voids a case's live links (a resend, or the case closed another way). */
export async function voidVerificationsOfCase(db: Db, tenantId: string, caseId: string, at: Date): Promise<number> {
  const rows = await db
    .update(reviewVerifications)
    .set({ voidedAt: at })
    .where(and(eq(reviewVerifications.tenantId, tenantId), eq(reviewVerifications.caseId, caseId), isNull(reviewVerifications.usedAt), isNull(reviewVerifications.voidedAt)))
    .returning({ id: reviewVerifications.id });
  return rows.length;
}

/** Uses a live link: a conditional update, so a link confirms once. */
export async function markVerificationUsed(db: Db, tenantId: string, id: string, at: Date): Promise<VerificationRow | undefined> {
  const [row] = await db
    .update(reviewVerifications)
    .set({ usedAt: at })
    .where(and(eq(reviewVerifications.tenantId, tenantId), eq(reviewVerifications.id, id), isNull(reviewVerifications.usedAt), isNull(reviewVerifications.voidedAt)))
    .returning();
  return row;
}
