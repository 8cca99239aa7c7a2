/**
 * The loop guard (ADR 0038). An automation's changes are events too, and a rule may trigger on
 * them: rule A tags an order, rule B on order.tags_changed removes the tag, A fires again… Every
 * event an automation causes carries its chain depth (`data.automation.depth`: 1 for the
 * automation's own change, n + 1 for one caused by an event at depth n); a rule does not fire from
 * an event at depth ≥ maxDepth, and one rule fires at most maxFiresPerOrderPerHour times for one
 * order in any hour. A guarded evaluation is logged as loop_guarded with the reason.
 */
export const LOOP_GUARD = { maxDepth: 3, maxFiresPerOrderPerHour: 10 } as const;

/** The chain depth of an event: what its `automation` data says; an automation actor without it counts as 1; else 0. */
export function chainDepthOf(actor: string, data: Record<string, unknown>): number {
  const a = data['automation'];
  const depth = a && typeof a === 'object' ? (a as Record<string, unknown>)['depth'] : undefined;
  if (typeof depth === 'number' && Number.isInteger(depth) && depth >= 0) return depth;
  return actor.startsWith('automation:') ? 1 : 0;
}

/** Why a rule may not fire now, or null when it may. `firesInLastHour`: its runs for this order in the past hour that fired. */
export function loopGuardReason(depth: number, firesInLastHour: number): string | null {
  if (depth >= LOOP_GUARD.maxDepth) return `the event was caused by ${depth} automations in a row (at most ${LOOP_GUARD.maxDepth - 1} may chain)`;
  if (firesInLastHour >= LOOP_GUARD.maxFiresPerOrderPerHour) return `the rule already fired ${firesInLastHour} times for this order in the past hour (at most ${LOOP_GUARD.maxFiresPerOrderPerHour})`;
  return null;
}
