import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { pageRequest } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { IdempotencyHeader, listOf, text, Timestamp } from '../../../platform/http/schemas.js';
import { promiseOrder } from '../../../flows/shipping/delivery-promise.js';
import { carrierSecretsOf, promisesOfOrder } from '../../../modules/shipping/index.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import { listEventsOf } from '../../../platform/outbox/events.js';
import { addOrderNote, findOrder, replaceOrderTags, sortCursorPattern, type OrderRow } from '../../../modules/orders/index.js';
import { getCheckoutReservation } from '../../../modules/inventory/index.js';
import { actorLabels } from '../../../modules/tenancy/index.js';
import type { Principal } from '../../../platform/http/principal.js';
import type { Db } from '../../../platform/db/database.js';
import { captureChannel, seesChannel } from '../scope.js';
import { cancelOrder } from '../../../flows/orders/cancel-order.js';
import { loadOrderViews, type OrderView } from '../../../flows/orders/steps/order-view.js';
import { placeOrder } from '../../../flows/capture/place-order.js';
import { CANONICAL_ORDER_LIMITS, CanonicalOrderSchema } from '../../../platform/contracts/canonical-order.js';
import { listOrderViews } from '../../../flows/orders/list-orders.js';
import { resendVerification } from '../../../flows/reviews/verification.js';
import { automationActorLabels } from '../../../flows/automations/steps/actor-labels.js';
import { orderHoldViews, placeOrderHold, releaseOrderHoldById } from '../../../flows/orders/hold-order.js';
import { HoldTypeSchema, HoldViewSchema, OrderListQuerySchema, OrderViewSchema } from './order-schemas.js';
import { OrderReturnLinks } from '../../../modules/returns/index.js';
import { orderReturnLinks } from '../../../flows/returns/steps/order-return-links.js';

/** One order: its view, and what it links to of returns and exchanges (ADR 0028). */
const OrderDetailSchema = Type.Object({ ...OrderViewSchema.properties, ...OrderReturnLinks.properties });

const OrderId = Type.Object({ id: Type.String({ pattern: '^ord_[0-9a-z]{26}$' }) });

/** An order the caller may see (a channel key: its channel's), or 404 as if it did not exist. */
async function visibleOrder(db: Db, p: Principal, id: string): Promise<OrderRow> {
  const order = await findOrder(db, p.tenantId, id);
  if (!order || !seesChannel(p, order.channel)) throw new DomainError('ORDER_NOT_FOUND', `No order ${id}.`);
  return order;
}

