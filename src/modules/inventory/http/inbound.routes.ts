import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, listOf, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { linesOfInbound, listInbound } from '../db/inbound.queries.js';
import type { LocationRow } from '../db/locations.queries.js';
import { inboundStatuses } from '../domain/inbound.js';
import { resolveLocations } from '../use-cases/adjust-stock.js';
import { cancelInbound, getInbound, inboundView } from '../use-cases/inbound.js';

const InboundStatusSchema = Type.Unsafe<(typeof inboundStatuses)[number]>(Type.String({ enum: [...inboundStatuses] }));

export const InboundViewSchema = Type.Object({
  id: Type.String(),
  reference: nullable(Type.String()),
  location: Type.String({ description: 'Location code' }),
  expected_date: Type.String({ format: 'date' }),
  status: InboundStatusSchema,
  lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer(), received: Type.Integer() })),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const InboundId = Type.Object({ id: Type.String({ pattern: '^inb_[0-9a-z]{26}$' }) });

/** Reading and cancelling inbound shipments (single-module); creating and receiving are flow routes. */
export function inboundRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/inbound', {
      config: { action: 'read' },
      schema: {
        tags: ['inventory'],
        summary: 'List inbound shipments (purchase orders / ASNs), newest first',
        querystring: Type.Object(
          { sku: Type.Optional(Code), location: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Location code or id' })), status: Type.Optional(InboundStatusSchema), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: listOf(InboundViewSchema) },
      },
    }, async (request) => {
      const { tenantId } = request.principal;
      const q = request.query;
      const locationId = q.location ? ((await resolveLocations(db, tenantId, [q.location], () => 'query.location'))[0] as LocationRow).id : undefined;
      const pageOf = pageRequest(q, /^inb_[0-9a-z]{26}$/);
      const rows = await listInbound(db, tenantId, { ...(q.sku ? { sku: q.sku } : {}), ...(locationId ? { locationId } : {}), ...(q.status ? { status: q.status } : {}) }, pageOf);
      const { data, next_cursor } = page(rows, pageOf, (r) => [r.id]);
      const lines = await linesOfInbound(db, tenantId, data.map((r) => r.id));
      return { data: data.map((r) => inboundView(r, lines)), next_cursor };
    });

    app.get('/v1/inbound/:id', {
      config: { action: 'read' },
      schema: { tags: ['inventory'], summary: 'Get an inbound shipment', params: InboundId, response: { 200: InboundViewSchema } },
    }, async (request) => getInbound(db, request.principal.tenantId, request.params.id));

    app.post('/v1/inbound/:id/cancel', {
      config: { action: 'inventory:write' },
      schema: {
        tags: ['inventory'],
        summary: 'Cancel what an inbound shipment still expects (idempotent)',
        params: InboundId,
        body: Type.Object({ reason: Type.Optional(nullable(text(500))) }, { additionalProperties: false }),
        response: { 200: InboundViewSchema },
      },
      // The body is optional: none reads as {}.
      preValidation: async (request) => {
        request.body ??= {};
      },
    }, async (request) => cancelInbound(db, actorOf(request.principal), request.params.id, request.body.reason ?? null, deps.clock()));
  };
}
