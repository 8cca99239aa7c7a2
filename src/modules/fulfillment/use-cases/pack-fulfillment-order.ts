import type { Db } from '../../../platform/db/database.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import type { FulfillmentOrder } from '../db/fulfillment-orders.queries.js';
import { insertPackages, type Package } from '../db/packages.queries.js';
import { cartonize, packOneBox, type BoxType, type CartonItem, type Dims } from '../domain/cartonize.js';
import type { ScanResult } from '../domain/pack-verification.js';
import { transitionFulfillmentOrder } from './transition.js';

export interface PackageInput {
  box: string;
  lines: { sku: string; quantity: number }[];
}

/** One unit's size and weight; undefined fields when the catalogue does not know them. */
export interface Physical {
  dims?: Dims | undefined;
  weightGrams?: number | undefined;
  uprightOnly?: boolean | undefined;
}

export interface PlannedPackage {
  box: BoxType;
  weightGrams: number;
  lines: { sku: string; quantity: number }[];
}

function totals(lines: readonly { sku: string; quantity: number }[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.sku, (sums.get(l.sku) ?? 0) + l.quantity);
  return sums;
}

function itemsOf(lines: { sku: string; quantity: number }[], physical: Map<string, Physical>): { items: CartonItem[]; unknown: string[] } {
  const items: CartonItem[] = [];
  const unknown: string[] = [];
  for (const [sku, quantity] of totals(lines)) {
    const p = physical.get(sku);
    if (!p?.dims || p.weightGrams === undefined) unknown.push(sku);
    else items.push({ sku, quantity, dims: p.dims, weightGrams: p.weightGrams, uprightOnly: p.uprightOnly ?? false });
  }
  return { items, unknown: unknown.sort() };
}

/**
 * The packages for a fulfillment order. Without `explicit`, cartonization chooses them from the
 * products' dimensions and weights (a product lacking either is refused: guessing a size could
 * break a box's limits). With `explicit`, they must hold exactly the order's units, name boxes of
 * the catalogue and fit them; a package holding a product of unknown size is taken on the packer's
 * word for its geometry, and its weight counts only what is known.
 */
export function planPackages(fo: { lines: { sku: string; quantity: number }[] }, boxes: BoxType[], physical: Map<string, Physical>, explicit?: PackageInput[]): PlannedPackage[] {
  if (!explicit) {
    const { items, unknown } = itemsOf(fo.lines, physical);
    if (unknown.length > 0) {
      throw new DomainError('FULFILLMENT_PRODUCT_DIMENSIONS_MISSING', `No dimensions or weight for ${unknown.join(', ')}.`, undefined, { skus: unknown });
    }
    const result = cartonize(items, boxes);
    if (!result.ok) {
      if (result.code === 'FULFILLMENT_NO_BOXES') throw new DomainError('FULFILLMENT_NO_BOXES');
      throw new DomainError('FULFILLMENT_ITEM_TOO_LARGE', `No box can hold one unit of ${result.skus.join(', ')}.`, undefined, { skus: result.skus });
    }
    return result.packages.map((p) => ({ box: p.box, weightGrams: p.weightGrams, lines: p.lines }));
  }
  const byCode = new Map(boxes.map((b) => [b.code, b]));
  const errors: FieldError[] = [];
  explicit.forEach((p, i) => {
    if (!byCode.has(p.box)) errors.push({ field: `packages[${i}].box`, message: `no box ${p.box} in the catalogue` });
  });
  if (errors.length > 0) throw new DomainError('FULFILLMENT_BOX_UNKNOWN', 'Some packages name unknown boxes.', errors);
  const ordered = totals(fo.lines);
  const packed = totals(explicit.flatMap((p) => p.lines));
  for (const sku of [...new Set([...ordered.keys(), ...packed.keys()])].sort()) {
    const want = ordered.get(sku) ?? 0;
    const got = packed.get(sku) ?? 0;
    if (want !== got) errors.push({ field: 'packages', message: want === 0 ? `${sku} is not on the fulfillment order` : `${sku}: the fulfillment order holds ${want}, the packages ${got}` });
  }
  if (errors.length > 0) throw new DomainError('FULFILLMENT_PACKAGES_MISMATCH', 'The packages do not hold exactly the fulfillment order’s units.', errors);
  return explicit.map((p, i) => {
    const box = byCode.get(p.box) as BoxType;
    const { items, unknown } = itemsOf(p.lines, physical);
    const lines = [...totals(p.lines)].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sku, quantity]) => ({ sku, quantity }));
    if (unknown.length === 0) {
      const fit = packOneBox(items, box);
      if (!fit) throw new DomainError('FULFILLMENT_PACKAGE_DOES_NOT_FIT', `The contents of package ${i + 1} do not fit ${box.code} (size or weight).`, [{ field: `packages[${i}]`, message: `does not fit ${box.code}` }]);
      return { box, weightGrams: fit.weightGrams, lines };
    }
    const weightGrams = box.tareGrams + items.reduce((s, it) => s + it.weightGrams * it.quantity, 0);
    if (weightGrams > box.maxWeightGrams) {
      throw new DomainError('FULFILLMENT_PACKAGE_DOES_NOT_FIT', `Package ${i + 1} is heavier than ${box.code} may carry.`, [{ field: `packages[${i}]`, message: `weighs more than ${box.maxWeightGrams} g with tare` }]);
    }
    return { box, weightGrams, lines };
  });
}

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
