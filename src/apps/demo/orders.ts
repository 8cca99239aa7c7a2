import { between, seededRandom } from '../../platform/kernel/seeded-random.js';

/**
 * The demo's ~40 orders over the last 7 days, each with the state it is taken to. Generated from
 * a fixed seed, so two loads differ only in their dates. Oldest orders are furthest along (as in a
 * real shop); the ones still to pick are the newest at the warehouses, because a pick list takes a
 * location's oldest fulfillment orders first.
 */

export type DemoTarget =
  | 'delivered'
  | 'in_transit'
  | 'label_created'
  | 'packed'
  | 'picking'
  | 'accepted'
  | 'new'
  | 'backordered'
  | 'cancelled'
  | 'partly_cancelled'
  /** Accepted by the store days ago and not shipped: late against its ship-by date. */
  | 'late';

export interface DemoOrder {
  /** Hours before the load that the order came in. */
  ageHours: number;
  channel: 'shopify' | 'web';
  /** The channel's order name: Shopify `#1001…`, the web shop's `W-…`. */
  name: string;
  /** Shopify's numeric order id (external id); the web shop's own id. */
  externalId: string;
  customer: DemoCustomer;
  lines: { sku: string; quantity: number }[];
  serviceLevel: 'standard' | 'expedited' | 'overnight';
  target: DemoTarget;
}

export interface DemoCustomer {
  name: string;
  email: string;
  phone: string;
  line1: string;
  city: string;
  region: string;
  postal_code: string;
}

const customers: DemoCustomer[] = [
  { name: 'Maya Thompson', email: 'maya.thompson@example.com', phone: '+1 512 555 0134', line1: '1804 E 6th St', city: 'Austin', region: 'TX', postal_code: '78702' },
  { name: 'Daniel Okafor', email: 'd.okafor@example.net', phone: '+1 206 555 0187', line1: '915 E Pine St', city: 'Seattle', region: 'WA', postal_code: '98122' },
  { name: 'Sofia Martinez', email: 'sofia.m@example.com', phone: '+1 303 555 0162', line1: '2230 Larimer St', city: 'Denver', region: 'CO', postal_code: '80205' },
  { name: 'Ethan Walsh', email: 'ethan.walsh@example.org', phone: '+1 617 555 0119', line1: '48 Beacon St', city: 'Boston', region: 'MA', postal_code: '02108' },
  { name: 'Priya Raman', email: 'priya.raman@example.com', phone: '+1 503 555 0145', line1: '3115 SE Division St', city: 'Portland', region: 'OR', postal_code: '97202' },
  { name: 'Marcus Bell', email: 'marcus.bell@example.com', phone: '+1 312 555 0171', line1: '1550 N Damen Ave', city: 'Chicago', region: 'IL', postal_code: '60622' },
  { name: 'Hannah Kim', email: 'hannah.kim@example.net', phone: '+1 404 555 0128', line1: '675 Ponce De Leon Ave NE', city: 'Atlanta', region: 'GA', postal_code: '30308' },
  { name: 'Lucas Ferreira', email: 'lucas.f@example.com', phone: '+1 305 555 0193', line1: '1200 Brickell Ave', city: 'Miami', region: 'FL', postal_code: '33131' },
  { name: 'Grace Nguyen', email: 'grace.nguyen@example.com', phone: '+1 602 555 0156', line1: '4420 N 7th Ave', city: 'Phoenix', region: 'AZ', postal_code: '85013' },
  { name: 'Owen Fischer', email: 'owen.fischer@example.org', phone: '+1 619 555 0104', line1: '3030 University Ave', city: 'San Diego', region: 'CA', postal_code: '92104' },
  { name: 'Amara Diallo', email: 'amara.diallo@example.com', phone: '+1 612 555 0177', line1: '2600 Hennepin Ave', city: 'Minneapolis', region: 'MN', postal_code: '55408' },
  { name: 'Noah Schneider', email: 'noah.s@example.net', phone: '+1 615 555 0138', line1: '1007 Woodland St', city: 'Nashville', region: 'TN', postal_code: '37206' },
  { name: 'Isabella Rossi', email: 'isabella.rossi@example.com', phone: '+1 718 555 0165', line1: '214 Court St', city: 'Brooklyn', region: 'NY', postal_code: '11201' },
  { name: 'James Carter', email: 'james.carter@example.com', phone: '+1 215 555 0122', line1: '1911 Walnut St', city: 'Philadelphia', region: 'PA', postal_code: '19103' },
  { name: 'Chloe Anderson', email: 'chloe.a@example.org', phone: '+1 801 555 0149', line1: '455 E 400 S', city: 'Salt Lake City', region: 'UT', postal_code: '84111' },
  { name: 'Mateo Alvarez', email: 'mateo.alvarez@example.com', phone: '+1 919 555 0183', line1: '510 Glenwood Ave', city: 'Raleigh', region: 'NC', postal_code: '27603' },
  { name: 'Zoe Park', email: 'zoe.park@example.net', phone: '+1 614 555 0116', line1: '740 N High St', city: 'Columbus', region: 'OH', postal_code: '43215' },
  { name: 'Liam O’Connor', email: 'liam.oconnor@example.com', phone: '+1 816 555 0158', line1: '1800 Baltimore Ave', city: 'Kansas City', region: 'MO', postal_code: '64108' },
  { name: 'Ava Johansson', email: 'ava.johansson@example.com', phone: '+1 608 555 0191', line1: '925 Williamson St', city: 'Madison', region: 'WI', postal_code: '53703' },
  { name: 'Elijah Brooks', email: 'elijah.brooks@example.org', phone: '+1 415 555 0127', line1: '1450 Valencia St', city: 'San Francisco', region: 'CA', postal_code: '94110' },
];

