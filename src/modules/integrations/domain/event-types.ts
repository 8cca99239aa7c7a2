/**
 * Which events an endpoint receives. A pattern is an exact type (`order.created`), a family
 * (`order.*`: every type starting with `order.`) or `*` (everything).
 */
export const EVENT_PATTERN = '^(\\*|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?)$';
const pattern = new RegExp(EVENT_PATTERN);

export function isEventPattern(value: string): boolean {
  return value.length <= 100 && pattern.test(value);
}

export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}
