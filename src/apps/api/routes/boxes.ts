import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, listOf } from '../../../platform/http/schemas.js';
import { BoxBody, BoxView, boxView, findBox, listBoxes, putBox, removeBox } from '../../../modules/fulfillment/index.js';

/** /v1/boxes: the box catalogue, what cartonization may pack into. */
export function boxRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.put('/v1/boxes/:code', {
      config: { action: 'fulfillment:write' },
      schema: { tags: ['fulfillment'], summary: 'Create or replace a box of the catalogue (idempotent)', params: Type.Object({ code: Code }), body: BoxBody, response: { 200: BoxView, 201: BoxView } },
    }, async (request, reply) => {
      const { created, row } = await putBox(db, actorOf(request.principal), request.params.code, request.body, deps.clock());
      return reply.code(created ? 201 : 200).send(boxView(row));
    });

    app.get('/v1/boxes', {
      config: { action: 'read' },
      schema: { tags: ['fulfillment'], summary: 'List the box catalogue by code', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(BoxView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/);
      const rows = await listBoxes(db, request.principal.tenantId, pageOf);
      return page(rows.map(boxView), pageOf, (b) => [b.code]);
    });

    app.get('/v1/boxes/:code', {
      config: { action: 'read' },
      schema: { tags: ['fulfillment'], summary: 'Get a box', params: Type.Object({ code: Code }), response: { 200: BoxView } },
    }, async (request) => {
      const box = await findBox(db, request.principal.tenantId, request.params.code);
      if (!box) throw new DomainError('FULFILLMENT_BOX_NOT_FOUND', `No box ${request.params.code}.`);
      return boxView(box);
    });

    app.delete('/v1/boxes/:code', {
      config: { action: 'fulfillment:write' },
      schema: { tags: ['fulfillment'], summary: 'Remove a box from the catalogue (packages made with it keep its size)', params: Type.Object({ code: Code }), response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await removeBox(db, actorOf(request.principal), request.params.code, deps.clock());
      return reply.code(204).send(null);
    });
  };
}
