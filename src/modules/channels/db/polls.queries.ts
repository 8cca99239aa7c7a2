import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import type { ChannelType } from './schema.js';
import { channelPolls } from './polls.schema.js';

export type ChannelPollRow = typeof channelPolls.$inferSelect;

/** The channel types a poller exists for. */
export const polledChannelTypes = ['amazon', 'ebay'] as const satisfies readonly ChannelType[];

/** A leased poll with what polling needs from its channel. */
export interface ClaimedPoll {
  tenantId: string;
  channelId: string;
  type: (typeof polledChannelTypes)[number];
  cursor: string | null;
  consecutiveFailures: number;
  settings: Record<string, unknown>;
  secretSealed: Buffer | null;
  accessTokenSealed: Buffer | null;
  /** The lease this claim holds: settling checks it, so a worker whose lease ran out writes nothing. */
  leasedUntil: Date;
}

const pollable = sql`c.active and c.type in ('amazon', 'ebay') and c.settings -> 'poll' = 'true'::jsonb`;

/**
 * Adds the poll row of every pollable channel that has none yet (due now), then leases due polls
 * of every tenant: active amazon/ebay channels with settings.poll = true, their time come, no live
 * lease. FOR UPDATE SKIP LOCKED: concurrent workers take different channels; the lease, not a
 * transaction, covers the network calls, and an expired lease (a crashed worker) makes it due again.
 */
export async function leaseDuePolls(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedPoll[]> {
  await db.execute(sql`
    insert into channel_polls (tenant_id, channel_id, next_poll_at, consecutive_failures)
    select c.tenant_id, c.id, ${now}, 0 from channels c
    where ${pollable} and not exists (select 1 from channel_polls p where p.tenant_id = c.tenant_id and p.channel_id = c.id)
    on conflict do nothing`);
  const rows = await queryRows<Omit<ClaimedPoll, 'secretSealed' | 'accessTokenSealed' | 'leasedUntil'> & { secretSealed: Buffer | Uint8Array | null; accessTokenSealed: Buffer | Uint8Array | null }>(db, sql`
    with due as (
      select p.tenant_id, p.channel_id from channel_polls p
      join channels c on c.tenant_id = p.tenant_id and c.id = p.channel_id
      where ${pollable} and p.next_poll_at <= ${now} and (p.leased_until is null or p.leased_until <= ${now})
      order by p.next_poll_at, p.channel_id
      limit ${limit}
      for update of p skip locked
    ), leased as (
      update channel_polls x set leased_until = ${leaseUntil}
      from due where x.tenant_id = due.tenant_id and x.channel_id = due.channel_id
      returning x.tenant_id, x.channel_id, x.cursor, x.consecutive_failures
    )
    select l.tenant_id as "tenantId", l.channel_id as "channelId", c.type, l.cursor, l.consecutive_failures as "consecutiveFailures",
           c.settings, c.secret_sealed as "secretSealed", c.access_token_sealed as "accessTokenSealed"
    from leased l
    join channels c on c.tenant_id = l.tenant_id and c.id = l.channel_id`);
  return rows.map((r) => ({
    ...r,
    consecutiveFailures: Number(r.consecutiveFailures),
    secretSealed: r.secretSealed ? Buffer.from(r.secretSealed) : null,
    accessTokenSealed: r.accessTokenSealed ? Buffer.from(r.accessTokenSealed) : null,
    leasedUntil: leaseUntil,
  }));
}

export type PollSettlement =
  | { ok: true; cursor: string | null; importId: string | null; nextPollAt: Date; at: Date }
  | { ok: false; error: string; nextPollAt: Date; at: Date };

/**
 * Ends a lease with the poll's result. Success: the new cursor (and import), failures reset.
 * Failure: the cursor stays, the error and one more consecutive failure are kept. False when the
 * lease is no longer this claim's (it ran out and another worker took the channel): nothing written.
 */
export async function settlePoll(db: Db, claim: Pick<ClaimedPoll, 'tenantId' | 'channelId' | 'leasedUntil'>, result: PollSettlement): Promise<boolean> {
  const p = channelPolls;
  const changes = result.ok
    ? { cursor: result.cursor, ...(result.importId === null ? {} : { lastImportId: result.importId }), lastError: null, consecutiveFailures: 0 }
    : { lastError: result.error, consecutiveFailures: sql`${p.consecutiveFailures} + 1` };
  const updated = await db
    .update(p)
    .set({ ...changes, nextPollAt: result.nextPollAt, lastPolledAt: result.at, leasedUntil: null })
    .where(and(eq(p.tenantId, claim.tenantId), eq(p.channelId, claim.channelId), eq(p.leasedUntil, claim.leasedUntil)))
    .returning({ channelId: p.channelId });
  return updated.length > 0;
}

export async function findChannelPoll(db: Db, tenantId: string, channelId: string): Promise<ChannelPollRow | undefined> {
  const [row] = await db.select().from(channelPolls).where(and(eq(channelPolls.tenantId, tenantId), eq(channelPolls.channelId, channelId)));
  return row;
}

/**
 * "Poll now": the channel's next poll is due at once; with `cursor`, it asks from that instant
 * (to read a window again, e.g. after adding the products whose orders were rejected). A poll in
 * progress keeps its lease and stores its own cursor when it ends; the request then applies to the next one.
 */
export async function requestPoll(db: Db, tenantId: string, channelId: string, now: Date, cursor: string | undefined): Promise<ChannelPollRow> {
  const [row] = await db
    .insert(channelPolls)
    .values({ tenantId, channelId, cursor: cursor ?? null, nextPollAt: now, consecutiveFailures: 0 })
    .onConflictDoUpdate({
      target: [channelPolls.tenantId, channelPolls.channelId],
      set: { nextPollAt: now, ...(cursor !== undefined ? { cursor } : {}) },
    })
    .returning();
  return row as ChannelPollRow;
}
