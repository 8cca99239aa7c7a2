import { and, asc, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { deleteOldest } from '../../../platform/db/retention.js';
import { namesOfEventType } from '../../../platform/outbox/renamed-event-types.js';
import { ADDRESSED_EVENT, deliveredTypeFor, patternsWithAllNames } from '../domain/event-types.js';
import { webhookAttempts, webhookDeliveries, webhookEndpoints, type DeliveryStatus } from './schema.js';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;

export async function insertEndpoint(db: Db, row: WebhookEndpointRow): Promise<void> {
  await db.insert(webhookEndpoints).values(row);
}

export async function findEndpoint(db: Db, tenantId: string, id: string): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)));
  return row;
}

/** Newest first (platform/db/keyset.ts). */
export async function listEndpoints(db: Db, tenantId: string, page: PageRequest): Promise<WebhookEndpointRow[]> {
  const k = keyset([webhookEndpoints.id], page);
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

/** Enabled endpoints of these tenants, for the relay's fan-out. */
export async function enabledEndpointsOf(db: Db, tenantIds: string[]): Promise<Pick<WebhookEndpointRow, 'tenantId' | 'id' | 'eventTypes'>[]> {
  if (tenantIds.length === 0) return [];
  return queryRows(db, sql`
    select tenant_id as "tenantId", id, event_types as "eventTypes" from webhook_endpoints
    where tenant_id = any(${sql.param(tenantIds)}::text[]) and enabled`);
}

export async function updateEndpoint(db: Db, tenantId: string, id: string, changes: Partial<Omit<WebhookEndpointRow, 'tenantId' | 'id' | 'createdAt'>>): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db.update(webhookEndpoints).set(changes).where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id))).returning();
  return row;
}

export async function deleteEndpoint(db: Db, tenantId: string, id: string): Promise<boolean> {
  const rows = await db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id))).returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

export interface NewDelivery {
  tenantId: string;
  id: string;
  endpointId: string;
  eventId: string;
  eventSeq: number;
  eventType: string;
  orderingKey: string;
}

/** One row per (endpoint, event); a relay that runs an event again adds nothing. */
export async function insertDeliveries(db: Db, rows: NewDelivery[], remainingAttempts: number, now: Date): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof NewDelivery>(k: K) => sql.param(rows.map((r) => r[k]));
  await db.execute(sql`
    insert into webhook_deliveries (tenant_id, id, endpoint_id, event_id, event_seq, event_type, ordering_key, remaining_attempts, next_attempt_at, created_at)
    select t, i, en, ev, s, ty, k, ${remainingAttempts}, ${now}, ${now}
    from unnest(${col('tenantId')}::text[], ${col('id')}::text[], ${col('endpointId')}::text[], ${col('eventId')}::text[], ${col('eventSeq')}::bigint[], ${col('eventType')}::text[], ${col('orderingKey')}::text[])
      as d(t, i, en, ev, s, ty, k)
    on conflict (tenant_id, endpoint_id, event_id) do nothing`);
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  tenantId: string;
  id: string;
  endpointId: string;
  eventId: string;
  attempts: number;
  remainingAttempts: number;
  url: string;
  secretSealed: Buffer;
  /** The secret before a rotation while it still signs (see rotateEndpointSecret); null otherwise. */
  previousSecretSealed: Buffer | null;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  at: Date;
  data: Record<string, unknown>;
}

/**
 * Leases due deliveries of enabled endpoints. A delivery is due when its time has come, no other
 * worker holds its lease, and no earlier delivery for the same endpoint and ordering key is still
 * pending (order per order). The lease, not a transaction, covers the HTTP call; an expired lease
 * (a crashed worker) makes the delivery due again.
 */
