import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import type { FulfillmentOrder } from '../db/fulfillment-orders.queries.js';
import { insertPackages, type Package } from '../db/packages.queries.js';
import type { ScanResult } from '../domain/pack-verification.js';
import type { PlannedPackage } from './plan-packages.js';
import { transitionFulfillmentOrder } from './transition.js';

/**
 * Stores the packages and moves the fulfillment order (locked by the caller) to `packed`, through
 * `picking` when it was packed straight from released/accepted. A passed scan is recorded too.
 */
export async function recordPacking(tx: Db, actor: Actor, fo: FulfillmentOrder, planned: PlannedPackage[], now: Date, verification?: ScanResult): Promise<Package[]> {
  const stored: Package[] = planned.map((p) => ({
    tenantId: actor.tenantId,
    id: newId('pkg'),
    fulfillmentOrderId: fo.id,
    boxCode: p.box.code,
    weightGrams: p.weightGrams,
    lengthMm: p.box.inner.length,
    widthMm: p.box.inner.width,
    heightMm: p.box.inner.height,
    createdAt: now,
    lines: p.lines,
  }));
  if (verification) {
    await appendEvents(tx, actor, now, [{ type: 'fulfillment_order.pack_verified', aggregateType: 'fulfillment_order', aggregateId: fo.id, data: { order_id: fo.orderId, passed: true, missing: [], extra: [] } }]);
  }
  if (fo.status === 'released' || fo.status === 'accepted') await transitionFulfillmentOrder(tx, actor, fo, 'picking', 'packed without a pick list', now);
  await insertPackages(
    tx,
    stored.map(({ lines: _lines, ...row }) => row),
    stored.flatMap((p) => p.lines.map((l) => ({ tenantId: actor.tenantId, packageId: p.id, sku: l.sku, quantity: l.quantity }))),
  );
  await transitionFulfillmentOrder(tx, actor, fo, 'packed', 'packed', now, {
    packages: stored.map((p) => ({ id: p.id, box: p.boxCode, weight_grams: p.weightGrams, lines: p.lines })),
  });
  return stored;
}

/** A failed scan: recorded (in its own transaction: the packing itself is refused). */
export async function recordFailedVerification(tx: Db, actor: Actor, fo: FulfillmentOrder, result: ScanResult, now: Date): Promise<void> {
  await appendEvents(tx, actor, now, [
    { type: 'fulfillment_order.pack_verification_failed', aggregateType: 'fulfillment_order', aggregateId: fo.id, data: { order_id: fo.orderId, passed: false, missing: result.missing, extra: result.extra } },
  ]);
}
