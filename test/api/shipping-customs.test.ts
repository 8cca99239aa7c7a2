import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { inspectPdf } from '../support/barcodes.js';
import { startEasyPostServer, type EasyPostServer } from '../support/easypost-server.js';
import { adjust, createLocation, createProduct, orderBody, type OrderJson } from '../support/factories.js';

/**
 * Shipments abroad (issue #11, item 17): products carry HS code and origin; a parcel leaving its
 * customs territory carries a declaration built from the order lines and products — printed as a
 * CN 22 / CN 23 (postal rate card) or commercial invoice (courier rate card), or sent to the
 * aggregator as EasyPost's CustomsInfo. A domestic parcel gets none.
 */
const EP_KEY = 'EZTK_customs_key';
const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
const TORONTO = { name: 'Jean Tremblay', line1: '100 Queen St W', line2: null, city: 'Toronto', region: 'ON', postal_code: 'M5H 2N2', country: 'CA' };
const LONDON = { name: 'Ada King', line1: '10 Downing St', line2: null, city: 'London', region: null, postal_code: 'SW1A 2AA', country: 'GB' };
const SPRINGFIELD = { name: 'Abe L.', line1: '1 Main St', line2: null, city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' };

/** A card for the Newark origin: one domestic zone, price groups abroad. */
function card(currency = 'USD') {
  return {
    currency,
    weight_unit: 'lb',
    dim_divisor: 166,
    fuel_surcharge_percent: '0',
    residential_surcharge: '0.00',
    services: [{ code: 'intl', name: 'International Parcel', service_level: 'standard' }],
    rates_csv: 'service,zone,max_weight,price\nintl,2,70,9.00\nintl,G1,70,31.50\nintl,G2,70,48.00',
    zones_csv: 'origin_zip3_from,origin_zip3_to,dest_zip3_from,dest_zip3_to,zone\n005,999,005,999,2',
    transit_csv: 'service,zone,days\nintl,2,3\nintl,G1,6\nintl,G2,8',
    country_zones_csv: 'country,zone\nCA,G1\nGB,G2',
  };
}

let t: TestApp;
let ep: EasyPostServer;
let seq = 0;

before(async () => {
  ep = await startEasyPostServer({ apiKey: EP_KEY });
  t = await buildTestApp({ secrets: { EP_KEY } });
  const box = await t.call('PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' });
  assert.equal(box.statusCode, 201, box.body);
  const post = await t.call('PUT', '/v1/carriers/post', { name: 'Post', kind: 'rate_card', rate_card: card(), tracking: { format: 'usps', mailer_id: '123456', range_start: 1, range_end: 100_000 } });
  assert.equal(post.statusCode, 201, post.body);
  const courier = await t.call('PUT', '/v1/carriers/courier', { name: 'Courier', kind: 'rate_card', rate_card: card(), tracking: { format: 'ups', shipper_number: 'AB1234', range_start: 1, range_end: 100_000 } });
  assert.equal(courier.statusCode, 201, courier.body);
  const aggregator = await t.call('PUT', '/v1/carriers/easypost', { name: 'EasyPost', kind: 'easypost', easypost: { base_url: ep.url, api_key_env: 'EP_KEY' } });
  assert.equal(aggregator.statusCode, 201, aggregator.body);
  await createLocation(t, 'EWR', { address: NEWARK, cutoff_time: '23:59' });
});
after(async () => {
  await t.close();
  await ep.close();
});

interface CustomsJson {
  contents_type: string;
  non_delivery_option: string;
  signer: string;
  currency: string;
  total_value: string;
  eel_pfc: string | null;
  itn: string | null;
  document: string | null;
  document_url: string | null;
  items: { sku: string; description: string; quantity: number; value: string; weight_grams: number; hs_code: string | null; country_of_origin: string }[];
}
interface ShipmentJson {
  id: string;
  carrier: string;
  tracking_number: string;
  customs: CustomsJson | null;
}

