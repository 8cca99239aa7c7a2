// test-files: database server (a NUL in text or jsonb: the server and node-postgres refuse what PGlite may not)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SHOPIFY_ORDER } from '../../src/modules/channels/domain/fixtures/shopify-order.js';
import { findImportJob } from '../../src/modules/channels/index.js';
import { openImport, runImport } from '../../src/flows/capture/steps/import-file.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createChannel, createLocation, createProduct } from '../support/factories.js';
import { IMPORT_PARTNER, interchange } from '../support/x12.js';

// A NUL (U+0000) cannot be stored in PostgreSQL text or jsonb. Files and partners send them
// anyway: the record holding one is refused with a reason naming it, the rest of the file is
// kept, and nothing we store about it (reasons, failures, documents) carries the NUL itself.
// Run on PGlite and, with TEST_DATABASE_URL, on PostgreSQL, where a failure message with a NUL
// used to leave the import `running` for ever.

let t: TestApp;

const NUL = '\u0000';
const mapping = encodeURIComponent(JSON.stringify({ external_id: 'order', sku: 'sku', quantity: 'qty', unit_price: 'price', currency: 'cur', ship_line1: 'street', ship_city: 'town', ship_country: 'country' }));

function importFile(channel: string, query: string, body: string, contentType: string) {
  return t.call('POST', `/v1/channels/${channel}/imports?${query}`, body, { headers: { 'content-type': contentType } });
}

async function externalIdsOf(channel: string): Promise<string[]> {
  const res = await t.call('GET', `/v1/orders?channel=${channel}&limit=100`);
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().data as { external_id: string }[]).map((o) => o.external_id).sort();
}

type Rejection = { row: number | null; column: string | null; external_id: string | null; reason: string };

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'NUL-WH');
  for (const sku of ['NUL-A', 'AW-1001', 'AW-1002']) {
    await createProduct(t, sku);
    await adjust(t, sku, 'NUL-WH', 100);
  }
});
after(() => t.close());

/** A channel of the test's own: the orders and documents it lists are the test's alone. */
const newChannel = async (type: 'pos' | 'shopify' | 'x12') => (await createChannel(t, type, type === 'x12' ? { settings: IMPORT_PARTNER } : {})).id;

describe('imports', () => {
  test('CSV (a POS channel’s export): the order with a NUL in a mapped cell is rejected naming row and column; the others are imported', async () => {
    const csv = [
      'order,sku,qty,price,cur,street,town,country,ignored',
      `P-1,NUL-A,1,2.00,USD,1 Main${NUL} St,Springfield,US,`,
      'P-2,NUL-A,1,2.00,USD,1 Main St,Springfield,US,',
      `P-3,NUL-A${NUL},1,2.00,USD,1 Main St,Springfield,US,`,
      `P-4,NUL-A,1,2.00,USD,1 Main St,Springfield,US,not${NUL}mapped`,
    ].join('\n');
    const posChannel = await newChannel('pos');
    const res = await importFile(posChannel, `format=csv&mapping=${mapping}`, csv, 'text/csv');
    assert.equal(res.statusCode, 201, res.body);
    const job = res.json();
    assert.equal(job.status, 'completed');
    assert.deepEqual(job.counts, { total: 4, imported: 2, duplicates: 0, rejected: 2 });
    assert.deepEqual(
      (job.rejected as Rejection[]).map((r) => [r.row, r.column, r.external_id, r.reason]),
      [
        [2, 'street', 'P-1', 'the cell must not contain NUL characters; the order was not imported'],
        [4, 'sku', 'P-3', 'the cell must not contain NUL characters; the order was not imported'],
      ],
    );
    assert.deepEqual(await externalIdsOf(posChannel), ['P-2', 'P-4'], 'a NUL in a column the mapping does not read harms nothing');
  });

  test('NDJSON: the order with a NUL is rejected naming the field; the next line is imported', async () => {
    const order = (id: number, extra: Record<string, unknown> = {}) => JSON.stringify({ ...structuredClone(SHOPIFY_ORDER), id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name: `#${id}`, ...extra });
    const body = `${order(7001, { note: `gift${NUL}wrap` })}\n${order(7002)}\n`;
    const shopChannel = await newChannel('shopify');
    const res = await importFile(shopChannel, 'format=shopify', body, 'application/x-ndjson');
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().counts, { total: 2, imported: 1, duplicates: 0, rejected: 1 }, res.body);
    const [rejection] = res.json().rejected as Rejection[];
    assert.deepEqual([rejection?.row, rejection?.column, rejection?.external_id], [1, 'notes', '7001']);
    assert.match(rejection?.reason ?? '', /must not contain NUL characters/);
    assert.deepEqual(await externalIdsOf(shopChannel), ['7002']);
  });

  test('X12: a NUL in a set rejects that purchase order; a NUL in an envelope rejects its interchange; the rest of the file is imported', async () => {
    const file =
      interchange(801, [{ po: `PO-N${NUL}1`, sku: 'NUL-A', quantity: 1, price: '1.00' }, { po: 'PO-N2', sku: 'NUL-A', quantity: 1, price: '1.00' }]) +
      interchange(802, [{ po: 'PO-N3', sku: 'NUL-A', quantity: 1, price: '1.00' }]).replace('GS*PO*IMPBUYER', `GS*PO*IMP${NUL}BUYER`) +
      interchange(803, [{ po: 'PO-N4', sku: 'NUL-A', quantity: 1, price: '1.00' }]);
    const x12Channel = await newChannel('x12');
    const res = await importFile(x12Channel, 'format=x12', file, 'application/edi-x12');
    assert.equal(res.statusCode, 201, res.body);
    const job = res.json();
    assert.equal(job.status, 'completed');
    assert.deepEqual(job.counts, { total: 4, imported: 2, duplicates: 0, rejected: 2 }, res.body);
    const reasons = (job.rejected as Rejection[]).map((r) => [r.row, r.column, r.reason]).sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(reasons[0], [1, 'GS 801 / ST 0001 / BEG03', 'BEG03 must not contain NUL characters']);
    assert.equal(reasons[1]?.[0], 2, 'the second interchange of the file');
    assert.match(String(reasons[1]?.[2]), /X12_INTERCHANGE_INVALID: GS02 must not contain NUL characters/);
    assert.deepEqual(await externalIdsOf(x12Channel), ['PO-N2', 'PO-N4']);
  });

  test('an import that fails with a NUL in its error is recorded as failed, not left running', async () => {
    const shopChannel = await newChannel('shopify');
    const opened = await openImport(t.database.db, { format: 'shopify', channelId: shopChannel, tenantId: t.tenantId, actorId: 'test' }, new Date());
    const broken = async function* () {
      yield '[';
      throw new Error(`the disk returned ${NUL} bytes`);
    };
    await assert.rejects(runImport(t.database.db, opened, broken(), { clock: () => new Date() }), /the disk returned/);
    const job = await findImportJob(t.database.db, t.tenantId, opened.job.id);
    assert.equal(job?.status, 'failed', JSON.stringify(job));
    assert.equal(job?.error, 'the disk returned \\u0000 bytes');
  });
});

