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
    return `w${i} as (${renumbered(`write part ${part.name}`, part.sql, part.params.length, base)})`;
  });
  return { sql: items.join(', '), params: parts.flatMap((p) => p.params) };
}

/**
 * A read (and its own writes) a module hands to another module's statement instead of sending it
 * alone (ADR 0030): WITH items of its own and one json value the host statement returns beside
 * its row. Capture's velocity count rides in the order's insert this way: a round trip fewer
 * inside the capture's transaction. Its WITH items' names must be its own (prefix them).
 */
export interface ReadPart<T> {
  /** Stable, [a-z0-9_]: part of the combined statement's name. */
  name: string;
  /** WITH items, `a as (…), b as (…)`, parameters numbered from $1 (data-modifying ones run once). */
  with: string;
  /** A scalar subquery over those items yielding one json value: `(select json_agg(…) from b)`. */
  value: string;
  params: unknown[];
  /** The json value, as the module's answer. */
  parse: (value: unknown) => T;
}

/** A read part's WITH items and value, its parameters numbered after `offset`. */
export function readItems(part: ReadPart<unknown>, offset: number): { with: string; value: string; params: unknown[] } {
  const what = `read part ${part.name}`;
  return { with: renumbered(what, part.with, part.params.length, offset), value: renumbered(what, part.value, part.params.length, offset), params: part.params };
}

function renumbered(what: string, text: string, count: number, offset: number): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n);
    if (index < 1 || index > count) throw new Error(`${what} uses $${n} but has ${count} parameters`);
    return `$${offset + index}`;
  });
}
