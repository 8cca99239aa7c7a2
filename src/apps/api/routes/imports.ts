import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { findImportJob, ImportId, ImportJobView, importJobView } from '../../../modules/channels/index.js';

/** /v1/imports: bulk imports of orders (started by POST /v1/channels/{id}/imports). */
export function importRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/v1/imports/:id', {
      config: { action: 'read' },
      schema: { tags: ['channels'], summary: 'One import: its status, counts and first rejections', params: ImportId, response: { 200: ImportJobView } },
    }, async (request) => {
      const job = await findImportJob(deps.database.db, request.principal.tenantId, request.params.id);
      if (!job) throw new DomainError('IMPORT_NOT_FOUND', `No import ${request.params.id}.`);
      return importJobView(job);
    });
  };
}
