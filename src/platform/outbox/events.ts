import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { newId } from '../kernel/ids.js';
import { events } from './schema.js';

/**
 * The transactional outbox. Every state change appends its event in the same transaction as the
 * change, so the timeline, the audit log and what later leaves as webhooks/broker messages are
 * the same rows, and none is ever written without the change (or the change without it).
 */
export interface NewEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  data: Record<string, unknown>;
}

/** Who did it: an API key id, or `system:<process>` for work the OMS did by itself. */
export interface Actor {
  tenantId: string;
  actorId: string;
}

export interface StoredEvent {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  actor: string;
  at: Date;
  data: Record<string, unknown>;
}

/** An HTTP response to remember for an Idempotency-Key claimed earlier in the same transaction. */
export interface IdempotentResponse {
  key: string;
  statusCode: number;
  response: unknown;
}

export async function appendEvents(db: Db, actor: Actor, at: Date, batch: NewEvent[], completes?: IdempotentResponse): Promise<void> {
  if (completes) {
    await db.execute(sql`
      with recorded as (
        insert into events (tenant_id, id, type, aggregate_type, aggregate_id, actor, at, data)
        select ${actor.tenantId}, e.id, e.type, e.aggregate_type, e.aggregate_id, ${actor.actorId}, ${at}, e.data
        from unnest(${sql.param(batch.map(() => newId('evt')))}::text[], ${sql.param(batch.map((e) => e.type))}::text[],
                    ${sql.param(batch.map((e) => e.aggregateType))}::text[], ${sql.param(batch.map((e) => e.aggregateId))}::text[],
                    ${sql.param(batch.map((e) => JSON.stringify(e.data)))}::jsonb[]) with ordinality as e(id, type, aggregate_type, aggregate_id, data, n)
        order by e.n
        returning 1
      )
      update idempotency_keys set status_code = ${completes.statusCode}, response = ${JSON.stringify(completes.response)}::jsonb
      where tenant_id = ${actor.tenantId} and key = ${completes.key}`);
    return;
  }
  if (batch.length === 0) return;
  await db.insert(events).values(
    batch.map((e) => ({
      tenantId: actor.tenantId,
      id: newId('evt'),
      type: e.type,
      aggregateType: e.aggregateType,
      aggregateId: e.aggregateId,
      actor: actor.actorId,
      at,
      data: e.data,
    })),
  );
}

export async function listEventsOf(db: Db, tenantId: string, aggregateId: string, limit = 1000): Promise<StoredEvent[]> {
  return db
    .select({
      id: events.id,
      type: events.type,
      aggregateType: events.aggregateType,
      aggregateId: events.aggregateId,
      actor: events.actor,
      at: events.at,
      data: events.data,
    })
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.aggregateId, aggregateId)))
    .orderBy(asc(events.seq))
    .limit(limit);
}

export async function listEventsAfter(db: Db, tenantId: string, afterSeq: number, limit: number) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.tenantId, tenantId), gt(events.seq, afterSeq)))
    .orderBy(asc(events.seq))
    .limit(limit);
}
