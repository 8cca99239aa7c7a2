import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SHOPIFY_ORDER } from '../../src/modules/channels/domain/fixtures/shopify-order.js';
import { AMAZON_ORDER, AMAZON_ORDER_ITEMS_RESPONSE } from '../../src/modules/channels/domain/fixtures/amazon-order.js';
import { EBAY_ORDER } from '../../src/modules/channels/domain/fixtures/ebay-order.js';
import { sql } from 'drizzle-orm';
import { markInterruptedImports } from '../../src/modules/channels/index.js';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createChannel, createLocation, createProduct } from '../support/factories.js';
import { interchange } from '../support/x12.js';

// Shopify admin's orders export (Orders → Export → CSV): one row per line item, the order's own
// fields on its first row only; "Created at" with a numeric offset; zips as text ('02118).
const SHOPIFY_HEADER = [
  'Name', 'Email', 'Financial Status', 'Paid at', 'Fulfillment Status', 'Fulfilled at', 'Accepts Marketing', 'Currency', 'Subtotal', 'Shipping', 'Taxes', 'Total',
  'Discount Code', 'Discount Amount', 'Shipping Method', 'Created at', 'Lineitem quantity', 'Lineitem name', 'Lineitem price', 'Lineitem compare at price', 'Lineitem sku',
  'Lineitem requires shipping', 'Lineitem taxable', 'Lineitem fulfillment status', 'Billing Name', 'Billing Street', 'Billing Address1', 'Billing Address2', 'Billing Company',
  'Billing City', 'Billing Zip', 'Billing Province', 'Billing Country', 'Billing Phone', 'Shipping Name', 'Shipping Street', 'Shipping Address1', 'Shipping Address2',
  'Shipping Company', 'Shipping City', 'Shipping Zip', 'Shipping Province', 'Shipping Country', 'Shipping Phone', 'Notes', 'Note Attributes', 'Cancelled at', 'Payment Method',
  'Payment Reference', 'Refunded Amount', 'Vendor', 'Outstanding Balance', 'Employee', 'Location', 'Device ID', 'Id', 'Tags', 'Risk Level', 'Source', 'Lineitem discount',
];

function csvLine(values: string[]): string {
  return values.map((v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',');
}

/** A Shopify export row: order fields only when `first`, like Shopify writes them. */
function exportRow(name: string, sku: string, quantity: string, price: string, first: boolean, extra: Record<string, string> = {}): string {
  const order: Record<string, string> = first
    ? {
        Email: 'grace@example.com', 'Financial Status': 'paid', Currency: 'USD', Subtotal: '0.00', Shipping: '4.90', Total: '0.00', 'Shipping Method': 'Express Shipping',
        'Created at': '2026-03-05 14:22:10 -0500', 'Billing Name': 'Grace Hopper', 'Shipping Name': 'Grace Hopper', 'Shipping Street': '1 Harbor St', 'Shipping Address1': '1 Harbor St',
        'Shipping City': 'Boston', 'Shipping Zip': "'02118", 'Shipping Province': 'MA', 'Shipping Country': 'US', Notes: 'leave at door', Tags: 'wholesale, vip', Id: '5550009990001',
      }
    : {};
  const values: Record<string, string> = { ...order, Name: name, 'Lineitem quantity': quantity, 'Lineitem name': `Item ${sku}`, 'Lineitem price': price, 'Lineitem sku': sku, ...extra };
  return csvLine(SHOPIFY_HEADER.map((h) => values[h] ?? ''));
}

let t: TestApp;

function importFile(channel: string, query: string, body: string, contentType = 'text/csv') {
  return t.call('POST', `/v1/channels/${channel}/imports?${query}`, body, { headers: { 'content-type': contentType } });
}

async function orderOf(externalId: string, channel: string) {
  const res = await t.call('GET', `/v1/orders?channel=${channel}&limit=500`);
  const found = (res.json().data as { id: string; external_id: string | null }[]).find((o) => o.external_id === externalId);
  return found ? (await t.call('GET', `/v1/orders/${found.id}`)).json() : undefined;
}

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'IMP-WH');
  for (const sku of ['IMP-A', 'IMP-B', 'AW-1001', 'AW-1002']) {
    await createProduct(t, sku);
    await adjust(t, sku, 'IMP-WH', 100);
  }
});

