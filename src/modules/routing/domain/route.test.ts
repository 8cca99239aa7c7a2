import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locate } from '../../../platform/kernel/geo.js';
import { matchPolicy, type RoutingPolicy, type RoutingRule } from './policy.js';
import { route, sellable, type RouteContext, type RouteOrder, type RoutingLocation } from './route.js';

const at = (zip: string) => {
  const p = locate('US', zip);
  assert.ok(p, `ZIP ${zip} is known`);
  return { latitude: p.latitude, longitude: p.longitude };
};

function loc(code: string, overrides: Partial<RoutingLocation> = {}): RoutingLocation {
  return {
    id: `id-${code}`,
    code,
    type: 'warehouse',
    groups: [],
    servesCountries: [],
    channels: [],
    shipsToCustomers: true,
    priority: 10,
    dailyCapacity: null,
    safetyStock: 0,
    latitude: null,
    longitude: null,
    ...overrides,
  };
}

const EAST = loc('WH-EAST', { ...at('10001'), priority: 2, groups: ['east'] }); // New York
const WEST = loc('WH-WEST', { ...at('90012'), priority: 1, groups: ['west'] }); // Los Angeles
const STORE = loc('STORE-12', { ...at('60601'), type: 'store', priority: 3, safetyStock: 2, channels: ['web', 'pos'] }); // Chicago
const VENDOR = loc('DS-1', { ...at('30301'), type: 'dropship', priority: 4, servesCountries: ['US'] }); // Atlanta

function ctx(stock: Record<string, Record<string, number>>, extra: Partial<RouteContext> = {}): RouteContext {
  const locations = [EAST, WEST, STORE, VENDOR];
  return {
    locations,
    stock: Object.entries(stock).flatMap(([code, levels]) => Object.entries(levels).map(([sku, available]) => ({ sku, locationId: `id-${code}`, available }))),
    fulfillmentOrdersToday: new Map(),
    ...extra,
  };
}

function order(lines: [string, number, number?][], overrides: Partial<RouteOrder> = {}): RouteOrder {
  return {
    channel: 'web',
    tags: [],
    destination: { country: 'US', region: 'NY', point: at('10001') },
    lines: lines.map(([sku, quantity, price = 1000], i) => ({ lineId: `l${i}`, sku, quantity, backorderable: true, unitPriceMinor: price })),
    minShipmentMinor: (rule) => (rule.min_shipment_value ? Math.round(Number(rule.min_shipment_value) * 100) : null),
    ...overrides,
  };
}

const policy = (rules: RoutingRule[], scope: RoutingPolicy['scope'] = {}): RoutingPolicy => ({ name: 'p', position: 1, scope, rules });
const where = (plan: ReturnType<typeof route>) => plan.allocations.map((a) => `${a.sku}@${a.locationCode}x${a.quantity}`).sort();