/** A product with customs data (unless told otherwise), in stock at Newark. */
async function product(overrides: Record<string, unknown> = {}): Promise<string> {
  const sku = `CUS-${++seq}`;
  const res = await createProduct(t, sku, { dimensions_mm: { length: 200, width: 150, height: 100 }, weight_grams: 450, hs_code: '6109.10.0012', country_of_origin: 'PT', customs_description: 'Cotton T-shirt', ...overrides });
  assert.equal(res.sku, sku);
  await adjust(t, sku, 'EWR', 50);
  return sku;
}

/** A packed fulfillment order of `quantity` units at `unitPrice` to `to`. */
async function packed(sku: string, to: Record<string, unknown>, quantity = 1, unitPrice = '25.00'): Promise<{ foId: string; order: OrderJson }> {
  const placed = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity, unit_price: unitPrice }], { shipping_address: to }));
  assert.equal(placed.statusCode, 201, placed.body);
  const order = placed.json() as OrderJson;
  const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[];
  assert.ok(fo, 'the order has a fulfillment order');
  const pack = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
  assert.equal(pack.statusCode, 200, pack.body);
  return { foId: fo.id, order };
}

async function ship(foId: string, body: Record<string, unknown>): Promise<ShipmentJson> {
  const res = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as ShipmentJson;
}

async function customsPdfText(shipment: ShipmentJson): Promise<string> {
  assert.ok(shipment.customs?.document_url, 'the shipment links its customs paper');
  const res = await t.call('GET', shipment.customs.document_url);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  return inspectPdf(res.rawPayload).pageTexts.join('\n').replace(/\s+/g, ' ');
}

describe('products carry customs data', () => {
  test('HS code (dots dropped), origin and customs description are written and read back; null clears them', async () => {
    const put = await t.call('PUT', '/v1/products/CUS-P1', { name: 'Mug', price: '8.00', currency: 'USD', hs_code: '6912.00', country_of_origin: 'CN', customs_description: 'Ceramic mug' });
    assert.equal(put.statusCode, 201, put.body);
    assert.deepEqual([put.json().hs_code, put.json().country_of_origin, put.json().customs_description], ['691200', 'CN', 'Ceramic mug']);
    const got = (await t.call('GET', '/v1/products/CUS-P1')).json();
    assert.deepEqual([got.hs_code, got.country_of_origin, got.customs_description], ['691200', 'CN', 'Ceramic mug']);
    const cleared = await t.call('PUT', '/v1/products/CUS-P1', { name: 'Mug', price: '8.00', currency: 'USD', hs_code: null });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.deepEqual([cleared.json().hs_code, cleared.json().country_of_origin], [null, null]);
  });

  test('a malformed HS code or unknown country is refused naming the field, and nothing is written', async () => {
    const res = await t.call('PUT', '/v1/products/CUS-P2', { name: 'Mug', price: '8.00', currency: 'USD', hs_code: '69-12', country_of_origin: 'XX' });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().code, 'PRODUCT_CUSTOMS_INVALID');
    assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field), ['hs_code', 'country_of_origin']);
    assert.equal((await t.call('GET', '/v1/products/CUS-P2')).statusCode, 404);
  });
});

