import { boolean, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { TenantSettings } from '../domain/settings.js';

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  isRoot: boolean('is_root').notNull(),
  settings: jsonb('settings').$type<Partial<TenantSettings>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<'admin' | 'operator' | 'viewer' | 'channel' | 'bounces'>().notNull(),
    keyHash: text('key_hash').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    locationId: text('location_id'),
    channelId: text('channel_id'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
