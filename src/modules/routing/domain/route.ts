import { distanceKm } from '../../../platform/kernel/geo.js';
import { planAllocation, type Candidate, type Plan, type PlanLine, type StockAtLocation } from './plan.js';
import { defaultRule, type LocationType, type RoutingPolicy, type RoutingRule, type SortCriterion } from './policy.js';

/**
 * Routes one order by the tenant's rules, as a pure function: the matching policy's rules are
 * tried in order; each filters the locations (saying why each was dropped), ranks the rest,
 * plans within its split policy, checks the minimum shipment value, and either fills the order
 * or applies its fallback. The explanation is what a merchant reads on the order's timeline.
 */
export interface RoutingLocation {
  id: string;
  code: string;
  type: LocationType;
  groups: string[];
  servesCountries: string[];
  channels: string[];
  shipsToCustomers: boolean;
  priority: number;
  dailyCapacity: number | null;
  safetyStock: number;
  latitude: number | null;
  longitude: number | null;
}

export interface RouteLine extends PlanLine {
  unitPriceMinor: number;
}

export interface RouteOrder {
  channel: string;
  tags: string[];
  destination: { country: string; region: string | null; point: { latitude: number; longitude: number } | null } | null;
  lines: RouteLine[];
  /** Minor units of the policy's `min_shipment_value`, parsed in the order's currency by the caller. */
  minShipmentMinor?: (rule: RoutingRule) => number | null;
}

export interface RouteContext {
  locations: RoutingLocation[];
  stock: { sku: string; locationId: string; available: number }[];
  /** Fulfillment orders each location received today (for daily capacity). */
  fulfillmentOrdersToday: Map<string, number>;
  /** Locations that must not be used (they rejected this order's lines before). */
  excludeLocationIds?: Set<string>;
  /**
   * A person released the order's holds: a rule whose `when_unfillable` is `hold` passes to the
   * next rule instead (the last allocates what it can and backorders the rest), so the released
   * order goes on rather than back into the queue it left.
   */
  overrideHolds?: boolean;
}

export interface RoutedPlan extends Plan {
  policy: string | null;
  rule: string;
  hold: { queue: string; reason: string } | null;
}

/** An index of what a shipment from this far costs: one unit per parcel plus one per 800 km (a stand-in until carrier rate cards rank it). */
export function shippingCostIndex(km: number | null): number {
  return km === null ? 10 : 1 + km / 800;
}

const UNKNOWN_DISTANCE = 1e7;

function filterReason(loc: RoutingLocation, rule: RoutingRule, order: RouteOrder, ctx: RouteContext, km: number | null): string | undefined {
  const f = rule.filters ?? {};
  if (ctx.excludeLocationIds?.has(loc.id)) return 'rejected this order before';
  if ((f.ships_to_customers ?? true) && !loc.shipsToCustomers) return 'does not ship to customers';
  if (f.location_types && f.location_types.length > 0 && !f.location_types.includes(loc.type)) return `type ${loc.type} not in ${f.location_types.join('/')}`;
  if (f.location_groups && f.location_groups.length > 0 && !loc.groups.some((g) => f.location_groups?.includes(g))) return `not in group ${f.location_groups.join('/')}`;
  if ((f.channel_visibility ?? true) && loc.channels.length > 0 && !loc.channels.includes(order.channel)) return `not visible to channel ${order.channel}`;
  const country = order.destination?.country;
  if ((f.serves_destination ?? true) && country && loc.servesCountries.length > 0 && !loc.servesCountries.includes(country)) return `does not serve ${country}`;
  if (f.max_distance_km != null && order.destination?.point) {
    if (km === null) return 'location has no coordinates for the distance limit';
    if (km > f.max_distance_km) return `${Math.round(km)} km away (max ${f.max_distance_km})`;
  }
  if ((f.daily_capacity ?? true) && loc.dailyCapacity !== null) {
    const used = ctx.fulfillmentOrdersToday.get(loc.id) ?? 0;
    if (used >= loc.dailyCapacity) return `daily capacity reached (${used} of ${loc.dailyCapacity} today)`;
  }
  return undefined;
}

