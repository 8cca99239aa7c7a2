import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const importFormats = ['shopify', 'woocommerce', 'amazon', 'ebay', 'x12', 'csv'] as const;
export type ImportFormat = (typeof importFormats)[number];
export type ImportStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** One rejected record: where it is in the file and why. */
export interface ImportRejection {
  /** CSV row (the header is row 1), NDJSON line, or element number of a JSON array; null when not known. */
  row: number | null;
  /** The CSV header or payload field at fault, when one is. */
  column: string | null;
  external_id: string | null;
  reason: string;
}

/** migrations/0017_imports.sql */
export const importJobs = pgTable(
  'import_jobs',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    channelId: text('channel_id').notNull(),
    format: text('format').$type<ImportFormat>().notNull(),
    status: text('status').$type<ImportStatus>().notNull(),
    total: integer('total').notNull(),
    imported: integer('imported').notNull(),
    duplicates: integer('duplicates').notNull(),
    rejected: integer('rejected').notNull(),
    rejections: jsonb('rejections').$type<ImportRejection[]>().notNull(),
    error: text('error'),
    actor: text('actor').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** migrations/0024_import_heartbeat.sql: the last progress saved (a heartbeat while running). */
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('import_jobs_by_channel').on(t.tenantId, t.channelId, t.id)],
);