/** A channel of the test's own: the orders and import jobs it lists are the test's alone. */
const newChannel = async (type: string, overrides: Record<string, unknown> = {}) => (await createChannel(t, type, overrides)).id;
after(() => t.close());

describe('CSV import', () => {
  const file = [
    csvLine(SHOPIFY_HEADER),
    exportRow('#1001', 'IMP-A', '2', '12.50', true),
    exportRow('#1001', 'IMP-B', '1', '3.00', false),
    exportRow('#1002', 'IMP-A', '1', '12.50', true),
    exportRow('#1003', 'NO-SUCH-SKU', '1', '1.00', true),
    exportRow('#1004', 'IMP-A', 'two', '1.00', true),
    exportRow('#1001', 'IMP-A', '1', '12.50', true),
  ].join('\r\n');

  test('a Shopify orders export imports as is: one order per row group, rejections name row and column', async () => {
    const csvChannel = await newChannel('csv');
    const res = await importFile(csvChannel, 'format=csv', file);
    assert.equal(res.statusCode, 201, res.body);
    const job = res.json();
    assert.equal(job.status, 'completed');
    assert.deepEqual(job.counts, { total: 5, imported: 2, duplicates: 0, rejected: 3 });
    const byRow = new Map((job.rejected as { row: number; column: string; reason: string; external_id: string }[]).map((r) => [r.row, r]));
    assert.deepEqual([byRow.get(5)?.column, byRow.get(5)?.external_id], ['Lineitem sku', '#1003']);
    assert.match(byRow.get(5)?.reason ?? '', /PRODUCT_UNKNOWN_SKU/);
    assert.equal(byRow.get(6)?.column, 'Lineitem quantity');
    assert.match(byRow.get(7)?.reason ?? '', /#1001 appears again .*row 2/);

    const order = await orderOf('#1001', csvChannel);
    assert.ok(order, 'order #1001 captured');
    assert.deepEqual(order.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity]), [['IMP-A', 2], ['IMP-B', 1]]);
    assert.equal(order.totals.subtotal, '28.00');
    assert.equal(order.totals.shipping, '4.90');
    assert.equal(order.placed_at, '2026-03-05T19:22:10.000Z');
    assert.equal(order.shipping_address.postal_code, '02118');
    assert.equal(order.shipping_address.country, 'US');
    assert.deepEqual(order.tags, ['wholesale', 'vip']);
    assert.equal(order.customer.email, 'grace@example.com');
    assert.equal(await orderOf('#1003', csvChannel), undefined);
  });

  test('importing the same file again counts duplicates and changes nothing; the job can be read back', async () => {
    const csvChannel = await newChannel('csv');
    const first = await importFile(csvChannel, 'format=csv', file);
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual(first.json().counts, { total: 5, imported: 2, duplicates: 0, rejected: 3 });
    const jobId = first.json().id as string;
    const res = await importFile(csvChannel, 'format=csv', file);
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().counts, { total: 5, imported: 0, duplicates: 2, rejected: 3 });
    const one = await t.call('GET', `/v1/imports/${jobId}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().counts.imported, 2);
    const list = await t.call('GET', `/v1/channels/${csvChannel}/imports?limit=1`);
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.json().data.length, 1);
    assert.notEqual(list.json().data[0].id, jobId, 'newest first');
    const next = await t.call('GET', `/v1/channels/${csvChannel}/imports?limit=1&cursor=${list.json().next_cursor}`);
    assert.equal(next.json().data[0].id, jobId, 'the first import on the second page');
  });

  test('an import whose process died is marked interrupted after 10 minutes without progress; a live one is not', async () => {
    const csvChannel = await newChannel('csv');
    const res = await importFile(csvChannel, 'format=csv', file);
    const live = res.json().id as string;
    const [dead] = await queryRows<{ id: string }>(t.database.db, sql`
      insert into import_jobs (tenant_id, id, channel_id, format, status, actor, created_at, updated_at)
      values (${t.tenantId}, 'imp_deadproc000000000000000000', ${csvChannel}, 'csv', 'running', 'cli:test', now() - interval '1 hour', now() - interval '11 minutes')
      returning id`);
    await t.database.db.execute(sql`update import_jobs set status = 'running', finished_at = null, updated_at = now() - interval '9 minutes' where id = ${live}`);
    assert.equal(await markInterruptedImports(t.database.db), 1, 'the dead import only');
    const gone = (await t.call('GET', `/v1/imports/${dead!.id}`)).json();
    assert.equal(gone.status, 'interrupted', JSON.stringify(gone));
    assert.match(gone.error, /import the file again/);
    assert.equal((await t.call('GET', `/v1/imports/${live}`)).json().status, 'running', 'nine minutes of silence is not yet a dead process');
    await t.database.db.execute(sql`update import_jobs set status = 'completed' where id = ${live}`);
  });

  test('a mapping given with the import reads other headers; a header that lacks a mapped column is refused whole', async () => {
    const csvChannel = await newChannel('csv');
    const mapping = { external_id: 'order', sku: 'item', quantity: 'qty', unit_price: 'price', currency: 'cur', ship_line1: 'street', ship_city: 'town', ship_country: 'country' };
    const body = 'order,item,qty,price,cur,street,town,country\nX-1,IMP-B,3,2.00,EUR,Hauptstr. 1,Berlin,DE\nX-1,IMP-A,1,5.00,EUR,,,\n';
    const res = await importFile(csvChannel, `format=csv&mapping=${encodeURIComponent(JSON.stringify(mapping))}`, body);
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().counts, { total: 1, imported: 1, duplicates: 0, rejected: 0 });
    const order = await orderOf('X-1', csvChannel);
    assert.equal(order.currency, 'EUR');
    assert.equal(order.totals.subtotal, '11.00');
    assert.equal(order.shipping_address.city, 'Berlin');

    const before = (await t.call('GET', `/v1/orders?channel=${csvChannel}&limit=500`)).json().data.length;
    const missing = await importFile(csvChannel, `format=csv&mapping=${encodeURIComponent(JSON.stringify({ ...mapping, quantity: 'amount' }))}`, body);
    assert.equal(missing.statusCode, 422, missing.body);
    assert.equal(missing.json().code, 'IMPORT_MAPPING_INVALID');
    assert.ok(missing.json().errors.some((e: { field: string }) => e.field === 'amount'), missing.body);
    const bad = await importFile(csvChannel, `format=csv&mapping=${encodeURIComponent(JSON.stringify({ sku: 'item', colour: 'x' }))}`, body);
    assert.equal(bad.statusCode, 422, bad.body);
    assert.ok(bad.json().errors.some((e: { field: string }) => e.field === 'mapping.colour'), bad.body);
    assert.equal((await t.call('GET', `/v1/orders?channel=${csvChannel}&limit=500`)).json().data.length, before, 'nothing imported');
  });
});

describe('JSON import of a platform’s orders', () => {
  test('Shopify orders as NDJSON, as a top-level array and in the {orders} envelope', async () => {
    const shopChannel = await newChannel('shopify');
    const order = (id: number) => ({ ...structuredClone(SHOPIFY_ORDER), id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name: `#${id}` });
    const ndjson = `${JSON.stringify(order(9001))}\n${JSON.stringify(order(9002))}\nnot json\n`;
    const first = await importFile(shopChannel, 'format=shopify', ndjson, 'application/x-ndjson');
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual(first.json().counts, { total: 3, imported: 2, duplicates: 0, rejected: 1 });
    assert.equal(first.json().rejected[0].row, 3);
    const array = await importFile(shopChannel, 'format=shopify', JSON.stringify([order(9002), order(9003)], null, 2), 'application/json');
    assert.deepEqual(array.json().counts, { total: 2, imported: 1, duplicates: 1, rejected: 0 });
    const envelope = await importFile(shopChannel, 'format=shopify', JSON.stringify({ orders: [order(9004)] }, null, 2), 'application/json');
    assert.deepEqual(envelope.json().counts, { total: 1, imported: 1, duplicates: 0, rejected: 0 });
    const captured = await orderOf('9003', shopChannel);
    assert.deepEqual(captured.lines.map((l: { sku: string }) => l.sku).sort(), ['AW-1001', 'AW-1002']);
  });

  test('Amazon {order, items} per NDJSON line and eBay orders in their getOrders page envelope', async () => {
    const amazon = await newChannel('amazon');
    const line = (id: string) => JSON.stringify({ order: { ...structuredClone(AMAZON_ORDER), AmazonOrderId: id, SellerOrderId: id }, items: { ...structuredClone(AMAZON_ORDER_ITEMS_RESPONSE.payload), AmazonOrderId: id } });
    const res = await importFile(amazon, 'format=amazon', `${line('111-0000001-0000001')}\n${line('111-0000001-0000002')}\n`, 'application/x-ndjson');
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().counts, { total: 2, imported: 2, duplicates: 0, rejected: 0 }, res.body);
    assert.ok(await orderOf('111-0000001-0000002', amazon), 'the Amazon order 111-0000001-0000002 was imported');

    const ebay = await newChannel('ebay');
    const page = { href: 'https://api.ebay.com/sell/fulfillment/v1/order?limit=50&offset=0', limit: 50, offset: 0, total: 2, orders: [{ ...structuredClone(EBAY_ORDER), orderId: '27-00001-00001' }, { ...structuredClone(EBAY_ORDER), orderId: '27-00001-00002', lineItems: [] }] };
    const eb = await importFile(ebay, 'format=ebay', JSON.stringify(page, null, 2), 'application/json');
    assert.equal(eb.statusCode, 201, eb.body);
    assert.deepEqual([eb.json().counts.imported, eb.json().counts.rejected], [1, 1], eb.body);
    assert.equal(eb.json().rejected[0].external_id, '27-00001-00002');
    assert.equal(eb.json().rejected[0].row, 2, 'the element number in the envelope');
  });

  test('refusals change nothing: wrong channel type, format not built, deactivated channel, unknown channel', async () => {
    const [csvChannel, shopChannel] = [await newChannel('csv'), await newChannel('shopify')];
    const body = JSON.stringify([structuredClone(SHOPIFY_ORDER)]);
    const wrong = await importFile(csvChannel, 'format=shopify', body, 'application/json');
    assert.equal(wrong.statusCode, 422, wrong.body);
    assert.equal(wrong.json().code, 'CHANNEL_TYPE_MISMATCH');
    const notCsv = await importFile(csvChannel, 'format=x12', 'ISA*00', 'application/edi-x12');
    assert.equal(notCsv.json().code, 'CHANNEL_TYPE_MISMATCH');
    const unknownFormat = await importFile(shopChannel, 'format=magento', body, 'application/json');
    assert.equal(unknownFormat.statusCode, 400, unknownFormat.body);
    const gone = await newChannel('csv');
    assert.equal((await t.call('DELETE', `/v1/channels/${gone}`)).statusCode, 204);
    const inactive = await importFile(gone, 'format=csv', `${csvLine(SHOPIFY_HEADER)}\n${exportRow('#7', 'IMP-A', '1', '1.00', true)}`);
    assert.equal(inactive.statusCode, 409, inactive.body);
    assert.equal(inactive.json().code, 'CHANNEL_INACTIVE');
    const missing = await importFile('chn_00000000000000000000000000', 'format=csv', 'a,b\n');
    assert.equal(missing.statusCode, 404, missing.body);
    for (const channel of [csvChannel, shopChannel, gone]) assert.deepEqual((await t.call('GET', `/v1/channels/${channel}/imports`)).json().data, [], 'no import job recorded');
  });
});

