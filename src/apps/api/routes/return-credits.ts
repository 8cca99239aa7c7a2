import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { IdempotencyHeader } from '../../../platform/http/schemas.js';
import { actorOf, type Principal } from '../../../platform/http/principal.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import type { TransactionSource } from '../../../modules/payments/index.js';
import { CloseOverrideNote, ExchangeBody, ReturnId, ReturnView } from '../../../modules/returns/index.js';
import { creditReturn } from '../../../flows/returns/credit-return.js';
import { exchangeReturn } from '../../../flows/returns/exchange-return.js';

const sourceOf = (p: Principal): TransactionSource => (p.channelId !== undefined ? 'channel' : p.userId !== undefined ? 'console' : 'api');
const tags = ['returns'];
const CreditBody = Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })), override_note: CloseOverrideNote }, { additionalProperties: false });

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
          'Issues store credit worth exactly GET /v1/returns/{id}/refund-preview `amount` to the order’s customer e-mail (GET /v1/store-credit?email=), once per return; the order’s ledger gets a refund on gateway `store_credit` (itemised, so accounting books the credit note). A return is refunded or credited, not both (409 RETURN_NOT_REFUNDABLE). Only when the policy’s allowed_outcomes offers store_credit (422 RETURN_OUTCOME_NOT_OFFERED naming what is offered; staff send `override_note`). No customer e-mail: 422 RETURN_NO_CUSTOMER_EMAIL. Idempotency-Key supported.',
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

    app.post('/v1/returns/:id/exchange', {
      config: { action: 'returns:write' },
      schema: {
        tags,
        summary: 'Exchange the return: a replacement order captured like any other, paid with what the returned units are worth',
        description:
          'Each line names the return line it replaces, the replacement SKU (another variant or product) and at most that line’s units. The replacement is a new order (same channel, customer and addresses; allocated and routed by the normal capture), linked to the return (`exchange.replacement_order_id`). ' +
          'Credit = the refund computation of the returned units; difference = replacement total − credit: positive stays owed on the new order (outstanding balance, no gateway call); negative is refunded to the original payment or issued as store credit (`difference_to`). ' +
          'Without `instant` the return must be inspected (it closes); with `instant` the replacement is created now and the return is flagged overdue if it is not in transit or received within the policy’s `instant_exchange_days` (default 14). ' +
          'A replacement that cannot be fully allocated: 409 RETURN_EXCHANGE_OUT_OF_STOCK offering refund or store credit, nothing written. Once per return (409 RETURN_NOT_EXCHANGEABLE). Only when the policy’s allowed_outcomes offers exchange (422 RETURN_OUTCOME_NOT_OFFERED; staff send `override_note`, or accepted the outcome when the return was requested). Idempotency-Key supported.',
        params: ReturnId,
        headers: IdempotencyHeader,
        body: ExchangeBody,
        response: { 201: ReturnView },
      },
    }, async (request, reply) => {
      const path = `/v1/returns/${request.params.id}/exchange`;
      const answer = await exchangeReturn(db, actorOf(request.principal), request.params.id, request.body, sourceOf(request.principal), deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', path, request.body));
      return reply.code(201).send(answer.body);
    });
  };
}