export async function leaseDueDeliveries(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  const rows = await queryRows<ClaimedDelivery & { at: Date | string; secretSealed: Buffer | Uint8Array; previousSecretSealed: Buffer | Uint8Array | null }>(db, sql`
    with due as (
      select d.tenant_id, d.id from webhook_deliveries d
      join webhook_endpoints w on w.tenant_id = d.tenant_id and w.id = d.endpoint_id and w.enabled
      where d.status = 'pending' and d.next_attempt_at <= ${now} and (d.leased_until is null or d.leased_until <= ${now})
        and not exists (
          select 1 from webhook_deliveries p
          where p.tenant_id = d.tenant_id and p.endpoint_id = d.endpoint_id and p.ordering_key = d.ordering_key
            and p.status = 'pending' and p.event_seq < d.event_seq)
      order by d.next_attempt_at, d.event_seq
      limit ${limit}
      for update of d skip locked
    ), leased as (
      update webhook_deliveries x set leased_until = ${leaseUntil}, attempts = x.attempts + 1
      from due where x.tenant_id = due.tenant_id and x.id = due.id
      returning x.tenant_id, x.id, x.endpoint_id, x.event_id, x.event_type, x.attempts, x.remaining_attempts
    )
    select l.tenant_id as "tenantId", l.id, l.endpoint_id as "endpointId", l.event_id as "eventId", l.attempts,
           l.remaining_attempts as "remainingAttempts", w.url, w.secret_sealed as "secretSealed",
           case when w.previous_secret_expires_at > ${now} then w.previous_secret_sealed end as "previousSecretSealed",
           l.event_type as "eventType", e.aggregate_type as "aggregateType", e.aggregate_id as "aggregateId", e.at, e.data
    from leased l
    join webhook_endpoints w on w.tenant_id = l.tenant_id and w.id = l.endpoint_id
    join events e on e.tenant_id = l.tenant_id and e.id = l.event_id`);
  return rows.map((r) => ({ ...r, at: new Date(r.at), secretSealed: Buffer.from(r.secretSealed), previousSecretSealed: r.previousSecretSealed ? Buffer.from(r.previousSecretSealed) : null }));
}

export interface AttemptOutcome {
  at: Date;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
}

export async function recordAttempts(db: Db, rows: (AttemptOutcome & { tenantId: string; deliveryId: string; n: number })[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(webhookAttempts).values(rows).onConflictDoNothing();
}

export interface DeliveryResult {
  tenantId: string;
  id: string;
  status: DeliveryStatus;
  /** Null: no more tries (succeeded or failed). */
  nextAttemptAt: Date | null;
  statusCode: number | null;
  error: string | null;
  deliveredAt: Date | null;
}

/** Ends the leases of a batch with their attempts' results, in one statement. */
export async function settleDeliveries(db: Db, rows: DeliveryResult[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: DeliveryResult) => T) => sql.param(rows.map(f));
  await db.execute(sql`
    update webhook_deliveries d set
      status = r.status, leased_until = null, remaining_attempts = greatest(d.remaining_attempts - 1, 0),
      next_attempt_at = coalesce(r.next_at, d.next_attempt_at), last_status_code = r.code, last_error = r.error, delivered_at = r.delivered_at
    from unnest(${col((r) => r.tenantId)}::text[], ${col((r) => r.id)}::text[], ${col((r) => r.status)}::text[], ${col((r) => r.nextAttemptAt?.toISOString() ?? null)}::timestamptz[],
                ${col((r) => r.statusCode)}::int[], ${col((r) => r.error)}::text[], ${col((r) => r.deliveredAt?.toISOString() ?? null)}::timestamptz[])
      as r(tenant_id, id, status, next_at, code, error, delivered_at)
    where d.tenant_id = r.tenant_id and d.id = r.id`);
}

/**
 * The endpoint's health after a batch of its attempts: `reset` when one of them succeeded, then
 * `failures` failed attempts after the last success (the first of them at `firstFailure`).
 */
export async function noteEndpointResults(db: Db, tenantId: string, id: string, batch: { reset: boolean; failures: number; firstFailure: Date | null }): Promise<WebhookEndpointRow | undefined> {
  const e = webhookEndpoints;
  const [row] = await db
    .update(e)
    .set(
      batch.reset
        ? { failingSince: batch.firstFailure, consecutiveFailures: batch.failures }
        : { failingSince: sql`coalesce(${e.failingSince}, ${batch.firstFailure})`, consecutiveFailures: sql`${e.consecutiveFailures} + ${batch.failures}` },
    )
    .where(and(eq(e.tenantId, tenantId), eq(e.id, id)))
    .returning();
  return row;
}

/** Disables an enabled endpoint; false when it was disabled already (another worker did it). */
export async function disableEndpoint(db: Db, tenantId: string, id: string, reason: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: now })
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id), eq(webhookEndpoints.enabled, true)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

export async function findDelivery(db: Db, tenantId: string, id: string): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id)));
  return row;
}

/** The delivery log, newest first (platform/db/keyset.ts). */
export async function listDeliveries(
  db: Db,
  tenantId: string,
  filter: { endpointId?: string; status?: DeliveryStatus; eventType?: string },
  page: PageRequest,
): Promise<WebhookDeliveryRow[]> {
  const d = webhookDeliveries;
  const k = keyset([d.id], page);
  return db
    .select()
    .from(d)
    .where(
      and(
        eq(d.tenantId, tenantId),
        filter.endpointId ? eq(d.endpointId, filter.endpointId) : undefined,
        filter.status ? eq(d.status, filter.status) : undefined,
        // Either name of a renamed event type finds its deliveries under both (ADR 0015).
        filter.eventType ? inArray(d.eventType, namesOfEventType(filter.eventType)) : undefined,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

export async function listAttempts(db: Db, tenantId: string, deliveryId: string): Promise<WebhookAttemptRow[]> {
  return db
    .select()
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.tenantId, tenantId), eq(webhookAttempts.deliveryId, deliveryId)))
    .orderBy(asc(webhookAttempts.n));
}

