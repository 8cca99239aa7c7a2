import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { AvailabilityQuery, AvailabilityView } from '../../../modules/routing/index.js';
import { channelAvailability } from '../../../flows/inventory/availability.js';

/** /v1/availability: what a storefront may sell (a flow: inventory through the channel's routing policy). */
export function availabilityRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/v1/availability', {
      config: { action: 'read' },
      schema: {
        tags: ['routing'],
        summary: 'What a storefront on a channel may sell of a SKU: stock at the locations its routing policy would use, less safety stock',
        querystring: AvailabilityQuery,
        response: { 200: AvailabilityView },
      },
    }, async (request) => {
      const { sku, channel, postal_code: postalCode, country } = request.query;
      return channelAvailability(deps.database.db, request.principal.tenantId, { sku, channel, ...(country ? { country } : {}), ...(postalCode ? { postal_code: postalCode } : {}) }, deps.clock());
    });
  };
}
