import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { channelPushes, type PushKind, type PushStatus, type ShopifyFulfillmentPayload } from './pushes.schema.js';

export type ChannelPushRow = typeof channelPushes.$inferSelect;

/** False when the (channel, kind, shipment) has its push already: a replayed event adds nothing. */
export async function insertPush(db: Db, row: ChannelPushRow): Promise<boolean> {
  const inserted = await db.insert(channelPushes).values(row).onConflictDoNothing().returning({ id: channelPushes.id });
  return inserted.length > 0;
}

/** A leased push with what sending it needs from its channel. */
export interface ClaimedPush {
  tenantId: string;
  id: string;
  channelId: string;
  kind: PushKind;
  shipmentId: string;
  externalOrderId: string;
  payload: ShopifyFulfillmentPayload;
  /** Counting this one. */
  attempts: number;
  channelActive: boolean;
  channelSettings: Record<string, unknown>;
  accessTokenSealed: Buffer | null;
}

/**
 * Leases due pushes of every tenant: pending, their time come, and no live lease on them. The lease,
 * not a transaction, covers the HTTP call; an expired lease (a crashed worker) makes the push due again.
 */
export async function leaseDuePushes(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedPush[]> {
  const rows = await queryRows<Omit<ClaimedPush, 'accessTokenSealed'> & { accessTokenSealed: Buffer | Uint8Array | null }>(db, sql`
    with due as (
      select tenant_id, id from channel_pushes
      where status = 'pending' and next_attempt_at <= ${now} and (leased_until is null or leased_until <= ${now})
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    ), leased as (
      update channel_pushes p set leased_until = ${leaseUntil}, attempts = p.attempts + 1
      from due where p.tenant_id = due.tenant_id and p.id = due.id
      returning p.tenant_id, p.id, p.channel_id, p.kind, p.shipment_id, p.external_order_id, p.payload, p.attempts
    )
    select l.tenant_id as "tenantId", l.id, l.channel_id as "channelId", l.kind, l.shipment_id as "shipmentId",
           l.external_order_id as "externalOrderId", l.payload, l.attempts,
           coalesce(c.active, false) as "channelActive", coalesce(c.settings, '{}'::jsonb) as "channelSettings",
           c.access_token_sealed as "accessTokenSealed"
    from leased l
    left join channels c on c.tenant_id = l.tenant_id and c.id = l.channel_id`);
  return rows.map((r) => ({ ...r, accessTokenSealed: r.accessTokenSealed ? Buffer.from(r.accessTokenSealed) : null }));
}

export interface PushResult {
  tenantId: string;
  id: string;
  status: PushStatus;
  /** When still pending: the next try. */
  nextAttemptAt: Date | null;
  statusCode: number | null;
  error: string | null;
  remoteId: string | null;
  doneAt: Date | null;
}

/** Ends the leases of a batch with their attempts' results, in one statement. */
export async function settlePushes(db: Db, rows: PushResult[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: PushResult) => T) => sql.param(rows.map(f));
  await db.execute(sql`
    update channel_pushes p set
      status = r.status, leased_until = null, next_attempt_at = coalesce(r.next_at, p.next_attempt_at),
      last_status_code = r.code, last_error = r.error, remote_id = coalesce(r.remote_id, p.remote_id), done_at = r.done_at
    from unnest(${col((r) => r.tenantId)}::text[], ${col((r) => r.id)}::text[], ${col((r) => r.status)}::text[], ${col((r) => r.nextAttemptAt?.toISOString() ?? null)}::timestamptz[],
                ${col((r) => r.statusCode)}::int[], ${col((r) => r.error)}::text[], ${col((r) => r.remoteId)}::text[], ${col((r) => r.doneAt?.toISOString() ?? null)}::timestamptz[])
      as r(tenant_id, id, status, next_at, code, error, remote_id, done_at)
    where p.tenant_id = r.tenant_id and p.id = r.id`);
}

/** A channel's pushes, newest first (keyset on the id). */
export async function listPushes(db: Db, tenantId: string, channelId: string, filter: { status?: PushStatus; beforeId?: string }, limit: number): Promise<ChannelPushRow[]> {
  const p = channelPushes;
  return db
    .select()
    .from(p)
    .where(and(eq(p.tenantId, tenantId), eq(p.channelId, channelId), filter.status ? eq(p.status, filter.status) : undefined, filter.beforeId ? lt(p.id, filter.beforeId) : undefined))
    .orderBy(desc(p.id))
    .limit(limit);
}

export async function pushesOfShipment(db: Db, tenantId: string, shipmentId: string): Promise<ChannelPushRow[]> {
  return db.select().from(channelPushes).where(and(eq(channelPushes.tenantId, tenantId), eq(channelPushes.shipmentId, shipmentId)));
}
