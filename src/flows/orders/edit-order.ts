import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { idempotently, type Idempotency, type IdempotentAnswer } from '../../platform/idempotency/idempotency.js';
import { newId } from '../../platform/kernel/ids.js';
import type { Actor } from '../../platform/outbox/events.js';
import {
  closeOrderEdit,
  editsOfOrder,
  findOrder,
  findOrderEdit,
  insertOrderEdit,
  isEditable,
  linesOfOrders,
  lockedOrder,
  lockOrderEdit,
  setOrderEditChanges,
  type EditChange,
  type EditAddress,
  type OrderEditRow,
  type OrderRow,
} from '../../modules/orders/index.js';
import { applyOrRefuse, commitEdit } from './steps/commit-edit.js';
import { digestOf, editInputs } from './steps/edit-inputs.js';
import { orderEditView, type OrderEditView } from './steps/edit-view.js';
import { loadOrderViews, type OrderView } from './steps/order-view.js';

/** The most changes one edit stages (the table's CHECK says the same). */
export const MAX_EDIT_CHANGES = 100;

/**
 * Order edits (ADR 0032): begin → stage → preview → commit, as a merchant used to Shopify's order
 * editing expects, with the order's version and digest taken at begin and compared at commit.
 * Each write is one transaction; POSTs replay with Idempotency-Key.
 */

/** An order the caller may edit (404 otherwise, as if it did not exist), and not cancelled or closed (409). */
function requireEditable(order: OrderRow): void {
  if (!isEditable(order.status)) throw new DomainError('ORDER_NOT_EDITABLE', `An order that is ${order.status} cannot be edited.`, undefined, { current_status: order.status });
}

/** Validates the changes over the order as it is (422 naming `changes[i].…`), writing nothing. */
async function validate(tx: Db, order: OrderRow, changes: EditChange[]): Promise<void> {
  if (changes.length > MAX_EDIT_CHANGES) throw new DomainError('ORDER_EDIT_INVALID', `An edit stages at most ${MAX_EDIT_CHANGES} changes.`, [{ field: 'changes', message: `at most ${MAX_EDIT_CHANGES} changes per edit` }]);
  const lines = await linesOfOrders(tx, order.tenantId, [order.id]);
  const inputs = await editInputs(tx, order, lines, changes);
  applyOrRefuse(inputs.base, changes, inputs.context);
}

async function editOf(tx: Db, tenantId: string, orderId: string, editId: string, lock: boolean): Promise<OrderEditRow> {
  const edit = lock ? await lockOrderEdit(tx, tenantId, orderId, editId) : await findOrderEdit(tx, tenantId, orderId, editId);
  if (!edit) throw new DomainError('ORDER_EDIT_NOT_FOUND', `Order ${orderId} has no edit ${editId}.`);
  return edit;
}

function requireOpen(edit: OrderEditRow): void {
  if (edit.status !== 'open') throw new DomainError('ORDER_EDIT_CLOSED', `Edit ${edit.id} was ${edit.status} already.`, undefined, { edit_status: edit.status });
}

/** POST /v1/orders/{id}/edits: records the order's version and digest, with any first changes (validated). */
export async function beginOrderEdit(db: Db, actor: Actor, orderId: string, changes: EditChange[], now: Date, idempotency?: Idempotency): Promise<IdempotentAnswer<OrderEditView, 201>> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 201 as const, async () => {
      const order = await lockedOrder(tx, actor.tenantId, orderId);
      requireEditable(order);
      await validate(tx, order, changes);
      const lines = await linesOfOrders(tx, actor.tenantId, [orderId]);
      const edit: OrderEditRow = { tenantId: actor.tenantId, id: newId('oed'), orderId, status: 'open', baseVersion: order.version, baseDigest: digestOf(order, lines), changes, reason: null, createdBy: actor.actorId, createdAt: now, updatedAt: now, closedBy: null, closedAt: null, result: null };
      await insertOrderEdit(tx, edit);
      return orderEditView(tx, order, edit, now);
    }),
  );
}

