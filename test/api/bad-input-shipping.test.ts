import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { easyPostSignature } from '../../src/modules/shipping/carriers/easypost-webhook.js';
import { between, seededRandom } from '../../src/platform/kernel/seeded-random.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { expectRefusedWithoutWrites, isProblem, type BadRequestCase } from '../support/bad-input.js';
import { startEasyPostServer, type EasyPostServer } from '../support/easypost-server.js';
import { adjust, createLocation, createProduct, orderBody } from '../support/factories.js';

/**
 * Bad input to every shipping route: a 4xx problem+json naming the field at fault, and the whole
 * database unchanged (snapshotted before and after each request). Then seeded mutations of valid
 * bodies, none of which may answer 5xx.
 */
const EP_KEY = 'EZTK_test_key';
const EP_HOOK = 'whsec_bad_input';
const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
const SPRINGFIELD = { line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' };
const UNKNOWN_FO = `ful_${'0'.repeat(26)}`;
const UNKNOWN_SHIPMENT = `shp_${'0'.repeat(26)}`;

let t: TestApp;
let ep: EasyPostServer;
let sku: string;
/** Placed, not packed; and its status then. */
let openFo: string;
let openStatus: string;
/** Packed, not shipped. */
let packedFo: string;
/** One parcel, scanned in transit. */
let inTransit: string;
/** One parcel, label created; the events fuzz writes to it. */
let labelled: string;
let webhookPath: string;

async function placeOrder(quantity: number): Promise<string> {
  const placed = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity }], { shipping_address: SPRINGFIELD }));
  assert.equal(placed.statusCode, 201, placed.body);
  const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${(placed.json() as { id: string }).id}`)).json().data as { id: string }[];
  assert.ok(fo, 'the order has a fulfillment order');
  return fo.id;
}

async function pack(foId: string): Promise<void> {
  const packed = await t.call('POST', `/v1/fulfillment-orders/${foId}/pack`, {});
  assert.equal(packed.statusCode, 200, packed.body);
}

async function ship(foId: string): Promise<string> {
  const shipped = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, {});
  assert.equal(shipped.statusCode, 201, shipped.body);
  const shipment = shipped.json() as { id: string; packages: unknown[] };
  assert.equal(shipment.packages.length, 1);
  return shipment.id;
}

before(async () => {
  ep = await startEasyPostServer({ apiKey: EP_KEY, webhookSecret: EP_HOOK });
  t = await buildTestApp({ secrets: { EP_KEY, EP_HOOK } });
  const box = await t.call('PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' });
  assert.equal(box.statusCode, 201, box.body);
  const samples = await t.call('POST', '/v1/carriers/samples');
  assert.equal(samples.statusCode, 200, samples.body);
  await createLocation(t, 'EWR', { address: NEWARK, cutoff_time: '23:59' });
  await createLocation(t, 'BARE');
  sku = 'SHIP-TEE';
  await createProduct(t, sku, { dimensions_mm: { length: 200, width: 150, height: 100 }, weight_grams: 900 });
  await adjust(t, sku, 'EWR', 20);

  openFo = await placeOrder(1);
  openStatus = (await t.call('GET', `/v1/fulfillment-orders/${openFo}`)).json().status as string;
  assert.ok(!['packed', 'shipped'].includes(openStatus), openStatus);
  packedFo = await placeOrder(1);
  await pack(packedFo);
  const transitFo = await placeOrder(1);
  await pack(transitFo);
  inTransit = await ship(transitFo);
  const scan = await t.call('POST', `/v1/shipments/${inTransit}/events`, { status: 'in_transit', occurred_at: new Date(Date.now() + 60_000).toISOString() });
  assert.equal(scan.statusCode, 200, scan.body);
  assert.equal((scan.json() as { shipment: { status: string } }).shipment.status, 'in_transit', scan.body);
  const labelFo = await placeOrder(1);
  await pack(labelFo);
  labelled = await ship(labelFo);

  // The aggregator comes last so the shipments above were bought from the rate cards alone.
  const created = await t.call('PUT', '/v1/carriers/ep', { name: 'EasyPost', kind: 'easypost', easypost: { api_key_env: 'EP_KEY', webhook_secret_env: 'EP_HOOK', base_url: ep.url } });
  assert.equal(created.statusCode, 201, created.body);
  webhookPath = (created.json() as { webhook_url: string }).webhook_url;
  // The cases below sign with the adapter's function; it must agree with what the aggregator sends.
  assert.equal(easyPostSignature(trackerEvent, EP_HOOK), ep.signEvent(trackerEvent));
  assert.match(webhookPath, /^\/v1\/carriers\/car_[0-9a-z]{26}\/webhooks\/tracking$/);

  const card = await t.call('PUT', '/v1/carriers/acme', carrier({}));
  assert.equal(card.statusCode, 201, card.body);
});
after(async () => {
  await t.close();
  await ep.close();
});

/** Cases are built lazily, inside each test: the ids they name are made in `before`. */
function suite(title: string, defaults: { method: 'POST' | 'PUT' | 'GET'; url: string }, cases: () => BadRequestCase[]) {
  describe(title, () => {
    for (const [i, { name }] of cases().entries()) {
      test(name, () => {
        const c = cases()[i];
        assert.equal(c?.name, name);
        return expectRefusedWithoutWrites(t, c as BadRequestCase, defaults);
      });
    }
  });
}

// ---- PUT /v1/carriers/{code} ----
// (An existing rate-card carrier keeps its stored card and range when a PUT leaves them out: only a new one needs them.)

const RATES_CSV = 'service,zone,max_weight,price\nground,2,1,5.00\nground,2,70,50.00\nexpress,2,1,20.00\nexpress,2,70,90.00';
const ZONES_CSV = 'origin_zip3_from,origin_zip3_to,dest_zip3_from,dest_zip3_to,zone\n000,999,000,999,2';
const TRANSIT_CSV = 'service,zone,days\nground,2,4\nexpress,2,1';

function rateCard(overrides: Record<string, unknown> = {}) {
  return {
    currency: 'USD',
    weight_unit: 'lb',
    dim_divisor: 139,
    fuel_surcharge_percent: '15.5',
    residential_surcharge: '5.45',
    services: [
      { code: 'ground', name: 'Ground', service_level: 'standard' },
      { code: 'express', name: 'Express', service_level: 'overnight' },
    ],
    rates_csv: RATES_CSV,
    zones_csv: ZONES_CSV,
    transit_csv: TRANSIT_CSV,
    ...overrides,
  };
}

function carrier(overrides: Record<string, unknown>, card: Record<string, unknown> = {}, tracking: Record<string, unknown> = {}) {
  return { name: 'Acme Freight', kind: 'rate_card', rate_card: rateCard(card), tracking: { format: 'fedex', range_start: 1, range_end: 100_000, ...tracking }, ...overrides };
}

const easypost = (settings: Record<string, unknown>) => ({ name: 'Aggregator', kind: 'easypost', easypost: { api_key_env: 'EP_KEY', ...settings } });

suite('PUT /v1/carriers/{code}', { method: 'PUT', url: '/v1/carriers/acme' }, () => [
  { name: 'kind missing', body: (({ kind: _, ...rest }) => rest)(carrier({})), status: 400, code: 'REQUEST_INVALID', field: 'kind' },
  { name: 'unknown kind "pigeon"', body: carrier({ kind: 'pigeon' }), status: 400, code: 'REQUEST_INVALID', field: 'kind' },
  { name: 'rate_card missing for a new rate_card carrier', url: '/v1/carriers/never-made', body: carrier({ rate_card: undefined }), status: 400, code: 'REQUEST_INVALID', field: 'rate_card', only: true },
  { name: 'tracking missing for a new rate_card carrier', url: '/v1/carriers/never-made', body: carrier({ tracking: undefined }), status: 400, code: 'REQUEST_INVALID', field: 'tracking', only: true },
  { name: 'currency "usd"', body: carrier({}, { currency: 'usd' }), status: 400, code: 'REQUEST_INVALID', field: 'rate_card.currency', only: true },
  { name: 'currency "XXY" (not ISO 4217)', body: carrier({}, { currency: 'XXY' }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.currency' },
  { name: 'fuel_surcharge_percent "abc"', body: carrier({}, { fuel_surcharge_percent: 'abc' }), status: 400, code: 'REQUEST_INVALID', field: 'rate_card.fuel_surcharge_percent', only: true },
  { name: 'residential_surcharge "-1"', body: carrier({}, { residential_surcharge: '-1' }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.residential_surcharge', only: true },
  { name: 'residential_surcharge "1.234" in USD', body: carrier({}, { residential_surcharge: '1.234' }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.residential_surcharge', only: true },
  { name: 'dim_divisor 0', body: carrier({}, { dim_divisor: 0 }), status: 400, code: 'REQUEST_INVALID', field: 'rate_card.dim_divisor', only: true },
  { name: 'no services', body: carrier({}, { services: [] }), status: 400, code: 'REQUEST_INVALID', field: 'rate_card.services' },
  { name: 'service with an unknown service_level', body: carrier({}, { services: [{ code: 'ground', name: 'Ground', service_level: 'warp' }] }), status: 400, code: 'REQUEST_INVALID', field: 'rate_card.services[0].service_level' },
  { name: 'rates_csv missing the price column', body: carrier({}, { rates_csv: 'service,zone,max_weight\nground,2,1' }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.rates_csv.header', only: true },
  { name: 'rates_csv with an extra column', body: carrier({}, { rates_csv: RATES_CSV.replace('price\n', 'price,colour\n').replace(/\n(.+)/g, '\n$1,red') }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.rates_csv.header', only: true },
  { name: 'rates_csv with a non-numeric price on line 2', body: carrier({}, { rates_csv: RATES_CSV.replace('ground,2,1,5.00', 'ground,2,1,five') }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.rates_csv[2].price', only: true },
  { name: 'rates_csv price with three decimals', body: carrier({}, { rates_csv: RATES_CSV.replace('50.00', '50.001') }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.rates_csv[3].price', only: true },
  { name: 'rates_csv with a row of the wrong length', body: carrier({}, { rates_csv: `${RATES_CSV}\nground,2` }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.rates_csv[6]', only: true },
  { name: 'rates_csv header only', body: carrier({}, { rates_csv: 'service,zone,max_weight,price' }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.rates_csv', only: true },
  { name: 'rates referencing an unknown service', body: carrier({}, { rates_csv: `${RATES_CSV}\nfreight,2,1,9.00` }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.rates_csv[6].service' },
  { name: 'zones_csv with a ZIP3 of two digits', body: carrier({}, { zones_csv: ZONES_CSV.replace('000,999,000', '00,999,000') }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.zones_csv[2].origin_zip3_from', only: true },
  { name: 'zones_csv with a backwards range', body: carrier({}, { zones_csv: ZONES_CSV.replace('000,999,000,999', '000,999,999,000') }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.zones_csv[2].dest_zip3_to', only: true },
  { name: 'transit_csv without days', body: carrier({}, { transit_csv: 'service,zone\nground,2\nexpress,2' }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.transit_csv.header', only: true },
  { name: 'transit_csv days "soon"', body: carrier({}, { transit_csv: TRANSIT_CSV.replace('ground,2,4', 'ground,2,soon') }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.transit_csv[2].days', only: true },
  { name: 'country_zones_csv with a three-letter country', body: carrier({}, { country_zones_csv: 'country,zone\nCAN,2' }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.country_zones_csv[2].country', only: true },
  { name: 'country_zones_csv naming Puerto Rico (a ZIP-code country)', body: carrier({}, { country_zones_csv: 'country,zone\nCA,2\nPR,2' }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.country_zones_csv[3].country', only: true },
  { name: 'a zone with rates but no transit days', body: carrier({}, { transit_csv: 'service,zone,days\nground,2,4' }), status: 422, code: 'CARRIER_RATE_CARD_INVALID', field: 'rate_card.transit', only: true },
  { name: 'tracking range_end below range_start', body: carrier({}, {}, { range_start: 500, range_end: 10 }), status: 400, code: 'REQUEST_INVALID', field: 'tracking.range_end' },
  { name: 'tracking range_start negative', body: carrier({}, {}, { range_start: -1 }), status: 400, code: 'REQUEST_INVALID', field: 'tracking.range_start', only: true },
  { name: 'UPS shipper_number of five characters', body: carrier({}, {}, { format: 'ups', shipper_number: 'AB123' }), status: 400, code: 'REQUEST_INVALID', field: 'tracking.shipper_number', only: true },
  { name: 'USPS mailer_id with letters', body: carrier({}, {}, { format: 'usps', mailer_id: '12345A' }), status: 400, code: 'REQUEST_INVALID', field: 'tracking.mailer_id', only: true },
  { name: 'service code for a service the card lacks', body: carrier({}, {}, { format: 'ups', shipper_number: 'AB1234', service_codes: { freight: '03' } }), status: 400, code: 'REQUEST_INVALID', field: 'tracking.service_codes.freight' },
  { name: 'unknown tracking format', body: carrier({}, {}, { format: 'dhl' }), status: 400, code: 'REQUEST_INVALID', field: 'tracking.format' },
  { name: 'easypost without its easypost block', body: { name: 'Aggregator', kind: 'easypost' }, status: 400, code: 'REQUEST_INVALID', field: 'easypost', only: true },
  { name: 'easypost api_key_env in lower case', body: easypost({ api_key_env: 'ep_key' }), status: 400, code: 'REQUEST_INVALID', field: 'easypost.api_key_env', only: true },
  { name: 'easypost base_url not http(s)', body: easypost({ base_url: 'ftp://example.com/v2' }), status: 400, code: 'REQUEST_INVALID', field: 'easypost.base_url' },
  { name: 'easypost block with an extra api_key_file', body: easypost({ api_key_file: '/etc/passwd' }), status: 400, code: 'REQUEST_INVALID', field: 'easypost.api_key_file', only: true },
  { name: 'easypost api_key_env naming the OMS admin key', body: easypost({ api_key_env: 'OMS_ADMIN_KEY' }), status: 422, code: 'CARRIER_SETTINGS_INVALID', field: 'easypost.api_key_env', only: true },
  { name: 'easypost api_key_env naming a variable not allowed', body: easypost({ api_key_env: 'HOME' }), status: 422, code: 'CARRIER_SETTINGS_INVALID', field: 'easypost.api_key_env', only: true },
  { name: 'easypost webhook_secret_env naming DATABASE_URL', body: easypost({ webhook_secret_env: 'DATABASE_URL' }), status: 422, code: 'CARRIER_SETTINGS_INVALID', field: 'easypost.webhook_secret_env', only: true },
  { name: 'easypost with both api_key and api_key_env', body: easypost({ api_key: 'EZTK_own' }), status: 422, code: 'CARRIER_SETTINGS_INVALID', field: 'easypost.api_key_env', only: true },
  { name: 'easypost with neither api_key nor api_key_env', body: { name: 'Aggregator', kind: 'easypost', easypost: {} }, status: 422, code: 'CARRIER_SETTINGS_INVALID', field: 'easypost.api_key', only: true },
  { name: 'easypost api_key empty', body: { name: 'Aggregator', kind: 'easypost', easypost: { api_key: '' } }, status: 400, code: 'REQUEST_INVALID', field: 'easypost.api_key', only: true },
  { name: 'extra top-level property', body: carrier({ colour: 'red' }), status: 400, code: 'REQUEST_INVALID', field: 'colour', only: true },
  { name: 'extra property in the rate card', body: carrier({}, { surcharge: '1.00' }), status: 400, code: 'REQUEST_INVALID', field: 'rate_card.surcharge', only: true },
  { name: 'code in the path with a space', url: '/v1/carriers/ac%20me', body: carrier({}), status: 400, code: 'REQUEST_INVALID', field: 'params.code' },
  { name: 'code in the path of 65 characters', url: `/v1/carriers/${'c'.repeat(65)}`, body: carrier({}), status: 400, code: 'REQUEST_INVALID', field: 'params.code' },
  { name: 'GET of an unknown carrier', method: 'GET', url: '/v1/carriers/nope', status: 404, code: 'CARRIER_NOT_FOUND' },
  { name: 'DELETE of an unknown carrier', method: 'DELETE', url: '/v1/carriers/nope', status: 404, code: 'CARRIER_NOT_FOUND' },
]);

// ---- PUT /v1/shipping/rules ----

suite('PUT /v1/shipping/rules', { method: 'PUT', url: '/v1/shipping/rules' }, () => [
  { name: 'unknown strategy', body: { strategy: 'random' }, status: 400, code: 'REQUEST_INVALID', field: 'strategy' },
  { name: 'best_value without best_value_days', body: { strategy: 'best_value' }, status: 422, code: 'SHIPPING_RULES_INVALID', field: 'best_value_days', only: true },
  { name: 'best_value_days 0', body: { strategy: 'best_value', best_value_days: 0 }, status: 400, code: 'REQUEST_INVALID', field: 'best_value_days', only: true },
  { name: 'min_weight_grams above max_weight_grams', body: { strategy: 'cheapest', preferred: [{ carrier: 'ups', min_weight_grams: 5000, max_weight_grams: 100 }] }, status: 422, code: 'SHIPPING_RULES_INVALID' },
  { name: 'countries in lower case', body: { strategy: 'cheapest', preferred: [{ carrier: 'ups', countries: ['us'] }] }, status: 400, code: 'REQUEST_INVALID', field: 'preferred[0].countries[0]', only: true },
  { name: 'empty countries list', body: { strategy: 'cheapest', preferred: [{ carrier: 'ups', countries: [] }] }, status: 400, code: 'REQUEST_INVALID', field: 'preferred[0].countries', only: true },
  { name: 'extra key at the top', body: { strategy: 'cheapest', colour: 'red' }, status: 400, code: 'REQUEST_INVALID', field: 'colour', only: true },
  { name: 'extra key in a preferred rule', body: { strategy: 'cheapest', preferred: [{ carrier: 'ups', weight: 1 }] }, status: 400, code: 'REQUEST_INVALID', field: 'preferred[0].weight', only: true },
  { name: 'excluded without a carrier', body: { strategy: 'cheapest', excluded: [{ service: 'ground' }] }, status: 400, code: 'REQUEST_INVALID', field: 'excluded[0].carrier', only: true },
]);

// ---- POST /v1/rates ----

const parcel = { weight_grams: 1000, dimensions_mm: { length: 200, width: 200, height: 200 } };
const rates = (overrides: Record<string, unknown>) => ({ from: 'EWR', to: SPRINGFIELD, packages: [parcel], ...overrides });

suite('POST /v1/rates', { method: 'POST', url: '/v1/rates' }, () => [
  { name: 'unknown from location', body: rates({ from: 'NOWHERE' }), status: 422, code: 'LOCATION_UNKNOWN', field: 'from' },
  { name: 'from a location without an address', body: rates({ from: 'BARE' }), status: 400, code: 'REQUEST_INVALID', field: 'from', only: true },
  { name: 'to country "usa"', body: rates({ to: { ...SPRINGFIELD, country: 'usa' } }), status: 400, code: 'REQUEST_INVALID', field: 'to.country', only: true },
  { name: 'to without a city', body: rates({ to: { line1: '1 Main St', postal_code: '62701', country: 'US' } }), status: 400, code: 'REQUEST_INVALID', field: 'to.city', only: true },
  { name: 'weight 0', body: rates({ packages: [{ ...parcel, weight_grams: 0 }] }), status: 400, code: 'REQUEST_INVALID', field: 'packages[0].weight_grams', only: true },
  { name: 'weight -5', body: rates({ packages: [parcel, { ...parcel, weight_grams: -5 }] }), status: 400, code: 'REQUEST_INVALID', field: 'packages[1].weight_grams', only: true },
  { name: 'dimensions missing', body: rates({ packages: [{ weight_grams: 1000 }] }), status: 400, code: 'REQUEST_INVALID', field: 'packages[0].dimensions_mm', only: true },
  { name: 'height 0', body: rates({ packages: [{ ...parcel, dimensions_mm: { length: 200, width: 200, height: 0 } }] }), status: 400, code: 'REQUEST_INVALID', field: 'packages[0].dimensions_mm.height', only: true },
  { name: 'no packages', body: rates({ packages: [] }), status: 400, code: 'REQUEST_INVALID', field: 'packages', only: true },
  { name: '51 packages', body: rates({ packages: Array.from({ length: 51 }, () => parcel) }), status: 400, code: 'REQUEST_INVALID', field: 'packages', only: true },
  { name: 'deliver_by "next week"', body: rates({ deliver_by: 'next week' }), status: 400, code: 'REQUEST_INVALID', field: 'deliver_by', only: true },
  { name: 'deliver_by "2026-02-30"', body: rates({ deliver_by: '2026-02-30' }), status: 400, code: 'REQUEST_INVALID', field: 'deliver_by', only: true },
  { name: 'unknown service_level', body: rates({ service_level: 'ludicrous' }), status: 400, code: 'REQUEST_INVALID', field: 'service_level' },
  { name: 'extra property', body: rates({ insurance: '100.00' }), status: 400, code: 'REQUEST_INVALID', field: 'insurance', only: true },
]);

// ---- shipping a fulfillment order ----

suite('POST /v1/fulfillment-orders/{id}/ship', { method: 'POST', url: '/v1/fulfillment-orders/{packed}/ship' }, () => [
  { name: 'malformed id', url: '/v1/fulfillment-orders/12345/ship', body: {}, status: 400, code: 'REQUEST_INVALID', field: 'params.id' },
  { name: 'unknown id', url: `/v1/fulfillment-orders/${UNKNOWN_FO}/ship`, body: {}, status: 404, code: 'FULFILLMENT_ORDER_NOT_FOUND' },
  { name: 'a fulfillment order not packed', url: `/v1/fulfillment-orders/${openFo}/ship`, body: {}, status: 409, code: 'SHIPMENT_NOT_PACKED' },
  { name: 'unknown carrier', url: `/v1/fulfillment-orders/${packedFo}/ship`, body: { carrier: 'pigeon' }, status: 404, code: 'CARRIER_NOT_FOUND', field: 'carrier' },
  { name: 'deliver_by "tomorrow"', url: `/v1/fulfillment-orders/${packedFo}/ship`, body: { deliver_by: 'tomorrow' }, status: 400, code: 'REQUEST_INVALID', field: 'deliver_by', only: true },
  { name: 'unknown service_level', url: `/v1/fulfillment-orders/${packedFo}/ship`, body: { service_level: 'warp' }, status: 400, code: 'REQUEST_INVALID', field: 'service_level' },
  { name: 'extra property', url: `/v1/fulfillment-orders/${packedFo}/ship`, body: { rush: true }, status: 400, code: 'REQUEST_INVALID', field: 'rush', only: true },
  { name: 'unknown customs contents_type', url: `/v1/fulfillment-orders/${packedFo}/ship`, body: { customs: { contents_type: 'contraband' } }, status: 400, code: 'REQUEST_INVALID', field: 'customs.contents_type' },
  { name: 'customs item with an extra property', url: `/v1/fulfillment-orders/${packedFo}/ship`, body: { customs: { items: [{ sku, weight: 5 }] } }, status: 400, code: 'REQUEST_INVALID', field: 'customs.items[0].weight', only: true },
  { name: 'Idempotency-Key with a space', url: `/v1/fulfillment-orders/${packedFo}/ship`, body: {}, headers: { 'idempotency-key': 'ship me' }, status: 400, code: 'REQUEST_IDEMPOTENCY_KEY_INVALID' },
]);

suite('POST /v1/shipments', { method: 'POST', url: '/v1/shipments' }, () => [
  { name: 'fulfillment_order_id missing', body: {}, status: 400, code: 'REQUEST_INVALID', field: 'fulfillment_order_id', only: true },
  { name: 'fulfillment_order_id of the wrong shape', body: { fulfillment_order_id: 'ful_1' }, status: 400, code: 'REQUEST_INVALID', field: 'fulfillment_order_id', only: true },
  { name: 'extra property', body: { fulfillment_order_id: packedFo, weight_grams: 5 }, status: 400, code: 'REQUEST_INVALID', field: 'weight_grams', only: true },
  { name: 'a fulfillment order not packed', body: { fulfillment_order_id: openFo }, status: 409, code: 'SHIPMENT_NOT_PACKED' },
]);

// ---- tracking events and void ----

const scan = (overrides: Record<string, unknown>) => ({ status: 'in_transit', occurred_at: '2026-01-05T10:00:00Z', ...overrides });
suite('POST /v1/shipments/{id}/events', { method: 'POST', url: '/v1/shipments/{id}/events' }, () => [
  { name: 'unknown status', url: `/v1/shipments/${inTransit}/events`, body: scan({ status: 'lost' }), status: 400, code: 'REQUEST_INVALID', field: 'status' },
  { name: 'status voided (only a void voids)', url: `/v1/shipments/${inTransit}/events`, body: scan({ status: 'voided' }), status: 400, code: 'REQUEST_INVALID', field: 'status' },
  { name: 'occurred_at not a date-time', url: `/v1/shipments/${inTransit}/events`, body: scan({ occurred_at: '2026-01-05' }), status: 400, code: 'REQUEST_INVALID', field: 'occurred_at', only: true },
  { name: 'occurred_at missing', url: `/v1/shipments/${inTransit}/events`, body: { status: 'delivered' }, status: 400, code: 'REQUEST_INVALID', field: 'occurred_at', only: true },
  { name: 'description of 501 characters', url: `/v1/shipments/${inTransit}/events`, body: scan({ description: 'd'.repeat(501) }), status: 400, code: 'REQUEST_INVALID', field: 'description', only: true },
  { name: 'unknown shipment', url: `/v1/shipments/${UNKNOWN_SHIPMENT}/events`, body: scan({}), status: 404, code: 'SHIPMENT_NOT_FOUND' },
  { name: 'shipment id of the wrong shape', url: '/v1/shipments/shp_1/events', body: scan({}), status: 400, code: 'REQUEST_INVALID', field: 'params.id' },
]);

suite('POST /v1/shipments/{id}/void', { method: 'POST', url: '/v1/shipments/{id}/void' }, () => [
  { name: 'an in-transit shipment', url: `/v1/shipments/${inTransit}/void`, body: {}, status: 409, code: 'SHIPMENT_NOT_VOIDABLE' },
  { name: 'unknown shipment', url: `/v1/shipments/${UNKNOWN_SHIPMENT}/void`, body: {}, status: 404, code: 'SHIPMENT_NOT_FOUND' },
  { name: 'empty reason', url: `/v1/shipments/${labelled}/void`, body: { reason: '' }, status: 400, code: 'REQUEST_INVALID', field: 'reason', only: true },
]);

// ---- documents, promise ----

const today = new Date().toISOString().slice(0, 10);
const manifestCases = (path: string): BadRequestCase[] => [
  { name: `${path}: carrier missing`, url: `${path}?location=EWR&date=${today}`, status: 400, code: 'REQUEST_INVALID', field: 'query.carrier', only: true },
  { name: `${path}: date "today"`, url: `${path}?carrier=ups&location=EWR&date=today`, status: 400, code: 'REQUEST_INVALID', field: 'query.date', only: true },
  { name: `${path}: unknown location`, url: `${path}?carrier=ups&location=NOWHERE&date=${today}`, status: 422, code: 'LOCATION_UNKNOWN', field: 'query.location' },
  { name: `${path}: unknown carrier`, url: `${path}?carrier=pigeon&location=EWR&date=${today}`, status: 404, code: 'CARRIER_NOT_FOUND', field: 'query.carrier' },
];
suite('GET /v1/manifests', { method: 'GET', url: '/v1/manifests' }, () => [
  ...manifestCases('/v1/manifests'),
  ...manifestCases('/v1/manifests.pdf'),
  ...manifestCases('/v1/manifests.csv'),
  { name: 'unknown query parameter', url: `/v1/manifests?carrier=ups&location=EWR&date=${today}&driver=x`, status: 400, code: 'REQUEST_INVALID', field: 'query.driver' },
]);

suite('GET /v1/promise', { method: 'GET', url: '/v1/promise' }, () => [
  { name: 'postal_code missing', url: `/v1/promise?sku=${sku}`, status: 400, code: 'REQUEST_INVALID', field: 'query.postal_code', only: true },
  { name: 'quantity 0', url: `/v1/promise?sku=${sku}&postal_code=62701&quantity=0`, status: 400, code: 'REQUEST_INVALID', field: 'query.quantity', only: true },
  { name: 'country "USA"', url: `/v1/promise?sku=${sku}&postal_code=62701&country=USA`, status: 400, code: 'REQUEST_INVALID', field: 'query.country', only: true },
  { name: 'unknown service_level', url: `/v1/promise?sku=${sku}&postal_code=62701&service_level=warp`, status: 400, code: 'REQUEST_INVALID', field: 'query.service_level' },
]);

suite('GET /v1/shipments/{id}/label', { method: 'GET', url: '/v1/shipments/{id}/label.pdf' }, () => [
  { name: 'parcel=9 of a one-parcel shipment (PDF)', url: `/v1/shipments/${inTransit}/label.pdf?parcel=9`, status: 400, code: 'REQUEST_INVALID', field: 'query.parcel', only: true },
  { name: 'parcel=9 of a one-parcel shipment (ZPL)', url: `/v1/shipments/${inTransit}/label.zpl?parcel=9`, status: 400, code: 'REQUEST_INVALID', field: 'query.parcel', only: true },
  { name: 'parcel=0', url: `/v1/shipments/${inTransit}/label.pdf?parcel=0`, status: 400, code: 'REQUEST_INVALID', field: 'query.parcel', only: true },
  { name: 'unknown shipment', url: `/v1/shipments/${UNKNOWN_SHIPMENT}/label.pdf`, status: 404, code: 'SHIPMENT_NOT_FOUND' },
]);

suite('GET /v1/shipments/{id}/customs.pdf', { method: 'GET', url: '/v1/shipments/{id}/customs.pdf' }, () => [
  { name: 'unknown shipment', url: `/v1/shipments/${UNKNOWN_SHIPMENT}/customs.pdf`, status: 404, code: 'SHIPMENT_NOT_FOUND' },
  { name: 'a domestic shipment has no customs paper', url: `/v1/shipments/${inTransit}/customs.pdf`, status: 404, code: 'SHIPMENT_NO_CUSTOMS_DOCUMENT' },
]);

// ---- the aggregator's webhook ----

const trackerEvent = JSON.stringify({ object: 'Event', id: 'evt_1', description: 'tracker.updated', result: { object: 'Tracker', id: 'trk_1', tracking_code: '9400100000000000000000', status: 'in_transit', tracking_details: [] } });
const hook = (body: string, signature: string | undefined): Pick<BadRequestCase, 'url' | 'body' | 'headers' | 'raw'> => ({
  url: webhookPath,
  body,
  raw: true,
  headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-hmac-signature': signature }) },
});
suite('POST /v1/carriers/{id}/webhooks/tracking', { method: 'POST', url: '/v1/carriers/{id}/webhooks/tracking' }, () => [
  { name: 'no signature', ...hook(trackerEvent, undefined), status: 401, code: 'CARRIER_SIGNATURE_INVALID' },
  { name: 'wrong signature', ...hook(trackerEvent, easyPostSignature(trackerEvent, 'not the secret')), status: 401, code: 'CARRIER_SIGNATURE_INVALID' },
  { name: 'signature of another body', ...hook(trackerEvent, easyPostSignature(`${trackerEvent} `, EP_HOOK)), status: 401, code: 'CARRIER_SIGNATURE_INVALID' },
  { name: 'unknown carrier id', ...hook(trackerEvent, easyPostSignature(trackerEvent, EP_HOOK)), url: `/v1/carriers/car_${'0'.repeat(26)}/webhooks/tracking`, status: 401, code: 'CARRIER_SIGNATURE_INVALID' },
  { name: 'carrier id of the wrong shape', ...hook(trackerEvent, easyPostSignature(trackerEvent, EP_HOOK)), url: '/v1/carriers/ep/webhooks/tracking', status: 400, code: 'REQUEST_INVALID', field: 'params.id' },
  { name: 'malformed JSON with a valid signature', ...hook('{"object":"Event",', easyPostSignature('{"object":"Event",', EP_HOOK)), status: 400, code: 'REQUEST_MALFORMED_JSON' },
  { name: 'valid JSON of the wrong shape with a valid signature', ...hook('{"object":"Nonsense"}', easyPostSignature('{"object":"Nonsense"}', EP_HOOK)), status: 400, code: 'REQUEST_INVALID' },
]);

// ---- found while writing this file: bad input answered 500 or accepted ----

suite('year 0000 (PostgreSQL has no year zero)', { method: 'GET', url: '/v1/manifests' }, () => [
  { name: 'manifest date=0000-01-01 is refused, not a 500', url: '/v1/manifests?carrier=ups&location=EWR&date=0000-01-01', status: 400, code: 'REQUEST_INVALID', field: 'query.date' },
  { name: 'manifest CSV date=0000-01-01 is refused, not a 500', url: '/v1/manifests.csv?carrier=ups&location=EWR&date=0000-01-01', status: 400, code: 'REQUEST_INVALID', field: 'query.date' },
  { name: 'a scan at 0000-01-01T00:00:00Z is refused, not a 500', method: 'POST', url: `/v1/shipments/${inTransit}/events`, body: scan({ occurred_at: '0000-01-01T00:00:00Z' }), status: 400, code: 'REQUEST_INVALID', field: 'occurred_at' },
]);

describe('POST /v1/rates: to.country is checked against ISO 3166-1, as AddressSchema promises', () => {
  test('to.country "XX" is a 4xx problem naming to.country, not 200 with no rates', async () => {
    const res = await t.call('POST', '/v1/rates', rates({ to: { ...SPRINGFIELD, country: 'XX' } }));
    assert.ok(res.statusCode === 400 || res.statusCode === 422, `${res.statusCode} ${res.body.slice(0, 300)}`);
    assert.ok(isProblem(res), res.body.slice(0, 300));
    assert.ok((res.json() as { errors?: { field: string }[] }).errors?.some((e) => e.field === 'to.country'), res.body.slice(0, 300));
  });
});

describe('refusals leave the shipping state exactly as it was', () => {
  test('the packed fulfillment order is still packed, the unpacked one as it was, the scanned shipment in transit', async () => {
    assert.equal((await t.call('GET', `/v1/fulfillment-orders/${packedFo}`)).json().status, 'packed');
    assert.equal((await t.call('GET', `/v1/fulfillment-orders/${openFo}`)).json().status, openStatus);
    const shipment = (await t.call('GET', `/v1/shipments/${inTransit}`)).json() as { status: string; events: unknown[] };
    assert.equal(shipment.status, 'in_transit');
    const listed = (await t.call('GET', `/v1/shipments?fulfillment_order_id=${packedFo}`)).json().data as unknown[];
    assert.deepEqual(listed, [], 'no label was bought for the packed fulfillment order');
  });
});

// ---- fuzz ----

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function paths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([...prefix, i], ...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...paths(v, [...prefix, k]));
  return out;
}

const JUNK: Json = { a: [1, { b: null, c: ['x', { d: {} }] }], constructor: { prototype: { polluted: true } } };

/** One mutation of a deep copy of `body`: drop a key, wrong type, huge string, negative, null, nested junk, extra key. */
function mutate(body: Json, rand: () => number): { body: Json; what: string } {
  const copy = structuredClone(body) as Json;
  const all = paths(copy);
  const path = all[between(rand, 0, all.length - 1)] ?? [];
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string | number, Json>)[key] as Json, copy) as Record<string | number, Json>;
  const key = path[path.length - 1] as string | number;
  const old = parent[key];
  const kind = between(rand, 0, 6);
  const what = ['drop', 'wrong type', 'huge string', 'negative', 'null', 'junk', 'extra key'][kind] ?? '';
  switch (kind) {
    case 0:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    case 1:
      parent[key] = typeof old === 'string' ? between(rand, -3, 3) : typeof old === 'number' ? String(old) : typeof old === 'boolean' ? 'yes' : Array.isArray(old) ? { 0: old[0] ?? null } : 'text';
      break;
    case 2:
      parent[key] = 'Ω'.repeat(between(rand, 1, 3) * 40_000);
      break;
    case 3:
      parent[key] = [-1, -1e9, -0.5, Number.MIN_SAFE_INTEGER][between(rand, 0, 3)] ?? -1;
      break;
    case 4:
      parent[key] = null;
      break;
    case 5:
      parent[key] = JUNK;
      break;
    default:
      if (Array.isArray(parent)) parent.push(JUNK);
      else parent[`x_${between(rand, 0, 999)}`] = 1;
  }
  return { body: copy, what: `${what} at ${path.join('.')}` };
}

describe('fuzz: seeded mutations of valid bodies never answer 5xx', () => {
  const ROUNDS = 50;
  const targets: { name: string; method: 'POST' | 'PUT'; url: () => string; valid: () => Json }[] = [
    { name: 'POST /v1/rates', method: 'POST', url: () => '/v1/rates', valid: () => rates({}) as Json },
    { name: 'PUT /v1/carriers/{code}', method: 'PUT', url: () => '/v1/carriers/fuzz', valid: () => carrier({}) as Json },
    { name: 'PUT /v1/shipping/rules', method: 'PUT', url: () => '/v1/shipping/rules', valid: () => ({ strategy: 'best_value', best_value_days: 3, preferred: [{ carrier: 'ups', service: 'ground', countries: ['US'], channels: ['web'], min_weight_grams: 0, max_weight_grams: 5000 }], excluded: [{ carrier: 'usps', service: 'priority_mail' }] }) },
    { name: 'POST /v1/shipments/{id}/events', method: 'POST', url: () => `/v1/shipments/${labelled}/events`, valid: () => ({ status: 'in_transit', occurred_at: '2026-01-05T10:00:00Z', location: 'Newark, NJ', description: 'Departed facility' }) },
  ];
  for (const [n, target] of targets.entries()) {
    test(`${target.name}: the valid body is accepted, ${ROUNDS} mutations are 2xx or 4xx problem+json`, async () => {
      const valid = await t.call(target.method, target.url(), target.valid());
      assert.ok(valid.statusCode >= 200 && valid.statusCode < 300, `the unmutated body: ${valid.statusCode} ${valid.body.slice(0, 400)}`);
      const rand = seededRandom(4_000 + n);
      const seen = new Set<number>();
      for (let i = 0; i < ROUNDS; i++) {
        const { body, what } = mutate(target.valid(), rand);
        const res = await t.call(target.method, target.url(), body);
        const context = `round ${i} (${what}): ${res.statusCode} ${res.body.slice(0, 400)}`;
        assert.ok(res.statusCode < 500, context);
        if (res.statusCode >= 400) assert.ok(isProblem(res), `not problem+json: ${context}`);
        seen.add(res.statusCode);
      }
      assert.ok([...seen].some((s) => s >= 400), `no mutation was refused: ${[...seen].join(',')}`);
    });
  }
});
