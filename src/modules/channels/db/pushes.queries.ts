import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { channelPushes, type PushKind, type PushPayload, type PushStatus } from './pushes.schema.js';

export type ChannelPushRow = typeof channelPushes.$inferSelect;

/** False when the (channel, kind, shipment) or the refund has its push already: a replayed event adds nothing. */
export async function insertPush(db: Db, row: ChannelPushRow): Promise<boolean> {
  const inserted = await db.insert(channelPushes).values(row).onConflictDoNothing().returning({ id: channelPushes.id });
  return inserted.length > 0;
}

/** The shipment's push of that kind (one per channel, kind and shipment; a shipment has one channel). */
export async function findPushOfShipment(db: Db, tenantId: string, shipmentId: string, kind: PushKind): Promise<ChannelPushRow | null> {
  const p = channelPushes;
  const [row] = await db.select().from(p).where(and(eq(p.tenantId, tenantId), eq(p.shipmentId, shipmentId), eq(p.kind, kind))).limit(1);
  return row ?? null;
}

/** The refunds' pushes (one per refund at most), for the views that show a refund's channel sync. */
export async function pushesOfRefunds(db: Db, tenantId: string, refundIds: readonly string[]): Promise<ChannelPushRow[]> {
  if (refundIds.length === 0) return [];
  const p = channelPushes;
  return db.select().from(p).where(and(eq(p.tenantId, tenantId), inArray(p.refundId, [...refundIds])));
}

/**
 * Ends a push that was never tried (pending, no attempt, so never leased) as `failed` with `error`.
 * False when a worker has tried or leased it since: it may have reached the platform. One
 * conditional UPDATE, so a lease committing meanwhile is seen (the row lock makes it wait).
 */
export async function supersedeUntriedPush(db: Db, tenantId: string, id: string, error: string, now: Date): Promise<boolean> {
  const p = channelPushes;
  const updated = await db
    .update(p)
    .set({ status: 'failed', lastError: error, lastStatusCode: null, doneAt: now })
    .where(and(eq(p.tenantId, tenantId), eq(p.id, id), eq(p.status, 'pending'), eq(p.attempts, 0)))
    .returning({ id: p.id });
  return updated.length > 0;
}

/** A leased push with what sending it needs from its channel. */
export interface ClaimedPush {
  tenantId: string;
  id: string;
  channelId: string;
  kind: PushKind;
  shipmentId: string | null;
  refundId: string | null;
  orderId: string;
  externalOrderId: string;
  payload: PushPayload;
  /** Counting this one. */
  attempts: number;
  channelActive: boolean;
  channelSettings: Record<string, unknown>;
  /** The channel's sealed secret and API token (what reaching the platform needs). */
  secretSealed: Buffer | null;
  accessTokenSealed: Buffer | null;
  /**
   * For a `shopify_fulfillment_cancel`: the shipment's `shopify_fulfillment` push as it was when
   * leased (null for other kinds, or when there is none).
   */
  fulfillment: { status: PushStatus; remoteId: string | null; nextAttemptAt: Date; leasedUntil: Date | null } | null;
}

/**
 * Leases due pushes of every tenant: pending, their time come, and no live lease on them. The lease,
 * not a transaction, covers the HTTP call; an expired lease (a crashed worker) makes the push due again.
 */
