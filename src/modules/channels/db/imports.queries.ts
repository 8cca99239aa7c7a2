import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { storableJson, storableText } from '../../../platform/kernel/text.js';
import { importJobs } from './imports.schema.js';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type ImportJobCounts = Pick<ImportJobRow, 'total' | 'imported' | 'duplicates' | 'rejected' | 'rejections' | 'status' | 'error' | 'finishedAt'>;

export async function insertImportJob(db: Db, row: ImportJobRow): Promise<void> {
  await db.insert(importJobs).values(row);
}

/**
 * Records the counts (and, at the end, the status and finish time) of a run. Rejection reasons
 * and the failure quote what the file held: made storable here (NUL → `\u0000`), so recording a
 * failure cannot fail too and leave the job `running`.
 */
export async function updateImportJob(db: Db, tenantId: string, id: string, counts: ImportJobCounts): Promise<ImportJobRow | undefined> {
  const [row] = await db
    .update(importJobs)
    .set({ ...counts, rejections: storableJson(counts.rejections), error: counts.error === null ? null : storableText(counts.error), updatedAt: sql`now()` })
    .where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.id, id)))
    .returning();
  return row;
}

export const INTERRUPTED_AFTER_MS = 10 * 60_000;

/**
 * Imports whose process stopped (a crash, a deploy) stop saving progress; after 10 minutes of
 * silence they are marked `interrupted`. Their captured orders stay; importing the file again
 * counts them as duplicates and captures the rest. Database time on both sides, so process clocks
 * do not matter.
 */
export async function markInterruptedImports(db: Db): Promise<number> {
  const rows = await db
    .update(importJobs)
    .set({
      status: 'interrupted',
      error: 'the process running this import stopped; the orders captured so far are kept: import the file again (they count as duplicates)',
      finishedAt: sql`now()`,
    })
    .where(and(eq(importJobs.status, 'running'), sql`coalesce(${importJobs.updatedAt}, ${importJobs.createdAt}) < now() - make_interval(secs => ${INTERRUPTED_AFTER_MS / 1000})`))
    .returning({ id: importJobs.id });
  return rows.length;
}

export async function findImportJob(db: Db, tenantId: string, id: string): Promise<ImportJobRow | undefined> {
  const [row] = await db.select().from(importJobs).where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.id, id)));
  return row;
}

/** A channel's imports, newest first (platform/db/keyset.ts). */
export async function listImportJobs(db: Db, tenantId: string, channelId: string, page: PageRequest): Promise<ImportJobRow[]> {
  const k = keyset([importJobs.id], page);
  return db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.channelId, channelId), k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}
