import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import type { RelayedEvent } from '../../src/platform/outbox/subscribers.js';
import { nextControlNumber, type TransactionSet } from '../../src/modules/channels/index.js';
import { parseInterchange } from '../../src/modules/channels/domain/x12/interchange.js';
import type { Segment } from '../../src/modules/channels/domain/x12/types.js';
import { x12OutboundSubscriber } from '../../src/flows/channels/jobs/x12-outbound.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, uniqueCode } from '../support/factories.js';

// Interchanges written by hand from the published X12 004010 layout (ISA fixed width: ISA06/08 padded to 15).
const ISA = (sep: string, sub: string, term: string, control: string, sender = 'BUYERCO        ') =>
  ['ISA', '00', '          ', '00', '          ', 'ZZ', sender, 'ZZ', 'OMSSELLER      ', '261127', '0350', 'U', '00401', control, '0', 'P', sub].join(sep) + term;

/** `*` elements, `>` sub-elements, `~` terminators on one line: PO-1001 (SK + UP lines) and PO-1002 (an unknown item). */
const FIRST =
  ISA('*', '>', '~', '000000101') +
  'GS*PO*BUYERCO*OMSSELLER*20261127*0350*501*X*004010~' +
  'ST*850*0001~BEG*00*SA*PO-1001**20261125~CUR*BY*USD~' +
  'N1*ST*BUYER CO DC 7*92*0007~N3*100 MAIN ST*SUITE 200~N4*SPRINGFIELD*IL*62701*US~' +
  'PO1*1*2*EA*12.50**SK*X12-RED*BP*B-RED~PO1*2*3*EA*.99**UP*036000291452~CTT*2*5~SE*10*0001~' +
  'ST*850*0002~BEG*00*SA*PO-1002**20261125~N1*ST*STORE 12~N3*1 ELM AVE~N4*AUSTIN*TX*78701~' +
  'PO1*1*1*EA*5.00**SK*X12-RED~PO1*2*1*EA*9.00**VP*NO-SUCH-PART~CTT*2~SE*9*0002~' +
  'GE*2*501~IEA*1*000000101~';

/** `|` elements, `:` sub-elements, `~` plus newline; two sets, VP and EN (an EAN-13 of the UPC) qualifiers. */
const SECOND = [
  ISA('|', ':', '~', '000000102').slice(0, -1),
  'GS|PO|BUYERCO|OMSSELLER|20261127|0400|502|X|004010',
  'ST|850|0101',
  'BEG|00|SA|PO-2001||20261126',
  'N1|ST|BUYER CO DC 9|92|0009',
  'N3|9 RIVER RD',
  'N4|PEORIA|IL|61602|US',
  'PO1|1|1|CA|40||VP|X12-CASE',
  'CTT|1',
  'SE|8|0101',
  'ST|850|0102',
  'BEG|00|SA|PO-2002||20261126',
  'N1|ST|BUYER CO DC 9|92|0009',
  'N3|9 RIVER RD',
  'N4|PEORIA|IL|61602|US',
  'PO1|1|2|EA|1.25||EN|0036000291452',
  'CTT|1',
  'SE|8|0102',
  'GE|2|502',
  'IEA|1|000000102',
].map((s) => `${s}~\n`).join('');

let t: TestApp;
let channelId: string;
const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };

const postX12 = (body: string, contentType = 'application/edi-x12', id = channelId) => t.call('POST', `/v1/channels/${id}/x12`, body, { headers: { 'content-type': contentType } });

function setsOf(x12: string): { segments: Segment[]; sets: TransactionSet[]; separators: { element: string; subElement: string } } {
  const parsed = parseInterchange(x12);
  assert.deepEqual(parsed.problems, [], 'what we send parses clean');
  const ic = parsed.interchange;
  assert.ok(ic, 'what we send is an interchange');
  const sets = ic.groups.flatMap((g) => g.sets);
  return { segments: sets.flatMap((s) => s.segments), sets, separators: ic.separators };
}
const line = (segments: Segment[], tag: string) => segments.filter((s) => s.tag === tag).map((s) => s.elements.slice(1).join('*'));

