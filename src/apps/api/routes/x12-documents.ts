import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import type { Principal } from '../../../platform/http/principal.js';
import { acknowledgeX12Document, findX12Document, X12_MEDIA_TYPE, X12DocumentId, X12DocumentView, x12DocumentView } from '../../../modules/channels/index.js';
import { seesChannel } from '../scope.js';

/** /v1/x12-documents: the EDI documents exchanged with x12 channels' trading partners. */
export function x12DocumentRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    /** A document the caller may see (a channel key: its channel's), or 404 as if it did not exist. */
    const visibleDocument = async (p: Principal, id: string) => {
      const doc = await findX12Document(db, p.tenantId, id);
      if (!doc || !seesChannel(p, doc.channelId)) throw new DomainError('X12_DOCUMENT_NOT_FOUND', `No X12 document ${id}.`);
      return doc;
    };

    app.get('/v1/x12-documents/:id', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: { tags: ['channels'], summary: 'One X12 document, raw, as received or sent', params: X12DocumentId, produces: [X12_MEDIA_TYPE], response: { 200: Type.String() } },
    }, async (request, reply) => {
      const doc = await visibleDocument(request.principal, request.params.id);
      return reply.type(`${X12_MEDIA_TYPE}; charset=utf-8`).header('x12-document-type', doc.type).send(doc.body);
    });

    app.post('/v1/x12-documents/:id/acknowledge', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: { tags: ['channels'], summary: 'Mark a document picked up by the VAN gateway (the first moment is kept)', params: X12DocumentId, response: { 200: X12DocumentView } },
    }, async (request) => {
      await visibleDocument(request.principal, request.params.id);
      const doc = await acknowledgeX12Document(db, request.principal.tenantId, request.params.id, deps.clock());
      if (!doc) throw new DomainError('X12_DOCUMENT_NOT_FOUND', `No X12 document ${request.params.id}.`);
      return x12DocumentView(doc);
    });
  };
}
