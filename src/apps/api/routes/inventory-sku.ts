import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { Code } from '../../../platform/http/schemas.js';
import { skuStock } from '../../../flows/inventory/sku-stock.js';

/** GET /v1/inventory/{sku}: a flow route because a kit's availability is derived from its components (catalog + inventory). */
export function skuStockRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/v1/inventory/:sku', {
      config: { action: 'read' },
      schema: {
        tags: ['inventory'],
        summary: 'Stock of one SKU at every location, and the total available to promise (for a kit: derived from its components)',
        params: Type.Object({ sku: Code }),
        response: {
          200: Type.Object({
            sku: Type.String(),
            available_to_promise: Type.Integer({
              description: 'Available at active locations that ship to customers. A kit: the sum over those locations of the complete kits each can assemble from its own stock (a kit ships complete from one location)',
            }),
            kit: Type.Boolean({ description: 'The SKU is a kit: it holds no stock of its own' }),
            components: Type.Optional(Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer({ description: 'Units in one kit' }), available_to_promise: Type.Integer() }))),
            locations: Type.Array(
              Type.Object({
                location: Type.String(),
                on_hand: Type.Integer({ description: 'A kit: 0 (its components hold the stock)' }),
                reserved: Type.Integer({ description: 'A kit: 0' }),
                available: Type.Integer({ description: 'A kit: complete kits this location can assemble, floor(min over components of available / quantity)' }),
                bin: Type.Optional(Type.String({ description: 'Where the SKU sits at the location, when known' })),
              }),
            ),
          }),
        },
      },
    }, async (request) => skuStock(deps.database.db, request.principal.tenantId, request.params.sku));
  };
}
