import { currentEventType, deprecatedNameOf, namesOfEventType } from '../../../platform/outbox/renamed-event-types.js';

/**
 * Which events an endpoint receives. A pattern is an exact type (`order.created`), a family
 * (`order.*`: every type starting with `order.`) or `*` (everything).
 */
export const EVENT_PATTERN = '^(\\*|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?)$';
const pattern = new RegExp(EVENT_PATTERN);

/** An event for one endpoint only (ADR 0038): an automation rule's call_webhook names it in `data.endpoint_id`. */
export const ADDRESSED_EVENT = 'automation.webhook';

export function isEventPattern(value: string): boolean {
  return value.length <= 100 && pattern.test(value);
}

export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/**
 * The type under which an endpoint with these patterns receives an event, or undefined when it
 * does not want it: the current name when the patterns match it, else the deprecated old name
 * when they name that (ADR 0015: `hold.created` for `checkout_reservation.created`, until removal).
 */
export function deliveredTypeFor(patterns: readonly string[], type: string): string | undefined {
  const current = currentEventType(type);
  if (matchesEventType(patterns, current)) return current;
  const old = deprecatedNameOf(current);
  return old && matchesEventType(patterns, old.type) ? old.type : undefined;
}

/** The patterns with every name of each (old and new): what to match stored events against in SQL. */
export function patternsWithAllNames(patterns: readonly string[]): string[] {
  return [...new Set(patterns.flatMap(namesOfEventType))];
}