describe('filters', () => {
  const everywhere = { 'WH-EAST': { A: 5 }, 'WH-WEST': { A: 5 }, 'STORE-12': { A: 5 }, 'DS-1': { A: 5 } };
  const only = (filters: RoutingRule['filters']) => policy([{ name: 'r', filters, sorts: ['priority'], when_unfillable: 'backorder' }]);

  test('location type', () => {
    const plan = route(order([['A', 1]]), ctx(everywhere), only({ location_types: ['store'] }));
    assert.deepEqual(where(plan), ['A@STORE-12x1']);
    assert.ok(plan.explanation.includes('WH-WEST filtered: type warehouse not in store'), plan.explanation.join('\n'));
  });

  test('location group', () => {
    assert.deepEqual(where(route(order([['A', 1]]), ctx(everywhere), only({ location_groups: ['east'] }))), ['A@WH-EASTx1']);
  });

  test('ships to customers (on by default), and off when a rule allows non-shipping locations', () => {
    const c = ctx(everywhere, { locations: [loc('BACK', { shipsToCustomers: false, priority: 0 }), WEST] });
    c.stock.push({ sku: 'A', locationId: 'id-BACK', available: 5 });
    assert.deepEqual(where(route(order([['A', 1]]), c, only({}))), ['A@WH-WESTx1']);
    assert.deepEqual(where(route(order([['A', 1]]), c, only({ ships_to_customers: false }))), ['A@BACKx1']);
  });

  test('destination countries a location serves', () => {
    const toCanada = order([['A', 1]], { destination: { country: 'CA', region: null, point: null } });
    const plan = route(toCanada, ctx({ 'DS-1': { A: 5 } }), only({}));
    assert.deepEqual(plan.allocations, []);
    assert.ok(plan.explanation.includes('DS-1 filtered: does not serve CA'), plan.explanation.join('\n'));
  });

  test('max distance from the destination', () => {
    const plan = route(order([['A', 1]]), ctx(everywhere), only({ max_distance_km: 1000, location_types: ['warehouse'] }));
    assert.deepEqual(where(plan), ['A@WH-EASTx1']);
    assert.ok(plan.explanation.some((e) => /^WH-WEST filtered: 39\d\d km away \(max 1000\)$/.test(e)), plan.explanation.join('\n'));
  });

  test('daily capacity of fulfillment orders', () => {
    const full = { ...WEST, dailyCapacity: 3 };
    const c = ctx(everywhere, { locations: [full, EAST], fulfillmentOrdersToday: new Map([[full.id, 3]]) });
    const plan = route(order([['A', 1]]), c, only({}));
    assert.deepEqual(where(plan), ['A@WH-EASTx1']);
    assert.ok(plan.explanation.includes('WH-WEST filtered: daily capacity reached (3 of 3 today)'), plan.explanation.join('\n'));
    assert.deepEqual(where(route(order([['A', 1]]), c, only({ daily_capacity: false }))), ['A@WH-WESTx1']);
  });

  test('safety stock is held back, and a location left with nothing is filtered', () => {
    const c = ctx({ 'STORE-12': { A: 2 }, 'WH-EAST': { A: 1 } });
    const plan = route(order([['A', 1]]), c, only({ location_types: ['store', 'warehouse'] }));
    assert.deepEqual(where(plan), ['A@WH-EASTx1']);
    assert.ok(plan.explanation.includes('STORE-12 filtered: safety stock (2 held back per SKU)'), plan.explanation.join('\n'));
    // 5 on the shelf, 2 held back: 3 sellable.
    assert.deepEqual(where(route(order([['A', 4]]), ctx({ 'STORE-12': { A: 5 } }), only({}))), ['A@STORE-12x3']);
    assert.deepEqual(where(route(order([['A', 4]]), ctx({ 'STORE-12': { A: 5 } }), only({ safety_stock: false }))), ['A@STORE-12x4']);
  });

  test('channel visibility', () => {
    const plan = route(order([['A', 1]], { channel: 'amazon' }), ctx({ 'STORE-12': { A: 5 }, 'WH-EAST': { A: 5 } }), only({}));
    assert.deepEqual(where(plan), ['A@WH-EASTx1']);
    assert.ok(plan.explanation.includes('STORE-12 filtered: not visible to channel amazon'), plan.explanation.join('\n'));
  });

  test('locations that rejected the order are excluded', () => {
    const plan = route(order([['A', 1]]), ctx(everywhere, { excludeLocationIds: new Set([WEST.id]) }), only({}));
    assert.ok(!where(plan).some((w) => w.includes('WH-WEST')), `WH-WEST is not used: ${JSON.stringify(where(plan))}`);
    assert.ok(plan.explanation.includes('WH-WEST filtered: rejected this order before'), plan.explanation.join('\n'));
  });
});