export async function leaseDuePushes(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedPush[]> {
  type Row = Omit<ClaimedPush, 'secretSealed' | 'accessTokenSealed' | 'fulfillment'> & {
    secretSealed: Buffer | Uint8Array | null;
    accessTokenSealed: Buffer | Uint8Array | null;
    fulfillmentStatus: PushStatus | null;
    fulfillmentRemoteId: string | null;
    fulfillmentNextAttemptAt: Date | string | null;
    fulfillmentLeasedUntil: Date | string | null;
  };
  // The statement's snapshot: a fulfillment push leased by this same statement shows as not leased.
  const rows = await queryRows<Row>(db, sql`
    with due as (
      select tenant_id, id from channel_pushes
      where status = 'pending' and next_attempt_at <= ${now} and (leased_until is null or leased_until <= ${now})
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    ), leased as (
      update channel_pushes p set leased_until = ${leaseUntil}, attempts = p.attempts + 1
      from due where p.tenant_id = due.tenant_id and p.id = due.id
      returning p.tenant_id, p.id, p.channel_id, p.kind, p.shipment_id, p.refund_id, p.order_id, p.external_order_id, p.payload, p.attempts
    )
    select l.tenant_id as "tenantId", l.id, l.channel_id as "channelId", l.kind, l.shipment_id as "shipmentId",
           l.refund_id as "refundId", l.order_id as "orderId", l.external_order_id as "externalOrderId", l.payload, l.attempts,
           coalesce(c.active, false) as "channelActive", coalesce(c.settings, '{}'::jsonb) as "channelSettings",
           c.secret_sealed as "secretSealed", c.access_token_sealed as "accessTokenSealed",
           f.status as "fulfillmentStatus", f.remote_id as "fulfillmentRemoteId",
           f.next_attempt_at as "fulfillmentNextAttemptAt", f.leased_until as "fulfillmentLeasedUntil"
    from leased l
    left join channels c on c.tenant_id = l.tenant_id and c.id = l.channel_id
    left join channel_pushes f on l.kind = 'shopify_fulfillment_cancel' and f.tenant_id = l.tenant_id and f.channel_id = l.channel_id
                              and f.shipment_id = l.shipment_id and f.kind = 'shopify_fulfillment'`);
  return rows.map(({ fulfillmentStatus, fulfillmentRemoteId, fulfillmentNextAttemptAt, fulfillmentLeasedUntil, ...r }) => ({
    ...r,
    secretSealed: r.secretSealed ? Buffer.from(r.secretSealed) : null,
    accessTokenSealed: r.accessTokenSealed ? Buffer.from(r.accessTokenSealed) : null,
    fulfillment:
      fulfillmentStatus === null
        ? null
        : { status: fulfillmentStatus, remoteId: fulfillmentRemoteId, nextAttemptAt: new Date(fulfillmentNextAttemptAt ?? 0), leasedUntil: fulfillmentLeasedUntil === null ? null : new Date(fulfillmentLeasedUntil) },
  }));
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
  /** The attempt did not call the platform (a cancel waiting for its fulfillment): it does not count. */
  uncounted?: boolean;
}

/** Ends the leases of a batch with their attempts' results, in one statement. */
export async function settlePushes(db: Db, rows: PushResult[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: PushResult) => T) => sql.param(rows.map(f));
  await db.execute(sql`
    update channel_pushes p set
      status = r.status, leased_until = null, attempts = p.attempts - case when r.uncounted then 1 else 0 end, next_attempt_at = coalesce(r.next_at, p.next_attempt_at),
      last_status_code = r.code, last_error = r.error, remote_id = coalesce(r.remote_id, p.remote_id), done_at = r.done_at
    from unnest(${col((r) => r.tenantId)}::text[], ${col((r) => r.id)}::text[], ${col((r) => r.status)}::text[], ${col((r) => r.nextAttemptAt?.toISOString() ?? null)}::timestamptz[],
                ${col((r) => r.statusCode)}::int[], ${col((r) => r.error)}::text[], ${col((r) => r.remoteId)}::text[], ${col((r) => r.doneAt?.toISOString() ?? null)}::timestamptz[],
                ${col((r) => r.uncounted === true)}::boolean[])
      as r(tenant_id, id, status, next_at, code, error, remote_id, done_at, uncounted)
    where p.tenant_id = r.tenant_id and p.id = r.id`);
}

/** A channel's pushes, newest first (platform/db/keyset.ts). */
export async function listPushes(db: Db, tenantId: string, channelId: string, filter: { status?: PushStatus }, page: PageRequest): Promise<ChannelPushRow[]> {
  const p = channelPushes;
  const k = keyset([p.id], page);
  return db
    .select()
    .from(p)
    .where(and(eq(p.tenantId, tenantId), eq(p.channelId, channelId), filter.status ? eq(p.status, filter.status) : undefined, k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

/** The order's pushes, oldest first. */
export async function pushesOfOrder(db: Db, tenantId: string, orderId: string): Promise<ChannelPushRow[]> {
  return db.select().from(channelPushes).where(and(eq(channelPushes.tenantId, tenantId), eq(channelPushes.orderId, orderId))).orderBy(channelPushes.id);
}