describe('a rate-card carrier abroad', () => {
  test('a postal service to Canada: a CN 22 built from the order lines and products, stored, downloadable, shown and recorded', async () => {
    const sku = await product();
    const { foId } = await packed(sku, TORONTO, 2, '25.00');
    const shipment = await ship(foId, { carrier: 'post' });
    assert.ok(shipment.customs, 'a shipment abroad carries a declaration');
    assert.deepEqual(
      { ...shipment.customs, items: undefined },
      { contents_type: 'merchandise', contents_explanation: null, non_delivery_option: 'return', restriction_type: 'none', restriction_comments: null, signer: 'East DC', currency: 'USD', total_value: '50.00', eel_pfc: 'NOEEI 30.36', itn: null, document: 'cn22', document_url: `/v1/shipments/${shipment.id}/customs.pdf`, items: undefined },
    );
    assert.deepEqual(shipment.customs.items, [{ sku, description: 'Cotton T-shirt', quantity: 2, value: '50.00', weight_grams: 900, hs_code: '6109100012', country_of_origin: 'PT' }]);

    const text = await customsPdfText(shipment);
    for (const expected of ['CN 22', 'Designated operator: Post', `Item no. ${shipment.tracking_number}`, '2 × Cotton T-shirt', 'HS 6109100012 · Origin PT', '0.900', '50.00', 'EEL/PFC: NOEEI 30.36', 'East DC']) {
      assert.ok(text.includes(expected), `the CN 22 lacks "${expected}": ${text}`);
    }
    // The paper is the one printed at purchase: the same bytes every time.
    const again = await t.call('GET', `/v1/shipments/${shipment.id}/customs.pdf`);
    const first = await t.call('GET', `/v1/shipments/${shipment.id}/customs.pdf`);
    assert.deepEqual(again.rawPayload, first.rawPayload);

    const [event] = await queryRows<{ data: { customs: { document: string; total_value_minor: number; items: { sku: string; hs_code: string; country_of_origin: string; value_minor: number }[] } } }>(
      t.database.db,
      sql`select data from events where type = 'shipment.created' and aggregate_id = ${shipment.id}`,
    );
    assert.equal(event?.data.customs.document, 'cn22');
    assert.equal(event?.data.customs.total_value_minor, 5000);
    assert.deepEqual(event?.data.customs.items.map((i) => [i.sku, i.hs_code, i.country_of_origin, i.value_minor]), [[sku, '6109100012', 'PT', 5000]]);
    assert.deepEqual((await t.call('GET', `/v1/shipments/${shipment.id}`)).json().customs, shipment.customs, 'GET shows the same declaration');
  });

  test('a postal parcel worth more than 300 SDR gets a CN 23 with sender and addressee', async () => {
    const sku = await product();
    const { foId } = await packed(sku, TORONTO, 2, '250.00');
    const shipment = await ship(foId, { carrier: 'post' });
    assert.equal(shipment.customs?.document, 'cn23');
    const text = await customsPdfText(shipment);
    for (const expected of ['CN 23', 'From (sender)', 'EAST DC', 'To (addressee)', 'JEAN TREMBLAY', 'TORONTO, ON M5H 2N2', 'CANADA', 'Total value: 500.00 USD']) {
      assert.ok(text.includes(expected), `the CN 23 lacks "${expected}": ${text}`);
    }
  });

  test('a courier to the UK gets a commercial invoice; the ship request overrides contents, signer and a line’s value', async () => {
    const sku = await product();
    const { foId } = await packed(sku, LONDON, 3, '20.00');
    const shipment = await ship(foId, { carrier: 'courier', customs: { contents_type: 'gift', signer: 'Grace Hopper', non_delivery_option: 'abandon', items: [{ sku, unit_value: '12.50', description: 'Gift T-shirt' }] } });
    assert.equal(shipment.customs?.document, 'commercial_invoice');
    assert.deepEqual([shipment.customs.contents_type, shipment.customs.signer, shipment.customs.non_delivery_option, shipment.customs.eel_pfc], ['gift', 'Grace Hopper', 'abandon', 'NOEEI 30.37(a)']);
    assert.deepEqual(shipment.customs.items.map((i) => [i.description, i.quantity, i.value]), [['Gift T-shirt', 3, '37.50']]);
    const text = await customsPdfText(shipment);
    for (const expected of ['COMMERCIAL INVOICE', 'Country of destination: United Kingdom', 'Reason for export: Gift', 'Gift T-shirt', '6109100012', '12.50', '37.50', 'EEL/PFC: NOEEI 30.37(a)', 'Signature: Grace Hopper', `Tracking ${shipment.tracking_number}`]) {
      assert.ok(text.includes(expected), `the invoice lacks "${expected}": ${text}`);
    }
  });

  test('a domestic shipment carries no declaration and has no customs paper', async () => {
    const sku = await product();
    const { foId } = await packed(sku, SPRINGFIELD);
    const shipment = await ship(foId, { carrier: 'post' });
    assert.equal(shipment.customs, null);
    const paper = await t.call('GET', `/v1/shipments/${shipment.id}/customs.pdf`);
    assert.equal(paper.statusCode, 404, paper.body);
    assert.equal(paper.json().code, 'SHIPMENT_NO_CUSTOMS_DOCUMENT');
  });

  test('a product without HS code and origin is refused naming the SKU before anything is bought; the request can supply them', async () => {
    const sku = await product({ hs_code: null, country_of_origin: null });
    const { foId } = await packed(sku, TORONTO);
    const serial = async () => (await t.call('GET', '/v1/carriers/post')).json().tracking.next_serial as number;
    const before = await serial();
    const refused = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, { carrier: 'post' });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().code, 'SHIPMENT_CUSTOMS_INCOMPLETE');
    assert.deepEqual(refused.json().errors.map((e: { field: string }) => e.field), [`products[${sku}].hs_code`, `products[${sku}].country_of_origin`]);
    assert.match(refused.json().errors[0].message, new RegExp(`SKU ${sku}`));
    assert.equal(await serial(), before, 'no tracking number was taken');
    assert.equal((await t.call('GET', `/v1/fulfillment-orders/${foId}`)).json().status, 'packed');
    assert.deepEqual((await t.call('GET', `/v1/shipments?fulfillment_order_id=${foId}`)).json().data, []);

    const shipment = await ship(foId, { carrier: 'post', customs: { items: [{ sku, hs_code: '610910', country_of_origin: 'VN' }] } });
    assert.deepEqual(shipment.customs?.items.map((i) => [i.hs_code, i.country_of_origin]), [['610910', 'VN']]);
  });

  test('a US export above USD 2,500 on one Schedule B line needs the ITN of its AES filing', async () => {
    const sku = await product();
    const { foId } = await packed(sku, LONDON, 2, '1500.00');
    const refused = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, { carrier: 'courier' });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.deepEqual(refused.json().errors.map((e: { field: string }) => e.field), ['customs.itn']);
    const shipment = await ship(foId, { carrier: 'courier', customs: { itn: 'X20261127123456' } });
    assert.deepEqual([shipment.customs?.eel_pfc, shipment.customs?.itn], ['AES X20261127123456', 'X20261127123456']);
    assert.ok((await customsPdfText(shipment)).includes('EEL/PFC: AES X20261127123456'), 'the customs PDF states the EEL/PFC with the ITN');
  });
});

