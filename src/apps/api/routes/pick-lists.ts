import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { IdempotencyHeader } from '../../../platform/http/schemas.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import { ConfirmPicksBody, PickListBody, PickListId, PickListView, renderPickListPdfOffLoop } from '../../../modules/fulfillment/index.js';
import { carrierSecretsOf, PickListShipView, ShipBody } from '../../../modules/shipping/index.js';
import { confirmPicks, createPickListFlow, getPickList, pickListView } from '../../../flows/fulfillment/pick-lists.js';
import { shipPickList } from '../../../flows/shipping/ship-pick-list.js';

/*
 * /v1/pick-lists: batches of fulfillment orders walked in bin order. Two plugins because the OpenAPI
 * document lists shipping a pick list among the shipment routes; app.ts registers each at its place.
 */

/** Creating, reading, printing and confirming pick lists (flows: fulfillment with inventory and routing). */
export function pickListRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/pick-lists', {
      config: { action: 'fulfillment:write' },
      schema: {
        tags: ['fulfillment'],
        summary: 'Batch the location’s oldest fulfillment orders ready to pick into a pick list',
        description: 'Claims released/accepted fulfillment orders oldest first (concurrent requests never batch the same one), moves them to `picking`, merges lines by SKU and bin and orders the stops along a serpentine path. 409 FULFILLMENT_NOTHING_TO_PICK when none is ready.',
        headers: IdempotencyHeader,
        body: PickListBody,
        response: { 200: PickListView, 201: PickListView },
      },
    }, async (request, reply) => {
      const result = await createPickListFlow(db, actorOf(request.principal), request.body, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', '/v1/pick-lists', request.body));
      return reply.code(result.statusCode).send(result.body);
    });

    app.get('/v1/pick-lists/:id', {
      config: { action: 'fulfillment:read', scope: 'location' },
      schema: { tags: ['fulfillment'], summary: 'Get a pick list', params: PickListId, response: { 200: PickListView } },
    }, async (request) => {
      const { list, locationCode } = await getPickList(db, request.principal.tenantId, request.params.id, request.principal.locationId);
      return pickListView(list, locationCode);
    });

    app.get('/v1/pick-lists/:id.pdf', {
      config: { action: 'fulfillment:read', scope: 'location' },
      schema: {
        tags: ['fulfillment'],
        summary: 'The pick list, printable: stops in walking order with a Code 128 barcode per SKU',
        params: PickListId,
        produces: ['application/pdf'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', contentMediaType: 'application/pdf', description: 'A PDF document' }) },
      },
    }, async (request, reply) => {
      const print = await getPickList(db, request.principal.tenantId, request.params.id, request.principal.locationId);
      const pdf = await renderPickListPdfOffLoop(print);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${print.list.id}.pdf"`).send(pdf);
    });

    app.post('/v1/pick-lists/:id/confirm', {
      config: { action: 'fulfillment:write' },
      schema: {
        tags: ['fulfillment'],
        summary: 'Confirm stops of a pick list, line by line',
        description: 'Each line names an open stop by SKU (and bin) and the units picked. A short pick (picked < quantity) rejects the shortfall as not_in_stock on the newest fulfillment orders of the list holding the SKU: the location’s available for it drops to zero (ledger row) and the units are re-routed.',
        headers: IdempotencyHeader,
        params: PickListId,
        body: ConfirmPicksBody,
        response: { 200: PickListView },
      },
    }, async (request, reply) => {
      const { id } = request.params;
      const result = await confirmPicks(db, actorOf(request.principal), id, request.body.lines, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', `/v1/pick-lists/${id}/confirm`, request.body));
      return reply.code(result.statusCode).send(result.body);
    });
  };
}

/** Shipping every packed fulfillment order of a pick list (a flow: shipping with fulfillment, inventory and orders). */
export function pickListShippingRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    const secrets = carrierSecretsOf(deps.config);

    app.post('/v1/pick-lists/:id/ship', {
      config: { action: 'shipping:write' },
      schema: {
        tags: ['shipping'],
        summary: 'Ship every packed fulfillment order of a pick list (a batch of labels)',
        description: 'Each fulfillment order is shipped on its own: one that fails (not packed, no service) is reported and the others still ship. Safe to repeat: shipped ones are skipped.',
        params: PickListId,
        body: Type.Optional(ShipBody),
        response: { 200: PickListShipView },
      },
    }, async (request) => shipPickList(db, actorOf(request.principal), request.params.id, request.body ?? {}, deps.clock(), { secrets, scopeLocationId: request.principal.locationId }));
  };
}
