import { randomId } from '@mantine/hooks';
import type { Policy, PolicyBody, Rule } from '../setup/types';

/**
 * The policy editor's values. They mirror the API's body (rules[0].filters.max_distance_km is the
 * form path rules.0.filters.max_distance_km), so a problem lands next to its input; `key` only keeps
 * React rows stable while rules are moved.
 */
export type SortCriterion = NonNullable<Rule['sorts']>[number];
export type LocationType = NonNullable<NonNullable<Rule['filters']>['location_types']>[number];
export type SplitPolicy = NonNullable<Rule['split']>;
export type Unfillable = NonNullable<Rule['when_unfillable']>;

export const sortLabels: Record<SortCriterion, string> = {
  fewest_shipments: 'Fewest shipments',
  proximity: 'Nearest to the customer',
  priority: 'Location priority (lower first)',
  most_available: 'Most stock available (balancing)',
  shipping_cost: 'Lowest shipping cost',
};
export const sortCriteria = Object.keys(sortLabels) as SortCriterion[];
export const defaultSorts: readonly SortCriterion[] = ['fewest_shipments', 'priority', 'most_available'];

export const locationTypeLabels: Record<LocationType, string> = { warehouse: 'Warehouse', store: 'Store', dropship: 'Drop-ship vendor', '3pl': '3PL' };
export const splitLabels: Record<SplitPolicy, string> = {
  never: 'Never: one location ships the whole order',
  by_line: 'By line: lines may ship from different locations',
  split_line: 'Split lines: a line may be split when no location holds it whole',
};
export const unfillableLabels: Record<Unfillable, string> = {
  next_rule: 'Try the next rule',
  hold: 'Put the order on hold',
  backorder: 'Allocate what it can, backorder the rest',
};

/** The on/off filters, all on by default. */
export const switchFilters = [
  { key: 'ships_to_customers', label: 'Only locations that ship to customers' },
  { key: 'serves_destination', label: 'Only locations that serve the destination country' },
  { key: 'daily_capacity', label: 'Skip locations at their daily capacity' },
  { key: 'safety_stock', label: 'Hold back each location’s safety stock' },
  { key: 'channel_visibility', label: 'Only locations the order’s channel may sell from' },
] as const;
type SwitchFilter = (typeof switchFilters)[number]['key'];

export interface RuleValues {
  key: string;
  name: string;
  filters: { location_types: LocationType[]; location_groups: string[]; max_distance_km: number | string } & Record<SwitchFilter, boolean>;
  sorts: SortCriterion[];
  split: SplitPolicy;
  min_shipment_value: string;
  when_unfillable: Unfillable;
  hold_queue: string;
}

export interface PolicyValues {
  name: string;
  position: number | string;
  scope: { channels: string[]; countries: string[]; regions: string[]; tags: string[] };
  rules: RuleValues[];
}

export function ruleValues(r?: Rule): RuleValues {
  const f = r?.filters ?? {};
  return {
    key: randomId(),
    name: r?.name ?? '',
    filters: {
      location_types: f.location_types ?? [],
      location_groups: f.location_groups ?? [],
      max_distance_km: f.max_distance_km ?? '',
      ships_to_customers: f.ships_to_customers ?? true,
      serves_destination: f.serves_destination ?? true,
      daily_capacity: f.daily_capacity ?? true,
      safety_stock: f.safety_stock ?? true,
      channel_visibility: f.channel_visibility ?? true,
    },
    // Absent sorts mean the default order: shown as such, so the rows say what routing does.
    sorts: r?.sorts ?? [...defaultSorts],
    split: r?.split ?? 'split_line',
    min_shipment_value: r?.min_shipment_value ?? '',
    when_unfillable: r?.when_unfillable ?? 'next_rule',
    hold_queue: r?.hold_queue ?? '',
  };
}

export function policyValues(p?: Policy): PolicyValues {
  return {
    name: p?.name ?? '',
    position: p?.position ?? 100,
    scope: { channels: p?.scope.channels ?? [], countries: p?.scope.countries ?? [], regions: p?.scope.regions ?? [], tags: p?.scope.tags ?? [] },
    rules: p ? p.rules.map(ruleValues) : [ruleValues({ name: 'default' })],
  };
}

function ruleBody(r: RuleValues): Rule {
  const filters: NonNullable<Rule['filters']> = {};
  if (r.filters.location_types.length) filters.location_types = r.filters.location_types;
  if (r.filters.location_groups.length) filters.location_groups = r.filters.location_groups;
  // Sent as typed: a bad distance comes back as a problem next to the field.
  if (r.filters.max_distance_km !== '') filters.max_distance_km = Number(r.filters.max_distance_km);
  for (const { key } of switchFilters) if (!r.filters[key]) filters[key] = false;
  return {
    name: r.name.trim(),
    ...(Object.keys(filters).length ? { filters } : {}),
    ...(r.sorts.length ? { sorts: r.sorts } : {}),
    split: r.split,
    ...(r.min_shipment_value.trim() ? { min_shipment_value: r.min_shipment_value.trim() } : {}),
    when_unfillable: r.when_unfillable,
    ...(r.when_unfillable === 'hold' && r.hold_queue.trim() ? { hold_queue: r.hold_queue.trim() } : {}),
  };
}

const nonEmpty = <K extends string>(key: K, list: string[]) => (list.length ? ({ [key]: list } as Record<K, string[]>) : {});

export function policyBody(v: PolicyValues): PolicyBody {
  return {
    position: v.position === '' ? 100 : Number(v.position),
    scope: { ...nonEmpty('channels', v.scope.channels), ...nonEmpty('countries', v.scope.countries.map((c) => c.toUpperCase())), ...nonEmpty('regions', v.scope.regions), ...nonEmpty('tags', v.scope.tags) },
    rules: v.rules.map(ruleBody),
  };
}
