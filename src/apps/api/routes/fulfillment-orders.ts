import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { actorOf, type Principal } from '../../../platform/http/principal.js';
import { Code, IdempotencyHeader, listOf } from '../../../platform/http/schemas.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import {
  FulfillmentOrderId,
  FulfillmentOrderQuery,
  FulfillmentOrderSchema,
  listFulfillmentOrders,
  moveFulfillmentOrder,
  NoteBody,
  PackagesView,
  PackBody,
  ReasonBody,
} from '../../../modules/fulfillment/index.js';
import { carrierSecretsOf, ShipBody, ShipmentView } from '../../../modules/shipping/index.js';
import { fulfillmentOrderViews, visibleFulfillmentOrder, type FulfillmentScope } from '../../../flows/fulfillment/steps/fulfillment-orders.js';
import { cancelFulfillmentOrder, rejectFulfillmentOrder, rejectReasons, type RejectReason } from '../../../flows/fulfillment/reject-fulfillment.js';
import { packagesOfFulfillmentOrder, packFulfillmentOrder } from '../../../flows/fulfillment/pack-fulfillment-order.js';
import { shipFulfillmentOrder } from '../../../flows/shipping/ship-fulfillment-order.js';
import { locationInScope } from '../scope.js';

/*
 * /v1/fulfillment-orders: one per order × location. Three plugins because the OpenAPI document lists
 * packing after /v1/pick-lists and shipping after /v1/rates; app.ts registers each at its place.
 */

const scopeOf = (p: Principal): FulfillmentScope => ({ locationId: p.locationId });

const RejectBody = Type.Object(
  {
    reason: Type.Unsafe<RejectReason>(Type.String({ enum: [...rejectReasons] })),
    lines: Type.Optional(Type.Array(Type.Object({ sku: Code, quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 500 })),
  },
  { additionalProperties: false },
);

/** Listing, reading, and the moves of a fulfillment order (accept, reject, cancel, release). */
export function fulfillmentOrderRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    const one = async (tenantId: string, id: string, scope: FulfillmentScope) => (await fulfillmentOrderViews(db, tenantId, [await visibleFulfillmentOrder(db, tenantId, id, scope)]))[0];

    app.get('/v1/fulfillment-orders', {
      config: { action: 'fulfillment:read', scope: 'location' },
      schema: {
        tags: ['fulfillment'],
        summary: 'List fulfillment orders (one per order × location), oldest first; a location-scoped key sees only its location’s',
        querystring: FulfillmentOrderQuery,
        response: { 200: listOf(FulfillmentOrderSchema) },
      },
    }, async (request) => {
      const { order_id: orderId, location, status } = request.query;
      const tenantId = request.principal.tenantId;
      const locationId = location !== undefined ? (await locationInScope(db, request.principal, location, 'query.location')).id : request.principal.locationId;
      const pageOf = pageRequest(request.query, /^ful_[0-9a-z]{26}$/);
      const rows = await listFulfillmentOrders(db, tenantId, { ...(orderId ? { orderId } : {}), ...(locationId ? { locationId } : {}), ...(status ? { status } : {}) }, pageOf);
      const { data, next_cursor } = page(rows, pageOf, (r) => [r.id]);
      return { data: await fulfillmentOrderViews(db, tenantId, data), next_cursor };
    });

    app.get('/v1/fulfillment-orders/:id', {
      config: { action: 'fulfillment:read', scope: 'location' },
      schema: { tags: ['fulfillment'], summary: 'Get a fulfillment order', params: FulfillmentOrderId, response: { 200: FulfillmentOrderSchema } },
    }, async (request) => one(request.principal.tenantId, request.params.id, scopeOf(request.principal)));

    app.post('/v1/fulfillment-orders/:id/accept', {
      config: { action: 'fulfillment:respond', scope: 'location' },
      schema: { tags: ['fulfillment'], summary: 'The location accepts a released fulfillment order', params: FulfillmentOrderId, body: NoteBody, response: { 200: FulfillmentOrderSchema } },
    }, async (request) => {
      const p = request.principal;
      await moveFulfillmentOrder(db, actorOf(p), request.params.id, 'accepted', request.body?.note ?? 'accepted by location', deps.clock(), p.locationId);
      return one(p.tenantId, request.params.id, scopeOf(p));
    });

    app.post('/v1/fulfillment-orders/:id/reject', {
      config: { action: 'fulfillment:respond', scope: 'location' },
      schema: {
        tags: ['fulfillment'],
        summary: 'The location rejects all or some units; they are released and re-routed to other locations (not_in_stock also zeroes its available)',
        params: FulfillmentOrderId,
        body: RejectBody,
        response: { 200: FulfillmentOrderSchema },
      },
    }, async (request) => {
      const p = request.principal;
      await rejectFulfillmentOrder(db, actorOf(p), request.params.id, request.body, deps.clock(), scopeOf(p));
      return one(p.tenantId, request.params.id, scopeOf(p));
    });

    app.post('/v1/fulfillment-orders/:id/cancel', {
      config: { action: 'fulfillment:write' },
      schema: {
        tags: ['fulfillment'],
        summary: 'Take a fulfillment order away from its location: not started → cancelled and its units re-routed; picking/packed → cancel_requested',
        params: FulfillmentOrderId,
        body: ReasonBody,
        response: { 200: FulfillmentOrderSchema },
      },
    }, async (request) => {
      const p = request.principal;
      await cancelFulfillmentOrder(db, actorOf(p), request.params.id, request.body?.reason ?? 'cancelled by operator', deps.clock());
      return one(p.tenantId, request.params.id, scopeOf(p));
    });

    app.post('/v1/fulfillment-orders/:id/release', {
      config: { action: 'fulfillment:write' },
      schema: {
        tags: ['fulfillment'],
        summary: 'Release a pending fulfillment order to its location (release policy `review`, or ahead of its wave)',
        params: FulfillmentOrderId,
        body: ReasonBody,
        response: { 200: FulfillmentOrderSchema },
      },
    }, async (request) => {
      const p = request.principal;
      await moveFulfillmentOrder(db, actorOf(p), request.params.id, 'released', request.body?.reason ?? 'released after review', deps.clock());
      return one(p.tenantId, request.params.id, scopeOf(p));
    });
  };
}

