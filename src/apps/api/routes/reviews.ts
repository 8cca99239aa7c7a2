import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { PageQuery, pageRequest } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { IdempotencyHeader, listOf, nullable, text } from '../../../platform/http/schemas.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import { assignReviewCase, caseDetail, closeReviewCase, listCaseViews } from '../../../flows/reviews/review-cases.js';
import { CaseDetailSchema, CaseKindSchema, CaseViewSchema } from './review-schemas.js';

const CaseId = Type.Object({ id: Type.String({ pattern: '^rvc_[0-9a-z]{26}$' }) });
const Decimal = Type.String({ pattern: '^[0-9]{1,15}(\\.[0-9]{1,4})?$', description: 'A decimal amount in major units of each case’s currency, e.g. 250.00' });


/** /v1/reviews: the review queue (ADR 0031). */
export function reviewRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/reviews', {
      config: { action: 'reviews:read' },
      schema: {
        tags: ['reviews'],
        summary: 'The review queue: cases opened by fraud review, address review and verification holds, oldest first',
        description: 'Filters combine with AND. `assignee=none` lists unassigned cases. `value_min`/`value_max` compare the order total captured with the case, in major units of each case’s currency: `value_min=250` is 250.00 on a USD case, 250 on a JPY case, 250.000 on a KWD case. `sort=-age` lists newest first.',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')], { description: 'open (default) or closed' })),
            kind: Type.Optional(CaseKindSchema),
            assignee: Type.Optional(Type.String({ pattern: '^(usr_[0-9a-z]{26}|none)$' })),
            score_min: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
            score_max: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
            value_min: Type.Optional(Decimal),
            value_max: Type.Optional(Decimal),
            country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
            rule: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            order_id: Type.Optional(Type.String({ pattern: '^ord_[0-9a-z]{26}$' })),
            sort: Type.Optional(Type.Union([Type.Literal('age'), Type.Literal('-age')], { description: 'age (default: oldest first, the SLA order) or -age' })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(CaseViewSchema) },
      },
    }, async (request) => {
      const q = request.query;
      const filter = {
        status: q.status ?? (q.order_id ? undefined : ('open' as const)),
        kind: q.kind,
        assignee: q.assignee,
        scoreMin: q.score_min,
        scoreMax: q.score_max,
        valueMin: q.value_min,
        valueMax: q.value_max,
        country: q.country?.toUpperCase(),
        rule: q.rule,
        orderId: q.order_id,
      };
      return listCaseViews(db, request.principal.tenantId, filter, q.sort ?? 'age', pageRequest(q, /^rvc_[0-9a-z]{26}$/), deps.clock());
    });

    app.get('/v1/reviews/:id', {
      config: { action: 'reviews:read' },
      schema: {
        tags: ['reviews'],
        summary: 'A review case: its signals as sentences, its order, and the orders linked to it by e-mail, phone, shipping address or customer',
        params: CaseId,
        response: { 200: CaseDetailSchema },
      },
    }, async (request) => caseDetail(db, request.principal.tenantId, request.params.id, deps.clock()));

    app.post('/v1/reviews/:id/assign', {
      config: { action: 'reviews:work' },
      schema: {
        tags: ['reviews'],
        summary: 'Assign an open case to a staff user (admin or operator), or unassign it with null',
        params: CaseId,
        body: Type.Object({ assignee: nullable(Type.String({ pattern: '^usr_[0-9a-z]{26}$' })) }, { additionalProperties: false }),
        response: { 200: CaseViewSchema },
      },
    }, async (request) => assignReviewCase(db, actorOf(request.principal), request.params.id, request.body.assignee, deps.clock()));

    app.post('/v1/reviews/:id/close', {
      config: { action: 'reviews:work' },
      schema: {
        tags: ['reviews'],
        summary: 'Close a case: approved releases its hold; rejected cancels the order (stock released, its other holds ended)',
        description:
          'Of two closes at once one wins; the other answers 409 REVIEW_CASE_CLOSED, as does a case whose order was cancelled meanwhile (resolution `cancelled`). Releasing the last hold releases the order. Idempotency-Key supported.',
        params: CaseId,
        headers: IdempotencyHeader,
        body: Type.Object({ resolution: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]), reason: text(1000, { description: 'Why: on the timeline with review.closed' }) }, { additionalProperties: false }),
        response: { 200: CaseViewSchema },
      },
    }, async (request) => {
      const path = `/v1/reviews/${request.params.id}/close`;
      const answer = await closeReviewCase(db, actorOf(request.principal), request.params.id, request.body, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', path, request.body));
      return answer.body;
    });
  };
}
