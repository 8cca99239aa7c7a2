import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { importJobs } from './imports.schema.js';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type ImportJobCounts = Pick<ImportJobRow, 'total' | 'imported' | 'duplicates' | 'rejected' | 'rejections' | 'status' | 'error' | 'finishedAt'>;

export async function insertImportJob(db: Db, row: ImportJobRow): Promise<void> {
  await db.insert(importJobs).values(row);
}

/** Records the counts (and, at the end, the status and finish time) of a run. */
export async function updateImportJob(db: Db, tenantId: string, id: string, counts: ImportJobCounts): Promise<ImportJobRow | undefined> {
  const [row] = await db.update(importJobs).set(counts).where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.id, id))).returning();
  return row;
}

export async function findImportJob(db: Db, tenantId: string, id: string): Promise<ImportJobRow | undefined> {
  const [row] = await db.select().from(importJobs).where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.id, id)));
  return row;
}

/** A channel's imports, newest first (keyset on id, which sorts by creation time). */
export async function listImportJobs(db: Db, tenantId: string, channelId: string, beforeId: string | undefined, limit: number): Promise<ImportJobRow[]> {
  return db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.channelId, channelId), beforeId ? lt(importJobs.id, beforeId) : undefined))
    .orderBy(desc(importJobs.id))
    .limit(limit);
}
