import type { AdjustmentReason } from './inventory-api';

/** The reasons POST /v1/inventory/adjustments takes (its schema), with what they mean to a person. */
export const adjustmentReasons = {
  received: 'Received',
  cycle_count: 'Cycle count',
  damaged: 'Damaged',
  correction: 'Correction',
  lost: 'Lost',
  found: 'Found',
  returned: 'Returned',
  transfer_in: 'Transfer in',
  transfer_out: 'Transfer out',
  shrinkage: 'Shrinkage',
} as const satisfies Record<AdjustmentReason, string>;

/** A movement's reason as a label: an adjustment's reason, or what the system did (shipped, pos_sale…). */
export const movementReasonLabel = (reason: string): string => (adjustmentReasons as Record<string, string>)[reason] ?? reason.replaceAll('_', ' ');

export const reasonOptions = Object.entries(adjustmentReasons).map(([value, label]) => ({ value, label }));
