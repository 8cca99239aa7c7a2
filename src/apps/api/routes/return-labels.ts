import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { IdempotencyHeader } from '../../../platform/http/schemas.js';
import { actorOf } from '../../../platform/http/principal.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import { LabelFormatQuery, ReturnId, ReturnLabelBody, ReturnShippingView } from '../../../modules/returns/index.js';
import { carrierSecretsOf } from '../../../modules/shipping/index.js';
import { buyReturnLabel } from '../../../flows/returns/return-label.js';
import { returnLabelFile, returnShippingOfReturn } from '../../../flows/returns/return-label-files.js';

const tags = ['returns'];

/** /v1/returns/{id}/label and /shipping (ADR 0023), registered by returnRoutes: one home for /v1/returns. */
export function returnLabelRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;
  const secrets = carrierSecretsOf(deps.config);

  app.post('/v1/returns/:id/label', {
    config: { action: 'returns:write' },
    schema: {
      tags,
      summary: 'Arrange how an approved return comes back: buy a return label (method label), a label with a drop-off QR code (drop_off), or none (no_label)',
      description:
        'Rate-shops the tenant’s carriers (rate cards and aggregators; an aggregator gets a return shipment, EasyPost `is_return: true`) for one parcel from the order’s shipping address to the return’s location, buys the choice, and records its cost on the return (`return.label_purchased`). ' +
        'One arrangement per return: asking again answers the first (200), another method is 409 RETURN_LABEL_EXISTS. Only an approved return (409 RETURN_LABEL_NOT_ALLOWED); no carrier able to quote: 422 RETURN_LABEL_NO_RATE. Idempotency-Key supported.',
      params: ReturnId,
      headers: IdempotencyHeader,
      body: ReturnLabelBody,
      response: { 200: ReturnShippingView, 201: ReturnShippingView },
    },
  }, async (request, reply) => {
    const path = `/v1/returns/${request.params.id}/label`;
    const answer = await buyReturnLabel(db, actorOf(request.principal), request.params.id, request.body, deps.clock(), { secrets, idempotency: idempotencyOf(request.headers['idempotency-key'], 'POST', path, request.body) });
    return reply.code(answer.statusCode).send(answer.body);
  });

  app.get('/v1/returns/:id/shipping', { config: { action: 'orders:read' }, schema: { tags, summary: 'How the return’s goods come back: method, carrier, tracking number, label cost, downloadable formats, the parcel’s last scan', params: ReturnId, response: { 200: ReturnShippingView } } }, async (request) => {
    return returnShippingOfReturn(db, request.principal.tenantId, request.params.id);
  });

  app.get('/v1/returns/:id/label', {
    config: { action: 'orders:read' },
    schema: {
      tags,
      summary: 'Download the return label (pdf, zpl) or the drop-off QR code (png, svg)',
      params: ReturnId,
      querystring: LabelFormatQuery,
      produces: ['application/pdf', 'application/zpl', 'image/png', 'image/svg+xml'],
      response: { 200: Type.Unsafe<Buffer | string>({ type: 'string', format: 'binary' }) },
    },
  }, async (request, reply) => {
    const file = await returnLabelFile(db, request.principal.tenantId, request.params.id, request.query.format);
    const extension = request.query.format;
    return reply.type(file.type).header('content-disposition', `inline; filename="${request.params.id}.${extension}"`).send(file.body);
  });
}
