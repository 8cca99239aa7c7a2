import type { SplitPolicy } from './plan.js';

/**
 * The routing rule model. A tenant keeps an ordered list of policies; the first whose scope
 * matches an order routes it, trying its rules in order. A rule narrows the locations (filters),
 * ranks them (sorts), says how far an order may be split, and what happens when it cannot fill
 * the order. See README.md for a worked example.
 */
export const locationTypes = ['warehouse', 'store', 'dropship', '3pl'] as const;
export type LocationType = (typeof locationTypes)[number];

export const sortCriteria = ['proximity', 'priority', 'most_available', 'fewest_shipments', 'shipping_cost'] as const;
export type SortCriterion = (typeof sortCriteria)[number];

export const unfillableActions = ['next_rule', 'hold', 'backorder'] as const;
export type UnfillableAction = (typeof unfillableActions)[number];

export interface RuleFilters {
  /** Only these location types; absent or empty: any. */
  location_types?: LocationType[];
  /** Only locations in at least one of these groups; absent or empty: any. */
  location_groups?: string[];
  /** Only locations that ship to customers (default true). */
  ships_to_customers?: boolean;
  /** Only locations whose `serves_countries` include the destination (default true; empty list serves all). */
  serves_destination?: boolean;
  /** Only locations at most this far from the destination (great-circle); absent: no limit. */
  max_distance_km?: number | null;
  /** Skip locations that reached their daily capacity of fulfillment orders (default true). */
  daily_capacity?: boolean;
  /** Hold back each location's safety stock (default true). */
  safety_stock?: boolean;
  /** Only locations visible to the order's channel (default true). */
  channel_visibility?: boolean;
}

export interface RoutingRule {
  name: string;
  filters?: RuleFilters;
  /** Ranking, most important first. Default: fewest_shipments, priority, most_available. */
  sorts?: SortCriterion[];
  /** Default split_line. */
  split?: SplitPolicy;
  /** Each shipment must be worth at least this much (decimal string, the order's currency). */
  min_shipment_value?: string | null;
  /** Default next_rule (after the last rule: backorder what is backorderable, else short). */
  when_unfillable?: UnfillableAction;
  /** Queue name for `hold`. */
  hold_queue?: string | null;
}

export interface PolicyScope {
  channels?: string[];
  countries?: string[];
  /** Destination regions (state/province codes), matched with the country. */
  regions?: string[];
  /** Any of these order tags. */
  tags?: string[];
}

export interface RoutingPolicy {
  name: string;
  position: number;
  scope: PolicyScope;
  rules: RoutingRule[];
}

/** What routes an order when no policy matches: today's behaviour, one rule, never holds. */
export const defaultRule: RoutingRule = {
  name: 'default',
  sorts: ['fewest_shipments', 'priority', 'most_available'],
  split: 'split_line',
  when_unfillable: 'backorder',
};

const anyOf = (list: string[] | undefined, value: string | null | undefined) => !list || list.length === 0 || (value != null && list.includes(value));

/** The first policy (by position, then name) whose scope matches the order. */
export function matchPolicy(
  policies: RoutingPolicy[],
  order: { channel: string; country: string | null; region: string | null; tags: string[] },
): RoutingPolicy | undefined {
  return [...policies]
    .sort((a, b) => a.position - b.position || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .find((p) => {
      const s = p.scope;
      return (
        anyOf(s.channels, order.channel) &&
        anyOf(s.countries, order.country) &&
        anyOf(s.regions, order.region) &&
        (!s.tags || s.tags.length === 0 || order.tags.some((t) => s.tags?.includes(t)))
      );
    });
}

/** Problems with a policy that a schema cannot see; empty when it is sound. */
export function policyProblems(policy: Pick<RoutingPolicy, 'rules'>): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const names = new Set<string>();
  policy.rules.forEach((rule, i) => {
    if (names.has(rule.name)) problems.push({ field: `rules[${i}].name`, message: `another rule is named ${rule.name}; names must be unique within a policy` });
    names.add(rule.name);
    if (rule.hold_queue != null && rule.when_unfillable !== 'hold') problems.push({ field: `rules[${i}].hold_queue`, message: 'is used only when when_unfillable is "hold"' });
  });
  return problems;
}

/**
 * A decimal amount ("25", "25.5", "25.50") in minor units of a currency with this exponent,
 * rounded half up when it has more decimals than the currency (a threshold, not a charge).
 */
export function thresholdMinor(amount: string, exponent: number): number {
  const [whole = '0', fraction = ''] = amount.split('.');
  const padded = (fraction + '0'.repeat(exponent + 1)).slice(0, exponent + 1);
  const scaled = Number(whole) * 10 ** exponent + Math.floor(Number(padded) / 10);
  return Number(padded.slice(-1)) >= 5 ? scaled + 1 : scaled;
}
