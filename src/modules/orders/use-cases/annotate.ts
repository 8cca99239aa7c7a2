import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { ORDER_NOTE_ADDED, ORDER_TAGS_CHANGED } from '../../../platform/outbox/event-types.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { insertOrderNote } from '../db/notes.queries.js';
import { lockOrder, updateOrderTags, type OrderRow } from '../db/orders.queries.js';

/**
 * What people write on an order and how they label it. Neither touches the lifecycle (no status,
 * no version bump: a note never makes a concurrent shipment fail its compare-and-set), but both
 * take the order's row lock so they queue behind a change in flight, and both are on the timeline.
 */

/** The order under its row lock, or ORDER_NOT_FOUND (404): for every change made to one order. */
export async function lockedOrder(tx: Db, tenantId: string, id: string): Promise<OrderRow> {
  const order = await lockOrder(tx, tenantId, id);
  if (!order) throw new DomainError('ORDER_NOT_FOUND', `No order ${id}.`);
  return order;
}

/** Appends a note (event `order.note_added`); answers the order. */
export async function addOrderNote(db: Db, actor: Actor, orderId: string, text: string, now: Date): Promise<OrderRow> {
  return inTransaction(db, async (tx) => {
    const order = await lockedOrder(tx, actor.tenantId, orderId);
    const noteId = newId('ont');
    await insertOrderNote(tx, { tenantId: actor.tenantId, id: noteId, orderId, text, actor: actor.actorId, at: now });
    await appendEvents(tx, actor, now, [{ type: ORDER_NOTE_ADDED, aggregateType: 'order', aggregateId: orderId, data: { note_id: noteId, text } }]);
    return order;
  });
}

/** Replaces the tags (event `order.tags_changed` with before and after, none when they are the same); answers the order. */
export async function replaceOrderTags(db: Db, actor: Actor, orderId: string, tags: string[], now: Date): Promise<OrderRow> {
  return inTransaction(db, async (tx) => setOrderTags(tx, actor, await lockedOrder(tx, actor.tenantId, orderId), tags, now));
}

/** The same in the caller's transaction, on the order it locked (`lockedOrder`): an automation's add_tag / remove_tag (ADR 0038). */
export async function setOrderTags(tx: Db, actor: Actor, order: OrderRow, tags: string[], now: Date): Promise<OrderRow> {
  const after = [...new Set(tags)];
  const before = order.tags;
  if (before.length === after.length && before.every((t, i) => t === after[i])) return order;
  await updateOrderTags(tx, actor.tenantId, order.id, after, now);
  const added = after.filter((t) => !before.includes(t));
  const removed = before.filter((t) => !after.includes(t));
  await appendEvents(tx, actor, now, [{ type: ORDER_TAGS_CHANGED, aggregateType: 'order', aggregateId: order.id, data: { before, after, added, removed } }]);
  return { ...order, tags: after, updatedAt: now };
}
