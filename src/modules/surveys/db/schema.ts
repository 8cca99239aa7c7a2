import { index, integer, pgTable, primaryKey, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** Survey answers, one per order (migrations/0056_survey_responses.sql, ADR 0037). */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    orderName: text('order_name').notNull(),
    channel: text('channel').notNull(),
    score: smallint('score').notNull(),
    comment: text('comment'),
    answers: integer('answers').notNull(),
    firstAnsweredAt: timestamp('first_answered_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
    erasedAt: timestamp('erased_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique('survey_responses_tenant_id_order_id_key').on(t.tenantId, t.orderId), index('survey_responses_by_time').on(t.tenantId, t.answeredAt)],
);
