import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import type { PageRequest } from '../../platform/db/keyset.js';
import { page } from '../../platform/http/pagination.js';
import { idempotently, type Idempotency, type IdempotentAnswer } from '../../platform/idempotency/idempotency.js';
import { currencyExponent, formatMoney } from '../../platform/kernel/money.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { activeHoldsOfOrders, findOrder, orderName, ordersByIds, ordersLinkedTo } from '../../modules/orders/index.js';
import { ordersSharingKeys } from '../../modules/risk/index.js';
import { ageSeconds, assignCase, closeCase, getCase, listCases, voidVerificationsOfCase, type CaseFilter, type CaseSort, type ReviewCaseRow } from '../../modules/reviews/index.js';
import { actorLabels, getUser } from '../../modules/tenancy/index.js';
import { lockOrderToRelease, releaseOrderHold } from '../orders/steps/holds.js';
import { cancelUnits } from '../orders/steps/cancel-units.js';
import { loadOrderViews, type OrderView } from '../orders/steps/order-view.js';

/** A case as the API shows it; `age_seconds` is the SLA age at `now` (open) or at closing. */
export function caseView(c: ReviewCaseRow, now: Date, labels: Map<string, string>, orderNames: Map<string, string>) {
  const label = (id: string | null) => (id === null ? null : (labels.get(id) ?? id));
  return {
    id: c.id,
    order_id: c.orderId,
    order_name: orderNames.get(c.orderId) ?? c.orderId,
    kind: c.kind,
    hold_id: c.holdId,
    status: c.status,
    opened_by: c.openedBy,
    opened_at: c.openedAt.toISOString(),
    age_seconds: ageSeconds(c.openedAt, c.closedAt ?? now),
    assignee: c.assignee,
    assignee_label: label(c.assignee),
    score: c.score,
    order_total: formatMoney(c.orderTotalMinor, currencyExponent(c.currency) ?? 2),
    currency: c.currency,
    shipping_country: c.shippingCountry,
    rules: c.rules,
    sentences: c.sentences,
    details: c.details,
    resolution: c.resolution,
    reason: c.reason,
    closed_by: c.closedBy,
    closed_by_label: label(c.closedBy),
    closed_at: c.closedAt?.toISOString() ?? null,
  };
}
export type CaseView = ReturnType<typeof caseView>;

/** What staff call an order: the channel's name for it, else `#<number>` (as the order page does). */
const orderNamesOf = async (db: Db, tenantId: string, rows: ReviewCaseRow[]) => new Map((await ordersByIds(db, tenantId, [...new Set(rows.map((c) => c.orderId))])).map((o) => [o.id, orderName(o)]));

const labelsOf = (db: Db, tenantId: string, rows: ReviewCaseRow[]) => actorLabels(db, tenantId, rows.flatMap((c) => [c.assignee, c.closedBy].filter((x): x is string => x !== null)));

/** GET /v1/reviews: a page of cases, oldest first unless sorted `-age`. */
export async function listCaseViews(db: Db, tenantId: string, filter: CaseFilter, sort: CaseSort, request: PageRequest, now: Date) {
  const rows = await listCases(db, tenantId, filter, sort, request);
  const { data, next_cursor } = page(rows, request, (c) => [c.id]);
  const [labels, names] = await Promise.all([labelsOf(db, tenantId, data), orderNamesOf(db, tenantId, data)]);
  return { data: data.map((c) => caseView(c, now, labels, names)), next_cursor };
}

/** GET /v1/reviews/{id}: the case, its order, and the orders linked to it (same e-mail, phone, address, customer). */
export async function caseDetail(db: Db, tenantId: string, id: string, now: Date) {
  const c = await getCase(db, tenantId, id);
  const order = await findOrder(db, tenantId, c.orderId);
  if (!order) throw new DomainError('ORDER_NOT_FOUND', `No order ${c.orderId}.`);
  const [[view], linked, labels] = await Promise.all([loadOrderViews(db, tenantId, [order], now), ordersSharingKeys(db, tenantId, order.id, ['card', 'ip']).then((also) => ordersLinkedTo(db, order, 20, also)), labelsOf(db, tenantId, [c])]);
  return {
    ...caseView(c, now, labels, new Map([[order.id, orderName(order)]])),
    order: view as OrderView,
    linked_orders: linked.map((l) => ({ id: l.id, number: l.number, status: l.status, total: formatMoney(l.total_minor, currencyExponent(l.currency) ?? 2), currency: l.currency, customer_email: l.customer_email, created_at: l.created_at.toISOString(), shared: l.shared })),
  };
}

/**
 * Locks the case's order as a hold release must (its SKUs' allocation locks, then the order: the
 * last release may plan units), the lock every writer of its holds and cases takes; then answers
 * the case as it is now.
 */
async function lockedCase(tx: Db, actor: Actor, id: string) {
  const before = await getCase(tx, actor.tenantId, id);
  const order = await lockOrderToRelease(tx, actor.tenantId, before.orderId);
  return { order, c: await getCase(tx, actor.tenantId, id) };
}

/**
 * POST /v1/reviews/{id}/close. Under the order's row lock the case is closed (conditional: of two
 * closes one wins, the other 409); approved releases the case's hold (the last one releases the
 * order), rejected cancels the order through the cancel step, which releases its stock, ends its
 * other holds and closes its other cases. An order cancelled meanwhile closed the case already
 * (`cancelled`): 409 naming that.
 */
export async function closeReviewCase(db: Db, actor: Actor, id: string, input: { resolution: 'approved' | 'rejected'; reason: string }, now: Date, idempotency?: Idempotency): Promise<IdempotentAnswer<CaseView, 200>> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 200 as const, async () => {
      const { order, c } = await lockedCase(tx, actor, id);
      const closed = await closeCase(tx, actor, c.id, input, now);
      await voidVerificationsOfCase(tx, actor.tenantId, c.id, now);
      await appendEvents(tx, actor, now, [closed.event]);
      const note = `review ${input.resolution}: ${input.reason}`.slice(0, 500);
      if (input.resolution === 'approved') {
        // A hold released by hand meanwhile closed the case already; this guards a hold ended otherwise.
        if ((await activeHoldsOfOrders(tx, actor.tenantId, [order.id])).some((h) => h.id === c.holdId)) await releaseOrderHold(tx, actor, order, c.holdId, note, now);
      } else {
        await cancelUnits(tx, actor, order.id, { reason: note }, now);
      }
      return caseView(closed.case, now, await labelsOf(tx, actor.tenantId, [closed.case]), new Map([[order.id, orderName(order)]]));
    }),
  );
}

/** POST /v1/reviews/{id}/assign: a staff user who may work reviews (admin, operator), or null. */
export async function assignReviewCase(db: Db, actor: Actor, id: string, assignee: string | null, now: Date): Promise<CaseView> {
  return inTransaction(db, async (tx) => {
    if (assignee !== null) {
      const user = await getUser(tx, actor.tenantId, assignee).catch(() => undefined);
      if (!user || user.disabledAt || !['admin', 'operator'].includes(user.role)) {
        throw new DomainError('REVIEW_ASSIGNEE_UNKNOWN', `${assignee} is not an active admin or operator of your tenant.`, [{ field: 'assignee', message: 'is not an active admin or operator user of your tenant' }]);
      }
    }
    const { order } = await lockedCase(tx, actor, id);
    const assigned = await assignCase(tx, actor, id, assignee);
    await appendEvents(tx, actor, now, [assigned.event]);
    return caseView(assigned.case, now, await labelsOf(tx, actor.tenantId, [assigned.case]), new Map([[order.id, orderName(order)]]));
  });
}
