import { and, asc, eq, gte, lt } from 'drizzle-orm';
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
