import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { carrierSecretsOf, RatesBody, RatesView } from '../../../modules/shipping/index.js';
import { quoteRates } from '../../../flows/shipping/quote-rates.js';

/** /v1/rates: quotes without buying (a flow: shipping with inventory, catalog and fulfillment's boxes). */
export function rateRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const secrets = carrierSecretsOf(deps.config);

    app.post('/v1/rates', {
      config: { action: 'read' },
      schema: {
        tags: ['shipping'],
        summary: 'Quote every carrier service for parcels (or a cart’s items) from a location to an address, without buying',
        body: RatesBody,
        response: { 200: RatesView },
      },
    }, async (request) => quoteRates(deps.database.db, actorOf(request.principal), request.body, deps.clock(), secrets));
  };
}
