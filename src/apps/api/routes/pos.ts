import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { DomainError } from '../../../platform/errors.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, Instant, nullable, text } from '../../../platform/http/schemas.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import { recordPosSale } from '../../../flows/capture/pos-sale.js';
import { seesChannel } from '../scope.js';
import { CustomerSchema, MAX_ORDER_LINES, OrderViewSchema } from './order-schemas.js';

const ChannelId = Type.Object({ id: Type.String({ pattern: '^chn_[0-9a-z]{26}$' }) });

const Decimal = Type.String({ minLength: 1, maxLength: 32, description: 'Decimal string in the sale currency, e.g. "19.99"', examples: ['19.99'] });

export const PosSaleSchema = Type.Object(
  {
    external_id: text(200, { description: 'The POS receipt / transaction id; (channel, external_id) is recorded once' }),
    location: Type.String({ minLength: 1, maxLength: 64, description: 'Code or id of the store location the sale was made at; one of the channel’s locations when it has any' }),
    lines: Type.Array(
      Type.Object({ sku: Code, quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }), unit_price: Decimal }, { additionalProperties: false }),
      { minItems: 1, maxItems: MAX_ORDER_LINES },
    ),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
    placed_at: Type.Optional(nullable(Instant)),
    customer: Type.Optional(nullable(CustomerSchema)),
    notes: Type.Optional(nullable(Type.String({ maxLength: 5000 }))),
  },
  { additionalProperties: false },
);

const PosSaleViewSchema = Type.Object({
  ...OrderViewSchema.properties,
  discrepancies: Type.Array(
    Type.Object({ sku: Type.String(), location: Type.String(), missing: Type.Integer({ description: 'Units sold that the system did not have (unreserved) at the location' }) }),
    { description: 'Units sold beyond the stock the system knew of: recorded as inventory.discrepancy events for a count' },
  ),
});

/** Point-of-sale capture: a sale already handed over at a store (src/flows/capture/pos-sale.ts). */
export function posRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/channels/:id/pos-sales', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: {
        tags: ['channels'],
        summary: 'Record an in-store sale: a delivered order and the store’s stock decremented, in one transaction',
        description:
          'For a `pos` channel (422 CHANNEL_TYPE_MISMATCH otherwise, 409 CHANNEL_INACTIVE when deactivated). No fulfillment order, shipment or reservation. ' +
          'Never refused for lack of stock: units come from the store’s unreserved stock, and what the system did not have is answered in `discrepancies` ' +
          '(and an `inventory.discrepancy` event). The same receipt again answers 200 with the same order; `Idempotency-Key` replays the first answer.',
        params: ChannelId,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: PosSaleSchema,
        response: { 200: PosSaleViewSchema, 201: PosSaleViewSchema },
      },
    }, async (request, reply) => {
      const actor = actorOf(request.principal);
      if (!seesChannel(request.principal, request.params.id)) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      const idempotency = idempotencyOf(request.headers['idempotency-key'], 'POST', `/v1/channels/${request.params.id}/pos-sales`, request.body);
      const result = await recordPosSale(db, actor, request.params.id, request.body, deps.clock(), { idempotency });
      return reply.code(result.statusCode).send(result.body);
    });
  };
}
