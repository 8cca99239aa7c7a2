import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { IdempotencyHeader } from '../../../platform/http/schemas.js';
import { actorOf, type Principal } from '../../../platform/http/principal.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import { findOrder } from '../../../modules/orders/index.js';
import type { TransactionSource } from '../../../modules/payments/index.js';
import { resolveLocations } from '../../../modules/inventory/index.js';
import {
  AnalyticsQuery,
  AnalyticsView,
  ApproveBody,
  CancelBody,
  DeclineBody,
  listReturns,
  PolicyBody,
  ReasonsBody,
  ReasonsView,
  ReceiptBody,
  RefundBody,
  RefundPreviewView,
  ReturnBody,
  ReturnId,
  ReturnList,
  ReturnQuery,
  ReturnView,
  TransitBody,
} from '../../../modules/returns/index.js';
import { moveReturn } from '../../../flows/returns/move-return.js';
import { receiveReturn } from '../../../flows/returns/receive-return.js';
import { previewRefund, refundReturn } from '../../../flows/returns/refund-return.js';
import { requestReturn } from '../../../flows/returns/request-return.js';
import { returnAnalytics } from '../../../flows/returns/return-analytics.js';
import { putReturnPolicy, putReturnReasons, readReturnSettings } from '../../../flows/returns/return-settings.js';
import { returnViews, visibleReturn } from '../../../flows/returns/steps/return-view.js';
import { returnListViews } from '../../../flows/returns/steps/return-list-view.js';
import { returnLabelRoutes } from './return-labels.js';

const OrderId = Type.Object({ id: Type.String({ pattern: '^ord_[0-9a-z]{26}$' }) });
const sourceOf = (p: Principal): TransactionSource => (p.channelId !== undefined ? 'channel' : p.userId !== undefined ? 'console' : 'api');
const tags = ['returns'];

