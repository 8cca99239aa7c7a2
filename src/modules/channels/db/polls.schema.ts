import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** migrations/0019_channel_polling.sql: where each polled marketplace channel (Amazon, eBay) stands. */
export const channelPolls = pgTable(
  'channel_polls',
  {
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    /** What the poller answered last time (an ISO instant); null: never polled successfully. */
    cursor: text('cursor'),
    nextPollAt: timestamp('next_poll_at', { withTimezone: true }).notNull(),
    leasedUntil: timestamp('leased_until', { withTimezone: true }),
    lastPolledAt: timestamp('last_polled_at', { withTimezone: true }),
    lastError: text('last_error'),
    consecutiveFailures: integer('consecutive_failures').notNull(),
    lastImportId: text('last_import_id'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channelId] }), index('channel_polls_due').on(t.nextPollAt)],
);
