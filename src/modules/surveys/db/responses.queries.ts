import { and, eq, gte, inArray, isNotNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import type { NpsCounts, NpsGrouping } from '../domain/nps.js';
import { surveyResponses } from './schema.js';

export type SurveyResponseRow = typeof surveyResponses.$inferSelect;

export interface NewAnswer {
  tenantId: string;
  id: string;
  orderId: string;
  orderName: string;
  channel: string;
  score: number;
  comment: string | null;
  at: Date;
}

/**
 * The order's answer written in one statement: inserted, or the earlier answer replaced when the
 * score or comment differ; undefined when it is the same answer again (a double submit: nothing
 * written). The unique (tenant, order) makes concurrent first answers one row.
 */
export async function upsertAnswer(db: Db, a: NewAnswer): Promise<{ row: SurveyResponseRow; replaced: boolean } | undefined> {
  const rows = await db
    .insert(surveyResponses)
    .values({ tenantId: a.tenantId, id: a.id, orderId: a.orderId, orderName: a.orderName, channel: a.channel, score: a.score, comment: a.comment, answers: 1, firstAnsweredAt: a.at, answeredAt: a.at, erasedAt: null })
    .onConflictDoUpdate({
      target: [surveyResponses.tenantId, surveyResponses.orderId],
      set: { score: a.score, comment: a.comment, answers: sql`${surveyResponses.answers} + 1`, answeredAt: a.at },
      setWhere: sql`(${surveyResponses.score}, ${surveyResponses.comment}) is distinct from (excluded.score, excluded.comment)`,
    })
    .returning();
  const [row] = rows;
  return row ? { row, replaced: row.answers > 1 } : undefined;
}

export async function findAnswerOfOrder(db: Db, tenantId: string, orderId: string): Promise<SurveyResponseRow | undefined> {
  const [row] = await db.select().from(surveyResponses).where(and(eq(surveyResponses.tenantId, tenantId), eq(surveyResponses.orderId, orderId)));
  return row;
}

export interface ResponseFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  channel?: string | undefined;
  scoreMin?: number | undefined;
  scoreMax?: number | undefined;
}

function filterOf(tenantId: string, f: ResponseFilter): SQL[] {
  return [
    eq(surveyResponses.tenantId, tenantId),
    ...(f.from ? [gte(surveyResponses.answeredAt, f.from)] : []),
    ...(f.to ? [lt(surveyResponses.answeredAt, f.to)] : []),
    ...(f.channel !== undefined ? [eq(surveyResponses.channel, f.channel)] : []),
    ...(f.scoreMin !== undefined ? [gte(surveyResponses.score, f.scoreMin)] : []),
    ...(f.scoreMax !== undefined ? [lte(surveyResponses.score, f.scoreMax)] : []),
  ];
}

/** The answers newest first (by id: when the order was first answered), `size + 1` rows. */
export async function listAnswers(db: Db, tenantId: string, f: ResponseFilter, page: PageRequest): Promise<SurveyResponseRow[]> {
  const k = keyset([surveyResponses.id], page);
  return db
    .select()
    .from(surveyResponses)
    .where(and(...filterOf(tenantId, f), k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

const GROUP_KEY: Record<NpsGrouping, SQL<string>> = {
  channel: sql<string>`${surveyResponses.channel}`,
  month: sql<string>`to_char(${surveyResponses.answeredAt} at time zone 'UTC', 'YYYY-MM')`,
  week: sql<string>`to_char(${surveyResponses.answeredAt} at time zone 'UTC', 'IYYY-"W"IW')`,
};

/** Promoters, passives and detractors per group (channel, UTC month `2026-12`, ISO week `2026-W49`), by key. */
export async function countAnswers(db: Db, tenantId: string, groupBy: NpsGrouping, f: ResponseFilter): Promise<(NpsCounts & { key: string })[]> {
  const key = GROUP_KEY[groupBy];
  const rows = await db
    .select({
      key,
      promoters: sql<number>`count(*) filter (where ${surveyResponses.score} >= 9)::int`,
      passives: sql<number>`count(*) filter (where ${surveyResponses.score} between 7 and 8)::int`,
      detractors: sql<number>`count(*) filter (where ${surveyResponses.score} <= 6)::int`,
    })
    .from(surveyResponses)
    .where(and(...filterOf(tenantId, f)))
    .groupBy(key)
    .orderBy(key);
  return rows.map((r) => ({ key: r.key, promoters: Number(r.promoters), passives: Number(r.passives), detractors: Number(r.detractors) }));
}

/** Customer erasure: the comments of these orders' answers blanked; the scores stay. Answers how many were blanked. */
export async function eraseCommentsOfOrders(db: Db, tenantId: string, orderIds: readonly string[], at: Date): Promise<number> {
  if (orderIds.length === 0) return 0;
  const rows = await db
    .update(surveyResponses)
    .set({ comment: null, erasedAt: at })
    .where(and(eq(surveyResponses.tenantId, tenantId), inArray(surveyResponses.orderId, [...orderIds]), isNotNull(surveyResponses.comment)))
    .returning({ id: surveyResponses.id });
  return rows.length;
}
