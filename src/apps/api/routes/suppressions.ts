import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { listSuppressions, removeSuppression, SuppressionAddress, SuppressionList, SuppressionQuery, SuppressionView, suppressionView } from '../../../modules/notifications/index.js';

const tags = ['notifications'];

/** /v1/suppressions (ADR 0035): the addresses a tenant no longer sends to, after a hard bounce or a complaint. */
export function suppressionRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/suppressions', {
      config: { action: 'notifications:suppressions' },
      schema: {
        tags,
        summary: 'The suppression list: addresses no message is sent to, by address',
        description: 'Added by a hard bounce or a complaint received at POST /v1/notifications/bounces. A message to a listed address is recorded as `suppressed` and not sent.',
        querystring: SuppressionQuery,
        response: { 200: SuppressionList },
      },
    }, async (request) => {
      const req = pageRequest(request.query, /^[^\n]{1,254}$/);
      const rows = await listSuppressions(db, request.principal.tenantId, req);
      const p = page(rows, req, (r) => [r.address]);
      return { data: p.data.map(suppressionView), next_cursor: p.next_cursor };
    });

    app.delete('/v1/suppressions/:address', {
      config: { action: 'notifications:suppressions' },
      schema: {
        tags,
        summary: 'Remove an address from the suppression list (the customer fixed their mailbox)',
        description: 'Messages queued from now on are sent again; those already `suppressed` stay as they were. Answers the entry removed.',
        params: SuppressionAddress,
        response: { 200: SuppressionView },
      },
    }, async (request) => {
      const removed = await removeSuppression(db, request.principal.tenantId, request.params.address);
      if (!removed) throw new DomainError('SUPPRESSION_NOT_FOUND', `${request.params.address} is not on the suppression list.`);
      return suppressionView(removed);
    });
  };
}