/**
 * Queues one more attempt now (a manual replay): a delivered or failed delivery is sent once
 * more; a pending one is sent now, keeping its remaining tries. Undefined when the delivery is
 * being sent at this moment (leased).
 */
export async function requeueDelivery(db: Db, tenantId: string, id: string, now: Date): Promise<WebhookDeliveryRow | undefined> {
  const d = webhookDeliveries;
  const [row] = await db
    .update(d)
    .set({ status: 'pending', remainingAttempts: sql`case when ${d.status} = 'pending' then greatest(${d.remainingAttempts}, 1) else 1 end`, nextAttemptAt: now, leasedUntil: null })
    .where(and(eq(d.tenantId, tenantId), eq(d.id, id), or(ne(d.status, 'pending'), isNull(d.leasedUntil), lte(d.leasedUntil, now))))
    .returning();
  return row;
}

/** Deletes up to `limit` finished deliveries created before `before` (their attempts go with them). */
export function deleteFinishedDeliveries(db: Db, before: Date, limit: number): Promise<number> {
  return deleteOldest(db, webhookDeliveries, [webhookDeliveries.tenantId, webhookDeliveries.id], webhookDeliveries.createdAt, before, limit, sql`status <> 'pending'`);
}

/**
 * Recovery for one endpoint over a time range: failed deliveries of events in the range are
 * queued once more, and events in the range that match the endpoint's patterns but never got a
 * delivery (they happened while it was disabled, or before it existed) get one. At most `limit`
 * new deliveries per call, oldest first; the ordering key is computed as the relay computes it.
 * As in the relay, an `automation.webhook` goes to the endpoint it names (data.endpoint_id) only,
 * whatever the patterns.
 */
export async function recoverDeliveries(
  db: Db,
  endpoint: Pick<WebhookEndpointRow, 'tenantId' | 'id' | 'eventTypes'>,
  range: { since: Date; until: Date },
  newIds: () => string,
  remainingAttempts: number,
  now: Date,
  limit: number,
): Promise<{ requeued: number; created: number; more: boolean }> {
  const requeued = await queryRows<{ id: string }>(db, sql`
    update webhook_deliveries d set status = 'pending', remaining_attempts = 1, next_attempt_at = ${now}, leased_until = null
    from events e
    where d.tenant_id = ${endpoint.tenantId} and d.endpoint_id = ${endpoint.id} and d.status = 'failed'
      and e.tenant_id = d.tenant_id and e.id = d.event_id and e.at >= ${range.since} and e.at < ${range.until}
    returning d.id`);
  const patterns = patternsWithAllNames(endpoint.eventTypes);
  const all = patterns.includes('*');
  const exact = patterns.filter((p) => !p.endsWith('*'));
  const prefixes = patterns.filter((p) => p.endsWith('.*')).map((p) => `${p.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const missing = await queryRows<{ id: string; seq: string | number; type: string; ordering_key: string }>(db, sql`
    select e.id, e.seq, e.type, coalesce(nullif(e.data->>'order_id', ''), e.aggregate_id) as ordering_key
    from events e
    where e.tenant_id = ${endpoint.tenantId} and e.at >= ${range.since} and e.at < ${range.until}
      and case when e.type = ${ADDRESSED_EVENT} and jsonb_typeof(e.data->'endpoint_id') = 'string' then e.data->>'endpoint_id' = ${endpoint.id}
               else (${all} or e.type = any(${sql.param(exact)}::text[]) or e.type like any(${sql.param(prefixes)}::text[])) end
      and not exists (select 1 from webhook_deliveries d where d.tenant_id = e.tenant_id and d.endpoint_id = ${endpoint.id} and d.event_id = e.id)
    order by e.seq
    limit ${limit + 1}`);
  const batch = missing.slice(0, limit).flatMap((e) => {
    const eventType = e.type === ADDRESSED_EVENT ? e.type : deliveredTypeFor(endpoint.eventTypes, e.type);
    return eventType === undefined ? [] : [{ ...e, type: eventType }];
  });
  await insertDeliveries(
    db,
    batch.map((e) => ({ tenantId: endpoint.tenantId, id: newIds(), endpointId: endpoint.id, eventId: e.id, eventSeq: Number(e.seq), eventType: e.type, orderingKey: e.ordering_key })),
    remainingAttempts,
    now,
  );
  return { requeued: requeued.length, created: batch.length, more: missing.length > limit };
}
