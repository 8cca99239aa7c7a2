/**
 * Event types that were renamed, and how long their old names keep working (ADR 0015).
 *
 * The OMS appends events under the new name only. Until `removal`, whoever still names the old
 * one keeps receiving them under it, marked deprecated: a webhook endpoint whose patterns match
 * only the old name (`hold.created`, `hold.*`), and broker consumers of the old subjects. Events
 * stored before the rename keep their old type (the log is append-only) and count as the new
 * name wherever types are matched. After `removal` the entry goes, and with it the old names.
 */
export interface RenamedEventFamily {
  /** The old aggregate type, which is also the old types' prefix (`hold` of `hold.created`). */
  from: string;
  /** The new aggregate type and prefix. */
  to: string;
  /** ISO dates: the old name deprecated since, and the first day it is no longer sent. */
  deprecatedOn: string;
  removal: string;
}

export const renamedEventFamilies: readonly RenamedEventFamily[] = [
  { from: 'hold', to: 'checkout_reservation', deprecatedOn: '2026-12-05', removal: '2027-06-30' },
];

function familyOf(type: string, side: 'from' | 'to'): RenamedEventFamily | undefined {
  return renamedEventFamilies.find((f) => type.startsWith(`${f[side]}.`));
}

function renamed(type: string, from: string, to: string): string {
  return `${to}${type.slice(from.length)}`;
}

/** The name an event type goes by now: `hold.created` → `checkout_reservation.created`; others unchanged. */
export function currentEventType(type: string): string {
  const family = familyOf(type, 'from');
  return family ? renamed(type, family.from, family.to) : type;
}

export interface DeprecatedEventName {
  type: string;
  aggregateType: string;
  family: RenamedEventFamily;
}

/** The deprecated old name of a (current) event type, or undefined when it has none. */
export function deprecatedNameOf(type: string): DeprecatedEventName | undefined {
  const family = familyOf(currentEventType(type), 'to');
  return family ? { type: renamed(currentEventType(type), family.to, family.from), aggregateType: family.from, family } : undefined;
}

/** The rename whose old name `type` is, when it is one (a delivery or message sent under a deprecated name). */
export function deprecationOf(type: string): RenamedEventFamily | undefined {
  return familyOf(type, 'from');
}

/** Every name the event type goes by: itself, its current name and its deprecated one. */
export function namesOfEventType(type: string): string[] {
  const old = deprecatedNameOf(type)?.type;
  return [...new Set([type, currentEventType(type), ...(old ? [old] : [])])];
}

/**
 * The aggregate type to show with an event sent under `sentAs`: the old one under an old name
 * (what subscribers of that name always got), the new one under the new name.
 */
export function aggregateTypeAs(sentAs: string, aggregateType: string): string {
  const family = renamedEventFamilies.find((f) => aggregateType === f.from || aggregateType === f.to);
  if (!family) return aggregateType;
  return sentAs.startsWith(`${family.from}.`) ? family.from : family.to;
}
