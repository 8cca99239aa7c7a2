import type { Db } from '../../../platform/db/database.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import type { FulfillmentOrder } from '../db/fulfillment-orders.queries.js';
import { insertPickList, markPickListCompleted, setStopPicked, touchPickList, type PickList, type PickListStopRow } from '../db/pick-lists.queries.js';
import { buildStops } from '../domain/pick-path.js';
import { transitionFulfillmentOrder } from './transition.js';

export type PickMode = 'batch' | 'single';

/**
 * Makes a pick list of fulfillment orders the caller claimed (locked, ready to pick) at one
 * location: each moves to `picking`; their lines merged by SKU and bin become the stops, in
 * walking order. `binOf` says where a SKU sits at the location.
 */
export async function createPickList(
  tx: Db,
  actor: Actor,
  input: { locationId: string; mode: PickMode; orders: FulfillmentOrder[]; binOf: (sku: string) => string | null },
  now: Date,
): Promise<PickList> {
  const id = newId('pkl');
  for (const fo of input.orders) await transitionFulfillmentOrder(tx, actor, fo, 'picking', 'on a pick list', now, { pick_list_id: id });
  const stops: PickListStopRow[] = buildStops(
    input.orders.flatMap((fo) => fo.lines.map((l) => ({ fulfillmentOrderId: fo.id, sku: l.sku, quantity: l.quantity }))),
    input.binOf,
  ).map((s, seq) => ({ tenantId: actor.tenantId, pickListId: id, seq, bin: s.bin, sku: s.sku, quantity: s.quantity, picked: null }));
  const row = { tenantId: actor.tenantId, id, locationId: input.locationId, mode: input.mode, status: 'open' as const, createdAt: now, updatedAt: now, completedAt: null };
  const fulfillmentOrderIds = input.orders.map((o) => o.id).sort();
  await insertPickList(tx, row, fulfillmentOrderIds, stops);
  await appendEvents(tx, actor, now, [
    {
      type: 'pick_list.created',
      aggregateType: 'pick_list',
      aggregateId: id,
      data: { location_id: input.locationId, mode: input.mode, fulfillment_order_ids: fulfillmentOrderIds, stops: stops.map((s) => ({ bin: s.bin, sku: s.sku, quantity: s.quantity })) },
    },
  ]);
  return { ...row, fulfillmentOrderIds, stops };
}

export interface PickConfirmation {
  sku: string;
  bin?: string | undefined;
  picked: number;
}

/**
 * Confirms open stops of a locked pick list, line by line: each names a stop by SKU (and bin,
 * when given) and the units picked. Answers the short picks (stop and shortfall) for the caller
 * to re-route. The list is completed once every stop is confirmed.
 */
export async function recordPicks(tx: Db, actor: Actor, list: PickList, lines: PickConfirmation[], now: Date): Promise<{ sku: string; bin: string | null; shortfall: number }[]> {
  const errors: FieldError[] = [];
  const matched: { stop: PickListStopRow; picked: number }[] = [];
  const seen = new Set<number>();
  lines.forEach((line, i) => {
    const candidates = list.stops.filter((s) => s.sku === line.sku && (line.bin === undefined || s.bin === line.bin));
    const stop = candidates.find((s) => s.picked === null && !seen.has(s.seq));
    if (candidates.length === 0) return void errors.push({ field: `lines[${i}].sku`, message: `the pick list has no stop for ${line.sku}${line.bin ? ` in ${line.bin}` : ''}` });
    if (!stop) return void errors.push({ field: `lines[${i}].sku`, message: `the stop for ${line.sku} is already confirmed` });
    if (line.picked > stop.quantity) return void errors.push({ field: `lines[${i}].picked`, message: `the stop asks for ${stop.quantity}; book surplus stock with an inventory adjustment` });
    seen.add(stop.seq);
    matched.push({ stop, picked: line.picked });
  });
  if (errors.length > 0) throw new DomainError('FULFILLMENT_PICK_LINE_UNKNOWN', 'Some lines do not match an open stop of the pick list.', errors);
  for (const m of matched) {
    await setStopPicked(tx, actor.tenantId, list.id, m.stop.seq, m.picked);
    m.stop.picked = m.picked;
  }
  const done = list.stops.every((s) => s.picked !== null);
  if (done) {
    await markPickListCompleted(tx, actor.tenantId, list.id, now);
    Object.assign(list, { status: 'completed', completedAt: now, updatedAt: now });
  } else {
    await touchPickList(tx, actor.tenantId, list.id, now);
    list.updatedAt = now;
  }
  const shorts = matched.filter((m) => m.picked < m.stop.quantity).map((m) => ({ sku: m.stop.sku, bin: m.stop.bin, shortfall: m.stop.quantity - m.picked }));
  await appendEvents(tx, actor, now, [
    {
      type: done ? 'pick_list.completed' : 'pick_list.confirmed',
      aggregateType: 'pick_list',
      aggregateId: list.id,
      data: { lines: matched.map((m) => ({ bin: m.stop.bin, sku: m.stop.sku, quantity: m.stop.quantity, picked: m.picked })), short: shorts },
    },
  ]);
  return shorts;
}