export function orderRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    /** A channel key may not take another channel's checkout reservation: answered as if it did not exist. */
    const refuseOtherChannelsReservation = async (p: Principal, id: string | null | undefined) => {
      if (p.channelId === undefined || !id) return;
      // A checkout reservation that does not exist is the capture's to refuse, as for any other caller.
      const reservation = await getCheckoutReservation(db, p.tenantId, id, deps.clock()).catch((error: unknown) => {
        if (error instanceof DomainError) return undefined;
        throw error;
      });
      if (reservation && reservation.channel !== p.channelId) throw new DomainError('RESERVATION_UNKNOWN', `The checkout reservation cannot be used: no checkout reservation ${id}.`, [{ field: 'reservation_id', message: `no checkout reservation ${id}` }]);
    };

    app.post('/v1/orders', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: {
        tags: ['orders'],
        summary: 'Capture an order: validate, allocate and reserve stock in one transaction',
        description: 'Send `Idempotency-Key` to make retries safe. A repeated (channel, external_id) answers 200 with the existing order.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: CanonicalOrderSchema,
        response: { 200: OrderViewSchema, 201: OrderViewSchema },
      },
    }, async (request, reply) => {
      const actor = actorOf(request.principal);
      captureChannel(request.principal, request.body.channel);
      await refuseOtherChannelsReservation(request.principal, request.body.reservation_id);
      const result = await placeOrder(db, actor, request.body, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', '/v1/orders', request.body));
      if (result.statusCode === 201 && result.outcome !== 'replayed') {
        // The promise is kept after the order commits: a carrier that cannot quote never fails a capture.
        await promiseOrder(db, actor, result.body.id, deps.clock(), carrierSecretsOf(deps.config)).catch((error: unknown) => request.log.warn({ err: error, order_id: result.body.id }, 'no delivery promise for the order'));
      }
      return reply.code(result.statusCode).send(result.body);
    });

    app.get('/v1/orders', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: {
        tags: ['orders'],
        summary: 'List and search orders (newest first unless `sort` says otherwise)',
        description:
          '`q` finds orders by number, channel order name (`#1042` or `1042`), external id, customer e-mail (or its beginning), customer name (beginning of the name or of the last name), phone (its last digits), tracking number or SKU; the answers of every kind that could match are united. Filters combine with AND. Each `sort` pages by its own cursor.',
        querystring: OrderListQuerySchema,
        response: { 200: listOf(OrderViewSchema) },
      },
    }, async (request) => {
      const { status, hold_type, sort = '-created_at', ...q } = request.query;
      const pageOf = pageRequest(q, sortCursorPattern(sort));
      const statuses = status === undefined ? undefined : Array.isArray(status) ? status : [status];
      const hold_types = hold_type === undefined ? undefined : Array.isArray(hold_type) ? hold_type : [hold_type];
      return listOrderViews(db, { tenantId: request.principal.tenantId, channelId: request.principal.channelId }, { ...q, statuses, hold_types, sort }, pageOf, deps.clock());
    });

    app.get('/v1/orders/:id', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: { tags: ['orders'], summary: 'Get an order, with its returns and, for an exchange’s replacement, the return it replaces', params: OrderId, response: { 200: OrderDetailSchema } },
    }, async (request) => {
      const order = await visibleOrder(db, request.principal, request.params.id);
      const [[view], links] = await Promise.all([loadOrderViews(db, request.principal.tenantId, [order], deps.clock()), orderReturnLinks(db, request.principal.tenantId, order.id)]);
      return { ...(view as OrderView), ...links };
    });

    app.get('/v1/orders/:id/promises', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: {
        tags: ['orders'],
        summary: 'What the order was promised at capture, per shipping location (ship-by, deliver-by, service)',
        params: OrderId,
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({ location_id: Type.String(), carrier: Type.String(), service: Type.String(), service_level: Type.String(), ship_by: Type.String({ format: 'date' }), deliver_by: Type.String({ format: 'date' }), transit_days: Type.Integer(), computed_at: Type.String({ format: 'date-time' }) }),
            ),
          }),
        },
      },
    }, async (request) => {
      const order = await visibleOrder(db, request.principal, request.params.id);
      const rows = await promisesOfOrder(db, request.principal.tenantId, order.id);
      return { data: rows.map((p) => ({ location_id: p.locationId, carrier: p.carrier, service: p.service, service_level: p.serviceLevel, ship_by: p.shipBy, deliver_by: p.deliverBy, transit_days: p.transitDays, computed_at: p.computedAt.toISOString() })) };
    });

    app.post('/v1/orders/:id/cancel', {
      config: { action: 'orders:cancel' },
      schema: {
        tags: ['orders'],
        summary: 'Cancel a whole order, whole lines (line_ids), or some units of lines (lines); releases what they held',
        params: OrderId,
        body: Type.Object(
          {
            reason: text(500),
            line_ids: Type.Optional(Type.Array(Type.String({ pattern: '^oln_[0-9a-z]{26}$' }), { minItems: 1, maxItems: 500, uniqueItems: true })),
            lines: Type.Optional(
              Type.Array(
                Type.Object({ line_id: Type.String({ pattern: '^oln_[0-9a-z]{26}$' }), quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) }, { additionalProperties: false }),
                { minItems: 1, maxItems: 500 },
              ),
            ),
            no_notification: Type.Optional(Type.Boolean({ description: 'true: the customer is not e-mailed about this cancellation (the message is kept as skipped); default false' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: OrderViewSchema },
      },
    }, async (request) => cancelOrder(db, actorOf(request.principal), request.params.id, request.body, deps.clock()));

    app.post('/v1/orders/:id/notes', {
      config: { action: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Add a note to an order (on its timeline as order.note_added, and in notes_log)',
        params: OrderId,
        body: Type.Object({ text: text(5000) }, { additionalProperties: false }),
        response: { 201: OrderViewSchema },
      },
    }, async (request, reply) => {
      const now = deps.clock();
      const order = await addOrderNote(db, actorOf(request.principal), request.params.id, request.body.text, now);
      const [view] = await loadOrderViews(db, request.principal.tenantId, [order], now);
      return reply.code(201).send(view as OrderView);
    });

    app.put('/v1/orders/:id/tags', {
      config: { action: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Replace an order’s tags (on its timeline as order.tags_changed with before and after)',
        params: OrderId,
        body: Type.Object({ tags: Type.Array(text(CANONICAL_ORDER_LIMITS.tagLength), { maxItems: CANONICAL_ORDER_LIMITS.maxTags }) }, { additionalProperties: false }),
        response: { 200: OrderViewSchema },
      },
    }, async (request) => {
      const now = deps.clock();
      const order = await replaceOrderTags(db, actorOf(request.principal), request.params.id, request.body.tags, now);
      const [view] = await loadOrderViews(db, request.principal.tenantId, [order], now);
      return view;
    });

    const HoldParams = Type.Object({ id: OrderId.properties.id, hold_id: Type.String({ pattern: '^ohd_[0-9a-z]{26}$' }) });

    app.get('/v1/orders/:id/holds', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: { tags: ['orders'], summary: 'The order’s holds, active and released, newest first', params: OrderId, response: { 200: Type.Object({ data: Type.Array(HoldViewSchema) }) } },
    }, async (request) => {
      const order = await visibleOrder(db, request.principal, request.params.id);
      return { data: await orderHoldViews(db, request.principal.tenantId, order.id) };
    });

    app.post('/v1/orders/:id/holds', {
      config: { action: 'orders:hold' },
      schema: {
        tags: ['orders'],
        summary: 'Hold an order: none of its fulfillment orders goes to a location until its last hold is released',
        description:
          'Pending and released (not yet accepted) fulfillment orders move to on_hold; ones the location accepted or started are not stopped (the event `order.held` lists them). Stock stays reserved, and backorders are still filled. The same type again while one is active answers that hold with 200 and writes nothing. `manual` is staff’s own type; the others are placed by the flows that own them and may be placed by staff with a reason. 409 ORDER_NOT_HOLDABLE for a shipped, cancelled or closed order. Idempotency-Key supported.',
        params: OrderId,
        headers: IdempotencyHeader,
        body: Type.Object({ type: HoldTypeSchema, reason: text(500) }, { additionalProperties: false }),
        response: { 200: HoldViewSchema, 201: HoldViewSchema },
      },
    }, async (request, reply) => {
      const path = `/v1/orders/${request.params.id}/holds`;
      const answer = await placeOrderHold(db, actorOf(request.principal), request.params.id, request.body, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', path, request.body));
      return reply.code(answer.statusCode).send(answer.body);
    });

    app.delete('/v1/orders/:id/holds/:hold_id', {
      config: { action: 'orders:hold' },
      schema: {
        tags: ['orders'],
        summary: 'Release a hold, with a note; releasing the last one releases the order',
        description:
          'The note goes in the body (`{"note": "…"}`), like every other reason in this API, so it stays out of URLs and access logs. When no hold is left, the order’s on_hold fulfillment orders go to their locations by the tenant’s release policy (immediate: released; waves: pending for the next wave; review: pending). 409 ORDER_HOLD_ALREADY_RELEASED for a hold released before. Idempotency-Key supported.',
        params: HoldParams,
        headers: IdempotencyHeader,
        body: Type.Object({ note: text(500, { description: 'Why the hold is released (on the timeline as the reason of order.released)' }) }, { additionalProperties: false }),
        response: { 200: HoldViewSchema },
      },
    }, async (request) => {
      const { id, hold_id } = request.params;
      const path = `/v1/orders/${id}/holds/${hold_id}`;
      const answer = await releaseOrderHoldById(db, actorOf(request.principal), id, hold_id, request.body.note, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'DELETE', path, request.body));
      return answer.body;
    });

    app.post('/v1/orders/:id/verification', {
      config: { action: 'reviews:work' },
      schema: {
        tags: ['orders'],
        summary: 'Send the customer a new verification link (the old one is void); answers the link, also on the timeline as verification.requested',
        description: '409 VERIFICATION_NOT_PENDING when the order has no open verification case (no active verification hold).',
        params: OrderId,
        response: { 201: Type.Object({ case_id: Type.String(), url: Type.String(), expires_at: Timestamp }) },
      },
    }, async (request, reply) => reply.code(201).send(await resendVerification(db, actorOf(request.principal), request.params.id, deps.clock())));

    app.get('/v1/orders/:id/events', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: {
        tags: ['orders'],
        summary: 'The order’s timeline: every state change with actor, time and reason',
        params: OrderId,
        response: { 200: Type.Object({ data: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), at: Timestamp, actor: Type.String(), actor_label: Type.String({ description: 'A person’s e-mail, an API key’s name, an automation rule’s name (`automation “Hold big orders”`, the actor being `automation:<rule id>`), or the actor itself (system:…, channel:…)' }), data: Type.Object({}, { additionalProperties: true }) })) }) },
      },
    }, async (request) => {
      const order = await visibleOrder(db, request.principal, request.params.id);
      const events = await listEventsOf(db, request.principal.tenantId, order.id);
      const labels = await actorLabels(db, request.principal.tenantId, events.map((e) => e.actor));
      const automations = await automationActorLabels(db, request.principal.tenantId, events);
      return { data: events.map((e, i) => ({ id: e.id, type: e.type, at: e.at.toISOString(), actor: e.actor, actor_label: automations[i] ?? labels.get(e.actor) ?? e.actor, data: e.data })) };
    });
  };
}
