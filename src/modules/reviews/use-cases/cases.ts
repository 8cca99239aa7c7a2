import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { REVIEW_ASSIGNED, REVIEW_CLOSED, REVIEW_OPENED } from '../../../platform/outbox/event-types.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { mergeDetails, type CaseKind, type Resolution, type ReviewDetails } from '../domain/cases.js';
import { findCase, findOpenCase, insertOpenCase, markCaseClosed, setCaseAssignee, setCaseDetails, type ReviewCaseRow } from '../db/cases.queries.js';

/**
 * Review cases (ADR 0031). Every writer holds the case's order row lock (`lockOrder`), taken by the
 * calling flow, so opening, closing and the hold they decide never interleave; closing is also a
 * conditional update (`status = 'open'`), so of two closes exactly one wins.
 */

/** What a case copies from its order at opening, so the queue filters without joining orders. */
export interface CaseOrder {
  id: string;
  totalMinor: number;
  currency: string;
  shippingCountry: string | null;
}

export interface OpenedCase {
  case: ReviewCaseRow;
  /** False: the order had a case of this kind open; details were added to it, no event. */
  opened: boolean;
  event?: NewEvent;
}

/** Opens a case for a hold just placed, or adds the details to the open case of that kind. */
export async function openCase(tx: Db, actor: Actor, order: CaseOrder, hold: { id: string; kind: CaseKind; reason: string }, details: ReviewDetails, now: Date): Promise<OpenedCase> {
  const row: ReviewCaseRow = {
    tenantId: actor.tenantId,
    id: newId('rvc'),
    orderId: order.id,
    kind: hold.kind,
    holdId: hold.id,
    status: 'open',
    openedBy: actor.actorId,
    openedAt: now,
    assignee: null,
    score: details.score ?? null,
    orderTotalMinor: order.totalMinor,
    currency: order.currency,
    shippingCountry: order.shippingCountry,
    rules: details.rules ?? [],
    // The hold's reason is the first sentence when the opener has none of its own.
    sentences: details.sentences && details.sentences.length > 0 ? details.sentences : [hold.reason],
    details: details.details ?? null,
    resolution: null,
    reason: null,
    closedBy: null,
    closedAt: null,
  };
  const inserted = await insertOpenCase(tx, row);
  if (!inserted) {
    const existing = await findOpenCase(tx, actor.tenantId, order.id, hold.kind);
    if (!existing) throw new DomainError('ORDER_CONCURRENT_UPDATE');
    return { case: await addReviewDetails(tx, existing, details), opened: false };
  }
  const event: NewEvent = {
    type: REVIEW_OPENED,
    aggregateType: 'order',
    aggregateId: order.id,
    data: { case_id: inserted.id, kind: inserted.kind, hold_id: inserted.holdId, score: inserted.score, rules: inserted.rules, sentences: inserted.sentences },
  };
  return { case: inserted, opened: true, event };
}

/** Adds score, rules, sentences or details to a case (screening may know them after the hold). */
export async function addReviewDetails(tx: Db, c: ReviewCaseRow, details: ReviewDetails): Promise<ReviewCaseRow> {
  if (details.score == null && !details.rules?.length && !details.sentences?.length && !details.details) return c;
  return (await setCaseDetails(tx, c.tenantId, c.id, mergeDetails(c, details))) ?? c;
}

/** A case of the tenant, or 404. */
export async function getCase(db: Db, tenantId: string, id: string): Promise<ReviewCaseRow> {
  const found = await findCase(db, tenantId, id);
  if (!found) throw new DomainError('REVIEW_CASE_NOT_FOUND', `No review case ${id}.`);
  return found;
}

function closedProblem(c: ReviewCaseRow): DomainError {
  return new DomainError('REVIEW_CASE_CLOSED', `Review case ${c.id} was closed (${c.resolution ?? 'closed'}) at ${c.closedAt?.toISOString() ?? 'an earlier time'}.`, undefined, {
    resolution: c.resolution,
    closed_by: c.closedBy,
    closed_at: c.closedAt?.toISOString() ?? null,
  });
}

/** Closes an open case (409 REVIEW_CASE_CLOSED when it is closed already); answers it and `review.closed`. */
export async function closeCase(tx: Db, actor: Actor, id: string, close: { resolution: Resolution; reason: string }, now: Date): Promise<{ case: ReviewCaseRow; event: NewEvent }> {
  const closed = await markCaseClosed(tx, actor.tenantId, id, { ...close, by: actor.actorId, at: now });
  if (!closed) throw closedProblem(await getCase(tx, actor.tenantId, id));
  const event: NewEvent = {
    type: REVIEW_CLOSED,
    aggregateType: 'order',
    aggregateId: closed.orderId,
    data: { case_id: closed.id, kind: closed.kind, hold_id: closed.holdId, resolution: close.resolution, reason: close.reason, age_seconds: Math.floor((now.getTime() - closed.openedAt.getTime()) / 1000) },
  };
  return { case: closed, event };
}

/** Sets or clears the assignee of an open case (the caller checked the user); answers it and `review.assigned`. */
export async function assignCase(tx: Db, actor: Actor, id: string, assignee: string | null): Promise<{ case: ReviewCaseRow; event: NewEvent }> {
  const before = await getCase(tx, actor.tenantId, id);
  const row = await setCaseAssignee(tx, actor.tenantId, id, assignee);
  if (!row) throw closedProblem(before);
  return { case: row, event: { type: REVIEW_ASSIGNED, aggregateType: 'order', aggregateId: row.orderId, data: { case_id: row.id, kind: row.kind, before: before.assignee, after: assignee } } };
}