/** POST …/changes: stages more changes after those staged; all are validated together, in order. */
export async function stageOrderEditChanges(db: Db, actor: Actor, orderId: string, editId: string, changes: EditChange[], now: Date, idempotency?: Idempotency): Promise<IdempotentAnswer<OrderEditView, 200>> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 200 as const, async () => {
      const edit = await editOf(tx, actor.tenantId, orderId, editId, true);
      requireOpen(edit);
      const order = await orderOf(tx, actor.tenantId, orderId);
      const all = [...edit.changes, ...changes];
      await validate(tx, order, all);
      await setOrderEditChanges(tx, actor.tenantId, editId, all, now);
      return orderEditView(tx, order, { ...edit, changes: all, updatedAt: now }, now);
    }),
  );
}

/** DELETE …/changes/{n}: unstages the n-th change (0-based); the rest must still hold together. */
export async function unstageOrderEditChange(db: Db, actor: Actor, orderId: string, editId: string, n: number, now: Date): Promise<OrderEditView> {
  return inTransaction(db, async (tx) => {
    const edit = await editOf(tx, actor.tenantId, orderId, editId, true);
    requireOpen(edit);
    if (n >= edit.changes.length) throw new DomainError('ORDER_EDIT_INVALID', `Edit ${editId} has ${edit.changes.length} change(s).`, [{ field: 'n', message: `must be less than ${edit.changes.length}, the number of staged changes` }]);
    const order = await orderOf(tx, actor.tenantId, orderId);
    const rest = edit.changes.filter((_, i) => i !== n);
    await validate(tx, order, rest);
    await setOrderEditChanges(tx, actor.tenantId, editId, rest, now);
    return orderEditView(tx, order, { ...edit, changes: rest, updatedAt: now }, now);
  });
}

/** GET …/edits/{edit_id}: the edit with its preview. */
export async function getOrderEdit(db: Db, tenantId: string, orderId: string, editId: string, now: Date): Promise<OrderEditView> {
  const edit = await editOf(db, tenantId, orderId, editId, false);
  return orderEditView(db, await orderOf(db, tenantId, orderId), edit, now);
}

/** An edit as a list shows it: what it changes and who closed it, without the preview (one per edit would recompute the order). */
export interface OrderEditSummary {
  id: string;
  order_id: string;
  status: OrderEditRow['status'];
  base_version: number;
  changes: EditChange[];
  reason: string | null;
  created_by: string;
  created_at: string;
  closed_by: string | null;
  closed_at: string | null;
}

/** GET /v1/orders/{id}/edits: the order's edits, newest first (404 for an order the tenant does not have). */
export async function listOrderEdits(db: Db, tenantId: string, orderId: string, limit: number): Promise<OrderEditSummary[]> {
  await orderOf(db, tenantId, orderId);
  return (await editsOfOrder(db, tenantId, orderId, limit)).map((e) => ({
    id: e.id,
    order_id: e.orderId,
    status: e.status,
    base_version: e.baseVersion,
    changes: e.changes,
    reason: e.reason,
    created_by: e.createdBy,
    created_at: e.createdAt.toISOString(),
    closed_by: e.closedBy,
    closed_at: e.closedAt?.toISOString() ?? null,
  }));
}

