import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import type { StoredEvent } from './events.js';
import { events } from './schema.js';

/**
 * Events of one type recorded in [from, to), in append order: read-only reporting over the outbox
 * (the accounting export reads `refund.created` this way). Served by the `events_type` index.
 */
export async function eventsOfTypeBetween(db: Db, tenantId: string, type: string, from: Date, to: Date, limit = 100_000): Promise<StoredEvent[]> {
  return db
    .select({ id: events.id, type: events.type, aggregateType: events.aggregateType, aggregateId: events.aggregateId, actor: events.actor, at: events.at, data: events.data })
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.type, type), gte(events.at, from), lt(events.at, to)))
    .orderBy(asc(events.seq))
    .limit(limit);
}

/** One event by id (an automation run resumed after its wait reads the event that started it). */
export async function findEvent(db: Db, tenantId: string, id: string): Promise<StoredEvent | undefined> {
  const [row] = await db
    .select({ id: events.id, type: events.type, aggregateType: events.aggregateType, aggregateId: events.aggregateId, actor: events.actor, at: events.at, data: events.data })
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.id, id)));
  return row;
}

/**
 * The latest event of one type whose data names the order (`data.order_id`: a shipment's, a
 * return's, a refund's event), for a dry run. No index covers data.order_id: the candidates are the
 * newest `scan` events of the type since the order's first event, read from the events_type index
 * alone (bounded below through events_aggregate), then looked up by seq — an array, not a join, so
 * the planner cannot walk events_seq_key through other tenants' events instead. An older one is not found.
 */
export async function latestEventNamingOrder(db: Db, tenantId: string, orderId: string, type: string, scan = 10_000): Promise<StoredEvent | undefined> {
  const [row] = await queryRows<{ id: string }>(db, sql`
    select id from events
    where tenant_id = ${tenantId} and data->>'order_id' = ${orderId}
      and seq = any(array(
        select seq from events
        where tenant_id = ${tenantId} and type = ${type}
          and seq >= (select min(seq) from events where tenant_id = ${tenantId} and aggregate_id = ${orderId})
        order by seq desc
        limit ${scan}))
    order by seq desc
    limit 1`);
  return row ? findEvent(db, tenantId, row.id) : undefined;
}

/** Every event of the aggregates, in append order (erasure reads them to rewrite their data). */
export async function eventsOfAggregates(db: Db, tenantId: string, aggregateIds: string[]): Promise<StoredEvent[]> {
  if (aggregateIds.length === 0) return [];
  return db
    .select({ id: events.id, type: events.type, aggregateType: events.aggregateType, aggregateId: events.aggregateId, actor: events.actor, at: events.at, data: events.data })
    .from(events)
    .where(and(eq(events.tenantId, tenantId), inArray(events.aggregateId, aggregateIds)))
    .orderBy(asc(events.seq));
}

/**
 * Replaces events' data: only a customer's erasure does this (ADR 0026), and only to take personal
 * values out; the event's type, aggregate, actor and time stay.
 */
export async function replaceEventData(db: Db, tenantId: string, rows: { id: string; data: Record<string, unknown> }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    update events e set data = v.data::jsonb
    from unnest(${sql.param(rows.map((r) => r.id))}::text[], ${sql.param(rows.map((r) => JSON.stringify(r.data)))}::text[]) as v(id, data)
    where e.tenant_id = ${tenantId} and e.id = v.id`);
}
