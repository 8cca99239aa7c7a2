import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { seesChannel } from '../scope.js';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { nullable, Timestamp, listOf } from '../../../platform/http/schemas.js';
import { acknowledgeX12Document, findChannel, findX12Document, listX12Documents, x12DocumentTypes, type X12DocumentRow } from '../../../modules/channels/index.js';
import { receiveX12Interchange } from '../../../flows/channels/x12-inbound.js';

const X12_MEDIA_TYPE = 'application/edi-x12';
const ChannelId = Type.Object({ id: Type.String({ pattern: '^chn_[0-9a-z]{26}$' }) });
const DocumentId = Type.Object({ id: Type.String({ pattern: '^xdc_[0-9a-z]{26}$' }) });
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const DocumentView = Type.Object({
  id: Type.String(),
  channel_id: Type.String(),
  direction: Type.String({ description: 'inbound (from the partner) or outbound (to the partner)' }),
  type: Type.String({ description: 'interchange (received), 997, 855, 856 or 810' }),
  partner_id: Type.String({ description: 'ISA06 of a received interchange, ISA08 of a sent one' }),
  control_number: Type.String({ description: 'ISA13' }),
  reply_to_id: nullable(Type.String()),
  order_id: nullable(Type.String()),
  shipment_id: nullable(Type.String()),
  po_number: nullable(Type.String()),
  summary: Type.Record(Type.String(), Type.Unknown()),
  acknowledged_at: nullable(Timestamp),
  created_at: Timestamp,
  url: Type.String({ description: 'The raw document' }),
});

function view(d: Omit<X12DocumentRow, 'body'>) {
  return {
    id: d.id,
    channel_id: d.channelId,
    direction: d.direction,
    type: d.type,
    partner_id: d.partnerId,
    control_number: d.controlNumber,
    reply_to_id: d.replyToId,
    order_id: d.orderId,
    shipment_id: d.shipmentId,
    po_number: d.poNumber,
    summary: d.summary,
    acknowledged_at: d.acknowledgedAt?.toISOString() ?? null,
    created_at: d.createdAt.toISOString(),
    url: `/v1/x12-documents/${d.id}`,
  };
}

/** EDI X12 with trading partners (x12 channels): interchanges in, 997/855/856/810 out. A flow: orders, catalog, shipping. */
export function x12Routes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    // Only this plugin takes a non-JSON body: X12 is text in the partner's separators.
    app.addContentTypeParser([X12_MEDIA_TYPE, 'text/plain'], { parseAs: 'buffer' }, (_request, raw: Buffer | string, done) => {
      try {
        done(null, typeof raw === 'string' ? raw : strictUtf8.decode(raw));
      } catch {
        done(new DomainError('REQUEST_INVALID_ENCODING', 'The body contains bytes that are not valid UTF-8.'), undefined);
      }
    });

    app.post('/v1/channels/:id/x12', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: {
        tags: ['channels'],
        summary: 'Receive an X12 interchange from the channel’s trading partner; answers the 997',
        description:
          'Body: one interchange (ISA … IEA) as `application/edi-x12` or `text/plain`, in whatever separators its ISA declares. Each 850 becomes an order (channel = this channel, external_id = BEG03; PO1 items matched by SKU with SK/VP/VN or by product gtin with UP/EN). The answer is the 997, in the partner’s separators: AK5*A for each set captured (or received before), AK5*R with AK3/AK4 naming the segment and element for a set that was not (unknown item, bad quantity, no stock…). The interchange, the 997 and an 855 per purchase order (settings.send_855) are stored: GET /v1/channels/{id}/x12/documents. The same interchange again (same ISA06 and ISA13) answers the first 997 and changes nothing. 403 X12_SENDER_MISMATCH when ISA05/06 or ISA07/08 are not the channel’s partner and us; 422 X12_INTERCHANGE_INVALID when the ISA cannot be read.',
        params: ChannelId,
        consumes: [X12_MEDIA_TYPE, 'text/plain'],
        produces: [X12_MEDIA_TYPE],
        body: Type.String({ minLength: 1, description: 'The X12 interchange' }),
        response: { 200: Type.String({ description: 'The 997 functional acknowledgement' }) },
      },
    }, async (request, reply) => {
      if (!seesChannel(request.principal, request.params.id)) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      const receipt = await receiveX12Interchange(db, actorOf(request.principal), request.params.id, request.body, deps.clock());
      return reply
        .type(`${X12_MEDIA_TYPE}; charset=utf-8`)
        .header('x12-document-id', receipt.document_id)
        .header('x12-ack-document-id', receipt.ack_document_id)
        .header('x12-duplicate', String(receipt.duplicate))
        .send(receipt.ack);
    });

    app.get('/v1/channels/:id/x12/documents', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: {
        tags: ['channels'],
        summary: 'The X12 documents received from and sent to the channel’s trading partner, newest first',
        params: ChannelId,
        querystring: Type.Object(
          {
            ...PageQuery,
            direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])),
            type: Type.Optional(Type.Union(x12DocumentTypes.map((t) => Type.Literal(t)))),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(DocumentView) },
      },
    }, async (request) => {
      const { direction, type } = request.query;
      const tenantId = request.principal.tenantId;
      if (!seesChannel(request.principal, request.params.id) || !(await findChannel(db, tenantId, request.params.id))) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      const pageOf = pageRequest(request.query, /^xdc_[0-9a-z]{26}$/);
      const rows = await listX12Documents(db, tenantId, request.params.id, { direction, type }, pageOf);
      return page(rows.map(view), pageOf, (d) => [d.id]);
    });

    app.get('/v1/x12-documents/:id', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: { tags: ['channels'], summary: 'One X12 document, raw, as received or sent', params: DocumentId, produces: [X12_MEDIA_TYPE], response: { 200: Type.String() } },
    }, async (request, reply) => {
      const doc = await findX12Document(db, request.principal.tenantId, request.params.id);
      if (!doc || !seesChannel(request.principal, doc.channelId)) throw new DomainError('X12_DOCUMENT_NOT_FOUND', `No X12 document ${request.params.id}.`);
      return reply.type(`${X12_MEDIA_TYPE}; charset=utf-8`).header('x12-document-type', doc.type).send(doc.body);
    });

    app.post('/v1/x12-documents/:id/acknowledge', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: { tags: ['channels'], summary: 'Mark a document picked up by the VAN gateway (the first moment is kept)', params: DocumentId, response: { 200: DocumentView } },
    }, async (request) => {
      const seen = await findX12Document(db, request.principal.tenantId, request.params.id);
      if (!seen || !seesChannel(request.principal, seen.channelId)) throw new DomainError('X12_DOCUMENT_NOT_FOUND', `No X12 document ${request.params.id}.`);
      const doc = await acknowledgeX12Document(db, request.principal.tenantId, request.params.id, deps.clock());
      if (!doc) throw new DomainError('X12_DOCUMENT_NOT_FOUND', `No X12 document ${request.params.id}.`);
      return view(doc);
    });
  };
}
