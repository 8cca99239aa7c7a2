import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { versionFromIfMatch } from '../../../platform/http/if-match.js';
import { actorOf } from '../../../platform/http/principal.js';
import { IdempotencyHeader, nullable, text } from '../../../platform/http/schemas.js';
import { AddressSchema } from '../../../platform/http/address.js';
import { CANONICAL_ORDER_LIMITS } from '../../../platform/contracts/canonical-order.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import type { EditChange } from '../../../modules/orders/index.js';
import { beginOrderEdit, commitOrderEdit, discardOrderEdit, getOrderEdit, listOrderEdits, patchOrder, stageOrderEditChanges, unstageOrderEditChange } from '../../../flows/orders/edit-order.js';
import { EditChanges, OrderEditSummarySchema, OrderEditViewSchema } from './order-edit-schemas.js';
import { OrderViewSchema } from './order-schemas.js';

/** Staff's choice not to tell the customer about this edit (ADR 0034). */
const NoNotification = Type.Optional(Type.Boolean({ description: 'true: the customer is not e-mailed about this edit (the message is kept as skipped); default false' }));

const tags = ['order edits'];
const OrderId = Type.Object({ id: Type.String({ pattern: '^ord_[0-9a-z]{26}$' }) });
const EditParams = Type.Object({ id: OrderId.properties.id, edit_id: Type.String({ pattern: '^oed_[0-9a-z]{26}$' }) });
const EditHeaders = IdempotencyHeader;

/** The order version a one-shot edit expects. */
const versionOf = (header: string | undefined) => versionFromIfMatch(header, 'order', 'GET /v1/orders/{id}');

