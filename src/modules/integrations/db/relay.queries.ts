import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';

export interface ClaimedOutboxRow {
  event: RelayedEvent;
  attempts: number;
  fannedOut: boolean;
}

interface ClaimedRow {
  seq: string | number;
  tenant_id: string;
  event_id: string;
  attempts: number;
  fanned_out: boolean;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  actor: string;
  at: Date | string;
  data: Record<string, unknown>;
}

function toEvent(r: ClaimedRow): RelayedEvent {
  return {
    tenantId: r.tenant_id,
    seq: Number(r.seq),
    id: r.event_id,
    type: r.type,
    aggregateType: r.aggregate_type,
    aggregateId: r.aggregate_id,
    actor: r.actor,
    at: new Date(r.at),
    data: r.data,
  };
}

/** Due outbox rows in append order, locked for this transaction; rows other relays hold are skipped. */
export async function claimOutbox(db: Db, now: Date, limit: number): Promise<ClaimedOutboxRow[]> {
  const rows = await queryRows<ClaimedRow>(db, sql`
    select o.seq, o.tenant_id, o.event_id, o.attempts, o.fanned_out, e.type, e.aggregate_type, e.aggregate_id, e.actor, e.at, e.data
    from outbox o join events e on e.tenant_id = o.tenant_id and e.id = o.event_id
    where o.next_attempt_at is null or o.next_attempt_at <= ${now}
    order by o.seq
    limit ${limit}
    for update of o skip locked`);
  return rows.map((r) => ({ event: toEvent(r), attempts: r.attempts, fannedOut: r.fanned_out }));
}

export async function deleteOutboxRows(db: Db, seqs: number[]): Promise<void> {
  if (seqs.length === 0) return;
  await db.execute(sql`delete from outbox where seq = any(${sql.param(seqs)}::bigint[])`);
}

/** A subscriber failed: keep the row (fanned out already) and try again after `retryAt`. */
export async function deferOutboxRow(db: Db, seq: number, retryAt: Date, error: string): Promise<void> {
  await db.execute(sql`update outbox set attempts = attempts + 1, next_attempt_at = ${retryAt}, last_error = ${error.slice(0, 1000)}, fanned_out = true where seq = ${seq}`);
}

export async function queueForBroker(db: Db, events: RelayedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.execute(sql`
    insert into broker_outbox (seq, tenant_id, event_id)
    select * from unnest(${sql.param(events.map((e) => e.seq))}::bigint[], ${sql.param(events.map((e) => e.tenantId))}::text[], ${sql.param(events.map((e) => e.id))}::text[])
    on conflict (seq) do nothing`);
}

/** Leases due broker rows in append order (SKIP LOCKED: workers take different rows). */
export async function leaseBrokerOutbox(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<RelayedEvent[]> {
  const rows = await queryRows<ClaimedRow>(db, sql`
    with due as (
      select seq from broker_outbox
      where leased_until is null or leased_until <= ${now}
      order by seq
      limit ${limit}
      for update skip locked
    ), leased as (
      update broker_outbox b set leased_until = ${leaseUntil} from due where b.seq = due.seq
      returning b.seq, b.tenant_id, b.event_id
    )
    select l.seq, l.tenant_id, l.event_id, 0 as attempts, true as fanned_out, e.type, e.aggregate_type, e.aggregate_id, e.actor, e.at, e.data
    from leased l join events e on e.tenant_id = l.tenant_id and e.id = l.event_id
    order by l.seq`);
  return rows.map(toEvent);
}

/** Forgets published rows this worker still holds (a row whose lease expired and was taken over is left to its new holder). */
export async function deleteBrokerRows(db: Db, seqs: number[], leaseUntil: Date): Promise<void> {
  if (seqs.length === 0) return;
  await db.execute(sql`delete from broker_outbox where seq = any(${sql.param(seqs)}::bigint[]) and leased_until = ${leaseUntil}`);
}

/** A failed round gives its rows back at once instead of waiting for the lease. */
export async function releaseBrokerRows(db: Db, seqs: number[], leaseUntil: Date): Promise<void> {
  if (seqs.length === 0) return;
  await db.execute(sql`update broker_outbox set leased_until = null where seq = any(${sql.param(seqs)}::bigint[]) and leased_until = ${leaseUntil}`);
}

export interface RelayBacklog {
  /** Events not yet handed on by the relay. */
  outbox: number;
  /** Of those, events a failing subscriber holds (retried with backoff). */
  deferred: number;
  /** Events waiting for the message broker. */
  broker: number;
  /** Webhook deliveries not yet delivered nor given up. */
  webhooksPending: number;
  /** Webhook endpoints disabled after a day of failures (or by a user). */
  endpointsDisabled: number;
}

/** How much is waiting, over all tenants, for /metrics. Each count reads a small queue or a partial index. */
export async function relayBacklog(db: Db): Promise<RelayBacklog> {
  const [row] = await queryRows<Record<string, string | number>>(db, sql`
    select (select count(*) from outbox) as outbox,
           (select count(*) from outbox where attempts > 0) as deferred,
           (select count(*) from broker_outbox) as broker,
           (select count(*) from webhook_deliveries where status = 'pending') as webhooks_pending,
           (select count(*) from webhook_endpoints where not enabled) as endpoints_disabled`);
  const n = (k: string) => Number(row?.[k] ?? 0);
  return { outbox: n('outbox'), deferred: n('deferred'), broker: n('broker'), webhooksPending: n('webhooks_pending'), endpointsDisabled: n('endpoints_disabled') };
}
