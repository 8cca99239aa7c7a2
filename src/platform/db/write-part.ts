/**
 * A write a module hands to another statement instead of sending it alone (ADR 0030, "fewer
 * statements at capture"): one `insert`/`update` with its own `$1…$n`, named so the combined
 * statement has a stable name. On the 2-core machine a statement's round trip (the driver's work,
 * the loopback write, waking the backend) cost more CPU than the rows it wrote, so a capture's
 * small inserts ride in the outbox's statement (`appendEvents(…, { alongside })`). The module
 * still writes its own SQL; only the sending is shared.
 */
export interface WritePart {
  /** Stable, [a-z0-9_]: part of the combined statement's name. */
  name: string;
  /** One data-modifying statement without RETURNING, parameters numbered from $1. */
  sql: string;
  params: unknown[];
}

/**
 * The parts as WITH items (`w0 as (…), w1 as (…)`), their parameters numbered after `offset`.
 * PostgreSQL runs every data-modifying WITH item exactly once, read or not.
 */
export function withItems(parts: readonly WritePart[], offset: number): { sql: string; params: unknown[] } {
  let next = offset;
  const items = parts.map((part, i) => {
    const base = next;
    next += part.params.length;
    const renumbered = part.sql.replace(/\$(\d+)/g, (_, n: string) => {
      const index = Number(n);
      if (index < 1 || index > part.params.length) throw new Error(`write part ${part.name} uses $${n} but has ${part.params.length} parameters`);
      return `$${base + index}`;
    });
    return `w${i} as (${renumbered})`;
  });
  return { sql: items.join(', '), params: parts.flatMap((p) => p.params) };
}
