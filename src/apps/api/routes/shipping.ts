import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { changeShippingRules, RulesBody, rulesFromWire, rulesToWire, shippingRulesOf } from '../../../modules/shipping/index.js';

/** /v1/shipping/rules: how a service is chosen. */
export function shippingRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.put('/v1/shipping/rules', {
      config: { action: 'carriers:write' },
      schema: { tags: ['shipping'], summary: 'How a service is chosen among those that meet the promise', body: RulesBody, response: { 200: RulesBody } },
    }, async (request) => rulesToWire(await changeShippingRules(db, actorOf(request.principal), rulesFromWire(request.body), deps.clock())));

    app.get('/v1/shipping/rules', {
      config: { action: 'read' },
      schema: { tags: ['shipping'], summary: 'The tenant’s shipping rules (default: cheapest)', response: { 200: RulesBody } },
    }, async (request) => rulesToWire(await shippingRulesOf(db, request.principal.tenantId)));
  };
}
