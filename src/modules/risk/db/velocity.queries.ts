import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { queryRows } from '../../../platform/db/database.js';
import type { ReadPart } from '../../../platform/db/write-part.js';
import type { Velocity, VelocityKey } from '../domain/input.js';
import type { VelocityValues } from '../domain/velocity-keys.js';

/** SHA-256 of a normalised value, 128 bits in base64url: the table holds no readable e-mail, IP or card. */
export function keyHash(kind: string, value: string): string {
  return createHash('sha256').update(`${kind}:${value}`).digest('base64url').slice(0, 22);
}

interface CountRow {
  kind: VelocityKey;
  o1: number;
  o24: number;
  o7: number;
  c1: number;
  c24: number;
  c7: number;
  a1: number;
  a24: number;
  a7: number;
}

/**
 * The velocity read (ADR 0030), as WITH items that ride in the order's insert (a `ReadPart`), so
 * it adds no round trip of its own to the capture. Each key is one probe of the lookup index
 * (tenant, kind, key hash, time): `offset 0` keeps the lateral subquery from being flattened into
 * a join, which the generic plan of a prepared statement ran as a scan of the tenant's whole week
 * of keys (7,390 buffers against 12 for 1,300 orders; `test/db/risk-velocity-plan.test.ts`).
 * $1 tenant, $2 order, $3 kinds, $4 key hashes, $5 the order's time, $6 card hash, $7 address hash.
 */
export const VELOCITY_WITH = `velocity_mine(kind, key_hash) as (select * from unnest($3::text[], $4::text[])),
   velocity_ins as (
     insert into risk_velocity_keys (tenant_id, order_id, kind, key_hash, at, card_hash, address_hash)
     select $1::text, $2::text, kind, key_hash, $5::timestamptz, $6::text, $7::text from velocity_mine
   ),
   velocity_seen as (
     select m.kind, v.at, v.order_id, v.card_hash, v.address_hash
       from velocity_mine m cross join lateral (
         select k.at, k.order_id, k.card_hash, k.address_hash from risk_velocity_keys k
          where k.tenant_id = $1::text and k.kind = m.kind and k.key_hash = m.key_hash
            and k.at > $5::timestamptz - interval '7 days' and k.at <= $5::timestamptz
         offset 0
       ) v
     union all
     select kind, $5::timestamptz, $2::text, $6::text, $7::text from velocity_mine
   ),
   velocity_counts as (
     select kind,
       count(distinct order_id) filter (where at > $5::timestamptz - interval '1 hour')::int as o1,
       count(distinct order_id) filter (where at > $5::timestamptz - interval '24 hours')::int as o24,
       count(distinct order_id)::int as o7,
       count(distinct card_hash) filter (where at > $5::timestamptz - interval '1 hour')::int as c1,
       count(distinct card_hash) filter (where at > $5::timestamptz - interval '24 hours')::int as c24,
       count(distinct card_hash)::int as c7,
       count(distinct address_hash) filter (where at > $5::timestamptz - interval '1 hour')::int as a1,
       count(distinct address_hash) filter (where at > $5::timestamptz - interval '24 hours')::int as a24,
       count(distinct address_hash)::int as a7
     from velocity_seen group by kind
   )`;
export const VELOCITY_VALUE = `(select coalesce(json_agg(velocity_counts), '[]'::json) from velocity_counts)`;

/**
 * Records the order's velocity keys and counts, per key, the orders, distinct cards and distinct
 * shipping addresses over 1 h, 24 h and 7 d before `at` — this order included — riding in the
 * order's insert (ADR 0030); undefined when the order has no key. The insert's rows are not
 * visible to the same statement's read, so the order is added to the rows read by `union all`.
 * Other captures count this order once its transaction commits: concurrent orders on one key may
 * not see each other (the guarantee is in the ADR).
 */
export function velocityRead(tenantId: string, orderId: string, at: Date, values: VelocityValues): ReadPart<Velocity> | undefined {
  if (values.keys.length === 0) return undefined;
  const card = values.card === null ? null : keyHash('card', values.card);
  const address = values.address === null ? null : keyHash('address', values.address);
  return {
    name: 'risk_velocity',
    with: VELOCITY_WITH,
    value: VELOCITY_VALUE,
    params: [tenantId, orderId, values.keys.map((k) => k.kind), values.keys.map((k) => keyHash(k.kind, k.value)), at.toISOString(), card, address],
    parse: (value) => velocityOf(value as CountRow[], card !== null, address !== null),
  };
}

function velocityOf(rows: CountRow[], hasCard: boolean, hasAddress: boolean): Velocity {
  const velocity: Velocity = {};
  for (const r of rows) {
    // An order without a card (or address) leaves those counts unknown for its keys, not zero.
    const cards = (n: number) => (hasCard ? { cards: n } : {});
    const addresses = (n: number) => (hasAddress ? { addresses: n } : {});
    velocity[r.kind] = {
      '1h': { orders: r.o1, ...cards(r.c1), ...addresses(r.a1) },
      '24h': { orders: r.o24, ...cards(r.c24), ...addresses(r.a24) },
      '7d': { orders: r.o7, ...cards(r.c7), ...addresses(r.a7) },
    };
  }
  return velocity;
}

/** Erasure: the erased orders' keys go (they are hashes, but of a person's e-mail and address). */
export async function deleteVelocityKeys(db: Db, tenantId: string, orderIds: string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await db.execute(sql`delete from risk_velocity_keys where tenant_id = ${tenantId} and order_id = any(${sql.param(orderIds)}::text[])`);
}

/**
 * Orders sharing this order's card fingerprint or IP (what screening keyed it by), newest first, at
 * most `limit` per kind: for the review queue's linked orders. Each probe is a range of the
 * `risk_velocity_lookup` index (tenant, kind, key hash).
 */
export async function ordersSharingKeys(db: Db, tenantId: string, orderId: string, kinds: readonly ('card' | 'ip')[], limit = 20): Promise<{ orderId: string; kind: 'card' | 'ip' }[]> {
  if (kinds.length === 0) return [];
  return queryRows<{ orderId: string; kind: 'card' | 'ip' }>(
    db,
    sql`select other.order_id as "orderId", mine.kind
        from risk_velocity_keys mine
        cross join lateral (
          select k.order_id from risk_velocity_keys k
          where k.tenant_id = mine.tenant_id and k.kind = mine.kind and k.key_hash = mine.key_hash and k.order_id <> mine.order_id
          order by k.at desc limit ${limit}
        ) other
        where mine.tenant_id = ${tenantId} and mine.order_id = ${orderId} and mine.kind in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})`,
  );
}