/** /v1/orders/{id}/edits and PATCH /v1/orders/{id}: order edits after capture (ADR 0032). */
export function orderEditRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    app.post('/v1/orders/:id/edits', {
      config: { action: 'orders:edit' },
      schema: {
        tags,
        summary: 'Begin an edit of an order (optionally with its first changes): records the order’s version',
        description:
          'An edit is a list of staged changes, previewed by GET …/edits/{edit_id} and written by POST …/commit in one transaction. The order’s version (and a digest of what the edit depends on) is recorded now: if the order changes before the commit — another edit, a cancel, a label bought — the commit answers 409 ORDER_EDIT_CONFLICT and writes nothing. Cancelled and closed orders answer 409 ORDER_NOT_EDITABLE. Changes are validated as they are staged (422 ORDER_EDIT_INVALID naming `changes[i].field`). Idempotency-Key supported.',
        params: OrderId,
        headers: EditHeaders,
        body: Type.Object({ changes: Type.Optional(EditChanges) }, { additionalProperties: false }),
        response: { 201: OrderEditViewSchema },
      },
    }, async (request, reply) => {
      const { id } = request.params;
      const answer = await beginOrderEdit(db, actorOf(request.principal), id, (request.body.changes ?? []) as EditChange[], deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', `/v1/orders/${id}/edits`, request.body));
      return reply.code(answer.statusCode).send(answer.body);
    });

    app.post('/v1/orders/:id/edits/:edit_id/changes', {
      config: { action: 'orders:edit' },
      schema: {
        tags,
        summary: 'Stage more changes on an open edit (validated with those staged before, in order)',
        params: EditParams,
        headers: EditHeaders,
        body: Type.Object({ changes: Type.Array(EditChanges.items, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
        response: { 200: OrderEditViewSchema },
      },
    }, async (request) => {
      const { id, edit_id } = request.params;
      const answer = await stageOrderEditChanges(db, actorOf(request.principal), id, edit_id, request.body.changes as EditChange[], deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', `/v1/orders/${id}/edits/${edit_id}/changes`, request.body));
      return answer.body;
    });

    app.delete('/v1/orders/:id/edits/:edit_id/changes/:n', {
      config: { action: 'orders:edit' },
      schema: {
        tags,
        summary: 'Unstage the n-th change (0-based) of an open edit',
        params: Type.Object({ ...EditParams.properties, n: Type.Integer({ minimum: 0, maximum: 99 }) }),
        response: { 200: OrderEditViewSchema },
      },
    }, async (request) => unstageOrderEditChange(db, actorOf(request.principal), request.params.id, request.params.edit_id, request.params.n, deps.clock()));

    app.get('/v1/orders/:id/edits', {
      config: { action: 'orders:edit' },
      schema: {
        tags,
        summary: 'An order’s edits, newest first: open, committed and discarded, with their changes (no preview: GET …/edits/{edit_id} has it)',
        params: OrderId,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(OrderEditSummarySchema) }) },
      },
    }, async (request) => ({ data: await listOrderEdits(db, request.principal.tenantId, request.params.id, request.query.limit ?? 50) }));

    app.get('/v1/orders/:id/edits/:edit_id', {
      config: { action: 'orders:edit' },
      schema: {
        tags,
        summary: 'An edit and its preview: the order before and after, the money delta, amount due or refund owed, stock effects',
        description: 'While open, the preview is computed over the order as it is now; `stale` says the order changed since the edit began (committing would answer 409). A committed edit shows `result`, the data of its `order.edited` event.',
        params: EditParams,
        response: { 200: OrderEditViewSchema },
      },
    }, async (request) => getOrderEdit(db, request.principal.tenantId, request.params.id, request.params.edit_id, deps.clock()));

    app.post('/v1/orders/:id/edits/:edit_id/commit', {
      config: { action: 'orders:edit' },
      schema: {
        tags,
        summary: 'Commit an edit: every change at once, in one transaction, or 409 ORDER_EDIT_CONFLICT when the order changed since the edit began',
        description:
          'Units taken off are released (as a cancel releases them) and leave their fulfillment orders; units added are planned by the routing rules and reserved with the same conditional update as capture (never oversold: 409 INVENTORY_INSUFFICIENT naming the change, or a backorder for backorderable SKUs, or left unfilled on hold when the tenant accepts unfillable orders); a held order stays held. The totals are recomputed: the payment ledger then shows an amount due (the total rose) or a refund owed (it fell). One `order.edited` event (changes with before and after, the reason, money, stock) on the timeline. Idempotency-Key supported.',
        params: EditParams,
        headers: EditHeaders,
        body: Type.Object({ reason: text(500, { description: 'Why the order is edited (on the timeline)' }), no_notification: NoNotification }, { additionalProperties: false }),
        response: { 200: OrderEditViewSchema },
      },
    }, async (request) => {
      const { id, edit_id } = request.params;
      const answer = await commitOrderEdit(db, actorOf(request.principal), id, edit_id, request.body.reason, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', `/v1/orders/${id}/edits/${edit_id}/commit`, request.body), request.body.no_notification === true);
      return answer.body;
    });

    app.post('/v1/orders/:id/edits/:edit_id/discard', {
      config: { action: 'orders:edit' },
      schema: { tags, summary: 'Discard an open edit; the order is not changed', params: EditParams, headers: EditHeaders, response: { 200: OrderEditViewSchema } },
    }, async (request) => {
      const { id, edit_id } = request.params;
      const answer = await discardOrderEdit(db, actorOf(request.principal), id, edit_id, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', `/v1/orders/${id}/edits/${edit_id}/discard`, {}));
      return answer.body;
    });

    app.patch('/v1/orders/:id', {
      config: { action: 'orders:edit' },
      schema: {
        tags,
        summary: 'Change an order’s notes, tags or shipping address at once (an edit begun and committed in one step)',
        description:
          'The same rules and the same `order.edited` event as an edit. Send `If-Match: "<version>"` (the order’s `version`) to be refused with 409 ORDER_EDIT_CONFLICT if the order moved since you read it. The address cannot change while a label is bought for an open shipment (422 ORDER_EDIT_LABEL_BOUGHT). Idempotency-Key supported.',
        params: OrderId,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()), 'if-match': Type.Optional(Type.String({ maxLength: 20 })) }),
        body: Type.Object(
          {
            notes: Type.Optional(nullable(Type.String({ maxLength: 5000 }))),
            tags: Type.Optional(Type.Array(text(CANONICAL_ORDER_LIMITS.tagLength), { maxItems: CANONICAL_ORDER_LIMITS.maxTags })),
            shipping_address: Type.Optional(AddressSchema),
            reason: Type.Optional(text(500)),
            no_notification: NoNotification,
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: OrderViewSchema },
      },
    }, async (request) => {
      const { id } = request.params;
      const answer = await patchOrder(db, actorOf(request.principal), id, request.body, versionOf(request.headers['if-match']), deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'PATCH', `/v1/orders/${id}`, request.body));
      return answer.body;
    });
  };
}
