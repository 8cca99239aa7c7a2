import type { Action, ScreeningAddress, ScreeningInput, Velocity } from '../../src/modules/risk/index.js';

/**
 * The pinned screening corpus (issue 15 §3): fraudulent-looking orders and benign look-alikes with
 * the decision the default rule set must give each. `src/modules/risk/domain/corpus.test.ts` runs
 * it; `scripts/bench-risk.ts` times it. Changing an expected action is a product decision: say why
 * in the commit.
 */
export interface CorpusCase {
  id: string;
  kind: 'fraud' | 'benign';
  story: string;
  expected: Action;
  input: ScreeningInput;
}

export const ADDRESSES = {
  nyc: { line1: '350 5th Ave', line2: 'Apt 4B', city: 'New York', region: 'NY', postalCode: '10118', country: 'US' },
  la: { line1: '1200 Sunset Blvd', city: 'Los Angeles', region: 'CA', postalCode: '90028', country: 'US' },
  chicago: { line1: '233 S Wacker Dr', line2: 'Suite 200', city: 'Chicago', region: 'IL', postalCode: '60606', country: 'US' },
  austin: { line1: '500 Congress Ave', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
  seattle: { line1: '400 Pine St', line2: 'Unit 12', city: 'Seattle', region: 'WA', postalCode: '98101', country: 'US' },
  miami: { line1: '80 SW 8th St', city: 'Miami', region: 'FL', postalCode: '33130', country: 'US' },
  boston: { line1: '1 Beacon St', city: 'Boston', region: 'MA', postalCode: '02108', country: 'US' },
  poBox: { line1: 'PO Box 1432', city: 'Bozeman', region: 'MT', postalCode: '59715', country: 'US' },
  london: { line1: '10 Baker Street', city: 'London', postalCode: 'W1U 3BW', country: 'GB' },
  paris: { line1: '12 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
  berlin: { line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
  toronto: { line1: '200 Bay St', city: 'Toronto', region: 'ON', postalCode: 'M5J 2J2', country: 'CA' },
  tokyo: { line1: '1-1 Marunouchi', city: 'Chiyoda', region: 'Tokyo', postalCode: '100-0005', country: 'JP' },
  lagos: { line1: '15 Broad Street', city: 'Lagos', postalCode: '100221', country: 'NG' },
  // Forwarders: invented street numbers, real company names and the account-suite shape they use.
  myus: { line1: '1200 Commerce Way', line2: 'Suite MYUS-48213', city: 'Sarasota', region: 'FL', postalCode: '34243', country: 'US' },
  shipito: { company: 'Shipito', line1: '880 Maple Ave', line2: 'Unit 4471', city: 'Torrance', region: 'CA', postalCode: '90503', country: 'US' },
  stackry: { company: 'Stackry', line1: '45 Industrial Park Dr', line2: 'Ste SK 120931', city: 'Nashua', region: 'NH', postalCode: '03062', country: 'US' },
  planet: { line1: '300 Airport Rd', line2: 'Planet Express #PX 20931', city: 'Gardena', region: 'CA', postalCode: '90248', country: 'US' },
  suiteCode: { line1: '77 Logistics Blvd', line2: 'Suite QW-558812', city: 'Wilmington', region: 'DE', postalCode: '19801', country: 'US' },
} satisfies Record<string, ScreeningAddress>;

type Address = keyof typeof ADDRESSES;

interface Shape {
  total: number;
  currency?: string;
  email?: string;
  ship?: Address;
  bill?: Address;
  level?: string;
  ip?: string;
  ipCountry?: string;
  avs?: string;
  cvv?: string;
  card?: string;
  /** Earlier orders: count, average and max in major units, first order date. */
  history?: [number, number, number, string];
  velocity?: Velocity;
  risk?: ScreeningInput['channelRisk'];
  lines?: number;
}

/** One order with sane defaults: a USD web order from New York, billed there, card checks passed. */
export function screeningInput(s: Shape): ScreeningInput {
  const currency = s.currency ?? 'USD';
  const scale = currency === 'JPY' ? 1 : 100;
  const totalMinor = Math.round(s.total * scale);
  const lines = s.lines ?? 1;
  return {
    order: {
      placedAt: '2026-11-20T15:00:00Z',
      currency,
      totalMinor,
      lines: Array.from({ length: lines }, (_, i) => ({ sku: `SKU-${i + 1}`, quantity: 1, unitPriceMinor: Math.floor(totalMinor / lines) })),
      channel: 'shopify',
      shippingServiceLevel: s.level ?? 'standard',
    },
    email: s.email ?? 'jo.buyer@shopper.test',
    phone: '+12125550100',
    shippingAddress: ADDRESSES[s.ship ?? 'nyc'],
    billingAddress: ADDRESSES[s.bill ?? s.ship ?? 'nyc'],
    channelRisk: s.risk ?? { level: 'low', recommendation: 'accept' },
    payment: { gateway: 'shopify_payments', avsResultCode: s.avs ?? 'Y', cvvResultCode: s.cvv ?? 'M', cardFingerprint: s.card ?? 'fp_card_1' },
    client: { ip: s.ip === '' ? null : (s.ip ?? '198.51.100.7'), ipCountry: s.ipCountry === '' ? null : (s.ipCountry ?? 'US') },
    customer: s.history ? { ordersCount: s.history[0], averageOrderMinor: s.history[1] * scale, maxOrderMinor: s.history[2] * scale, firstOrderAt: s.history[3] } : null,
    velocity: s.velocity ?? {},
  };
}

/** Counts over 1 h / 24 h / 7 d for one key, the order itself included. */
const v = (key: keyof Velocity, window: '1h' | '24h' | '7d', counts: { orders?: number; cards?: number; addresses?: number }): Velocity => ({ [key]: { [window]: counts } });

const fraud = (id: string, expected: Action, story: string, s: Shape): CorpusCase => ({ id: `fraud-${id}`, kind: 'fraud', story, expected, input: screeningInput(s) });
const benign = (id: string, story: string, s: Shape, expected: Action = 'allow'): CorpusCase => ({ id: `benign-${id}`, kind: 'benign', story, expected, input: screeningInput(s) });

const REPEAT: [number, number, number, string] = [12, 140, 380, '2023-03-02T10:00:00Z'];

export const CORPUS: readonly CorpusCase[] = [
  // Card testing: many cards, tiny amounts, one buyer.
  ...[3, 4, 5, 6, 8].map((cards, i) => fraud(`card-test-email-${cards}`, 'reject', `${cards} cards on one e-mail in a day, $${i + 1} orders`, { total: i + 1, email: `tester${i}@inbox.test`, velocity: v('email', '24h', { orders: cards, cards }) })),
  ...[4, 6, 9, 12].map((cards) => fraud(`card-test-ip-${cards}`, 'reject', `${cards} cards from one IP in a day`, { total: 2.5, ip: '203.0.113.50', velocity: v('ip', '24h', { orders: cards, cards }) })),
  ...[4, 5, 9].map((orders) => fraud(`card-reuse-${orders}`, 'reject', `one card used ${orders} times in an hour`, { total: 9.99, velocity: v('card', '1h', { orders }) })),
  // Bursts of orders.
  ...[4, 5, 7].map((orders) => fraud(`email-burst-${orders}`, 'reject', `${orders} orders on one e-mail in an hour`, { total: 60, velocity: v('email', '1h', { orders }) })),
  ...[6, 8, 10].map((orders) => fraud(`ip-burst-${orders}`, 'reject', `${orders} orders from one IP in an hour`, { total: 45, velocity: v('ip', '1h', { orders }) })),
  // Reshippers.
  fraud('forwarder-myus', 'review', 'first order to a MyUS suite', { total: 320, ship: 'myus', bill: 'nyc' }),
  fraud('forwarder-shipito', 'review', 'first order to Shipito', { total: 150, ship: 'shipito', bill: 'boston' }),
  fraud('forwarder-stackry', 'review', 'first order to Stackry', { total: 89, ship: 'stackry', bill: 'chicago' }),
  fraud('forwarder-planet', 'review', 'first order to Planet Express', { total: 640, ship: 'planet', bill: 'la' }),
  fraud('forwarder-suite-code', 'review', 'account-style suite code, unknown forwarder', { total: 210, ship: 'suiteCode', bill: 'austin' }),
  fraud('forwarder-avs-fail', 'review', 'forwarder with the AVS failing', { total: 410, ship: 'myus', bill: 'nyc', avs: 'N' }),
  fraud('forwarder-foreign-card', 'review', 'forwarder, card billed in Germany', { total: 520, ship: 'shipito', bill: 'berlin', ipCountry: 'DE' }),
  fraud('forwarder-foreign-ip', 'reject', 'forwarder, French card, Nigerian IP', { total: 275, ship: 'stackry', bill: 'paris', ipCountry: 'NG' }),
  fraud('forwarder-disposable', 'review', 'forwarder and a throwaway mailbox', { total: 330, ship: 'planet', email: 'x91@mailinator.com' }),
  fraud('forwarder-expedited', 'review', 'forwarder, overnight, high value', { total: 880, ship: 'suiteCode', level: 'overnight', avs: 'A' }),
  // Country mismatches.
  fraud('third-country-fr-ng', 'review', 'billed in France, shipped to the US, ordered from Nigeria', { total: 180, ship: 'miami', bill: 'paris', ipCountry: 'NG' }),
  fraud('third-country-gb-ru', 'review', 'billed in the UK, shipped to the US, ordered from Russia', { total: 95, ship: 'austin', bill: 'london', ipCountry: 'RU' }),
  fraud('third-country-de-vn', 'review', 'billed in Germany, shipped to Canada, ordered from Vietnam', { total: 220, ship: 'toronto', bill: 'berlin', ipCountry: 'VN' }),
  fraud('third-country-avs', 'review', 'third country and the AVS failing', { total: 260, ship: 'la', bill: 'london', ipCountry: 'ID', avs: 'N' }),
  fraud('cross-border-big', 'verify', 'first order, billed in Canada, shipped to the US, $700', { total: 700, ship: 'seattle', bill: 'toronto', ipCountry: 'CA' }),
  fraud('cross-border-ng', 'verify', 'first order billed in Nigeria, shipped to the US', { total: 300, ship: 'chicago', bill: 'lagos', ipCountry: 'US' }),
  fraud('cross-border-jp', 'verify', 'first order billed in Japan, shipped to France, ¥60,000', { total: 60000, currency: 'JPY', ship: 'paris', bill: 'tokyo', ipCountry: 'FR' }),
  fraud('cross-border-cvv', 'review', 'cross-border first order with a wrong security code', { total: 480, ship: 'miami', bill: 'berlin', ipCountry: 'DE', cvv: 'N', avs: 'A' }),
  // Throwaway e-mails.
  fraud('disposable-250', 'review', 'mailinator address, $250', { total: 250, email: 'bob@mailinator.com' }),
  fraud('disposable-subdomain', 'review', 'a subdomain of a disposable domain', { total: 420, email: 'z@mx.guerrillamail.com' }),
  fraud('disposable-yopmail', 'review', 'yopmail, $999', { total: 999, email: 'cheap@yopmail.com' }),
  fraud('disposable-cvv', 'review', 'throwaway mailbox and a wrong security code', { total: 120, email: 'n@10minutemail.com', cvv: 'N' }),
  fraud('disposable-avs-cvv', 'reject', 'throwaway mailbox, card checks failed', { total: 75, email: 'q@trashmail.com', cvv: 'N', avs: 'N' }),
  fraud('disposable-third-country', 'reject', 'throwaway mailbox from a third country', { total: 230, email: 'w@sharklasers.com', ship: 'austin', bill: 'paris', ipCountry: 'BR' }),
  // Expedited first high-value orders.
  fraud('expedited-avs-partial', 'review', 'first order, $1,200 overnight, AVS only partial', { total: 1200, level: 'overnight', avs: 'Z' }),
  fraud('expedited-ip-abroad', 'review', 'first order, $900 express, ordered from abroad', { total: 900, level: 'express', ipCountry: 'RO' }),
  fraud('expedited-cross-border', 'review', 'first order, $1,500 next day, billed in the UK', { total: 1500, level: 'next_day', ship: 'boston', bill: 'london', ipCountry: 'GB' }),
  fraud('expedited-avs-unavailable', 'review', 'first order, $650 two-day, AVS unavailable', { total: 650, level: '2-day', avs: 'U' }),
  fraud('expedited-po-box', 'verify', 'first high-value order rushed to a PO box', { total: 800, level: 'priority', ship: 'poBox', bill: 'poBox' }),
  // The channel's verdict, card checks, one card many addresses.
  fraud('channel-high', 'review', 'Shopify rates it high risk', { total: 130, risk: { level: 'high', recommendation: 'investigate' } }),
  fraud('channel-cancel', 'review', 'Shopify recommends cancelling', { total: 210, risk: { level: 'medium', recommendation: 'cancel' } }),
  fraud('channel-high-cvv', 'reject', 'Shopify high risk and a wrong security code', { total: 340, risk: { level: 'high', recommendation: 'cancel' }, cvv: 'N' }),
  fraud('card-checks', 'reject', 'wrong security code and billing address', { total: 55, cvv: 'N', avs: 'N' }),
  fraud('card-checks-stripe', 'reject', 'Stripe says fail and fail', { total: 420, cvv: 'fail', avs: 'fail' }),
  fraud('card-addresses-3', 'review', 'one card, three shipping addresses in a week', { total: 140, velocity: v('card', '7d', { orders: 3, addresses: 3 }) }),
  fraud('card-addresses-5', 'review', 'one card, five shipping addresses in a week', { total: 90, velocity: v('card', '7d', { orders: 5, addresses: 5 }) }),

  // Gifts to another state.
  benign('gift-ny-ca', 'billed in New York, a gift to Los Angeles', { total: 180, ship: 'la', bill: 'nyc' }),
  benign('gift-ny-ca-big', 'first order, $640 gift across the country', { total: 640, ship: 'la', bill: 'nyc' }),
  benign('gift-tx-wa', 'billed in Austin, shipped to Seattle', { total: 95, ship: 'seattle', bill: 'austin' }),
  benign('gift-fl-ma', 'billed in Miami, shipped to Boston, express', { total: 120, ship: 'boston', bill: 'miami', level: 'express' }),
  benign('gift-il-fl', 'billed in Chicago, shipped to Miami', { total: 260, ship: 'miami', bill: 'chicago' }),
  benign('gift-repeat', 'a repeat customer sending a gift to another state', { total: 300, ship: 'austin', bill: 'boston', history: REPEAT }),
  benign('gift-expedited-repeat', 'repeat customer, overnight gift, $900', { total: 900, ship: 'la', bill: 'nyc', level: 'overnight', history: REPEAT }),
  benign('gift-gmail', 'gmail address, gift to another state', { total: 75, ship: 'seattle', bill: 'miami', email: 'grandma@gmail.com' }),
  benign('gift-avs-partial', 'gift with the ZIP only matching', { total: 140, ship: 'chicago', bill: 'la', avs: 'Z' }),
  benign('gift-abroad-repeat', 'repeat customer sends a gift to France', { total: 320, ship: 'paris', bill: 'nyc', ipCountry: 'US', history: REPEAT }),
  // Travellers.
  benign('traveller-fr-ip', 'American in Paris ordering home', { total: 210, ipCountry: 'FR', ip: '192.0.2.44' }),
  benign('traveller-jp-ip', 'American in Tokyo ordering home', { total: 85, ipCountry: 'JP' }),
  benign('traveller-hotel', 'US card, shipped to a London hotel, ordered there', { total: 160, ship: 'london', bill: 'nyc', ipCountry: 'GB' }),
  benign('traveller-hotel-repeat', 'repeat customer ships to a Berlin hotel, $420', { total: 420, ship: 'berlin', bill: 'boston', ipCountry: 'DE', history: REPEAT }),
  benign('traveller-canadian', 'Canadian in Seattle ordering home', { total: 130, ship: 'toronto', bill: 'toronto', ipCountry: 'US', currency: 'CAD' }),
  benign('traveller-german', 'German in New York, billed and shipped in Germany', { total: 240, ship: 'berlin', bill: 'berlin', ipCountry: 'US', currency: 'EUR' }),
  benign('traveller-express', 'traveller ordering home, express, modest total', { total: 190, level: 'express', ipCountry: 'MX' }),
  benign('traveller-vpn', 'repeat customer on a VPN abroad', { total: 600, ipCountry: 'NL', history: REPEAT }),
  // Repeat customers with large orders.
  benign('repeat-large', 'repeat customer, $1,200', { total: 1200, history: REPEAT }),
  benign('repeat-large-overnight', 'repeat customer, $2,000 overnight', { total: 2000, level: 'overnight', history: [30, 300, 900, '2021-05-01T00:00:00Z'] }),
  benign('repeat-5x', 'repeat customer, five times their largest order', { total: 1900, history: REPEAT }),
  benign('repeat-b2b', 'wholesale buyer, many lines', { total: 4800, lines: 24, history: [40, 2100, 5200, '2020-01-15T00:00:00Z'] }),
  benign('repeat-po-box', 'repeat customer ships to their PO box, priority', { total: 700, ship: 'poBox', bill: 'poBox', level: 'priority', history: REPEAT }),
  benign('repeat-forwarder', 'known customer abroad who always uses MyUS', { total: 260, ship: 'myus', bill: 'nyc', history: REPEAT }),
  benign('repeat-avs-unavailable', 'repeat customer, AVS unavailable', { total: 450, avs: 'U', history: REPEAT }),
  benign('repeat-several-today', 'repeat customer, third order today', { total: 80, history: REPEAT, velocity: v('email', '24h', { orders: 3, cards: 1 }) }),
  benign('repeat-jpy', 'Tokyo regular, ¥250,000', { total: 250000, currency: 'JPY', ship: 'tokyo', bill: 'tokyo', ipCountry: 'JP', history: [8, 40000, 120000, '2024-02-01T00:00:00Z'] }),
  benign('repeat-medium-risk', 'regular customer Shopify rates medium', { total: 150, risk: { level: 'medium', recommendation: 'accept' }, history: REPEAT }),
  // Everyday first orders that share one trait with fraud.
  benign('first-gmail', 'first order from a gmail address', { total: 65, email: 'sam@gmail.com' }),
  benign('first-outlook-big', 'first order, $480, outlook.com', { total: 480, email: 'kim@outlook.com' }),
  benign('first-suite', 'office suite address', { total: 150, ship: 'chicago' }),
  benign('first-unit', 'apartment unit address', { total: 90, ship: 'seattle' }),
  benign('first-po-box', 'rural PO box, standard shipping', { total: 110, ship: 'poBox', bill: 'poBox' }),
  benign('first-po-box-express', 'PO box with express shipping, modest total', { total: 140, ship: 'poBox', bill: 'poBox', level: 'express' }),
  benign('first-express-small', 'first order, overnight, $80', { total: 80, level: 'overnight' }),
  benign('first-high-value-standard', 'first order, $1,100, standard shipping', { total: 1100 }),
  benign('first-high-value-express-clean', 'first order, $750 express, every check passed', { total: 750, level: 'express' }),
  benign('first-disposable-small', 'throwaway mailbox on a $25 order', { total: 25, email: 'promo@mailinator.com' }),
  benign('first-disposable-200', 'throwaway mailbox, exactly $200', { total: 200, email: 'promo@yopmail.com' }),
  benign('first-cvv-fail-only', 'mistyped security code, address matched', { total: 60, cvv: 'N' }),
  benign('first-avs-fail-only', 'new address not yet with the bank', { total: 95, avs: 'N' }),
  benign('first-cross-border-small', 'Canadian card, US address, $120', { total: 120, ship: 'seattle', bill: 'toronto', ipCountry: 'US' }),
  benign('first-uk-domestic', 'UK order in GBP', { total: 300, currency: 'GBP', ship: 'london', bill: 'london', ipCountry: 'GB' }),
  benign('first-eur-domestic', 'French order in EUR', { total: 540, currency: 'EUR', ship: 'paris', bill: 'paris', ipCountry: 'FR' }),
  benign('first-jpy-domestic', 'Japanese order, ¥30,000', { total: 30000, currency: 'JPY', ship: 'tokyo', bill: 'tokyo', ipCountry: 'JP' }),
  benign('household-two-cards', 'two cards in a household in a day', { total: 70, velocity: v('email', '24h', { orders: 2, cards: 2 }) }),
  benign('office-ip', 'an office network with three orders in an hour', { total: 45, velocity: v('ip', '1h', { orders: 3, cards: 3 }) }),
  benign('three-an-hour', 'three orders on one e-mail in an hour', { total: 40, velocity: v('email', '1h', { orders: 3 }) }),
  benign('card-two-addresses', 'one card shipping to home and office', { total: 100, velocity: v('card', '7d', { orders: 2, addresses: 2 }) }),
  benign('channel-medium-investigate', 'Shopify says medium, investigate', { total: 90, risk: { level: 'medium', recommendation: 'investigate' } }),
  benign('no-ip', 'a phone order: no IP, no channel risk', { total: 200, ipCountry: '', ip: '' }),
];