async function ordersOfChannel() {
  const res = await t.call('GET', `/v1/orders?channel=${channelId}&limit=100`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().data as { id: string; external_id: string; lines: { sku: string; quantity: number; unit_price: string }[]; shipping_address: Record<string, unknown> | null }[];
}

before(async () => {
  t = await buildTestApp();
  assert.equal((await t.call('PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'X12WH', { address: NEWARK, cutoff_time: '23:59' });
  const physical = { dimensions_mm: { length: 100, width: 100, height: 50 }, weight_grams: 400 };
  await createProduct(t, 'X12-RED', { price: '12.50', ...physical });
  await createProduct(t, 'X12-CASE', { price: '40.00', ...physical });
  await createProduct(t, 'X12-UPC', { price: '0.99', gtin: '036000291452', ...physical });
  for (const sku of ['X12-RED', 'X12-CASE', 'X12-UPC']) await adjust(t, sku, 'X12WH', 50);
});
after(() => t.close());

// Each test trades with the partner over a channel of its own: its interchanges, orders, documents
// and control numbers are only the test's.
beforeEach(async () => {
  const channel = await t.call('POST', '/v1/channels', {
    type: 'x12',
    name: uniqueCode('Buyer Co EDI'),
    settings: { partner_isa_qualifier: 'ZZ', partner_isa_id: 'BUYERCO', our_isa_qualifier: 'ZZ', our_isa_id: 'OMSSELLER', invoice_on_shipment: true, gs1_company_prefix: '0614141' },
  });
  assert.equal(channel.statusCode, 201, channel.body);
  channelId = channel.json().id;
});

describe('850 in → orders, 997 and 855 out', () => {
  test('each accepted 850 is one order; an unknown item rejects its set only; a repeat is the same 997', async () => {
    const res = await postX12(FIRST);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/edi-x12/);
    const ack = setsOf(res.body);
    assert.equal(ack.separators.element, '*');
    assert.equal(ack.separators.subElement, '>');
    assert.ok(res.body.startsWith('ISA*00*          *00*          *ZZ*OMSSELLER      *ZZ*BUYERCO        *'), res.body.slice(0, 106));
    assert.equal(ack.sets[0]?.id, '997');
    assert.deepEqual(line(ack.segments, 'AK1'), ['PO*501']);
    assert.deepEqual(line(ack.segments, 'AK2'), ['850*0001', '850*0002']);
    // PO1 of the unknown part is the 7th segment of set 0002; element 7 is its product id.
    assert.deepEqual(line(ack.segments, 'AK3'), ['PO1*7**8']);
    assert.deepEqual(line(ack.segments, 'AK4'), ['7**7*NO-SUCH-PART']);
    assert.deepEqual(line(ack.segments, 'AK5'), ['A', 'R*5']);
    assert.deepEqual(line(ack.segments, 'AK9'), ['P*2*2*1']);

    const orders = await ordersOfChannel();
    assert.deepEqual(orders.map((o) => o.external_id), ['PO-1001']);
    const [order] = orders;
    assert.ok(order, 'the purchase order became an order');
    assert.deepEqual(order.lines.map((l) => [l.sku, l.quantity, l.unit_price]), [['X12-RED', 2, '12.50'], ['X12-UPC', 3, '0.99']]);
    assert.deepEqual(order.shipping_address, { name: 'BUYER CO DC 7', company: null, line1: '100 MAIN ST', line2: 'SUITE 200', city: 'SPRINGFIELD', region: 'IL', postal_code: '62701', country: 'US', phone: null });

    // The 855s: accepted as sent for PO-1001, rejected for PO-1002.
    const listed = await t.call('GET', `/v1/channels/${channelId}/x12/documents?type=855`);
    assert.equal(listed.statusCode, 200, listed.body);
    const docs = listed.json().data as { id: string; po_number: string; order_id: string | null; control_number: string }[];
    assert.deepEqual(docs.map((d) => d.po_number).sort(), ['PO-1001', 'PO-1002']);
    const accepted = docs.find((d) => d.po_number === 'PO-1001');
    assert.equal(accepted?.order_id, order.id);
    const raw = await t.call('GET', `/v1/x12-documents/${accepted?.id}`);
    assert.equal(raw.statusCode, 200, raw.body);
    const po855 = setsOf(raw.body).segments;
    const bak = po855.find((x) => x.tag === 'BAK')?.elements ?? [];
    assert.deepEqual([bak[1], bak[2], bak[3], bak[4], bak[8]], ['00', 'AK', 'PO-1001', '20261125', order.id]);
    assert.deepEqual(line(po855, 'ACK'), ['IA*2*EA', 'IA*3*EA']);
    const rejected = setsOf((await t.call('GET', `/v1/x12-documents/${docs.find((d) => d.po_number === 'PO-1002')?.id}`)).body).segments;
    assert.equal(line(rejected, 'BAK')[0]?.split('*')[1], 'RD');
    // Control numbers of what we send are never reused: 997 and the two 855s have distinct ISA13s.
    const all = (await t.call('GET', `/v1/channels/${channelId}/x12/documents?direction=outbound`)).json().data as { control_number: string }[];
    assert.equal(new Set(all.map((d) => d.control_number)).size, all.length);

    const again = await postX12(FIRST, 'text/plain');
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.body, res.body, 'the same stored 997');
    assert.equal(again.headers['x12-duplicate'], 'true');
    assert.equal((await ordersOfChannel()).length, 1);
  });

  test('`|` separators, newlines, several sets: every 850 becomes an order, matched by VP and by EAN-13 of a stored UPC', async () => {
    const res = await postX12(SECOND, 'text/plain');
    assert.equal(res.statusCode, 200, res.body);
    const ack = setsOf(res.body);
    assert.equal(ack.separators.element, '|');
    assert.deepEqual(line(ack.segments, 'AK5'), ['A', 'A']);
    assert.deepEqual(line(ack.segments, 'AK9'), ['A*2*2*2']);
    const orders = await ordersOfChannel();
    const byPo = new Map(orders.map((o) => [o.external_id, o]));
    assert.deepEqual(byPo.get('PO-2001')?.lines.map((l) => [l.sku, l.quantity, l.unit_price]), [['X12-CASE', 1, '40.00']]);
    assert.deepEqual(byPo.get('PO-2002')?.lines.map((l) => [l.sku, l.quantity, l.unit_price]), [['X12-UPC', 2, '1.25']]);
    // The same PO numbers in a new interchange (new ISA13) are duplicates, not new orders; still accepted.
    const resent = await postX12(SECOND.replaceAll('000000102', '000000103'), 'text/plain');
    assert.equal(resent.statusCode, 200, resent.body);
    assert.equal(resent.headers['x12-duplicate'], 'false');
    assert.deepEqual(line(setsOf(resent.body).segments, 'AK5'), ['A', 'A']);
    assert.equal((await ordersOfChannel()).length, 2, 'still the two orders');
  });

  test('the 855 says what was allocated and backordered; a set that cannot be filled is rejected as a whole (AK5*R*5)', async () => {
    await createProduct(t, 'X12-BACK', { price: '2.00', backorderable: true });
    await adjust(t, 'X12-BACK', 'X12WH', 2);
    await createProduct(t, 'X12-SCARCE', { price: '3.00' });
    const body =
      ISA('*', ':', '~', '000000104') +
      'GS*PO*BUYERCO*OMSSELLER*20261127*0500*503*X*004010~' +
      'ST*850*0201~BEG*00*SA*PO-3001**20261127~N1*ST*DC 7~N3*100 MAIN ST~N4*SPRINGFIELD*IL*62701~PO1*1*5*EA*2.00**SK*X12-BACK~CTT*1~SE*8*0201~' +
      'ST*850*0202~BEG*00*SA*PO-3002**20261127~N1*ST*DC 7~N3*100 MAIN ST~N4*SPRINGFIELD*IL*62701~PO1*1*1*EA*3.00**SK*X12-SCARCE~CTT*1~SE*8*0202~' +
      'GE*2*503~IEA*1*000000104~';
    const res = await postX12(body);
    assert.equal(res.statusCode, 200, res.body);
    const ack = setsOf(res.body).segments;
    assert.deepEqual(line(ack, 'AK5'), ['A', 'R*5']);
    assert.deepEqual(line(ack, 'AK3'), [], 'a business refusal names no segment');
    const orders = await ordersOfChannel();
    assert.ok(orders.some((o) => o.external_id === 'PO-3001'), `PO-3001 became an order: ${JSON.stringify(orders.map((o) => o.external_id))}`);
    assert.ok(!orders.some((o) => o.external_id === 'PO-3002'), `PO-3002 did not: ${JSON.stringify(orders.map((o) => o.external_id))}`);
    const docs = (await t.call('GET', `/v1/channels/${channelId}/x12/documents?type=855&limit=2`)).json().data as { id: string; po_number: string }[];
    const backordered = setsOf((await t.call('GET', `/v1/x12-documents/${docs.find((d) => d.po_number === 'PO-3001')?.id}`)).body).segments;
    assert.equal(backordered.find((x) => x.tag === 'BAK')?.elements[2], 'AC');
    assert.deepEqual(line(backordered, 'ACK'), ['IA*2*EA', 'IB*3*EA']);
    const refused = setsOf((await t.call('GET', `/v1/x12-documents/${docs.find((d) => d.po_number === 'PO-3002')?.id}`)).body).segments;
    assert.deepEqual(line(refused, 'ACK'), ['IR*0*EA']);
  });

  test('a stranger’s interchange, an unreadable body and a non-x12 channel are problems that change nothing', async () => {
    const first = await postX12(FIRST);
    assert.equal(first.statusCode, 200, first.body);
    const before = (await t.call('GET', `/v1/channels/${channelId}/x12/documents`)).json().data.length as number;
    const stranger = await postX12(FIRST.replace('BUYERCO        ', 'SOMEONEELSE    ').replace('000000101', '000000199'));
    assert.equal(stranger.statusCode, 403, stranger.body);
    assert.match(String(stranger.headers['content-type']), /problem\+json/);
    assert.equal(stranger.json().code, 'X12_SENDER_MISMATCH');
    assert.equal(stranger.json().errors[0].field, 'ISA06');
    // The partner's VAN gateway holds a `channel` key; a viewer key may read documents but not post.
    const viewer = (await t.call('POST', '/v1/api-keys', { name: 'edi viewer', role: 'viewer' })).json().key as string;
    const gateway = (await t.call('POST', '/v1/api-keys', { name: 'edi gateway', role: 'channel', channel: channelId })).json().key as string;
    const asViewer = await t.call('POST', `/v1/channels/${channelId}/x12`, FIRST, { key: viewer, headers: { 'content-type': 'application/edi-x12' } });
    assert.equal(asViewer.statusCode, 403, asViewer.body);
    assert.equal(asViewer.json().code, 'AUTH_FORBIDDEN');
    const asGateway = await t.call('POST', `/v1/channels/${channelId}/x12`, FIRST, { key: gateway, headers: { 'content-type': 'application/edi-x12' } });
    assert.equal(asGateway.statusCode, 200, asGateway.body);
    assert.equal(asGateway.headers['x12-duplicate'], 'true');
    const garbage = await postX12('hello, this is not EDI');
    assert.equal(garbage.statusCode, 422, garbage.body);
    assert.equal(garbage.json().code, 'X12_INTERCHANGE_INVALID');
    const shop = await t.call('POST', '/v1/channels', { type: 'shopify', name: 'a shop', secret: 'shopify-secret-1' });
    const wrongType = await postX12(FIRST, 'application/edi-x12', shop.json().id);
    assert.equal(wrongType.statusCode, 422, wrongType.body);
    assert.equal(wrongType.json().code, 'CHANNEL_TYPE_MISMATCH');
    const incomplete = await t.call('POST', '/v1/channels', { type: 'x12', name: 'no ids', settings: { partner_isa_id: 'BUYERCO' } });
    assert.equal(incomplete.statusCode, 422, incomplete.body);
    assert.equal(incomplete.json().code, 'X12_PARTNER_SETTINGS_INVALID');
    assert.ok((incomplete.json().errors as { field: string }[]).some((e) => e.field === 'settings.our_isa_id'), `settings.our_isa_id is named: ${incomplete.body}`);
    assert.equal((await t.call('GET', `/v1/channels/${channelId}/x12/documents`)).json().data.length, before);
  });
});

describe('shipment → 856 and 810', () => {
  test('the 856 and 810 match the shipment segment by segment; a replayed event changes nothing', async () => {
    const received = await postX12(FIRST);
    assert.equal(received.statusCode, 200, received.body);
    const order = (await ordersOfChannel()).find((o) => o.external_id === 'PO-1001');
    assert.ok(order, 'the purchase order became an order');
    const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[];
    assert.ok(fo, 'the order has a fulfillment order');
    const packed = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
    assert.equal(packed.statusCode, 200, packed.body);
    const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, { tracking_numbers: ['1Z999AA10123456784'] });
    assert.equal(shipped.statusCode, 201, shipped.body);
    const shipment = shipped.json() as { id: string; ship_date?: string };

    const [row] = await queryRows<{ tenant_id: string; seq: string; id: string; type: string; aggregate_type: string; aggregate_id: string; actor: string; at: Date; data: Record<string, unknown> }>(
      t.database.db,
      sql`select tenant_id, seq, id, type, aggregate_type, aggregate_id, actor, at, data from events where type = 'shipment.created' and aggregate_id = ${shipment.id}`,
    );
    assert.ok(row, 'the shipment.created event is stored');
    const event: RelayedEvent = { tenantId: row.tenant_id, seq: Number(row.seq), id: row.id, type: row.type, aggregateType: row.aggregate_type, aggregateId: row.aggregate_id, actor: row.actor, at: new Date(row.at), data: row.data };
    const now = new Date('2026-11-28T10:00:00Z');
    await inTransaction(t.database.db, (tx) => x12OutboundSubscriber.handle(tx, event, now));

    const docs = (await t.call('GET', `/v1/channels/${channelId}/x12/documents?direction=outbound`)).json().data as { id: string; type: string; shipment_id: string | null }[];
    const ofShipment = docs.filter((d) => d.shipment_id === shipment.id);
    assert.deepEqual(ofShipment.map((d) => d.type).sort(), ['810', '856']);

    const notice = await t.call('GET', `/v1/x12-documents/${ofShipment.find((d) => d.type === '856')?.id}`);
    assert.match(String(notice.headers['content-type']), /^application\/edi-x12/);
    const asn = setsOf(notice.body);
    assert.equal(asn.separators.subElement, '>', 'the partner’s own separators');
    const s = asn.segments;
    assert.equal(s.find((x) => x.tag === 'ST')?.elements[1], '856');
    assert.equal(s.find((x) => x.tag === 'BSN')?.elements[2], shipment.id);
    assert.deepEqual(line(s, 'HL'), ['1**S*1', '2*1*O*1', '3*2*P*1', '4*3*I*0', '5*3*I*0']);
    assert.deepEqual(line(s, 'TD5'), ['*2*UPSN*U']);
    assert.deepEqual(line(s, 'REF'), ['BM*1Z999AA10123456784', 'CN*1Z999AA10123456784']);
    assert.deepEqual(line(s, 'PRF'), ['PO-1001***20261125']);
    assert.deepEqual(line(s, 'N1'), ['ST*BUYER CO DC 7*92*0007', 'SF*East DC']);
    const man = line(s, 'MAN')[0]?.split('*') ?? [];
    assert.equal(man[0], 'GM');
    assert.match(man[1] ?? '', /^00614141\d{10}$/, 'SSCC-18 under our GS1 prefix');
    assert.deepEqual(line(s, 'LIN'), ['1*SK*X12-RED*BP*B-RED', '2*UP*036000291452']);
    assert.deepEqual(line(s, 'SN1'), ['*2*EA', '*3*EA']);
    assert.deepEqual(line(s, 'CTT'), ['5*5']);
    const se = s.find((x) => x.tag === 'SE');
    assert.equal(se?.elements[1], String(asn.sets[0]?.segments.length));
    assert.equal(se?.elements[2], asn.sets[0]?.controlNumber);
    assert.equal(line(s, 'DTM')[0]?.startsWith('011*'), true);

    const invoice = setsOf((await t.call('GET', `/v1/x12-documents/${ofShipment.find((d) => d.type === '810')?.id}`)).body).segments;
    assert.equal(line(invoice, 'BIG')[0]?.split('*')[3], 'PO-1001');
    assert.deepEqual(line(invoice, 'IT1'), ['1*2*EA*12.50**SK*X12-RED*BP*B-RED', '2*3*EA*0.99**UP*036000291452']);
    assert.deepEqual(line(invoice, 'TDS'), ['2797']);
    assert.deepEqual(line(invoice, 'CTT'), ['2']);

    await inTransaction(t.database.db, (tx) => x12OutboundSubscriber.handle(tx, event, new Date('2026-11-28T11:00:00Z')));
    const afterReplay = (await t.call('GET', `/v1/channels/${channelId}/x12/documents?direction=outbound`)).json().data as unknown[];
    assert.equal(afterReplay.length, docs.length);

    const picked = await t.call('POST', `/v1/x12-documents/${ofShipment[0]?.id}/acknowledge`);
    assert.equal(picked.statusCode, 200, picked.body);
    assert.ok(picked.json().acknowledged_at, `the document is acknowledged: ${picked.body}`);
  });
});

describe('control numbers', () => {
  test('ISA13 and GS06 wrap from 999,999,999 to 1; SSCC serials do not', async () => {
    await t.database.db.execute(sql`insert into x12_control_numbers (tenant_id, channel_id, name, last_value) values
      (${t.tenantId}, ${channelId}, 'interchange', 999999998), (${t.tenantId}, ${channelId}, 'group', 999999999), (${t.tenantId}, ${channelId}, 'sscc', 999999999)
      on conflict (tenant_id, channel_id, name) do update set last_value = excluded.last_value`);
    const next = (name: 'interchange' | 'group' | 'sscc') => inTransaction(t.database.db, (tx) => nextControlNumber(tx, t.tenantId, channelId, name));
    assert.equal(await next('interchange'), 999_999_999);
    assert.equal(await next('interchange'), 1);
    assert.equal(await next('group'), 1);
    assert.equal(await next('sscc'), 1_000_000_000);
  });
});