/** /v1/returns, /v1/orders/{id}/returns, /v1/return-reasons, /v1/return-policy, /v1/analytics/returns (ADR 0019). */
export function returnRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/return-reasons', { config: { action: 'read' }, schema: { tags, summary: 'The tenant’s return reasons (the defaults until replaced)', response: { 200: ReasonsView } } }, async (request) => {
      return { reasons: (await readReturnSettings(db, request.principal.tenantId)).reasons };
    });
    app.put('/v1/return-reasons', { config: { action: 'settings:write' }, schema: { tags, summary: 'Replace the return reasons; "other" must be present and require a note', body: ReasonsBody, response: { 200: ReasonsView } } }, async (request) => {
      return putReturnReasons(db, actorOf(request.principal), request.body.reasons, deps.clock());
    });
    app.get('/v1/return-policy', { config: { action: 'read' }, schema: { tags, summary: 'The tenant’s return policy (the defaults until replaced)', response: { 200: PolicyBody } } }, async (request) => {
      return (await readReturnSettings(db, request.principal.tenantId)).policy;
    });
    app.put('/v1/return-policy', { config: { action: 'settings:write' }, schema: { tags, summary: 'Replace the return policy', body: PolicyBody, response: { 200: PolicyBody } } }, async (request) => {
      return putReturnPolicy(db, actorOf(request.principal), request.body, deps.clock());
    });

    app.post('/v1/orders/:id/returns', {
      config: { action: 'returns:write' },
      schema: {
        tags,
        summary: 'Request a return of shipped units of the order',
        description:
          'Only shipped or delivered units: at most shipped − units on the order’s other returns that are not declined or cancelled (422 RETURN_EXCEEDS_SHIPPED naming `lines[i].quantity`; enforced again by the database). Unshipped units are cancelled instead (422 RETURN_UNITS_NOT_SHIPPED). ' +
          'Each line needs a reason of GET /v1/return-reasons (a note where the reason requires one). The return policy is evaluated: an ineligible return is 422 RETURN_NOT_ELIGIBLE with one sentence per reason, unless staff send `override_note`, which is recorded. Send `Idempotency-Key` to make retries safe.',
        params: OrderId,
        headers: IdempotencyHeader,
        body: ReturnBody,
        response: { 201: ReturnView },
      },
    }, async (request, reply) => {
      const path = `/v1/orders/${request.params.id}/returns`;
      const answer = await requestReturn(db, actorOf(request.principal), request.params.id, request.body, () => true, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', path, request.body));
      return reply.code(201).send(answer.body);
    });
    app.get('/v1/orders/:id/returns', { config: { action: 'orders:read' }, schema: { tags, summary: 'The order’s returns, newest first', params: OrderId, response: { 200: Type.Object({ data: Type.Array(ReturnView) }) } } }, async (request) => {
      const tenantId = request.principal.tenantId;
      if (!(await findOrder(db, tenantId, request.params.id))) throw new DomainError('ORDER_NOT_FOUND', `No order ${request.params.id}.`);
      return { data: await returnViews(db, tenantId, await listReturns(db, tenantId, { orderId: request.params.id }, { size: 500 })) };
    });

    app.get('/v1/returns', { config: { action: 'orders:read' }, schema: { tags, summary: 'Returns, newest first, by status, order or location', description: 'Each with its order’s number, channel and customer (`order`), read for the whole page at once.', querystring: ReturnQuery, response: { 200: ReturnList } } }, async (request) => {
      const tenantId = request.principal.tenantId;
      const q = request.query;
      const locationId = q.location ? (await resolveLocations(db, tenantId, [q.location], () => 'query.location'))[0]?.id : undefined;
      const req = pageRequest(q, /^rma_[0-9a-z]{26}$/);
      const rows = await listReturns(db, tenantId, { status: q.status, orderId: q.order_id, locationId, exchangeOverdue: q.exchange_overdue }, req);
      const p = page(rows, req, (r) => [r.id]);
      return { data: await returnListViews(db, tenantId, p.data), next_cursor: p.next_cursor };
    });
    app.get('/v1/returns/:id', { config: { action: 'orders:read' }, schema: { tags, summary: 'A return with its lines, dispositions and refund', params: ReturnId, response: { 200: ReturnView } } }, async (request) => {
      const [view] = await returnViews(db, request.principal.tenantId, [await visibleReturn(db, request.principal.tenantId, request.params.id)]);
      return view;
    });

    const move = (suffix: string, summary: string, body: typeof ApproveBody | typeof DeclineBody | typeof CancelBody | typeof TransitBody, toMove: (b: Record<string, string | undefined>) => Parameters<typeof moveReturn>[3]) =>
      app.post(`/v1/returns/:id/${suffix}`, { config: { action: 'returns:write' }, schema: { tags, summary, params: ReturnId, body, response: { 200: ReturnView } } }, async (request) => {
        return moveReturn(db, actorOf(request.principal), (request.params as { id: string }).id, toMove((request.body ?? {}) as Record<string, string | undefined>), deps.clock());
      });
    move('approve', 'Approve a requested return; `location` receives it (default: the first active location of the policy’s return_locations)', ApproveBody, (b) => ({ to: 'approved', location: b.location, note: b.note }));
    move('decline', 'Decline a requested return (reason required)', DeclineBody, (b) => ({ to: 'declined', reason: b.reason as string }));
    move('cancel', 'Cancel a return that has not been received', CancelBody, (b) => ({ to: 'cancelled', reason: b.reason }));
    move('in-transit', 'Mark an approved return’s parcel as on its way (tracking number optional)', TransitBody, (b) => ({ to: 'in_transit', trackingNumber: b.tracking_number }));

    app.post('/v1/returns/:id/receipts', {
      config: { action: 'returns:write' },
      schema: {
        tags,
        summary: 'Receive units of the return at its location, each with its disposition',
        description:
          'restock: back to on hand (ledger reason `returned`); quarantine / refurbish: the location’s non-sellable `quarantined` units, never available; return_to_vendor, scrap: no stock; missing: expected but not in the parcel. A line takes at most its quantity less what is settled (409 RETURN_OVER_RECEIPT): a receipt sent twice books once. The return becomes partially_received or received (then inspected), the order partially_returned / returned. Idempotency-Key supported.',
        params: ReturnId,
        headers: IdempotencyHeader,
        body: ReceiptBody,
        response: { 201: ReturnView },
      },
    }, async (request, reply) => {
      const path = `/v1/returns/${request.params.id}/receipts`;
      const answer = await receiveReturn(db, actorOf(request.principal), request.params.id, request.body, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', path, request.body));
      return reply.code(201).send(answer.body);
    });

    app.get('/v1/returns/:id/refund-preview', { config: { action: 'orders:read' }, schema: { tags, summary: 'What refunding the return would refund now: lines (unit price − discount share, tax share), shipping by policy, restocking fee', params: ReturnId, response: { 200: RefundPreviewView } } }, async (request) => {
      return previewRefund(db, request.principal.tenantId, request.params.id);
    });
    app.post('/v1/returns/:id/refunds', {
      config: { action: 'returns:write' },
      schema: {
        tags,
        summary: 'Refund an inspected return: a refund on the order’s payment ledger, and the return closes',
        description:
          'Once per return (409 RETURN_NOT_REFUNDABLE after); only when the policy’s allowed_outcomes offers refund (422 RETURN_OUTCOME_NOT_OFFERED naming what is offered; staff send `override_note`); against the order’s capture or sale (none: 409 RETURN_NO_CAPTURED_PAYMENT); never more than captured − refunded (409 PAYMENT_AMOUNT_EXCEEDS_REMAINING). `refund.created` names the lines, shipping and tax, so the accounting export books a credit note. Idempotency-Key supported.',
        params: ReturnId,
        headers: IdempotencyHeader,
        body: RefundBody,
        response: { 201: ReturnView },
      },
    }, async (request, reply) => {
      const path = `/v1/returns/${request.params.id}/refunds`;
      const answer = await refundReturn(db, actorOf(request.principal), request.params.id, request.body, sourceOf(request.principal), deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', path, request.body));
      return reply.code(201).send(answer.body);
    });

    returnLabelRoutes(base, deps);

    app.get('/v1/analytics/returns', { config: { action: 'read' }, schema: { tags, summary: 'Return rate (units returned ÷ units shipped of orders placed in [from, to)) by SKU, reason or channel, and dock-to-stock p50/p90', querystring: AnalyticsQuery, response: { 200: AnalyticsView } } }, async (request) => {
      return returnAnalytics(db, request.principal.tenantId, request.query.from, request.query.to, request.query.group_by ?? 'sku');
    });
  };
}
