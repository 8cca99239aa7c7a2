import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { channels } from './schema.js';

export type ChannelRow = typeof channels.$inferSelect;

/** False when the tenant already has a channel of that name. */
export async function insertChannel(db: Db, row: ChannelRow): Promise<boolean> {
  const inserted = await db.insert(channels).values(row).onConflictDoNothing().returning({ id: channels.id });
  return inserted.length > 0;
}

export async function findChannel(db: Db, tenantId: string, id: string): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(channels).where(and(eq(channels.tenantId, tenantId), eq(channels.id, id)));
  return row;
}

/** By the global id a webhook URL names. */
export async function findChannelById(db: Db, id: string): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id));
  return row;
}

/** Newest first (platform/db/keyset.ts). */
export async function listChannels(db: Db, tenantId: string, page: PageRequest): Promise<ChannelRow[]> {
  const k = keyset([channels.id], page);
  return db
    .select()
    .from(channels)
    .where(and(eq(channels.tenantId, tenantId), k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

export async function deactivateChannel(db: Db, tenantId: string, id: string, now: Date): Promise<boolean> {
  const updated = await db.update(channels).set({ active: false, updatedAt: now }).where(and(eq(channels.tenantId, tenantId), eq(channels.id, id))).returning({ id: channels.id });
  return updated.length > 0;
}

/** The channel, locked for a change in this transaction. */
export async function lockChannel(db: Db, tenantId: string, id: string): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(channels).where(and(eq(channels.tenantId, tenantId), eq(channels.id, id))).for('update');
  return row;
}

export type ChannelUpdate = Partial<Pick<ChannelRow, 'name' | 'settings' | 'secretSealed' | 'accessTokenSealed' | 'locationIds' | 'active'>> & { updatedAt: Date };

/** Throws the unique violation (23505) when the new name is another channel's. */
export async function updateChannel(db: Db, tenantId: string, id: string, set: ChannelUpdate): Promise<ChannelRow | undefined> {
  const [row] = await db.update(channels).set(set).where(and(eq(channels.tenantId, tenantId), eq(channels.id, id))).returning();
  return row;
}

/** The names of the tenant's channels among these ids (orders name their channel by id). */
export async function channelNamesOf(db: Db, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id) => id.startsWith('chn_'));
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: channels.id, name: channels.name }).from(channels).where(and(eq(channels.tenantId, tenantId), inArray(channels.id, wanted)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The ids of the channels a person means by `ref`: the channel with that id, the one with that name
 * (any case), or every channel of that type (`shopify`, `amazon`…).
 */
export async function channelIdsMatching(db: Db, tenantId: string, ref: string): Promise<string[]> {
  const rows = await db
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.tenantId, tenantId), or(eq(channels.id, ref), sql`lower(${channels.name}) = lower(${ref})`, sql`${channels.type} = ${ref}`)));
  return rows.map((r) => r.id);
}
