import { Type } from '@fastify/type-provider-typebox';
import { Instant, listOf, nullable, Timestamp } from '../../../platform/http/schemas.js';
import { PageQuery } from '../../../platform/http/pagination.js';
import { categoryOf } from '../domain/nps.js';
import type { SurveyResponseRow } from '../db/responses.queries.js';

const Grouping = Type.Union([Type.Literal('channel'), Type.Literal('month'), Type.Literal('week')]);

const Period = {
  from: Type.Optional({ ...Instant, description: 'Answers from this instant on (inclusive), by when they were last answered.' }),
  to: Type.Optional({ ...Instant, description: 'Answers before this instant (exclusive).' }),
};

export const NpsQuery = Type.Object(
  {
    ...Period,
    channel: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only this channel’s answers (with group_by month or week: the channel’s NPS over time)' })),
    group_by: Type.Optional(Type.Union([Type.Literal('channel'), Type.Literal('month'), Type.Literal('week')], { default: 'channel', description: 'channel; month (UTC, `2026-12`); week (ISO 8601, `2026-W49`)' })),
  },
  { additionalProperties: false },
);

const NpsFigures = {
  responses: Type.Integer({ minimum: 0 }),
  promoters: Type.Integer({ minimum: 0, description: 'Scores 9–10' }),
  passives: Type.Integer({ minimum: 0, description: 'Scores 7–8' }),
  detractors: Type.Integer({ minimum: 0, description: 'Scores 0–6' }),
  nps: nullable(Type.Number({ minimum: -100, maximum: 100, description: '% promoters − % detractors, one decimal, from the counts; null with no responses' })),
};

export const NpsView = Type.Object({
  group_by: Grouping,
  from: nullable(Timestamp),
  to: nullable(Timestamp),
  groups: Type.Array(Type.Object({ key: Type.String({ description: 'The channel, the month or the ISO week' }), ...NpsFigures })),
  total: Type.Object(NpsFigures),
});

export const ResponseQuery = Type.Object(
  {
    ...Period,
    channel: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    score_min: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'Only answers scoring at least this (9: the promoters; with score_max 8 and score_min 7: the passives)' })),
    score_max: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'Only answers scoring at most this (6: the detractors)' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const ResponseView = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  order_name: Type.String({ description: 'The channel’s name of the order, else #<number>' }),
  channel: Type.String(),
  score: Type.Integer({ minimum: 0, maximum: 10 }),
  category: Type.Union([Type.Literal('promoter'), Type.Literal('passive'), Type.Literal('detractor')]),
  comment: nullable(Type.String({ description: 'null when none was given, or the customer was erased' })),
  comment_erased: Type.Boolean(),
  answers: Type.Integer({ minimum: 1, description: 'How many times the customer answered (a later answer replaces the earlier one)' }),
  first_answered_at: Timestamp,
  answered_at: Timestamp,
});
export const ResponseList = listOf(ResponseView);

export const OrderSurveyView = Type.Object({
  order_id: Type.String(),
  url: nullable(Type.String({ description: 'The signed survey link (null until a shipment of the order is delivered)' })),
  delivered_at: nullable(Timestamp),
  expires_at: nullable(Timestamp),
  response: nullable(ResponseView),
});

export function responseView(r: SurveyResponseRow) {
  return {
    id: r.id,
    order_id: r.orderId,
    order_name: r.orderName,
    channel: r.channel,
    score: r.score,
    category: categoryOf(r.score),
    comment: r.comment,
    comment_erased: r.erasedAt !== null,
    answers: r.answers,
    first_answered_at: r.firstAnsweredAt.toISOString(),
    answered_at: r.answeredAt.toISOString(),
  };
}
