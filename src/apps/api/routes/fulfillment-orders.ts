import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { inTransaction } from '../../../platform/db/transaction.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { decodeCursor, encodeCursor, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf, type Principal } from '../../../platform/http/principal.js';
import { Code, listOf, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { fulfillmentStatuses, listFulfillmentOrders, moveFulfillmentOrder, type FulfillmentStatus } from '../../../modules/fulfillment/index.js';
import { fulfillmentOrderViews, visibleFulfillmentOrder, type FulfillmentScope } from '../../../flows/fulfillment/steps/fulfillment-orders.js';
import { locationInScope } from '../scope.js';
import { cancelFulfillmentOrder, rejectFulfillmentOrder, rejectReasons, type RejectReason } from '../../../flows/fulfillment/reject-fulfillment.js';

const FulfillmentId = Type.Object({ id: Type.String({ pattern: '^ful_[0-9a-z]{26}$' }) });
const StatusSchema = Type.Unsafe<FulfillmentStatus>(Type.String({ enum: [...fulfillmentStatuses] }));
const FulfillmentOrderSchema = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  location: Type.String({ description: 'Location code' }),
  status: StatusSchema,
  lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer(), order_line_id: Type.String() })),
  ship_to: nullable(
    Type.Object(
      {
        name: nullable(Type.String()),
        company: nullable(Type.String()),
        line1: Type.String(),
        line2: nullable(Type.String()),
        city: Type.String(),
        region: nullable(Type.String()),
        postal_code: nullable(Type.String()),
        country: Type.String(),
        phone: nullable(Type.String({ description: 'The shipping address’s phone (carriers ask for it); never the customer’s e-mail' })),
      },
      { description: 'The order’s shipping address' },
    ),
  ),
  service_level: nullable(Type.String({ description: 'The service level the customer chose' })),
  promise: nullable(
    Type.Object(
      { carrier: Type.String(), service: Type.String(), service_level: Type.String(), ship_by: Type.String({ format: 'date' }), deliver_by: Type.String({ format: 'date' }) },
      { description: 'What the customer was promised at capture for this location' },
    ),
  ),
  reject_reason: nullable(Type.String()),
  created_at: Timestamp,
  updated_at: Timestamp,
  released_at: nullable(Timestamp),
});

const scopeOf = (p: Principal): FulfillmentScope => ({ locationId: p.locationId });

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
        querystring: Type.Object(
          { order_id: Type.Optional(Type.String({ pattern: '^ord_[0-9a-z]{26}$' })), location: Type.Optional(Code), status: Type.Optional(StatusSchema), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: listOf(FulfillmentOrderSchema) },
      },
    }, async (request) => {
      const q = request.query;
      const tenantId = request.principal.tenantId;
      const limit = q.limit ?? 50;
      const locationId = q.location !== undefined ? (await locationInScope(db, request.principal, q.location, 'query.location')).id : request.principal.locationId;
      const rows = await listFulfillmentOrders(
        db,
        tenantId,
        { ...(q.order_id ? { orderId: q.order_id } : {}), ...(locationId ? { locationId } : {}), ...(q.status ? { status: q.status } : {}) },
        decodeCursor(q.cursor, /^ful_[0-9a-z]{26}$/),
        limit + 1,
      );
      const views = await fulfillmentOrderViews(db, tenantId, rows.slice(0, limit));
      const last = views[views.length - 1];
      return { data: views, next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null };
    });

    app.get('/v1/fulfillment-orders/:id', {
      config: { action: 'fulfillment:read', scope: 'location' },
      schema: { tags: ['fulfillment'], summary: 'Get a fulfillment order', params: FulfillmentId, response: { 200: FulfillmentOrderSchema } },
    }, async (request) => one(request.principal.tenantId, request.params.id, scopeOf(request.principal)));

    app.post('/v1/fulfillment-orders/:id/accept', {
      config: { action: 'fulfillment:respond', scope: 'location' },
      schema: {
        tags: ['fulfillment'],
        summary: 'The location accepts a released fulfillment order',
        params: FulfillmentId,
        body: Type.Optional(Type.Object({ note: Type.Optional(text(500)) }, { additionalProperties: false })),
        response: { 200: FulfillmentOrderSchema },
      },
    }, async (request) => {
      const p = request.principal;
      await inTransaction(db, (tx) => moveFulfillmentOrder(tx, actorOf(p), request.params.id, 'accepted', request.body?.note ?? 'accepted by location', deps.clock(), p.locationId));
      return one(p.tenantId, request.params.id, scopeOf(p));
    });

    app.post('/v1/fulfillment-orders/:id/reject', {
      config: { action: 'fulfillment:respond', scope: 'location' },
      schema: {
        tags: ['fulfillment'],
        summary: 'The location rejects all or some units; they are released and re-routed to other locations (not_in_stock also zeroes its available)',
        params: FulfillmentId,
        body: Type.Object(
          {
            reason: Type.Unsafe<RejectReason>(Type.String({ enum: [...rejectReasons] })),
            lines: Type.Optional(Type.Array(Type.Object({ sku: Code, quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 500 })),
          },
          { additionalProperties: false },
        ),
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
        params: FulfillmentId,
        body: Type.Optional(Type.Object({ reason: Type.Optional(text(500)) }, { additionalProperties: false })),
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
        params: FulfillmentId,
        body: Type.Optional(Type.Object({ reason: Type.Optional(text(500)) }, { additionalProperties: false })),
        response: { 200: FulfillmentOrderSchema },
      },
    }, async (request) => {
      const p = request.principal;
      await inTransaction(db, (tx) => moveFulfillmentOrder(tx, actorOf(p), request.params.id, 'released', request.body?.reason ?? 'released after review', deps.clock()));
      return one(p.tenantId, request.params.id, scopeOf(p));
    });
  };
}