describe('sorts', () => {
  const both = { 'WH-EAST': { A: 5, B: 5 }, 'WH-WEST': { A: 50, B: 50 } };
  const sorted = (sorts: RoutingRule['sorts']) => policy([{ name: 'r', sorts }]);

  test('proximity: the closest location, with the distance in the explanation', () => {
    const plan = route(order([['A', 1], ['B', 1]]), ctx(both), sorted(['proximity', 'priority']));
    assert.deepEqual(where(plan), ['A@WH-EASTx1', 'B@WH-EASTx1']);
    assert.ok(plan.explanation.some((e) => /^WH-EAST: ships 2 line\(s\) \(\d+ km away, priority 2\)$/.test(e)), plan.explanation.join('\n'));
  });

  test('priority', () => {
    assert.deepEqual(where(route(order([['A', 1]]), ctx(both), sorted(['priority']))), ['A@WH-WESTx1']);
  });

  test('most available (inventory balancing)', () => {
    const plan = route(order([['A', 1]]), ctx({ 'WH-EAST': { A: 9 }, 'WH-WEST': { A: 4 } }), sorted(['most_available', 'priority']));
    assert.deepEqual(where(plan), ['A@WH-EASTx1']);
  });

  test('shipping cost: the cheaper (nearer) shipment', () => {
    const toLa = order([['A', 1]], { destination: { country: 'US', region: 'CA', point: at('90012') } });
    assert.deepEqual(where(route(toLa, ctx({ 'WH-EAST': { A: 9 }, 'WH-WEST': { A: 9 } }), sorted(['shipping_cost']))), ['A@WH-WESTx1']);
  });

  test('fewest shipments first beats proximity; proximity first splits to the nearest', () => {
    const stock = { 'WH-EAST': { A: 5 }, 'STORE-12': { B: 5 }, 'WH-WEST': { A: 5, B: 5 } };
    const c = ctx(stock, { locations: [EAST, WEST, { ...STORE, safetyStock: 0 }] });
    assert.deepEqual(where(route(order([['A', 1], ['B', 1]]), c, sorted(['fewest_shipments', 'proximity']))), ['A@WH-WESTx1', 'B@WH-WESTx1']);
    assert.deepEqual(where(route(order([['A', 1], ['B', 1]]), c, sorted(['proximity', 'fewest_shipments']))), ['A@WH-EASTx1', 'B@STORE-12x1']);
  });
});

describe('split policy', () => {
  test('never: one location only; what it lacks is backordered', () => {
    const stock = ctx({ 'WH-EAST': { A: 2 }, 'WH-WEST': { B: 2 } });
    const plan = route(order([['A', 1], ['B', 1]]), stock, policy([{ name: 'one box', split: 'never', when_unfillable: 'backorder' }]));
    assert.equal(new Set(plan.allocations.map((a) => a.locationCode)).size, 1);
    assert.equal(plan.backorders.length, 1);
  });

  test('by line: lines go to different locations but a line is never split', () => {
    const stock = ctx({ 'WH-EAST': { A: 3, B: 1 }, 'WH-WEST': { A: 3 } });
    const byLine = route(order([['A', 5], ['B', 1]]), stock, policy([{ name: 'r', split: 'by_line', when_unfillable: 'backorder' }]));
    assert.deepEqual(byLine.allocations.filter((a) => a.sku === 'A').length, 1);
    assert.deepEqual(byLine.backorders, [{ lineId: 'l0', sku: 'A', quantity: 2 }]);
    const splitLine = route(order([['A', 5], ['B', 1]]), stock, policy([{ name: 'r', split: 'split_line', when_unfillable: 'backorder' }]));
    assert.equal(splitLine.allocations.filter((a) => a.sku === 'A').reduce((n, a) => n + a.quantity, 0), 5);
    assert.deepEqual(splitLine.backorders, []);
  });

  test('a minimum value per shipment fails a rule that would send a small parcel; the next rule applies', () => {
    const stock = ctx({ 'WH-EAST': { A: 1 }, 'WH-WEST': { B: 1 }, 'DS-1': { A: 1, B: 1 } });
    const p = policy([
      { name: 'warehouses', filters: { location_types: ['warehouse'] }, min_shipment_value: '25.00' },
      { name: 'vendor', filters: { location_types: ['dropship'] } },
    ]);
    const plan = route(order([['A', 1, 5000], ['B', 1, 900]]), stock, p);
    assert.equal(plan.rule, 'vendor');
    assert.deepEqual(where(plan), ['A@DS-1x1', 'B@DS-1x1']);
    assert.ok(plan.explanation.some((e) => e.includes('below the minimum of 2500')), plan.explanation.join('\n'));
  });
});

