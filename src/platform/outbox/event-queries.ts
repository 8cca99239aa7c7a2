import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
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
