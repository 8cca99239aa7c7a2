import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { listOf } from '../../../platform/http/schemas.js';
import { CancelInboundBody, cancelInbound, getInbound, InboundBody, InboundId, InboundQuery, InboundViewSchema, listInboundViews, ReceiveBody, ReceivedView } from '../../../modules/inventory/index.js';
import { createInboundShipment, receiveInbound } from '../../../flows/inventory/inbound.js';

/** /v1/inbound: expected supply. Creating and receiving fill backorders (flows); reading and cancelling are the inventory module's. */
export function inboundRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/inbound', {
      config: { action: 'inventory:write' },
      schema: {
        tags: ['inventory'],
        summary: 'Record expected supply (purchase order / ASN); backordered lines get their expected date from it',
        description: 'Several lines, or the single-line shorthand `{sku, quantity, location, expected_date}`.',
        body: InboundBody,
        response: { 201: InboundViewSchema },
      },
    }, async (request, reply) => {
      const body = request.body;
      const many = 'lines' in body;
      const input = { reference: body.reference ?? null, location: body.location, expectedDate: body.expected_date, lines: many ? body.lines : [{ sku: body.sku, quantity: body.quantity }] };
      const view = await createInboundShipment(db, actorOf(request.principal), input, deps.clock(), many ? (i, name) => `lines[${i}].${name}` : (_i, name) => name);
      return reply.code(201).send(view);
    });

    app.post('/v1/inbound/:id/receive', {
      config: { action: 'inventory:write' },
      schema: {
        tags: ['inventory'],
        summary: 'Receive an inbound shipment (the lines given, or everything outstanding); adds stock and fills backorders oldest first',
        params: InboundId,
        body: ReceiveBody,
        response: { 200: ReceivedView },
      },
      // No body means "everything outstanding", as an empty object does.
      preValidation: async (request) => {
        request.body ??= {};
      },
    }, async (request) => receiveInbound(db, actorOf(request.principal), request.params.id, request.body.lines, deps.clock()));

    app.get('/v1/inbound', {
      config: { action: 'read' },
      schema: { tags: ['inventory'], summary: 'List inbound shipments (purchase orders / ASNs), newest first', querystring: InboundQuery, response: { 200: listOf(InboundViewSchema) } },
    }, async (request) => {
      const { cursor, limit, ...filter } = request.query;
      const pageOf = pageRequest({ cursor, limit }, /^inb_[0-9a-z]{26}$/);
      return page(await listInboundViews(db, request.principal.tenantId, filter, pageOf), pageOf, (v) => [v.id]);
    });

    app.get('/v1/inbound/:id', {
      config: { action: 'read' },
      schema: { tags: ['inventory'], summary: 'Get an inbound shipment', params: InboundId, response: { 200: InboundViewSchema } },
    }, async (request) => getInbound(db, request.principal.tenantId, request.params.id));

    app.post('/v1/inbound/:id/cancel', {
      config: { action: 'inventory:write' },
      schema: { tags: ['inventory'], summary: 'Cancel what an inbound shipment still expects (idempotent)', params: InboundId, body: CancelInboundBody, response: { 200: InboundViewSchema } },
      // The body is optional: none reads as {}.
      preValidation: async (request) => {
        request.body ??= {};
      },
    }, async (request) => cancelInbound(db, actorOf(request.principal), request.params.id, request.body.reason ?? null, deps.clock()));
  };
}
