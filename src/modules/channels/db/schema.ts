import { boolean, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../../platform/db/columns.js';


export const channelTypes = ['shopify', 'woocommerce', 'amazon', 'ebay', 'pos', 'x12', 'csv', 'api'] as const;
export type ChannelType = (typeof channelTypes)[number];

/** migrations/0014_channels.sql */
export const channels = pgTable(
  'channels',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    type: text('type').$type<ChannelType>().notNull(),
    name: text('name').notNull(),
    secretSealed: bytea('secret_sealed'),
    /** migrations/0018_shopify_push.sql: the platform's API token (Shopify Admin API), sealed like the secret. */
    accessTokenSealed: bytea('access_token_sealed'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    locationIds: text('location_ids').array().notNull(),
    active: boolean('active').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
