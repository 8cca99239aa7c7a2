import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { preparedStatement } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { customers } from './schema.js';

export type CustomerRow = typeof customers.$inferSelect;

/**
 * Capture's find-or-create, one statement (ADR 0026): the customer of the key (a tombstone answers
 * its survivor), else a new row. No row lock is taken on an existing customer, so captures of one
 * customer never queue on it. `created` says which. When a concurrent capture inserted the same key
 * and committed after this statement's snapshot, the insert does nothing and the select cannot see
 * it: the statement answers no row, and the caller runs it again (a new snapshot sees the row).
 */
const findOrInsert = preparedStatement<{ id: string; created: boolean }>(
  'customers_find_or_insert',
  `with found as (
     select coalesce(merged_into, id) as id, false as created from customers where tenant_id = $1 and match_key = $3
   ), inserted as (
     insert into customers (tenant_id, id, match_key, email, phone, name, default_address, tags, version, created_at, updated_at)
     select $1, $2, $3, $4, $5, $6, $7::jsonb, '{}', 1, $8, $8
     where not exists (select 1 from found)
     on conflict (tenant_id, match_key) where match_key is not null do nothing
     returning id, true as created
   )
   select id, created from found union all select id, created from inserted`,
);

export interface NewCustomer {
  tenantId: string;
  id: string;
  matchKey: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  defaultAddress: Record<string, unknown> | null;
  now: Date;
}

export async function findOrInsertCustomer(db: Db, c: NewCustomer): Promise<{ id: string; created: boolean } | undefined> {
  const [row] = await findOrInsert(db, [c.tenantId, c.id, c.matchKey, c.email, c.phone, c.name, c.defaultAddress === null ? null : JSON.stringify(c.defaultAddress), c.now]);
  return row;
}

export async function findCustomer(db: Db, tenantId: string, id: string): Promise<CustomerRow | undefined> {
  const [row] = await db.select().from(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)));
  return row;
}

/** Locks the customers in id order (a merge locks two: a stable order, no deadlock between two merges). */
export async function lockCustomers(db: Db, tenantId: string, ids: string[]): Promise<CustomerRow[]> {
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids)))
    .orderBy(customers.id)
    .for('update');
}

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface CustomerSearch {
  /** Lower-case text: a prefix of the e-mail, the name or its last word. */
  text?: string;
  /** A prefix of the E.164 phone (`+4930…`), when the query reads as a phone. */
  phonePrefix?: string;
}

/** GET /v1/customers: the tenant's customers (not merged ones), newest first, optionally searched. */
export async function listCustomers(db: Db, tenantId: string, search: CustomerSearch, page: PageRequest): Promise<CustomerRow[]> {
  const k = keyset([customers.id], page, 'newest_first');
  const probes: SQL[] = [];
  if (search.text) {
    const p = likePrefix(search.text);
    probes.push(sql`${customers.email} like ${p}`, sql`lower(${customers.name}) like ${p}`, sql`lower(substring(${customers.name} from '([^[:space:]]+)[[:space:]]*$')) like ${p}`);
  }
  if (search.phonePrefix) probes.push(sql`${customers.phone} like ${likePrefix(search.phonePrefix)}`);
  const searched = search.text !== undefined || search.phonePrefix !== undefined;
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), isNull(customers.mergedInto), searched ? (probes.length > 0 ? sql`(${sql.join(probes, sql` or `)})` : sql`false`) : undefined, k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

/** Compare-and-set on version: false when another request changed the customer first. */
export async function updateCustomer(db: Db, tenantId: string, id: string, expectedVersion: number, changes: Partial<Pick<CustomerRow, 'name' | 'phone' | 'tags' | 'note' | 'email' | 'matchKey' | 'defaultAddress' | 'mergedInto' | 'erasedAt'>>, now: Date): Promise<boolean> {
  const rows = await db
    .update(customers)
    .set({ ...changes, version: expectedVersion + 1, updatedAt: now })
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, id), eq(customers.version, expectedVersion)))
    .returning({ id: customers.id });
  return rows.length === 1;
}

/** After a merge: the tombstones that pointed at the merged customer point at the survivor. Their ids. */
export async function repointTombstones(db: Db, tenantId: string, from: string, to: string, now: Date): Promise<string[]> {
  const rows = await db
    .update(customers)
    .set({ mergedInto: to, updatedAt: now, version: sql`${customers.version} + 1` })
    .where(and(eq(customers.tenantId, tenantId), eq(customers.mergedInto, from)))
    .returning({ id: customers.id });
  return rows.map((r) => r.id);
}

/** The tombstones merged into a customer (their keys and contacts are the person's too). */
export async function tombstonesOf(db: Db, tenantId: string, id: string): Promise<CustomerRow[]> {
  return db.select().from(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.mergedInto, id)));
}
