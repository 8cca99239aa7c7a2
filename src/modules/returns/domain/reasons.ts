/**
 * Return reasons: a tenant's list (codes and labels), with defaults. `other` always needs a note.
 * `shipping_free` says the merchant is at fault: return shipping is free, the original shipping is
 * refunded and no restocking fee is taken (policy.ts, refund.ts).
 */
export interface ReturnReason {
  code: string;
  label: string;
  /** The customer must explain (always true for `other`). */
  requires_note: boolean;
  /** The merchant's fault: free return shipping, shipping refunded, no restocking fee. */
  merchant_fault: boolean;
}

export const defaultReasons: readonly ReturnReason[] = [
  { code: 'size_too_small', label: 'Size too small', requires_note: false, merchant_fault: false },
  { code: 'size_too_large', label: 'Size too large', requires_note: false, merchant_fault: false },
  { code: 'not_as_described', label: 'Not as described', requires_note: false, merchant_fault: false },
  { code: 'defective', label: 'Defective', requires_note: false, merchant_fault: true },
  { code: 'damaged_in_transit', label: 'Damaged in transit', requires_note: false, merchant_fault: true },
  { code: 'wrong_item', label: 'Wrong item', requires_note: false, merchant_fault: true },
  { code: 'changed_mind', label: 'Changed mind', requires_note: false, merchant_fault: false },
  { code: 'other', label: 'Other', requires_note: true, merchant_fault: false },
];

/** A list as stored: codes unique, `other` present and requiring a note. Returns the refusal per field, or []. */
export function refuseReasons(reasons: readonly ReturnReason[]): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  reasons.forEach((r, i) => {
    if (seen.has(r.code)) errors.push({ field: `reasons[${i}].code`, message: `${r.code} is listed twice` });
    seen.add(r.code);
    if (r.code === 'other' && !r.requires_note) errors.push({ field: `reasons[${i}].requires_note`, message: '"other" always requires a note' });
  });
  if (!seen.has('other')) errors.push({ field: 'reasons', message: 'must include "other" (with a required note)' });
  return errors;
}

/** Whether a line's reason and note are acceptable; the message for the field, or undefined. */
export function refuseLineReason(reasons: readonly ReturnReason[], code: string, note: string | null | undefined): { field: 'reason' | 'note'; message: string } | undefined {
  const reason = reasons.find((r) => r.code === code);
  if (!reason) return { field: 'reason', message: `is not one of this tenant's return reasons (${reasons.map((r) => r.code).join(', ')})` };
  if (reason.requires_note && !(note ?? '').trim()) return { field: 'note', message: `is required when the reason is "${code}"` };
  return undefined;
}