describe('X12 import', () => {
  test('a file of several interchanges: each 850 is an order, counted per purchase order', async () => {
    const settings = { partner_isa_qualifier: 'ZZ', partner_isa_id: 'IMPBUYER', our_isa_qualifier: 'ZZ', our_isa_id: 'IMPSELLER' };
    const channel = await t.call('POST', '/v1/channels', { type: 'x12', name: 'Import EDI', settings });
    assert.equal(channel.statusCode, 201, channel.body);
    const file = interchange(501, [{ po: 'PO-IMP-1', sku: 'IMP-A', quantity: 2, price: '12.50' }, { po: 'PO-IMP-2', sku: 'NOPE-SKU', quantity: 1, price: '1.00' }]) + interchange(502, [{ po: 'PO-IMP-3', sku: 'IMP-B', quantity: 1, price: '3.00' }]);
    const res = await importFile(channel.json().id, 'format=x12', file, 'application/edi-x12');
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().counts, { total: 3, imported: 2, duplicates: 0, rejected: 1 }, res.body);
    assert.equal(res.json().rejected[0].row, 1, 'the interchange’s number in the file');
    assert.equal(res.json().rejected[0].external_id, 'PO-IMP-2');
    const order = await orderOf('PO-IMP-3', channel.json().id);
    assert.deepEqual(order.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity]), [['IMP-B', 1]]);
    const again = await importFile(channel.json().id, 'format=x12', file, 'text/plain');
    assert.deepEqual(again.json().counts, { total: 3, imported: 0, duplicates: 2, rejected: 1 }, again.body);
  });
});
