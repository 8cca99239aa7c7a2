import { and, asc, eq, sql } from 'drizzle-orm';
import { preparedStatement, queryRows, type Db } from '../db/database.js';
import { withItems, type WritePart } from '../db/write-part.js';
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

/** Who did it: an API key id, or `system:<process>` for work the OMS did by itself, or `automation:<rule id>`. */
export interface Actor {
  tenantId: string;
  actorId: string;
  /**
   * An automation rule's run (ADR 0038): every event appended under this actor carries it as
   * `data.automation`, so the history says which rule (its id, and its name as it was then) and
   * run, and the loop guard reads the depth.
   */
  automation?: { rule_id: string; rule_name: string; run_id: string; depth: number };
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

// The event and its outbox row (what the relay still has to hand on) in one statement.
const recordEventsSql = `
  with recorded as (
    insert into events (tenant_id, id, type, aggregate_type, aggregate_id, actor, at, data)
    select $1, e.id, e.type, e.aggregate_type, e.aggregate_id, $2, $3, e.data
    from unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[]) with ordinality as e(id, type, aggregate_type, aggregate_id, data, n)
    order by e.n
    returning seq, tenant_id, id
  )`;
const queueSql = `insert into outbox (seq, tenant_id, event_id) select seq, tenant_id, id from recorded`;

const completeIdempotency = (first: number) => `update idempotency_keys set status_code = $${first} , response = $${first + 1}::jsonb where tenant_id = $1 and key = $${first + 2}`;
const EVENT_PARAMS = 8;

const insertEvents = preparedStatement('outbox_append_events', `${recordEventsSql} ${queueSql}`);
const insertEventsCompleting = preparedStatement('outbox_append_events_completing_idempotency', `${recordEventsSql}, queued as (${queueSql} returning 1) ${completeIdempotency(EVENT_PARAMS + 1)}`);

/** Statements with writes alongside, by their combined name (a handful: capture's parts, with or without screening). */
const withParts = new Map<string, ReturnType<typeof preparedStatement>>();

function statementWithParts(completing: boolean, parts: readonly WritePart[]): { run: ReturnType<typeof preparedStatement>; extraParams: unknown[] } {
  const offset = EVENT_PARAMS + (completing ? 3 : 0);
  const items = withItems(parts, offset);
  const name = `outbox_append_events${completing ? '_completing' : ''}_with_${parts.map((p) => p.name).join('_')}`;
  let run = withParts.get(name);
  if (!run) {
    const last = completing ? completeIdempotency(EVENT_PARAMS + 1) : 'select 1';
    run = preparedStatement(name, `${recordEventsSql}, queued as (${queueSql} returning 1), ${items.sql} ${last}`);
    withParts.set(name, run);
  }
  return { run, extraParams: items.params };
}

export interface AppendOptions {
  /** The HTTP response an Idempotency-Key claimed earlier in the transaction completes with. */
  completes?: IdempotentResponse | undefined;
  /** Other modules' small writes sent in the same statement (one round trip fewer each). */
  alongside?: readonly WritePart[] | undefined;
}

export async function appendEvents(db: Db, actor: Actor, at: Date, batch: NewEvent[], options: IdempotentResponse | AppendOptions = {}): Promise<void> {
  const { completes, alongside = [] } = 'key' in options ? { completes: options as IdempotentResponse, alongside: [] } : (options as AppendOptions);
  if (batch.length === 0 && !completes && alongside.length === 0) return;
  const params: unknown[] = [
    actor.tenantId,
    actor.actorId,
    at,
    batch.map(() => newId('evt')),
    batch.map((e) => e.type),
    batch.map((e) => e.aggregateType),
    batch.map((e) => e.aggregateId),
    batch.map((e) => JSON.stringify(actor.automation ? { ...e.data, automation: actor.automation } : e.data)),
  ];
  const completion = completes ? [completes.statusCode, JSON.stringify(completes.response), completes.key] : [];
  if (alongside.length > 0) {
    const { run, extraParams } = statementWithParts(completes !== undefined, alongside);
    await run(db, [...params, ...completion, ...extraParams]);
  } else if (completes) await insertEventsCompleting(db, [...params, ...completion]);
  else await insertEvents(db, params);
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

/**
 * When each aggregate last had an event of one of these types (e.g. when a stock row last ran
 * low): one index probe per aggregate, read newest first until the first match.
 */
export async function lastEventTimes(db: Db, tenantId: string, aggregateIds: string[], types: string[]): Promise<Map<string, Date>> {
  if (aggregateIds.length === 0) return new Map();
  const rows = await queryRows<{ aggregate_id: string; at: Date | string | null }>(db, sql`
    select a.id as aggregate_id,
           (select e.at from events e where e.tenant_id = ${tenantId} and e.aggregate_id = a.id and e.type = any(${sql.param(types)}::text[]) order by e.seq desc limit 1) as at
    from unnest(${sql.param(aggregateIds)}::text[]) as a(id)`);
  return new Map(rows.flatMap((r) => (r.at === null ? [] : [[r.aggregate_id, new Date(r.at)] as const])));
}
