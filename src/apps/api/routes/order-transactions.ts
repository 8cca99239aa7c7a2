import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf, type Principal } from '../../../platform/http/principal.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import { findOrder } from '../../../modules/orders/index.js';
import { RecordedTransactionView, RecordTransactionBody, TransactionList, type TransactionSource } from '../../../modules/payments/index.js';
import { orderLedger } from '../../../flows/payments/order-ledger.js';
import { recordPayment } from '../../../flows/payments/record-payment.js';
import { seesChannel } from '../scope.js';

const OrderId = Type.Object({ id: Type.String({ pattern: '^ord_[0-9a-z]{26}$' }) });

/** Who recorded it: a channel key reports for its channel, a signed-in person works in the console, any other key is the API. */
const sourceOf = (p: Principal): TransactionSource => (p.channelId !== undefined ? 'channel' : p.userId !== undefined ? 'console' : 'api');

/** /v1/orders/{id}/transactions: the order's payment ledger (ADR 0018). */
export function orderTransactionRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/orders/:id/transactions', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: {
        tags: ['payments'],
        summary: 'The order’s payment ledger, oldest first, with the financial status and balance derived from it',
        params: OrderId,
        response: { 200: TransactionList },
      },
    }, async (request) => {
      const order = await findOrder(db, request.principal.tenantId, request.params.id);
      if (!order || !seesChannel(request.principal, order.channel)) throw new DomainError('ORDER_NOT_FOUND', `No order ${request.params.id}.`);
      return orderLedger(db, order);
    });

    app.post('/v1/orders/:id/transactions', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: {
        tags: ['payments'],
        summary: 'Record a payment transaction (authorization, capture, sale, refund, void, chargeback, chargeback reversal) on the order',
        description:
          'Appends to the ledger; nothing is ever changed or recorded twice: send `Idempotency-Key` to make retries safe, and `gateway_reference` so that the same gateway transaction reported again answers 200 with the first. ' +
          'A successful refund or chargeback is at most what was paid and not yet refunded (409 PAYMENT_AMOUNT_EXCEEDS_REMAINING naming `amount`), a capture of an authorization at most what it has left; only an authorization with nothing captured can be voided (409 PAYMENT_VOID_NOT_ALLOWED). ' +
          'The currency must be the order’s and the amount in its minor units (422 naming the field). Every transaction is on the order’s timeline as `order.transaction_recorded`; a successful refund also appends `refund.created`.',
        params: OrderId,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: RecordTransactionBody,
        response: { 200: RecordedTransactionView, 201: RecordedTransactionView },
      },
    }, async (request, reply) => {
      const p = request.principal;
      const path = `/v1/orders/${request.params.id}/transactions`;
      const answer = await recordPayment(db, actorOf(p), request.params.id, request.body, sourceOf(p), (o) => seesChannel(p, o.channel), deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', path, request.body));
      return reply.code(answer.statusCode as 200 | 201).send(answer.body);
    });
  };
}
