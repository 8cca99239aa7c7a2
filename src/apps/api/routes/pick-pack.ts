import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, nullable, Timestamp } from '../../../platform/http/schemas.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import { renderPickListPdfOffLoop } from '../../../modules/fulfillment/index.js';
import { packagesOfFulfillmentOrder, packFulfillmentOrder } from '../../../flows/fulfillment/pack-fulfillment-order.js';
import { confirmPicks, createPickListFlow, getPickList, pickListView } from '../../../flows/fulfillment/pick-lists.js';

const PickListId = Type.Object({ id: Type.String({ pattern: '^pkl_[0-9a-z]{26}$' }) });
const FulfillmentOrderId = Type.Object({ id: Type.String({ pattern: '^ful_[0-9a-z]{26}$' }) });
const IdempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) });
const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const SkuQuantity = Type.Object({ sku: Code, quantity: Quantity }, { additionalProperties: false });

const PickListView = Type.Object({
  id: Type.String(),
  location: Type.String({ description: 'Location code' }),
  mode: Type.Union([Type.Literal('batch'), Type.Literal('single')]),
  status: Type.Union([Type.Literal('open'), Type.Literal('completed')]),
  fulfillment_order_ids: Type.Array(Type.String()),
  stops: Type.Array(
    Type.Object({
      bin: nullable(Type.String()),
      sku: Type.String(),
      quantity: Type.Integer(),
      picked: nullable(Type.Integer({ description: 'Units confirmed picked; null until the stop is confirmed' })),
    }),
    { description: 'In walking order (serpentine through zones and aisles); stops without a bin last' },
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
  completed_at: nullable(Timestamp),
});

const PackagesView = Type.Object({
  packages: Type.Array(
    Type.Object({
      id: Type.String(),
      box: Type.String(),
      weight_grams: Type.Integer({ description: 'Gross: contents plus tare' }),
      dimensions_mm: Type.Object({ length: Type.Integer(), width: Type.Integer(), height: Type.Integer() }, { description: 'The box’s inner dimensions' }),
      lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
    }),
  ),
});

/** Pick lists and packing: each calls a flow (fulfillment with inventory, catalog, sourcing). */
export function pickPackRoutes(deps: AppDeps): FastifyPluginAsync {
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
        body: Type.Object(
          {
            location: Type.String({ minLength: 1, maxLength: 64, description: 'Location code or id' }),
            max_orders: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
            mode: Type.Optional(Type.Union([Type.Literal('batch'), Type.Literal('single')], { description: '`single`: one fulfillment order per list' })),
          },
          { additionalProperties: false },
        ),
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
        body: Type.Object(
          {
            lines: Type.Array(
              Type.Object({ sku: Code, bin: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), picked: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }, { additionalProperties: false }),
              { minItems: 1, maxItems: 500 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: PickListView },
      },
    }, async (request, reply) => {
      const { id } = request.params;
      const result = await confirmPicks(db, actorOf(request.principal), id, request.body.lines, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', `/v1/pick-lists/${id}/confirm`, request.body));
      return reply.code(result.statusCode).send(result.body);
    });

    app.post('/v1/fulfillment-orders/:id/pack', {
      config: { action: 'fulfillment:pack', scope: 'location' },
      // The body is optional: no body means "cartonize automatically, no scan".
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
      schema: {
        tags: ['fulfillment'],
        summary: 'Pack a fulfillment order: cartonize automatically, or check the packages given; it becomes packed',
        description: 'With `scanned`, the scan is verified first: a wrong or missing item answers 409 PACK_VERIFICATION_FAILED (with `missing` and `extra` SKUs), packs nothing and is recorded as an event.',
        headers: IdempotencyHeader,
        params: FulfillmentOrderId,
        body: Type.Object(
          {
            packages: Type.Optional(Type.Array(Type.Object({ box: Code, lines: Type.Array(SkuQuantity, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 100 })),
            scanned: Type.Optional(Type.Array(SkuQuantity, { minItems: 1, maxItems: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PackagesView },
      },
    }, async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      const result = await packFulfillmentOrder(db, actorOf(request.principal), id, body, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', `/v1/fulfillment-orders/${id}/pack`, body), request.principal.locationId);
      return reply.code(result.statusCode).send(result.body);
    });

    app.get('/v1/fulfillment-orders/:id/packages', {
      config: { action: 'fulfillment:read', scope: 'location' },
      schema: { tags: ['fulfillment'], summary: 'The packages of a fulfillment order', params: FulfillmentOrderId, response: { 200: PackagesView } },
    }, async (request) => packagesOfFulfillmentOrder(db, request.principal.tenantId, request.params.id, request.principal.locationId));
  };
}