function describe(loc: RoutingLocation, sorts: SortCriterion[], km: number | null, available: number): string {
  const parts: string[] = [];
  for (const s of sorts) {
    if (s === 'proximity') parts.push(km === null ? 'distance unknown' : `${Math.round(km)} km away`);
    if (s === 'priority') parts.push(`priority ${loc.priority}`);
    if (s === 'most_available') parts.push(`${available} available`);
    if (s === 'shipping_cost') parts.push(`cost index ${shippingCostIndex(km).toFixed(2)}`);
  }
  return parts.join(', ');
}

interface RuleOutcome {
  plan: Plan;
  explanation: string[];
  complete: boolean;
  failure: string | undefined;
}

function planRule(order: RouteOrder, ctx: RouteContext, rule: RoutingRule): RuleOutcome {
  const explanation: string[] = [];
  const skus = new Set(order.lines.map((l) => l.sku));
  const stockAt = new Map<string, { sku: string; available: number }[]>();
  for (const s of ctx.stock) if (skus.has(s.sku)) stockAt.set(s.locationId, [...(stockAt.get(s.locationId) ?? []), s]);
  const point = order.destination?.point ?? null;
  const sorts = rule.sorts ?? (defaultRule.sorts as SortCriterion[]);
  const useSafetyStock = rule.filters?.safety_stock ?? true;

  const distance = new Map<string, number | null>();
  const eligible: RoutingLocation[] = [];
  const rows: StockAtLocation[] = [];
  for (const loc of ctx.locations) {
    // A location with no row for the order's SKUs can neither ship nor need explaining.
    const held = stockAt.get(loc.id);
    if (!held) continue;
    const hasStock = held.some((s) => s.available > 0);
    const km = point && loc.latitude !== null && loc.longitude !== null ? distanceKm(point, { latitude: loc.latitude, longitude: loc.longitude }) : null;
    distance.set(loc.id, km);
    const reason = filterReason(loc, rule, order, ctx, km);
    if (reason) {
      if (hasStock) explanation.push(`${loc.code} filtered: ${reason}`);
      continue;
    }
    const reserve = useSafetyStock ? loc.safetyStock : 0;
    const usable = held.map((s) => ({ ...s, available: Math.max(0, s.available - reserve) }));
    if (hasStock && !usable.some((s) => s.available > 0)) {
      explanation.push(`${loc.code} filtered: safety stock (${reserve} held back per SKU)`);
      continue;
    }
    eligible.push(loc);
    for (const s of usable) rows.push({ sku: s.sku, locationId: loc.id, locationCode: loc.code, priority: loc.priority, available: s.available });
  }

  const byId = new Map(eligible.map((l) => [l.id, l]));
  const rankKey = (c: Candidate, lineSkus: string[]): number[] => {
    const km = distance.get(c.id) ?? null;
    const key: number[] = [];
    for (const s of sorts) {
      if (s === 'proximity') key.push(km ?? UNKNOWN_DISTANCE);
      if (s === 'priority') key.push(c.priority);
      if (s === 'most_available') key.push(-lineSkus.reduce((n, sku) => n + (c.stock.get(sku) ?? 0), 0));
      if (s === 'shipping_cost') key.push(shippingCostIndex(km));
    }
    return key;
  };
  const fewestAt = sorts.indexOf('fewest_shipments');
  const plan = planAllocation(order.lines, rows, { rankKey, split: rule.split ?? 'split_line', fewestShipments: fewestAt === 0 ? 'first' : fewestAt > 0 ? 'prefer_chosen' : 'off' });
  explanation.push(...plan.explanation);

  const used = [...new Set(plan.allocations.map((a) => a.locationId))];
  for (const id of used) {
    const loc = byId.get(id) as RoutingLocation;
    const units = plan.allocations.filter((a) => a.locationId === id);
    const detail = describe(loc, sorts, distance.get(id) ?? null, units.reduce((n, a) => n + (rows.find((r) => r.locationId === id && r.sku === a.sku)?.available ?? 0), 0));
    explanation.push(`${loc.code}: ships ${units.length} line(s)${detail ? ` (${detail})` : ''}`);
  }

  let failure: string | undefined;
  const minimum = order.minShipmentMinor?.(rule) ?? null;
  if (minimum !== null && used.length > 1) {
    const price = new Map(order.lines.map((l) => [l.lineId, l.unitPriceMinor]));
    for (const id of used) {
      const value = plan.allocations.filter((a) => a.locationId === id).reduce((n, a) => n + a.quantity * (price.get(a.lineId) ?? 0), 0);
      if (value < minimum) failure = `a shipment from ${byId.get(id)?.code} would be worth ${value} minor units, below the minimum of ${minimum}`;
    }
  }
  const unfilled = plan.backorders.length + plan.shortages.length > 0;
  if (!failure && unfilled) failure = `not enough stock at the locations it allows (${[...plan.backorders.map((b) => b.sku), ...plan.shortages.map((s) => s.sku)].join(', ')})`;
  return { plan, explanation, complete: !failure, failure };
}

