import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/principal.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { liftSuppression, listSuppressions, SuppressionAddress, SuppressionList, SuppressionQuery, SuppressionView, suppressionView } from '../../../modules/notifications/index.js';

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
        description: 'Messages queued from now on are sent again; those already `suppressed` stay as they were. Answers the entry removed and records `suppression.removed` (who, when, `reason`, what the entry was; the address itself is not kept in the event).',
        params: SuppressionAddress,
        querystring: Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Why, for the history (e.g. "customer confirmed the new mailbox by phone")' })) }, { additionalProperties: false }),
        response: { 200: SuppressionView },
      },
    }, async (request) => {
      return suppressionView(await liftSuppression(db, actorOf(request.principal), request.params.address, request.query.reason, deps.clock()));
    });
  };
}