describe('POST /v1/channels/{id}/x12', () => {
  const post = (x12Channel: string, body: string) => t.call('POST', `/v1/channels/${x12Channel}/x12`, body, { headers: { 'content-type': 'application/edi-x12' } });

  test('a NUL in one set: that set is rejected in the 997 (AK4 code 6, invalid character), the other is captured, the interchange is stored', async () => {
    const x12Channel = await newChannel('x12');
    const res = await post(x12Channel, interchange(901, [{ po: 'PO-X1', sku: `NUL-A${NUL}`, quantity: 1, price: '1.00' }, { po: 'PO-X2', sku: 'NUL-A', quantity: 1, price: '1.00' }]));
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes(NUL), 'the 997 carries no NUL');
    assert.match(res.body, /AK2\*850\*0001~AK3\*PO1\*6\*\*8~AK4\*7\*\*6~AK5\*R\*5~AK2\*850\*0002~AK5\*A~/);
    assert.ok((await externalIdsOf(x12Channel)).includes('PO-X2'), 'the clean set PO-X2 is captured');
    assert.ok(!(await externalIdsOf(x12Channel)).includes('PO-X1'), 'the set with a NUL, PO-X1, is not');
    const stored = await t.call('GET', `/v1/x12-documents/${res.headers['x12-document-id']}`);
    assert.equal(stored.statusCode, 200, stored.body);
    assert.ok(stored.body.includes('SK*NUL-A\\u0000~'), 'stored as received, the NUL made visible');
    const listed = await t.call('GET', `/v1/channels/${x12Channel}/x12/documents?type=interchange&limit=1`);
    const sets = listed.json().data[0].summary.sets as { po_number: string | null; status: string; problems: { message: string }[] }[];
    assert.deepEqual(sets.map((s) => s.status), ['rejected', 'accepted']);
    assert.equal(sets[0]?.problems[0]?.message, 'PO107 must not contain NUL characters');
  });

  test('a NUL in the envelope: 422 X12_INTERCHANGE_INVALID naming the segment, nothing stored', async () => {
    const x12Channel = await newChannel('x12');
    const before = (await t.call('GET', `/v1/channels/${x12Channel}/x12/documents?limit=100`)).json().data.length;
    const res = await post(x12Channel, interchange(902, [{ po: 'PO-X3', sku: 'NUL-A', quantity: 1, price: '1.00' }]).replace('*X*004010', `*X${NUL}*004010`));
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().code, 'X12_INTERCHANGE_INVALID');
    assert.match(res.json().detail, /GS07 must not contain NUL characters \(segment 2\)/);
    assert.equal((await t.call('GET', `/v1/channels/${x12Channel}/x12/documents?limit=100`)).json().data.length, before, 'nothing stored');
  });
});
