import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { preparedStatement, type Db } from '../db/database.js';
import { DomainError } from '../errors.js';
import { idempotencyKeys } from './schema.js';

export type IdempotencyClaim =
  | { kind: 'new' }
  | { kind: 'replay'; statusCode: number; response: unknown };

const insertClaim = preparedStatement<{ key: string }>(
  'idempotency_claim',
  'insert into idempotency_keys (tenant_id, key, request_hash, created_at) values ($1, $2, $3, $4) on conflict do nothing returning key',
);

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** Validates the header's value; undefined means the client sent none. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !KEY_FORMAT.test(value)) {
    throw new DomainError('REQUEST_IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.', [
      { field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' },
    ]);
  }
  return value;
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/**
 * Claims the key inside the use case's transaction. A racing duplicate blocks on the primary key
 * until the first transaction ends: it then sees the committed response (replay), or, if the
 * first rolled back, claims the key itself. So a key yields exactly one effect.
 */
export async function claimIdempotencyKey(db: Db, tenantId: string, key: string, fingerprint: string, now: Date): Promise<IdempotencyClaim> {
  const inserted = await insertClaim(db, [tenantId, key, fingerprint, now]);
  if (inserted.length > 0) return { kind: 'new' };
  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
  if (!existing || existing.statusCode === null) {
    // Claimed by a transaction we cannot see finished; treat as a conflict the client may retry.
    throw new DomainError('REQUEST_IDEMPOTENCY_KEY_REUSED', 'A request with this Idempotency-Key is still in progress; retry shortly.');
  }
  if (existing.requestHash !== fingerprint) {
    throw new DomainError('REQUEST_IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was first used with a different request body or route.', [
      { field: 'Idempotency-Key', message: 'was used for a different request' },
    ]);
  }
  return { kind: 'replay', statusCode: existing.statusCode, response: existing.response };
}

export async function completeIdempotencyKey(db: Db, tenantId: string, key: string, statusCode: number, response: unknown): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ statusCode, response })
    .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
}

export interface Idempotency {
  key: string;
  fingerprint: string;
}

/** The request's Idempotency-Key with the fingerprint of what it asked; undefined without the header. */
export function idempotencyOf(header: string | string[] | undefined, method: string, path: string, body: unknown): Idempotency | undefined {
  const key = parseIdempotencyKey(header);
  return key ? { key, fingerprint: requestFingerprint(method, path, body) } : undefined;
}

/** What `idempotently` answers: the first answer, or the stored one again (`replayed`). */
export interface IdempotentAnswer<T, S extends number> {
  statusCode: S;
  body: T;
  /** The key had answered before: `work` did not run, nothing was done. */
  replayed: boolean;
}

/**
 * Handed to `work`: a flow that appends events last can store its answer in the same statement
 * (`appendEvents(…, completion.inEvents(body))`, one round trip less on the capture path).
 * `body` must be what `work` returns; once `inEvents` is called, `idempotently` stores nothing.
 */
export interface KeyCompletion {
  inEvents(body: unknown): { key: string; statusCode: number; response: unknown } | undefined;
}

/**
 * Runs `work` inside the caller's transaction under an Idempotency-Key (when given): the first
 * request's answer is stored with its effects; a retry replays it and does nothing else.
 */
export async function idempotently<T, S extends number>(
  tx: Db,
  tenantId: string,
  idempotency: Idempotency | undefined,
  now: Date,
  statusCode: S,
  work: (completion: KeyCompletion) => Promise<T>,
): Promise<IdempotentAnswer<T, S>> {
  if (idempotency) {
    const claim = await claimIdempotencyKey(tx, tenantId, idempotency.key, idempotency.fingerprint, now);
    if (claim.kind === 'replay') return { statusCode: claim.statusCode as S, body: claim.response as T, replayed: true };
  }
  let stored = false;
  const completion: KeyCompletion = {
    inEvents: (body) => {
      if (!idempotency) return undefined;
      stored = true;
      return { key: idempotency.key, statusCode, response: body };
    },
  };
  const body = await work(completion);
  if (idempotency && !stored) await completeIdempotencyKey(tx, tenantId, idempotency.key, statusCode, body);
  return { statusCode, body, replayed: false };
}

/**
 * A finished request's stored answer, read without claiming the key. Flows that call the outside
 * world before their transaction (buying a label) check it first, so a retry buys nothing.
 */
export async function storedAnswer(db: Db, tenantId: string, idempotency: Idempotency | undefined): Promise<{ statusCode: number; body: unknown } | undefined> {
  if (!idempotency) return undefined;
  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, idempotency.key)));
  if (!existing || existing.statusCode === null) return undefined;
  if (existing.requestHash !== idempotency.fingerprint) {
    throw new DomainError('REQUEST_IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was first used with a different request body or route.', [
      { field: 'Idempotency-Key', message: 'was used for a different request' },
    ]);
  }
  return { statusCode: existing.statusCode, body: existing.response };
}

/**
 * Stored answers whose body is one of the given records (`response ->> 'id'`), for erasure
 * (ADR 0026) to rewrite: a replay must not hand back personal data that was erased.
 */
export async function storedAnswersOf(db: Db, tenantId: string, recordIds: string[]): Promise<{ key: string; response: unknown }[]> {
  if (recordIds.length === 0) return [];
  return db
    .select({ key: idempotencyKeys.key, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, tenantId), sql`${idempotencyKeys.response} ->> 'id' = any(${sql.param(recordIds)}::text[])`));
}

export async function replaceStoredAnswers(db: Db, tenantId: string, rows: { key: string; response: unknown }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    update idempotency_keys k set response = v.response::jsonb
    from unnest(${sql.param(rows.map((r) => r.key))}::text[], ${sql.param(rows.map((r) => JSON.stringify(r.response)))}::text[]) as v(key, response)
    where k.tenant_id = ${tenantId} and k.key = v.key`);
}
