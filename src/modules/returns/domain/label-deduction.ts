import type { ReturnReason } from './reasons.js';
import { isMerchantFault, type ReturnPolicy } from './policy.js';

/**
 * Whether a refund pays for the return label the merchant bought (ADR 0023). `always`: the label's
 * cost comes off every refund; `never`: the merchant pays it; `customer_reasons`: it comes off unless
 * a unit is returned for a merchant's-fault reason (defective, damaged in transit, wrong item), as
 * return shipping is free then. Unset, it follows `return_shipping`: `charged` → customer_reasons,
 * `free` → never (a policy that promises free return shipping does not charge for the label).
 */
export const labelDeductionRules = ['always', 'never', 'customer_reasons'] as const;
export type LabelDeductionRule = (typeof labelDeductionRules)[number];

export function labelDeductionRule(policy: Pick<ReturnPolicy, 'return_shipping' | 'deduct_return_label'>): LabelDeductionRule {
  return policy.deduct_return_label ?? (policy.return_shipping === 'charged' ? 'customer_reasons' : 'never');
}

/** The label cost a refund deducts, never more than the refund it comes off. */
export function labelDeduction(policy: Pick<ReturnPolicy, 'return_shipping' | 'deduct_return_label'>, reasons: readonly ReturnReason[], lineReasons: readonly string[], labelCostMinor: number, refundMinor: number): number {
  if (labelCostMinor <= 0 || refundMinor <= 0) return 0;
  const rule = labelDeductionRule(policy);
  if (rule === 'never') return 0;
  if (rule === 'customer_reasons' && lineReasons.some((r) => isMerchantFault(reasons, r))) return 0;
  return Math.min(labelCostMinor, refundMinor);
}
