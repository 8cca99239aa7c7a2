import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { listAnswers, npsReport, NpsQuery, NpsView, OrderSurveyView, periodOf, ResponseList, ResponseQuery, responseView } from '../../../modules/surveys/index.js';
import { orderSurvey } from '../../../flows/surveys/survey.js';

const tags = ['surveys'];
const OrderId = Type.Object({ id: Type.String({ pattern: '^ord_[0-9a-z]{26}$' }) });

/** The satisfaction survey after delivery (ADR 0037): the NPS, the answers, an order's survey link. */
export function surveyRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/nps', {
      config: { action: 'surveys:read' },
      schema: {
        tags,
        summary: 'Net Promoter Score per channel, month or week: responses, promoters (9–10), passives (7–8), detractors (0–6), NPS = % promoters − % detractors',
        description: 'Each order counts once, with its latest answer, in the period of that answer (`from` inclusive, `to` exclusive); `channel` narrows to one channel (with `group_by=week` or `month`: that channel over time). Months are UTC calendar months (`2026-12`), weeks ISO 8601 weeks (`2026-W49`). NPS has one decimal, computed from the counts; null for no responses.',
        querystring: NpsQuery,
        response: { 200: NpsView },
      },
    }, async (request) => npsReport(db, request.principal.tenantId, request.query));

    app.get('/v1/survey-responses', {
      config: { action: 'surveys:read' },
      schema: {
        tags,
        summary: 'The survey answers, newest first (by when the order was first answered), with their comments',
        querystring: ResponseQuery,
        response: { 200: ResponseList },
      },
    }, async (request) => {
      const q = request.query;
      const req = pageRequest(q, /^svr_[0-9a-z]{26}$/);
      const rows = await listAnswers(db, request.principal.tenantId, { ...periodOf(q), channel: q.channel, scoreMin: q.score_min, scoreMax: q.score_max }, req);
      const p = page(rows, req, (r) => [r.id]);
      return { data: p.data.map(responseView), next_cursor: p.next_cursor };
    });

    app.get('/v1/orders/:id/survey', {
      config: { action: 'surveys:read' },
      schema: {
        tags,
        summary: 'The order’s survey link (once a shipment is delivered; it works 30 days after the latest delivery) and its answer',
        params: OrderId,
        response: { 200: OrderSurveyView },
      },
    }, async (request) => orderSurvey(db, request.principal.tenantId, request.params.id, deps.clock()));
  };
}