/** POST …/commit: the edit's changes, written at once (steps/commit-edit.ts), or 409 when the order moved since it began. */
export async function commitOrderEdit(db: Db, actor: Actor, orderId: string, editId: string, reason: string, now: Date, idempotency?: Idempotency, noNotification = false): Promise<IdempotentAnswer<OrderEditView, 200>> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 200 as const, async () => {
      // The edit's row first: of two commits of one edit, the second waits here and finds it committed.
      const edit = await editOf(tx, actor.tenantId, orderId, editId, true);
      requireOpen(edit);
      if (edit.changes.length === 0) throw new DomainError('ORDER_EDIT_INVALID', 'The edit has no changes to commit.', [{ field: 'changes', message: 'stage at least one change, or discard the edit' }]);
      const { order, event } = await commitEdit(tx, actor, orderId, { id: edit.id, baseVersion: edit.baseVersion, baseDigest: edit.baseDigest, changes: edit.changes }, reason, now, noNotification);
      const result = event as unknown as Record<string, unknown>;
      await closeOrderEdit(tx, actor.tenantId, editId, { status: 'committed', by: actor.actorId, at: now, reason, result });
      return orderEditView(tx, order, { ...edit, status: 'committed', reason, closedBy: actor.actorId, closedAt: now, updatedAt: now, result }, now);
    }),
  );
}

/** POST …/discard: closes an open edit without changing the order. */
export async function discardOrderEdit(db: Db, actor: Actor, orderId: string, editId: string, now: Date, idempotency?: Idempotency): Promise<IdempotentAnswer<OrderEditView, 200>> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 200 as const, async () => {
      const edit = await editOf(tx, actor.tenantId, orderId, editId, true);
      requireOpen(edit);
      await closeOrderEdit(tx, actor.tenantId, editId, { status: 'discarded', by: actor.actorId, at: now, reason: null, result: null });
      return orderEditView(tx, await orderOf(tx, actor.tenantId, orderId), { ...edit, status: 'discarded', closedBy: actor.actorId, closedAt: now, updatedAt: now }, now);
    }),
  );
}

export interface OrderPatch {
  notes?: string | null | undefined;
  tags?: string[] | undefined;
  shipping_address?: EditAddress | undefined;
  reason?: string | undefined;
  /** true: the customer is not told (ADR 0034). */
  no_notification?: boolean | undefined;
}

/**
 * PATCH /v1/orders/{id}: notes, tags and the shipping address in one step — an edit begun and
 * committed at once (same rules, same `order.edited`, stored as a committed edit). With If-Match
 * the order must still be at that version (409 ORDER_EDIT_CONFLICT otherwise).
 */
export async function patchOrder(db: Db, actor: Actor, orderId: string, patch: OrderPatch, ifMatch: number | undefined, now: Date, idempotency?: Idempotency): Promise<IdempotentAnswer<OrderView, 200>> {
  const changes: EditChange[] = [];
  if (patch.shipping_address !== undefined) changes.push({ type: 'change_shipping_address', address: patch.shipping_address });
  if (patch.notes !== undefined) changes.push({ type: 'change_notes', notes: patch.notes });
  if (patch.tags !== undefined) changes.push({ type: 'change_tags', tags: patch.tags });
  if (changes.length === 0) throw new DomainError('REQUEST_INVALID', 'Nothing to change.', [{ field: 'notes', message: 'send notes, tags or shipping_address' }]);
  const answer = await inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 200 as const, async () => {
      const id = newId('oed');
      const reason = patch.reason ?? 'edited';
      const { order, event } = await commitEdit(tx, actor, orderId, { id, baseVersion: ifMatch ?? null, baseDigest: null, changes }, reason, now, patch.no_notification === true);
      const result = event as unknown as Record<string, unknown>;
      await insertOrderEdit(tx, { tenantId: actor.tenantId, id, orderId, status: 'committed', baseVersion: event.base_version, baseDigest: '', changes, reason, createdBy: actor.actorId, createdAt: now, updatedAt: now, closedBy: actor.actorId, closedAt: now, result });
      const [view] = await loadOrderViews(tx, actor.tenantId, [order], now);
      return view as OrderView;
    }),
  );
  return answer;
}

async function orderOf(db: Db, tenantId: string, orderId: string): Promise<OrderRow> {
  const order = await findOrder(db, tenantId, orderId);
  if (!order) throw new DomainError('ORDER_NOT_FOUND', `No order ${orderId}.`);
  return order;
}
