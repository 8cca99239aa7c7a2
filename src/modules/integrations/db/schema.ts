import { bigint, boolean, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../../platform/db/columns.js';

/** migrations/0015_integrations.sql */
export const outbox = pgTable('outbox', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  tenantId: text('tenant_id').notNull(),
  eventId: text('event_id').notNull(),
  attempts: integer('attempts').notNull(),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  lastError: text('last_error'),
  fannedOut: boolean('fanned_out').notNull(),
});

export const brokerOutbox = pgTable('broker_outbox', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  tenantId: text('tenant_id').notNull(),
  eventId: text('event_id').notNull(),
  /** migrations/0026: held by a publishing worker until then. */
  leasedUntil: timestamp('leased_until', { withTimezone: true }),
});

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    url: text('url').notNull(),
    description: text('description'),
    eventTypes: text('event_types').array().notNull(),
    secretSealed: bytea('secret_sealed').notNull(),
    /** migrations/0025: the secret before the last rotation, still signing until it expires. */
    previousSecretSealed: bytea('previous_secret_sealed'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    enabled: boolean('enabled').notNull(),
    disabledReason: text('disabled_reason'),
    failingSince: timestamp('failing_since', { withTimezone: true }),
    consecutiveFailures: integer('consecutive_failures').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    eventId: text('event_id').notNull(),
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    orderingKey: text('ordering_key').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull(),
    attempts: integer('attempts').notNull(),
    remainingAttempts: integer('remaining_attempts').notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leasedUntil: timestamp('leased_until', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    tenantId: text('tenant_id').notNull(),
    deliveryId: text('delivery_id').notNull(),
    n: integer('n').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    responseBody: text('response_body'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.deliveryId, t.n] })],
);
