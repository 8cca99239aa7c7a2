import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { moneyFromWire, requireCurrency } from '../../../platform/kernel/money.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { deleteBox, upsertBox, type BoxRow } from '../db/boxes.queries.js';
import type { BoxType } from '../domain/cartonize.js';

export interface BoxInput {
  inner_mm: { length: number; width: number; height: number };
  max_weight_grams: number;
  tare_grams: number;
  /** Decimal string in `currency` (default USD), e.g. "1.25"; stored in minor units. */
  cost?: string | null;
  currency?: string;
}

/** PUT /v1/boxes/{code}: creates or replaces a box of the catalogue. */
export async function putBox(db: Db, actor: Actor, code: string, input: BoxInput, now: Date): Promise<{ created: boolean; row: BoxRow }> {
  return inTransaction(db, async (tx) => {
    if (input.tare_grams >= input.max_weight_grams) {
      throw new DomainError('REQUEST_INVALID', 'The tare must be less than the maximum weight, or nothing fits.', [{ field: 'tare_grams', message: 'must be less than max_weight_grams' }]);
    }
    const currency = input.currency ?? 'USD';
    const exponent = requireCurrency(currency, 'currency');
    const costMinor = input.cost === undefined || input.cost === null ? null : moneyFromWire(input.cost, currency, exponent, 'cost');
    const result = await upsertBox(tx, {
      tenantId: actor.tenantId,
      code,
      innerLengthMm: input.inner_mm.length,
      innerWidthMm: input.inner_mm.width,
      innerHeightMm: input.inner_mm.height,
      maxWeightGrams: input.max_weight_grams,
      tareGrams: input.tare_grams,
      costMinor,
      currency,
      createdAt: now,
      updatedAt: now,
    });
    await appendEvents(tx, actor, now, [{ type: 'box.saved', aggregateType: 'box', aggregateId: code, data: { ...input, currency, cost_minor: costMinor, created: result.created } }]);
    return result;
  });
}

/** DELETE /v1/boxes/{code}. Packages already made keep their box code and size. */
export async function removeBox(db: Db, actor: Actor, code: string, now: Date): Promise<void> {
  return inTransaction(db, async (tx) => {
    const gone = await deleteBox(tx, actor.tenantId, code);
    if (!gone) throw new DomainError('FULFILLMENT_BOX_NOT_FOUND', `No box ${code}.`);
    await appendEvents(tx, actor, now, [{ type: 'box.deleted', aggregateType: 'box', aggregateId: code, data: {} }]);
  });
}

/** A catalogue row as the cartonizer sees it. */
export function boxType(row: BoxRow): BoxType {
  return {
    code: row.code,
    inner: { length: row.innerLengthMm, width: row.innerWidthMm, height: row.innerHeightMm },
    maxWeightGrams: row.maxWeightGrams,
    tareGrams: row.tareGrams,
    costMinor: row.costMinor,
  };
}