/** Everyday SKUs the generator draws lines from (the gloves, candle and hammock are placed on purpose). */
const everyday = ['TEE-ORG-BLK-M', 'TEE-ORG-BLK-L', 'TEE-ORG-WHT-M', 'HOOD-FLC-GRY-M', 'HOOD-FLC-GRY-L', 'JKT-RAIN-NVY-M', 'CAP-CANVAS-OLV', 'SOCK-WOOL-3PK', 'BOTTLE-STL-750', 'MUG-ENAMEL-WHT', 'TOTE-CANVAS-NAT', 'PACK-DAY-20L', 'BLANKET-WOOL', 'SPORK-TI', 'NOTEBOOK-FIELD', 'KIT-CAMP-COFFEE', 'KIT-TRAIL-START'];

/** [target, age in hours, fixed lines (else drawn)]; oldest first. */
const plan: [DemoTarget, number, { sku: string; quantity: number }[]?][] = [
  ['delivered', 165],
  ['cancelled', 160],
  ['delivered', 154, [{ sku: 'BEANIE-MER-NVY', quantity: 1 }, { sku: 'TEE-ORG-BLK-M', quantity: 2 }]],
  ['delivered', 147],
  ['delivered', 140, [{ sku: 'KIT-CAMP-COFFEE', quantity: 1 }]],
  ['delivered', 131],
  ['delivered', 126, [{ sku: 'HAMMOCK-1P', quantity: 1 }, { sku: 'SOCK-WOOL-3PK', quantity: 2 }]],
  ['delivered', 119],
  ['partly_cancelled', 115, [{ sku: 'HOOD-FLC-GRY-M', quantity: 3 }, { sku: 'CAP-CANVAS-OLV', quantity: 1 }]],
  ['late', 111, [{ sku: 'CANDLE-CEDAR', quantity: 2 }]],
  ['delivered', 107],
  ['delivered', 102, [{ sku: 'LANTERN-LED', quantity: 1 }, { sku: 'MUG-ENAMEL-WHT', quantity: 2 }]],
  ['late', 99, [{ sku: 'CANDLE-CEDAR', quantity: 1 }, { sku: 'TOTE-CANVAS-NAT', quantity: 1 }]],
  ['delivered', 97],
  ['in_transit', 92],
  ['backordered', 88, [{ sku: 'GLOVES-WORK-L', quantity: 2 }]],
  ['in_transit', 85, [{ sku: 'BEANIE-MER-NVY', quantity: 2 }]],
  ['cancelled', 80],
  ['partly_cancelled', 76, [{ sku: 'TEE-ORG-WHT-M', quantity: 4 }, { sku: 'SPORK-TI', quantity: 2 }]],
  ['in_transit', 71],
  ['in_transit', 66, [{ sku: 'LANTERN-LED', quantity: 2 }, { sku: 'HAMMOCK-1P', quantity: 1 }]],
  ['in_transit', 60],
  ['label_created', 52],
  ['partly_cancelled', 47, [{ sku: 'SOCK-WOOL-3PK', quantity: 3 }, { sku: 'BOTTLE-STL-750', quantity: 1 }]],
  ['label_created', 41, [{ sku: 'KIT-TRAIL-START', quantity: 1 }]],
  ['cancelled', 33],
  ['packed', 28],
  ['label_created', 26],
  ['packed', 23, [{ sku: 'PACK-DAY-20L', quantity: 1 }, { sku: 'BLANKET-WOOL', quantity: 1 }]],
  ['picking', 20],
  ['picking', 17, [{ sku: 'TEE-ORG-BLK-L', quantity: 2 }, { sku: 'CAP-CANVAS-OLV', quantity: 1 }]],
  ['label_created', 9],
  ['accepted', 8],
  ['backordered', 7, [{ sku: 'GLOVES-WORK-L', quantity: 1 }, { sku: 'NOTEBOOK-FIELD', quantity: 2 }]],
  ['label_created', 6, [{ sku: 'JKT-RAIN-NVY-M', quantity: 1 }]],
  ['accepted', 5],
  ['new', 4],
  ['backordered', 3, [{ sku: 'GLOVES-WORK-L', quantity: 1 }, { sku: 'TEE-ORG-BLK-M', quantity: 1 }]],
  ['new', 2],
  ['new', 1],
];

export function demoOrders(seed = 1042): DemoOrder[] {
  const rand = seededRandom(seed);
  let shopifyNo = 1001;
  let webNo = 40211;
  return plan.map(([target, ageHours, fixed], i) => {
    const shopify = rand() < 0.7;
    const lines = fixed ?? drawLines(rand);
    const customer = customers[(i * 7 + between(rand, 0, 2)) % customers.length] as DemoCustomer;
    const serviceLevel = rand() < 0.15 ? 'expedited' : 'standard';
    const minutes = between(rand, 0, 50);
    const name = shopify ? `#${shopifyNo++}` : `W-${webNo++}`;
    return {
      ageHours: ageHours + minutes / 60,
      channel: shopify ? 'shopify' : 'web',
      name,
      externalId: shopify ? String(5_812_340_100_000 + i * 7_919) : `web-${name.slice(2)}`,
      customer,
      lines,
      serviceLevel,
      target,
    } satisfies DemoOrder;
  });
}

function drawLines(rand: () => number): { sku: string; quantity: number }[] {
  const count = between(rand, 1, 3);
  const skus = new Set<string>();
  while (skus.size < count) skus.add(everyday[between(rand, 0, everyday.length - 1)] as string);
  return [...skus].map((sku) => ({ sku, quantity: rand() < 0.8 ? 1 : 2 }));
}