describe('an EasyPost-format aggregator abroad', () => {
  test('the shipment is created with EasyPost’s CustomsInfo (certified, items in ounces with HS code and origin), and bought', async () => {
    const sku = await product();
    const { foId } = await packed(sku, TORONTO, 2, '25.00');
    const from = ep.requests.length;
    const shipment = await ship(foId, { carrier: 'easypost' });
    const created = ep.requests.slice(from).find((r) => r.method === 'POST' && r.path === '/v2/shipments');
    const info = (created?.body as { shipment: { customs_info?: Record<string, unknown> } } | undefined)?.shipment.customs_info;
    assert.deepEqual(info, {
      contents_type: 'merchandise',
      contents_explanation: null,
      customs_certify: true,
      customs_signer: 'East DC',
      non_delivery_option: 'return',
      restriction_type: 'none',
      restriction_comments: null,
      eel_pfc: 'NOEEI 30.36',
      customs_items: [{ description: 'Cotton T-shirt', quantity: 2, value: 50, weight: 31.8, hs_tariff_number: '6109100012', origin_country: 'PT', code: sku, currency: 'USD' }],
    });
    assert.ok(ep.requests.slice(from).some((r) => /\/v2\/shipments\/[^/]+\/buy$/.test(r.path)), 'the label was bought');
    // The aggregator prints the carrier's forms itself: the declaration is recorded, no paper of ours.
    assert.equal(shipment.customs?.document, null);
    assert.equal(shipment.customs.document_url, null);
    const paper = await t.call('GET', `/v1/shipments/${shipment.id}/customs.pdf`);
    assert.equal(paper.json().code, 'SHIPMENT_NO_CUSTOMS_DOCUMENT');
  });

  test('a domestic shipment is created without customs_info', async () => {
    const sku = await product();
    const { foId } = await packed(sku, SPRINGFIELD);
    const from = ep.requests.length;
    const shipment = await ship(foId, { carrier: 'easypost' });
    assert.equal(shipment.customs, null);
    const created = ep.requests.slice(from).find((r) => r.method === 'POST' && r.path === '/v2/shipments');
    assert.ok(created, 'a shipment was created');
    assert.equal((created.body as { shipment: Record<string, unknown> }).shipment.customs_info, undefined);
  });
});