/** Packing a fulfillment order, and its packages (a flow: fulfillment with catalog and inventory). */
export function fulfillmentOrderPackingRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

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
        body: PackBody,
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

/** Shipping a packed fulfillment order (a flow: shipping with fulfillment, inventory and orders). */
export function fulfillmentOrderShippingRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    const secrets = carrierSecretsOf(deps.config);

    app.post('/v1/fulfillment-orders/:id/ship', {
      config: { action: 'shipping:ship', scope: 'location' },
      schema: {
        tags: ['shipping'],
        summary: 'Ship a packed fulfillment order: rate-shop, buy the label, confirm (stock leaves, order moves)',
        description:
          'Retry with the same Idempotency-Key: the label is bought once. 422 SHIPPING_NO_SERVICE when no service keeps the promise. ' +
          'With `tracking_numbers` nothing is bought: the label was bought elsewhere (`carrier` names it; a carrier whose numbers we know how to check must match them). ' +
          'A location-scoped key buys through the tenant’s carriers only when settings.location_keys_may_buy_labels is on (403 SHIPPING_LABEL_PURCHASE_FORBIDDEN otherwise).',
        params: FulfillmentOrderId,
        headers: IdempotencyHeader,
        body: Type.Optional(ShipBody),
        response: { 200: ShipmentView, 201: ShipmentView },
      },
    }, async (request, reply) => {
      const body = request.body ?? {};
      const path = `/v1/fulfillment-orders/${request.params.id}/ship`;
      const idempotency = idempotencyOf(request.headers['idempotency-key'], 'POST', path, body);
      const result = await shipFulfillmentOrder(db, actorOf(request.principal), request.params.id, body, deps.clock(), { secrets, scopeLocationId: request.principal.locationId, idempotency });
      return reply.code(result.statusCode).send(result.body);
    });
  };
}
