import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { versionFromIfMatch } from '../../../platform/http/if-match.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { listOf } from '../../../platform/http/schemas.js';
import { CatalogView, DryRunBody, DryRunView, RULE_ID, RuleBody, RuleId, RulePatch, RuleQuery, RuleView, ruleView, RUN_ID, RunQuery, RunView } from '../../../modules/automations/index.js';
import { addRule, catalogView, deleteRule, editRule, ruleOf, rulesOf } from '../../../flows/automations/rules.js';
import { dryRun } from '../../../flows/automations/dry-run.js';
import { runViews } from '../../../flows/automations/runs.js';

const tags = ['automations'];
const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 20, description: 'The rule’s version as read (`3` or `"3"`): a stale one answers 409 AUTOMATION_RULE_CONFLICT' })) });

/** The rule version a change expects: If-Match, else the body's `version`. */
const versionOf = (header: string | undefined, body?: number) => versionFromIfMatch(header, 'rule', 'GET /v1/automations/{id}') ?? body;

/** /v1/automations, /v1/automation-runs, /v1/automation-catalog (ADR 0038): automation rules, their runs and dry runs. */
export function automationRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/automation-catalog', {
      config: { action: 'automations:read' },
      schema: { tags, summary: 'What a rule may name: triggers, facts (with types), actions, templates, hold types, limits', response: { 200: CatalogView } },
    }, async () => catalogView());

    app.get('/v1/automations', {
      config: { action: 'automations:read' },
      schema: {
        tags,
        summary: 'The rules: the defaults (one per message template and event, `default: true`) and your own, by id',
        description: 'Default rules are shipped with the OMS and send the customer messages; turn one off with PATCH {"enabled": false}, change it, or DELETE your change. Listed by id (defaults first), cursor pagination.',
        querystring: RuleQuery,
        response: { 200: listOf(RuleView) },
      },
    }, async (request) => {
      const pageOf = pageRequest(request.query, RULE_ID);
      const after = pageOf.after?.[0];
      const rules = (await rulesOf(db, request.principal.tenantId)).filter((r) => (request.query.trigger === undefined || r.trigger === request.query.trigger) && (after === undefined || r.id > after));
      return page(rules.slice(0, pageOf.size + 1).map(ruleView), pageOf, (r) => [r.id]);
    });

    app.post('/v1/automations', {
      config: { action: 'automations:write' },
      schema: {
        tags,
        summary: 'Write a rule: a trigger, a condition over the order’s facts, actions in order',
        description:
          'Checked before anything is written: the trigger, the condition (the rule language, ADR 0029/0038, over the facts of GET /v1/automation-catalog), each action and its fields; a problem answers 422 AUTOMATION_RULE_INVALID naming the field (`condition`, `actions[2].hours`). Every evaluation is logged as a run (GET /v1/automations/{id}/runs). Changes the rule makes are recorded with the actor `automation:<rule id>`.',
        body: RuleBody,
        response: { 201: RuleView },
      },
    }, async (request, reply) => reply.code(201).send(ruleView(await addRule(db, actorOf(request.principal), request.body, deps.clock()))));

    app.post('/v1/automations/dry-run', {
      config: { action: 'automations:read' },
      schema: { tags, summary: 'Try an unsaved rule (`rule`) on an order: what it sees, whether it matches, what each action would do; writes nothing', body: DryRunBody, response: { 200: DryRunView } },
    }, async (request) => {
      if (!request.body.rule) throw new DomainError('REQUEST_INVALID', 'A dry run of an unsaved rule needs the rule.', [{ field: 'body.rule', message: 'is required here (or POST /v1/automations/{id}/dry-run for a saved rule)' }]);
      return dryRun(db, request.principal.tenantId, null, request.body, deps.clock());
    });

    app.get('/v1/automations/:id', {
      config: { action: 'automations:read' },
      schema: { tags, summary: 'One rule', params: RuleId, response: { 200: RuleView } },
    }, async (request) => ruleView(await ruleOf(db, request.principal.tenantId, request.params.id)));

    app.patch('/v1/automations/:id', {
      config: { action: 'automations:write' },
      schema: {
        tags,
        summary: 'Change a rule, or turn it off or on (a default rule too)',
        description: 'The fields given replace the stored ones, checked as on POST (422 naming the field). Send the version you read as `If-Match` (or `version`): a stale one answers 409 AUTOMATION_RULE_CONFLICT. A default rule keeps its trigger.',
        params: RuleId,
        headers: IfMatch,
        body: RulePatch,
        response: { 200: RuleView },
      },
    }, async (request) => {
      const { version, ...body } = request.body;
      return ruleView(await editRule(db, actorOf(request.principal), request.params.id, body, versionOf(request.headers['if-match'], version), deps.clock()));
    });

    app.delete('/v1/automations/:id', {
      config: { action: 'automations:write' },
      schema: { tags, summary: 'Delete your rule, or your change to a default rule (it is back as shipped); its runs stay', params: RuleId, headers: IfMatch, response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await deleteRule(db, actorOf(request.principal), request.params.id, versionOf(request.headers['if-match']), deps.clock());
      return reply.code(204).send(null);
    });

    app.post('/v1/automations/:id/dry-run', {
      config: { action: 'automations:read' },
      schema: { tags, summary: 'Try a saved rule on an order (and an event of it): what it sees, whether it matches, what each action would do; writes nothing', params: RuleId, body: DryRunBody, response: { 200: DryRunView } },
    }, async (request) => dryRun(db, request.principal.tenantId, request.params.id, request.body, deps.clock()));

    app.get('/v1/automations/:id/runs', {
      config: { action: 'automations:read' },
      schema: { tags, summary: 'The rule’s runs, newest first: the event, the facts, the condition, each action’s outcome, the status', params: RuleId, querystring: RunQuery, response: { 200: listOf(RunView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, RUN_ID);
      return page(await runViews(db, request.principal.tenantId, { ruleId: request.params.id, orderId: request.query.order_id }, pageOf), pageOf, (r) => [r.id]);
    });

    app.get('/v1/automation-runs', {
      config: { action: 'automations:read' },
      schema: { tags, summary: 'Runs of every rule, newest first; `order_id`: one order’s', querystring: RunQuery, response: { 200: listOf(RunView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, RUN_ID);
      return page(await runViews(db, request.principal.tenantId, { orderId: request.query.order_id }, pageOf), pageOf, (r) => [r.id]);
    });
  };
}
