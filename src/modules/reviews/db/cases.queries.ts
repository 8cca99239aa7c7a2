import { and, arrayContains, asc, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { currenciesByExponent } from '../../../platform/kernel/money.js';
import type { CaseKind, CaseStatus, Resolution } from '../domain/cases.js';
import { reviewCases } from './schema.js';

export type ReviewCaseRow = typeof reviewCases.$inferSelect;

/**
 * Inserts an open case unless the order has one of that kind open: answers the row inserted, or
 * undefined (the caller reads the open one). The partial unique index `review_cases_open` decides.
 */
export async function insertOpenCase(db: Db, row: ReviewCaseRow): Promise<ReviewCaseRow | undefined> {
  const [inserted] = await db
    .insert(reviewCases)
    .values(row)
    .onConflictDoNothing({ target: [reviewCases.tenantId, reviewCases.orderId, reviewCases.kind], where: sql`status = 'open'` })
    .returning();
  return inserted;
}

export async function findCase(db: Db, tenantId: string, id: string): Promise<ReviewCaseRow | undefined> {
  const [row] = await db.select().from(reviewCases).where(and(eq(reviewCases.tenantId, tenantId), eq(reviewCases.id, id)));
  return row;
}

export async function findOpenCase(db: Db, tenantId: string, orderId: string, kind: CaseKind): Promise<ReviewCaseRow | undefined> {
  const [row] = await db.select().from(reviewCases).where(and(eq(reviewCases.tenantId, tenantId), eq(reviewCases.orderId, orderId), eq(reviewCases.kind, kind), eq(reviewCases.status, 'open')));
  return row;
}

/** The open cases of some orders (the order view's Holds card, cancel). */
export async function openCasesOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<ReviewCaseRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .select()
    .from(reviewCases)
    .where(and(eq(reviewCases.tenantId, tenantId), inArray(reviewCases.orderId, orderIds), eq(reviewCases.status, 'open')))
    .orderBy(asc(reviewCases.id));
}

/** Closes an open case: a conditional update, so of two closes one changes the row; the other gets undefined. */
export async function markCaseClosed(db: Db, tenantId: string, id: string, close: { resolution: Resolution; reason: string; by: string; at: Date }): Promise<ReviewCaseRow | undefined> {
  const [row] = await db
    .update(reviewCases)
    .set({ status: 'closed', resolution: close.resolution, reason: close.reason, closedBy: close.by, closedAt: close.at })
    .where(and(eq(reviewCases.tenantId, tenantId), eq(reviewCases.id, id), eq(reviewCases.status, 'open')))
    .returning();
  return row;
}

/** Sets an open case's assignee (null: unassigned); undefined when the case is closed. */
export async function setCaseAssignee(db: Db, tenantId: string, id: string, assignee: string | null): Promise<ReviewCaseRow | undefined> {
  const [row] = await db.update(reviewCases).set({ assignee }).where(and(eq(reviewCases.tenantId, tenantId), eq(reviewCases.id, id), eq(reviewCases.status, 'open'))).returning();
  return row;
}

export async function setCaseDetails(db: Db, tenantId: string, id: string, d: Pick<ReviewCaseRow, 'score' | 'rules' | 'sentences' | 'details'>): Promise<ReviewCaseRow | undefined> {
  const [row] = await db.update(reviewCases).set(d).where(and(eq(reviewCases.tenantId, tenantId), eq(reviewCases.id, id))).returning();
  return row;
}

/**
 * A decimal amount in major units as each row's minor units: scaled by the exponent of the row's
 * currency, in numeric (exact: 0.5 JPY is compared as 0.5, not rounded).
 */
function inMinorUnits(amount: string): SQL {
  const exponent = sql.join([...currenciesByExponent()].map(([e, codes]) => sql`WHEN ${inArray(reviewCases.currency, [...codes])} THEN ${e}::int`), sql` `);
  return sql`(${amount}::numeric * power(10::numeric, CASE ${exponent} ELSE 2 END))`;
}

export interface CaseFilter {
  status?: CaseStatus | undefined;
  kind?: CaseKind | undefined;
  /** A user id; 'none' for unassigned cases. */
  assignee?: string | undefined;
  scoreMin?: number | undefined;
  scoreMax?: number | undefined;
  /** A decimal amount in major units of each case's currency ("250" is 250.00 USD, 250 JPY, 250.000 KWD). */
  valueMin?: string | undefined;
  valueMax?: string | undefined;
  country?: string | undefined;
  rule?: string | undefined;
  orderId?: string | undefined;
}

/** `age`: oldest first (the SLA's order, the default); `-age`: newest first. Ids are time-sortable, so both page by id. */
export type CaseSort = 'age' | '-age';

export async function listCases(db: Db, tenantId: string, f: CaseFilter, sort: CaseSort, page: PageRequest): Promise<ReviewCaseRow[]> {
  const ks = keyset([reviewCases.id], page, sort === 'age' ? 'oldest_first' : 'newest_first');
  const where: (SQL | undefined)[] = [eq(reviewCases.tenantId, tenantId), ks.where];
  if (f.status) where.push(eq(reviewCases.status, f.status));
  if (f.kind) where.push(eq(reviewCases.kind, f.kind));
  if (f.assignee === 'none') where.push(isNull(reviewCases.assignee));
  else if (f.assignee) where.push(eq(reviewCases.assignee, f.assignee));
  if (f.scoreMin !== undefined) where.push(gte(reviewCases.score, f.scoreMin));
  if (f.scoreMax !== undefined) where.push(lte(reviewCases.score, f.scoreMax));
  if (f.valueMin !== undefined) where.push(sql`${reviewCases.orderTotalMinor} >= ${inMinorUnits(f.valueMin)}`);
  if (f.valueMax !== undefined) where.push(sql`${reviewCases.orderTotalMinor} <= ${inMinorUnits(f.valueMax)}`);
  if (f.country) where.push(eq(reviewCases.shippingCountry, f.country));
  if (f.rule) where.push(arrayContains(reviewCases.rules, [f.rule]));
  if (f.orderId) where.push(eq(reviewCases.orderId, f.orderId));
  return db.select().from(reviewCases).where(and(...where)).orderBy(...ks.orderBy).limit(ks.limit);
}

/** Every case of an order, newest first. */
export async function casesOfOrder(db: Db, tenantId: string, orderId: string): Promise<ReviewCaseRow[]> {
  return db.select().from(reviewCases).where(and(eq(reviewCases.tenantId, tenantId), eq(reviewCases.orderId, orderId))).orderBy(desc(reviewCases.id));
}
