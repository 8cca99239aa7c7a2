import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, nullable, text } from '../../../platform/http/schemas.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import { HoldViewSchema, MAX_HOLD_TTL_SECONDS, MIN_HOLD_TTL_SECONDS } from '../../../modules/inventory/index.js';
import { placeHold } from '../../../flows/inventory/hold-stock.js';
import { captureChannel } from '../scope.js';

export function reservationRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/v1/reservations', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: {
        tags: ['inventory'],
        summary: 'Hold stock for a checkout until an order uses it (reservation_id), it is released, or it expires',
        description: `All of the quantity or nothing (409 INVENTORY_INSUFFICIENT). ttl_seconds: ${MIN_HOLD_TTL_SECONDS} to ${MAX_HOLD_TTL_SECONDS} (a day). Send \`Idempotency-Key\` to make retries safe.`,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: Type.Object(
          {
            sku: Code,
            quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
            ttl_seconds: Type.Integer({ minimum: MIN_HOLD_TTL_SECONDS, maximum: MAX_HOLD_TTL_SECONDS, description: 'How long the hold lives; at most a day' }),
            channel: Type.Optional(nullable(text(100, { description: 'The sales channel the checkout belongs to' }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: HoldViewSchema },
      },
    }, async (request, reply) => {
      const body = { ...request.body, channel: captureChannel(request.principal, request.body.channel) };
      const result = await placeHold(deps.database.db, actorOf(request.principal), body, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', '/v1/reservations', request.body));
      return reply.code(result.statusCode).send(result.body);
    });
  };
}