export function route(order: RouteOrder, ctx: RouteContext, matched: RoutingPolicy | undefined): RoutedPlan {
  const rules = matched && matched.rules.length > 0 ? matched.rules : [defaultRule];
  const explanation: string[] = [matched ? `policy ${matched.name}` : 'no routing policy matches: default rule'];
  let last: RuleOutcome | undefined;
  for (const [i, rule] of rules.entries()) {
    const outcome = planRule(order, ctx, rule);
    last = outcome;
    const label = `rule ${rule.name} (${i + 1} of ${rules.length})`;
    if (outcome.complete) {
      return { ...outcome.plan, explanation: [...explanation, `${label}: fills the order`, ...outcome.explanation], policy: matched?.name ?? null, rule: rule.name, hold: null };
    }
    const action = rule.when_unfillable === 'hold' && ctx.overrideHolds ? 'next_rule' : (rule.when_unfillable ?? 'next_rule');
    const final = action === 'backorder' || (action === 'next_rule' && i === rules.length - 1);
    // A rule that is passed over keeps its reasons, indented under it; the deciding rule's are not.
    explanation.push(`${label} cannot fill the order: ${outcome.failure}`, ...outcome.explanation.map((e) => (final ? e : `  ${e}`)));
    if (action === 'hold') {
      const queue = rule.hold_queue ?? 'routing';
      explanation.push(`held in queue ${queue}`);
      return { allocations: [], backorders: [], shortages: [], explanation, policy: matched?.name ?? null, rule: rule.name, hold: { queue, reason: outcome.failure ?? 'cannot fill' } };
    }
    if (final) {
      // A minimum-value failure keeps the plan only when nothing better exists: the merchant's
      // last rule decides, and what no location can fill is backordered or short as usual.
      explanation.push(action === 'backorder' ? 'allocates what it can; the rest is backordered where the SKU allows' : 'no rule left: allocates what it can; the rest is backordered where the SKU allows');
      return { ...outcome.plan, explanation, policy: matched?.name ?? null, rule: rule.name, hold: null };
    }
    explanation.push('trying the next rule');
  }
  const fallback = last as RuleOutcome;
  return { ...fallback.plan, explanation, policy: matched?.name ?? null, rule: rules[rules.length - 1]?.name ?? 'default', hold: null };
}

/**
 * What a storefront may sell of one SKU: per location that any of the policy's rules would use
 * for this channel and destination, the available units less the safety stock that rule holds
 * back. Daily capacity is ignored (it limits orders per day, not units).
 */
export function sellable(order: Omit<RouteOrder, 'lines'>, ctx: RouteContext, matched: RoutingPolicy | undefined, sku: string): { location: RoutingLocation; available: number; km: number | null }[] {
  const rules = matched && matched.rules.length > 0 ? matched.rules : [defaultRule];
  const point = order.destination?.point ?? null;
  const out: { location: RoutingLocation; available: number; km: number | null }[] = [];
  for (const loc of ctx.locations) {
    const available = ctx.stock.filter((s) => s.locationId === loc.id && s.sku === sku).reduce((n, s) => n + s.available, 0);
    const km = point && loc.latitude !== null && loc.longitude !== null ? distanceKm(point, { latitude: loc.latitude, longitude: loc.longitude }) : null;
    let best = -1;
    for (const rule of rules) {
      const capacityBlind: RoutingRule = { ...rule, filters: { ...rule.filters, daily_capacity: false } };
      if (filterReason(loc, capacityBlind, { ...order, lines: [] }, ctx, km)) continue;
      best = Math.max(best, Math.max(0, available - ((rule.filters?.safety_stock ?? true) ? loc.safetyStock : 0)));
    }
    if (best >= 0) out.push({ location: loc, available: best, km });
  }
  return out;
}
