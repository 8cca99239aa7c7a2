import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { carrierSecretsOf, PromiseQuery, PromiseView } from '../../../modules/shipping/index.js';
import { promiseForSku } from '../../../flows/shipping/delivery-promise.js';

/** /v1/promise: a storefront's "arrives by" (a flow: shipping with inventory and routing). */
export function promiseRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const secrets = carrierSecretsOf(deps.config);

    app.get('/v1/promise', {
      config: { action: 'read' },
      schema: { tags: ['shipping'], summary: 'A storefront’s “arrives by”: ship-by and deliver-by dates for a SKU to a postal code', querystring: PromiseQuery, response: { 200: PromiseView } },
    }, async (request) => promiseForSku(deps.database.db, actorOf(request.principal), request.query, deps.clock(), secrets));
  };
}
