import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { findOrder, orderName, type OrderRow } from '../../modules/orders/index.js';
import { lastDeliveryOfOrder } from '../../modules/shipping/index.js';
import { findAnswerOfOrder, liveSurveyLink, recordAnswer, responseView, surveyExpiry, surveyUrl, type AnswerInput, type SurveyResponseRow } from '../../modules/surveys/index.js';
import { tenantName } from '../../modules/tenancy/index.js';

/**
 * The satisfaction survey after delivery (ADR 0037): the link an order is offered once a shipment
 * of it is delivered, the public page behind it, and the answer. The token is the only credential
 * of the page; a problem answer writes nothing.
 */


/** GET /v1/orders/{id}/survey: the order's link (null until delivered) and its answer. */
export async function orderSurvey(db: Db, tenantId: string, orderId: string, now: Date) {
  const order = await findOrder(db, tenantId, orderId);
  if (!order) throw new DomainError('ORDER_NOT_FOUND', `No order ${orderId}.`);
  const deliveredAt = await lastDeliveryOfOrder(db, tenantId, orderId);
  const expiresAt = deliveredAt ? surveyExpiry(deliveredAt) : null;
  const answer = await findAnswerOfOrder(db, tenantId, orderId);
  return {
    order_id: orderId,
    url: deliveredAt && expiresAt && expiresAt > now ? surveyUrl(tenantId, orderId, expiresAt) : null,
    delivered_at: deliveredAt?.toISOString() ?? null,
    expires_at: expiresAt?.toISOString() ?? null,
    response: answer ? responseView(answer) : null,
  };
}

export interface SurveyPage {
  shop: string;
  order_name: string;
  expires_at: string;
  answer: { score: number; comment: string | null; answered_at: string } | null;
}

/** The order a live link names, delivered: else 403 (an order deleted, or never delivered: a link this installation would not have offered). */
async function surveyedOrder(db: Db, token: string, now: Date) {
  const link = liveSurveyLink(token, now);
  const order = await findOrder(db, link.tenantId, link.orderId);
  if (!order || !(await lastDeliveryOfOrder(db, link.tenantId, link.orderId))) throw new DomainError('SURVEY_LINK_INVALID', 'The link names no delivered order.', [{ field: 'token', message: 'names no delivered order' }]);
  return { link, order };
}

function pageOf(shop: string | undefined, order: OrderRow, expiresAt: Date, answer: SurveyResponseRow | undefined): SurveyPage {
  return {
    shop: shop ?? '',
    order_name: orderName(order),
    expires_at: expiresAt.toISOString(),
    answer: answer ? { score: answer.score, comment: answer.comment, answered_at: answer.answeredAt.toISOString() } : null,
  };
}

/** GET /survey/{token}: what the page asks about, and the answer given so far (it may be changed while the link lives). */
export async function surveyPage(db: Db, token: string, now: Date): Promise<SurveyPage> {
  const { link, order } = await surveyedOrder(db, token, now);
  return pageOf(await tenantName(db, link.tenantId), order, link.expiresAt, await findAnswerOfOrder(db, link.tenantId, order.id));
}

/**
 * POST /survey/{token}: the customer's answer, one per order. A different answer replaces the
 * earlier one while the link lives (`survey.answered` with `replaced`); the same answer again
 * (a double submit) writes nothing and appends nothing. The unique (tenant, order) answer is
 * written in one statement, so no order lock is taken: concurrent answers end as one row.
 */
export async function answerSurvey(db: Db, token: string, input: AnswerInput, now: Date): Promise<SurveyPage & { recorded: 'new' | 'replaced' | 'unchanged' }> {
  return inTransaction(db, async (tx) => {
    const { link, order } = await surveyedOrder(tx, token, now);
    const actor: Actor = { tenantId: link.tenantId, actorId: `customer:survey:${order.id}` };
    const { row, event } = await recordAnswer(tx, { tenantId: link.tenantId, orderId: order.id, orderName: orderName(order), channel: order.channel }, input, now);
    if (event) await appendEvents(tx, actor, now, [event]);
    const answer = row ?? (await findAnswerOfOrder(tx, link.tenantId, order.id));
    const recorded = !row ? 'unchanged' : row.answers > 1 ? 'replaced' : 'new';
    return { ...pageOf(await tenantName(tx, link.tenantId), order, link.expiresAt, answer), recorded };
  });
}
