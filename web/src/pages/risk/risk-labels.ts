import type { MantineColor } from '@mantine/core';
import type { RiskDecision } from '../../api/types';

/** What fraud screening decides (ADR 0029): the first class with a matching rule wins, allow first. */
export type RiskAction = RiskDecision['action'];
export const riskActions = ['allow', 'reject', 'review', 'verify'] as const satisfies readonly RiskAction[];

export const riskActionLabel: Record<RiskAction, string> = { allow: 'Allow', review: 'Review', verify: 'Verify', reject: 'Reject' };
/** Green lets the order through; orange and red hold it (verify: the buyer is asked; review: a person decides). */
export const riskActionColor: Record<RiskAction, MantineColor> = { allow: 'green', verify: 'orange', review: 'red', reject: 'red' };

/** `review if email.disposable and order.total > 200` → the action and the condition (stored rules always compile, so always both). */
export function splitRule(rule: string): { action: RiskAction; condition: string } | null {
  const m = /^\s*(allow|reject|review|verify)\s+if\s+([\s\S]*)$/i.exec(rule);
  if (!m) return null;
  return { action: (m[1] ?? '').toLowerCase() as RiskAction, condition: (m[2] ?? '').trim() };
}
