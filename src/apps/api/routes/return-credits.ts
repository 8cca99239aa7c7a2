import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { IdempotencyHeader } from '../../../platform/http/schemas.js';
import { actorOf, type Principal } from '../../../platform/http/principal.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import type { TransactionSource } from '../../../modules/payments/index.js';
import { ReturnId, ReturnView } from '../../../modules/returns/index.js';
import { creditReturn } from '../../../flows/returns/credit-return.js';

const sourceOf = (p: Principal): TransactionSource => (p.channelId !== undefined ? 'channel' : p.userId !== undefined ? 'console' : 'api');
const tags = ['returns'];
const CreditBody = Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false });

/**
 * /v1/returns/{id}/store-credit and /v1/returns/{id}/exchange: the outcomes of a return other than a
 * card refund (ADR 0022). A second plugin for /v1/returns (as fulfillment orders have) so the
 * returns routes file stays as it is.
 */
export function returnCreditRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/returns/:id/store-credit', {
      config: { action: 'returns:write' },
      schema: {
        tags,
        summary: 'Close an inspected return with store credit instead of a card refund',
        description:
          'Issues store credit worth exactly GET /v1/returns/{id}/refund-preview `amount` to the order’s customer e-mail (GET /v1/store-credit?email=), once per return; the order’s ledger gets a refund on gateway `store_credit` (itemised, so accounting books the credit note). A return is refunded or credited, not both (409 RETURN_NOT_REFUNDABLE). No customer e-mail: 422 RETURN_NO_CUSTOMER_EMAIL. Idempotency-Key supported.',
        params: ReturnId,
        headers: IdempotencyHeader,
        body: CreditBody,
        response: { 201: ReturnView },
      },
    }, async (request, reply) => {
      const path = `/v1/returns/${request.params.id}/store-credit`;
      const body = request.body;
      const answer = await creditReturn(db, actorOf(request.principal), request.params.id, body, sourceOf(request.principal), deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', path, body));
      return reply.code(201).send(answer.body);
    });
  };
}