describe('when a rule cannot fill the order', () => {
  const stock = ctx({ 'WH-EAST': { A: 1 }, 'DS-1': { A: 5 } });
  const warehouses = (when: RoutingRule['when_unfillable'], queue?: string): RoutingRule => ({ name: 'warehouses', filters: { location_types: ['warehouse'] }, when_unfillable: when, ...(queue ? { hold_queue: queue } : {}) });

  test('next rule', () => {
    const plan = route(order([['A', 3]]), stock, policy([warehouses('next_rule'), { name: 'vendors', filters: { location_types: ['dropship'] } }]));
    assert.equal(plan.rule, 'vendors');
    assert.deepEqual(where(plan), ['A@DS-1x3']);
    assert.ok(plan.explanation.includes('trying the next rule'), plan.explanation.join('\n'));
  });

  test('hold in a named queue: nothing allocated', () => {
    const plan = route(order([['A', 3]]), stock, policy([warehouses('hold', 'vendor-review'), { name: 'vendors' }]));
    assert.deepEqual(plan.hold?.queue, 'vendor-review');
    assert.deepEqual(plan.allocations, []);
  });

  test('backorder: allocate what the rule can, backorder the rest, stop there', () => {
    const plan = route(order([['A', 3]]), stock, policy([warehouses('backorder'), { name: 'vendors' }]));
    assert.equal(plan.rule, 'warehouses');
    assert.deepEqual(where(plan), ['A@WH-EASTx1']);
    assert.deepEqual(plan.backorders, [{ lineId: 'l0', sku: 'A', quantity: 2 }]);
  });

  test('no policy: the default rule', () => {
    const plan = route(order([['A', 3]]), stock, undefined);
    assert.equal(plan.policy, null);
    assert.equal(plan.rule, 'default');
    assert.deepEqual(where(plan), ['A@DS-1x3']);
  });
});

test('policy scope: channel, country, region and tags; lowest position first', () => {
  const policies: RoutingPolicy[] = [
    { name: 'vip', position: 1, scope: { tags: ['vip'] }, rules: [] },
    { name: 'us-web', position: 2, scope: { channels: ['web'], countries: ['US'] }, rules: [] },
    { name: 'ca-east', position: 3, scope: { countries: ['CA'], regions: ['ON', 'QC'] }, rules: [] },
  ];
  assert.equal(matchPolicy(policies, { channel: 'web', country: 'US', region: 'NY', tags: [] })?.name, 'us-web');
  assert.equal(matchPolicy(policies, { channel: 'web', country: 'US', region: 'NY', tags: ['vip'] })?.name, 'vip');
  assert.equal(matchPolicy(policies, { channel: 'pos', country: 'US', region: null, tags: [] }), undefined);
  assert.equal(matchPolicy(policies, { channel: 'pos', country: 'CA', region: 'ON', tags: [] })?.name, 'ca-east');
  assert.equal(matchPolicy(policies, { channel: 'pos', country: 'CA', region: 'BC', tags: [] }), undefined);
});

test('sellable stock for a channel: visible locations, less safety stock', () => {
  const c = ctx({ 'STORE-12': { A: 5 }, 'WH-EAST': { A: 3 } });
  const forWeb = sellable({ channel: 'web', tags: [], destination: null }, c, undefined, 'A');
  assert.deepEqual(forWeb.filter((r) => r.available > 0).map((r) => [r.location.code, r.available]).sort(), [['STORE-12', 3], ['WH-EAST', 3]]);
  const forAmazon = sellable({ channel: 'amazon', tags: [], destination: null }, c, undefined, 'A');
  assert.deepEqual(forAmazon.filter((r) => r.available > 0).map((r) => r.location.code), ['WH-EAST']);
});
