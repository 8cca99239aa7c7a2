import type { Db } from '../../../platform/db/database.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { SURVEY_ANSWERED, type SurveyAnswered } from '../../../platform/outbox/event-types.js';
import type { NewEvent } from '../../../platform/outbox/events.js';
import { categoryOf, COMMENT_MAX, isScore } from '../domain/nps.js';
import { upsertAnswer, type SurveyResponseRow } from '../db/responses.queries.js';

export interface AnswerInput {
  score: unknown;
  comment: unknown;
}

/**
 * A customer's answer checked: a whole score 0–10 (a form sends it as text), a comment of at
 * most 2000 characters (line breaks as one; blank is none). Every problem named at once.
 */
export function checkAnswer(input: AnswerInput): { score: number; comment: string | null } {
  const errors: FieldError[] = [];
  const raw = typeof input.score === 'string' ? input.score.trim() : input.score;
  const score = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (!isScore(score)) errors.push({ field: 'score', message: raw === undefined || raw === '' ? 'is required: choose 0 to 10' : 'must be a whole number from 0 to 10' });
  let comment: string | null = null;
  if (input.comment !== undefined && input.comment !== null) {
    if (typeof input.comment !== 'string') errors.push({ field: 'comment', message: 'must be text' });
    else {
      const text = input.comment.replace(/\r\n?/g, '\n').trim();
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) errors.push({ field: 'comment', message: 'contains control characters' });
      else if ([...text].length > COMMENT_MAX) errors.push({ field: 'comment', message: `must be at most ${COMMENT_MAX} characters` });
      else comment = text === '' ? null : text;
    }
  }
  if (errors.length > 0) throw new DomainError('SURVEY_ANSWER_INVALID', errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
  return { score, comment };
}

export interface AnsweredOrder {
  tenantId: string;
  orderId: string;
  orderName: string;
  channel: string;
}

/**
 * Records the order's answer (ADR 0037): the first, or a different one replacing it while the link
 * lives; the same answer again writes nothing and asks for no event. The event never carries the comment.
 */
export async function recordAnswer(tx: Db, order: AnsweredOrder, input: AnswerInput, now: Date): Promise<{ row: SurveyResponseRow | undefined; event: NewEvent | undefined }> {
  const answer = checkAnswer(input);
  const written = await upsertAnswer(tx, { tenantId: order.tenantId, id: newId('svr'), orderId: order.orderId, orderName: order.orderName, channel: order.channel, score: answer.score, comment: answer.comment, at: now });
  if (!written) return { row: undefined, event: undefined };
  const { row, replaced } = written;
  const data: SurveyAnswered = { response_id: row.id, score: row.score, category: categoryOf(row.score), channel: row.channel, has_comment: row.comment !== null, replaced };
  return { row, event: { type: SURVEY_ANSWERED, aggregateType: 'order', aggregateId: order.orderId, data: { ...data } } };
}
