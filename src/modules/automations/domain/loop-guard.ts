/**
 * The loop guard (ADR 0038). An automation's changes are events too, and a rule may trigger on
 * them: rule A tags an order, rule B on order.tags_changed removes the tag, A fires again… Every
 * event an automation causes carries its chain depth (`data.automation.depth`: 1 for the
 * automation's own change, n + 1 for one caused by an event at depth n); no rule — a default one
 * neither — fires from an event at depth ≥ maxDepth, and one rule fires at most
 * maxFiresPerOrderPerHour times for one order in any hour. A guarded evaluation is logged as
 * loop_guarded with the reason.
 *
 * The default rules that only send messages (as shipped: one message per template and event) have
 * their own hourly limit, maxDefaultFiresPerOrderPerHour: each fires once per event of a trigger
 * that people, carriers and channels cause (a split order's shipments, an edit session's changes),
 * and sending a message appends no event, so such a rule ends any chain instead of feeding one; ten
 * in an hour is ordinary for them. The limit is still there, so that a flood of events from outside
 * (a carrier feed repeating an exception) cannot become a flood of messages. A default rule the
 * tenant changed to tag, hold, call a webhook or wait can feed a chain like any rule: it is held to
 * maxFiresPerOrderPerHour.
 */
export const LOOP_GUARD = { maxDepth: 3, maxFiresPerOrderPerHour: 10, maxDefaultFiresPerOrderPerHour: 50 } as const;

/** The chain depth of an event: what its `automation` data says; an automation actor without it counts as 1; else 0. */
export function chainDepthOf(actor: string, data: Record<string, unknown>): number {
  const a = data['automation'];
  const depth = a && typeof a === 'object' ? (a as Record<string, unknown>)['depth'] : undefined;
  if (typeof depth === 'number' && Number.isInteger(depth) && depth >= 0) return depth;
  return actor.startsWith('automation:') ? 1 : 0;
}

/** How many times a rule may fire for one order in an hour: a message-only default rule's own limit, else the rules'. */
export function hourlyFireLimit(rule: { isDefault: boolean; actions: readonly { type: string }[] }): number {
  return rule.isDefault && rule.actions.every((a) => a.type === 'send_template') ? LOOP_GUARD.maxDefaultFiresPerOrderPerHour : LOOP_GUARD.maxFiresPerOrderPerHour;
}

/**
 * Why a rule may not fire now, or null when it may. `firesInLastHour`: its runs for this order in
 * the past hour that fired; `rule`: whether it is a default rule and what it does (a message-only
 * default has its own hourly limit, `hourlyFireLimit`; the depth limit is every rule's).
 */
export function loopGuardReason(depth: number, firesInLastHour: number, rule: { isDefault: boolean; actions: readonly { type: string }[] }): string | null {
  if (depth >= LOOP_GUARD.maxDepth) return `the event was caused by ${depth} automations in a row (at most ${LOOP_GUARD.maxDepth - 1} may chain)`;
  const limit = hourlyFireLimit(rule);
  const which = limit === LOOP_GUARD.maxDefaultFiresPerOrderPerHour ? ' for a default rule that sends a message' : '';
  if (firesInLastHour >= limit) return `the rule already fired ${firesInLastHour} times for this order in the past hour (at most ${limit}${which})`;
  return null;
}
