import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { DomainError } from '../../../platform/errors.js';
import { findOrder } from '../../../modules/orders/index.js';
import { BacktestBody, BacktestViewSchema, CreateRuleSetBody, decisionsOfOrders, decisionView, DecisionViewSchema, RuleSetViewSchema } from '../../../modules/risk/index.js';
import { activateRuleSetVersion, activeRuleSetView, backtestRuleSet, listRuleSetViews, writeRuleSet } from '../../../flows/risk/rule-sets.js';

const tags = ['risk'];
const Version = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const OrderId = Type.Object({ id: Type.String({ pattern: '^ord_[0-9a-z]{26}$' }) });

/** /v1/risk (ADR 0030): the fraud-screening rule sets capture uses, backtests, and each order's decision. */
export function riskRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/risk/rule-sets', {
      config: { action: 'risk:read' },
      schema: { tags, summary: 'The tenant’s rule set versions, newest first (at most 200)', response: { 200: Type.Object({ data: Type.Array(RuleSetViewSchema) }) } },
    }, async (request) => ({ data: await listRuleSetViews(db, request.principal.tenantId, 200) }));
    app.get('/v1/risk/rule-sets/active', {
      config: { action: 'risk:read' },
      schema: { tags, summary: 'The rule set capture screens with: the active version, or the built-in default (version null)', response: { 200: RuleSetViewSchema } },
    }, async (request) => activeRuleSetView(db, request.principal.tenantId));
    app.post('/v1/risk/rule-sets', {
      config: { action: 'risk:write' },
      schema: {
        tags,
        summary: 'Write a new rule set version (immutable); `activate` makes it the one capture uses',
        description: 'The whole set is checked first: every rule that does not parse or type-check, every bad list entry and setting is named in one 422 problem (`rules[3].rule`, `lists.block.ips[0]`, `settings.thresholds.review`), and nothing is written. Versions are numbered 1, 2, 3… per tenant; decisions record them as v1, v2…',
        body: CreateRuleSetBody,
        response: { 201: RuleSetViewSchema },
      },
    }, async (request, reply) => {
      reply.code(201);
      return writeRuleSet(db, actorOf(request.principal), request.body, deps.clock());
    });
    app.post('/v1/risk/rule-sets/:version/activate', {
      config: { action: 'risk:write' },
      schema: { tags, summary: 'Make a stored version the one capture screens with (risk.rule_set_activated)', params: Version, body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false })), response: { 200: RuleSetViewSchema } },
    }, async (request) => activateRuleSetVersion(db, actorOf(request.principal), request.params.version, request.body?.reason, deps.clock()));
    app.post('/v1/risk/backtest', {
      config: { action: 'risk:read' },
      schema: {
        tags,
        summary: 'Screen the orders of the last N days again under a proposed rule set (or a stored version): how many would be allowed, reviewed, rejected, verified, and which changed',
        description: 'Each order is screened on exactly the input stored with its decision at capture (velocity and history as they were then), so the only difference is the rules. Nothing is written.',
        body: BacktestBody,
        response: { 200: BacktestViewSchema },
      },
    }, async (request) => backtestRuleSet(db, request.principal.tenantId, request.body, deps.clock()));
    app.get('/v1/orders/:id/risk', {
      config: { action: 'risk:read' },
      schema: { tags, summary: 'The order’s fraud-screening decision: action, score, every matched rule, every signal with its sentence, and the input it was made on', params: OrderId, response: { 200: DecisionViewSchema } },
    }, async (request) => {
      const tenantId = request.principal.tenantId;
      const [row] = await decisionsOfOrders(db, tenantId, [request.params.id]);
      if (row) return decisionView(row);
      if (!(await findOrder(db, tenantId, request.params.id))) throw new DomainError('ORDER_NOT_FOUND');
      throw new DomainError('RISK_DECISION_NOT_FOUND');
    });
  };
}
