import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';

/**
 * Failure limits in the database (table `rate_limit_windows`, migration 0060), so that every API
 * process behind a load balancer counts the same failures and a restart forgets none: the portal
 * lookup's per-address and per-order-number limits (ADR 0036). The same rule as the in-memory
 * `AuthFailureLimiter`: after `maxFailures` failures within `windowMs` the key is refused until
 * a full window after the failure that reached the limit.
 *
 * A failure is one statement — `insert … on conflict do update` that starts a new window when the
 * old one has ended and otherwise adds one — so concurrent failures from several processes are
 * all counted (the row lock serialises them) and no read-modify-write race loses one. A check is
 * one indexed read of the keys asked about. Ended windows are swept by `sweepRateLimitWindows`.
 */
export interface WindowLimit {
  scope: string;
  maxFailures: number;
  windowMs: number;
}

/** Seconds to wait before any of `keys` may try again (0: now); each key is checked against its own limit. */
export async function sharedRetryAfterSeconds(db: Db, tenantId: string, keys: { limit: WindowLimit; key: string }[], now: Date): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await queryRows<{ scope: string; key: string; failures: number; resets_at: Date | string }>(
    db,
    sql`select scope, key, failures, resets_at from rate_limit_windows
        where tenant_id = ${tenantId} and (scope, key) in (select * from unnest(${sql.param(keys.map((k) => k.limit.scope))}::text[], ${sql.param(keys.map((k) => k.key))}::text[]))
          and resets_at > ${now.toISOString()}::timestamptz`,
  );
  let wait = 0;
  for (const row of rows) {
    const limit = keys.find((k) => k.limit.scope === row.scope && k.key === row.key)?.limit;
    if (!limit || row.failures < limit.maxFailures) continue;
    wait = Math.max(wait, Math.max(1, Math.ceil((new Date(row.resets_at).getTime() - now.getTime()) / 1000)));
  }
  return wait;
}

/** Counts one failure for each key, one conditional upsert per key (keys in a stable order). */
export async function recordSharedFailure(db: Db, tenantId: string, keys: { limit: WindowLimit; key: string }[], now: Date): Promise<void> {
  const sorted = [...keys].sort((a, b) => (a.limit.scope + a.key < b.limit.scope + b.key ? -1 : 1));
  for (const { limit, key } of sorted) {
    const ends = new Date(now.getTime() + limit.windowMs).toISOString();
    await db.execute(sql`
      insert into rate_limit_windows as w (tenant_id, scope, key, failures, resets_at)
      values (${tenantId}, ${limit.scope}, ${key}, 1, ${ends}::timestamptz)
      on conflict (tenant_id, scope, key) do update set
        failures = case when w.resets_at <= ${now.toISOString()}::timestamptz then 1 else w.failures + 1 end,
        -- A new window when the old one ended; the failure that reaches the limit starts a full window of refusal.
        resets_at = case when w.resets_at <= ${now.toISOString()}::timestamptz or w.failures + 1 = ${limit.maxFailures} then excluded.resets_at else w.resets_at end`);
  }
}

/** Deletes windows that ended before `now` (at most `batch` rows a call); answers how many. */
export async function sweepRateLimitWindows(db: Db, now: Date, batch = 5000): Promise<{ handled: number; more: boolean }> {
  const rows = await queryRows<{ n: number | string }>(
    db,
    sql`with gone as (delete from rate_limit_windows where ctid in (select ctid from rate_limit_windows where resets_at <= ${now.toISOString()}::timestamptz limit ${batch}) returning 1)
        select count(*) as n from gone`,
  );
  const handled = Number(rows[0]?.n ?? 0);
  return { handled, more: handled === batch };
}
