import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import type { Actor } from '../../platform/outbox/events.js';
import { findPhysical } from '../../modules/catalog/index.js';
import {
  allBoxes,
  boxType,
  canTransitionFulfillment,
  findFulfillmentOrder,
  lockFulfillmentOrder,
  packagesOf,
  planPackagesOffLoop,
  recordFailedVerification,
  recordPacking,
  verifyScan,
  type FulfillmentOrder,
  type Package,
  type PackageInput,
  type Physical,
} from '../../modules/fulfillment/index.js';
import { idempotently, type Idempotency } from '../../platform/idempotency/idempotency.js';

export interface PackageView {
  id: string;
  box: string;
  weight_grams: number;
  dimensions_mm: { length: number; width: number; height: number };
  lines: { sku: string; quantity: number }[];
}

export function packageViews(packages: Package[]): { packages: PackageView[] } {
  return {
    packages: packages.map((p) => ({ id: p.id, box: p.boxCode, weight_grams: p.weightGrams, dimensions_mm: { length: p.lengthMm, width: p.widthMm, height: p.heightMm }, lines: p.lines })),
  };
}

function sameUnits(a: FulfillmentOrder['lines'], b: FulfillmentOrder['lines']): boolean {
  const key = (lines: FulfillmentOrder['lines']) => JSON.stringify(lines.map((l) => [l.sku, l.quantity]).sort());
  return key(a) === key(b);
}

/** Packing passes through picking when the order skipped a pick list. */
function isPackable(fo: FulfillmentOrder): boolean {
  return fo.status === 'picking' || ((fo.status === 'released' || fo.status === 'accepted') && canTransitionFulfillment(fo.status, 'picking'));
}

function packable(fo: FulfillmentOrder): void {
  if (!isPackable(fo)) throw new DomainError('FULFILLMENT_ILLEGAL_TRANSITION', `A fulfillment order that is ${fo.status} cannot be packed.`, undefined, { current_status: fo.status, requested_status: 'packed' });
}

/** Each SKU's unit size and weight as cartonization reads them. */
export async function physicalOf(db: Db, tenantId: string, skus: string[]): Promise<Map<string, Physical>> {
  const rows = await findPhysical(db, tenantId, skus);
  return new Map(
    rows.map((r) => [
      r.sku,
      {
        dims: r.lengthMm && r.widthMm && r.heightMm ? { length: r.lengthMm, width: r.widthMm, height: r.heightMm } : undefined,
        weightGrams: r.weightGrams ?? undefined,
      },
    ]),
  );
}

/**
 * POST /v1/fulfillment-orders/{id}/pack. With `scanned`, the packer's scan is verified against
 * the order first: a wrong or missing item refuses the packing (409 PACK_VERIFICATION_FAILED,
 * nothing packed) and the failure is recorded as an event in its own transaction. Then the
 * packages (cartonized, or as given and checked) are stored and the order becomes `packed`.
 */
export async function packFulfillmentOrder(
  db: Db,
  actor: Actor,
  id: string,
  input: { packages?: PackageInput[] | undefined; scanned?: { sku: string; quantity: number }[] | undefined },
  now: Date,
  idempotency?: Idempotency,
  /** A location-scoped key packs only its location's fulfillment orders (others: as if missing). */
  scopeLocationId?: string,
): Promise<{ statusCode: 200; body: { packages: PackageView[] } }> {
  const seen = await findFulfillmentOrder(db, actor.tenantId, id);
  if (!seen || (scopeLocationId !== undefined && seen.locationId !== scopeLocationId)) throw new DomainError('FULFILLMENT_ORDER_NOT_FOUND', `No fulfillment order ${id}.`);
  // (An order no longer packable goes on to the transaction: a retry with its Idempotency-Key replays there.)
  if (input.scanned && isPackable(seen)) {
    const scan = verifyScan(seen.lines, input.scanned);
    if (!scan.ok) {
      await inTransaction(db, (tx) => recordFailedVerification(tx, actor, seen, scan, now));
      const names = [...scan.missing.map((m) => `missing ${m.expected - m.scanned} × ${m.sku}`), ...scan.extra.map((e) => `extra ${e.scanned - e.expected} × ${e.sku}`)];
      throw new DomainError('PACK_VERIFICATION_FAILED', `The scan does not match the fulfillment order: ${names.join(', ')}.`, undefined, {
        missing: scan.missing.map((m) => m.sku),
        extra: scan.extra.map((e) => e.sku),
        differences: [...scan.missing, ...scan.extra],
      });
    }
  }
  const skus = [...new Set([...seen.lines.map((l) => l.sku), ...(input.packages ?? []).flatMap((p) => p.lines.map((l) => l.sku))])];
  const [boxes, physical] = await Promise.all([allBoxes(db, actor.tenantId), physicalOf(db, actor.tenantId, skus)]);
  const plan = (lines: FulfillmentOrder['lines']) => planPackagesOffLoop({ lines }, boxes.map(boxType), physical, input.packages);
  // Planned before the transaction (on the pool: a large order takes a while), so the lock is held
  // only to write; planned again under the lock in the rare case the lines changed meanwhile.
  const early = isPackable(seen) ? await plan(seen.lines) : undefined;
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 200, async () => {
      const fo = await lockFulfillmentOrder(tx, actor.tenantId, id);
      if (!fo) throw new DomainError('FULFILLMENT_ORDER_NOT_FOUND', `No fulfillment order ${id}.`);
      packable(fo);
      // The lines may have changed since the unlocked read (a partial rejection): verify again.
      const scan = input.scanned ? verifyScan(fo.lines, input.scanned) : undefined;
      if (scan && !scan.ok) throw new DomainError('FULFILLMENT_CONCURRENT_UPDATE', 'The fulfillment order changed while packing; scan again.');
      const planned = early && sameUnits(fo.lines, seen.lines) ? early : await plan(fo.lines);
      return packageViews(await recordPacking(tx, actor, fo, planned, now, scan));
    }),
  );
}

/** GET /v1/fulfillment-orders/{id}/packages. */
/** A location-scoped key sees only its location's packages (others: as if missing). */
export async function packagesOfFulfillmentOrder(db: Db, tenantId: string, id: string, scopeLocationId?: string): Promise<{ packages: PackageView[] }> {
  const fo = await findFulfillmentOrder(db, tenantId, id);
  if (!fo || (scopeLocationId !== undefined && fo.locationId !== scopeLocationId)) throw new DomainError('FULFILLMENT_ORDER_NOT_FOUND', `No fulfillment order ${id}.`);
  return packageViews(await packagesOf(db, tenantId, id));
}
