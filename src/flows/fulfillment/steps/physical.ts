import type { Db } from '../../../platform/db/database.js';
import { findPhysical } from '../../../modules/catalog/index.js';
import type { Physical } from '../../../modules/fulfillment/index.js';

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
