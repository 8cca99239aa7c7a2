import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Actor } from '../../platform/outbox/events.js';
import { batchField, type AdjustmentField, type AdjustmentInput } from '../../modules/inventory/index.js';
import { applyAdjustments, type AdjustmentOutcome } from './steps/adjust-stock.js';

export type { AdjustmentOutcome } from './steps/adjust-stock.js';

/** POST /v1/inventory/adjustments: stock adjustments, all or nothing, filling waiting backorders (`applyAdjustments`). */
export async function adjustInventory(db: Db, actor: Actor, inputs: AdjustmentInput[], now: Date, fieldOf: AdjustmentField = batchField): Promise<{ adjustments: AdjustmentOutcome[]; backorders_allocated: number }> {
  return inTransaction(db, (tx) => applyAdjustments(tx, actor, inputs, now, fieldOf));
}
