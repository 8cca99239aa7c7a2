import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { assertProblem, expectRefusedWithoutWrites } from '../support/bad-input.js';
import { adjust, createLocation, createProduct, orderBody, stockOf, type OrderJson } from '../support/factories.js';

interface InboundJson {
  id: string;
  reference: string | null;
  location: string;
  expected_date: string;
  status: string;
  lines: { sku: string; quantity: number; received: number }[];
  backorders_allocated?: number;
}

let t: TestApp;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'I-WH', { priority: 1 });
  await createLocation(t, 'I-WH2', { priority: 2 });
});
after(() => t.close());

async function inbound(body: Record<string, unknown>): Promise<InboundJson> {
  const res = await t.call('POST', '/v1/inbound', body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as InboundJson;
}

const onHand = async (sku: string, location: string) => (await stockOf(t, sku)).locations.find((l) => l.location === location)?.on_hand ?? 0;

describe('POST /v1/inbound', () => {
  test('records expected supply, several lines or the single-line shorthand', async () => {
    await createProduct(t, 'I-A');
    await createProduct(t, 'I-B');
    const po = await inbound({ reference: 'PO-1001', location: 'I-WH', expected_date: '2026-12-01', lines: [{ sku: 'I-A', quantity: 10 }, { sku: 'I-B', quantity: 4 }] });
    assert.match(po.id, /^inb_[0-9a-z]{26}$/);
    assert.deepEqual(
      { reference: po.reference, location: po.location, expected_date: po.expected_date, status: po.status, lines: po.lines },
      { reference: 'PO-1001', location: 'I-WH', expected_date: '2026-12-01', status: 'open', lines: [{ sku: 'I-A', quantity: 10, received: 0 }, { sku: 'I-B', quantity: 4, received: 0 }] },
    );
    const asn = await inbound({ sku: 'I-A', quantity: 3, location: 'I-WH2', expected_date: '2026-12-05' });
    assert.deepEqual([asn.reference, asn.location, asn.lines], [null, 'I-WH2', [{ sku: 'I-A', quantity: 3, received: 0 }]]);
    const got = await t.call('GET', `/v1/inbound/${po.id}`);
    assert.equal(got.statusCode, 200, got.body);
    assert.deepEqual(got.json(), po);
    // Nothing arrived yet: stock is unchanged.
    assert.equal(await onHand('I-A', 'I-WH'), 0);
  });

  test('bad input is refused with the field and changes nothing', async () => {
    await createProduct(t, 'I-BAD');
    const url = { method: 'POST' as const, url: '/v1/inbound' };
    const ok = { location: 'I-WH', expected_date: '2026-12-01', lines: [{ sku: 'I-BAD', quantity: 1 }] };
    const cases = [
      { name: 'unknown SKU', body: { ...ok, lines: [{ sku: 'I-BAD', quantity: 1 }, { sku: 'I-NOPE', quantity: 1 }] }, status: 422, code: 'PRODUCT_UNKNOWN_SKU', field: 'lines[1].sku' },
      { name: 'unknown SKU, shorthand', body: { sku: 'I-NOPE', quantity: 1, location: 'I-WH', expected_date: '2026-12-01' }, status: 422, code: 'PRODUCT_UNKNOWN_SKU', field: 'sku' },
      { name: 'unknown location', body: { ...ok, location: 'I-NOWHERE' }, status: 422, code: 'LOCATION_UNKNOWN', field: 'location' },
      { name: 'impossible date', body: { ...ok, expected_date: '2026-02-30' }, status: 400, field: 'expected_date' },
      { name: 'not a date', body: { ...ok, expected_date: '01/12/2026' }, status: 400, field: 'expected_date' },
      { name: 'quantity 0', body: { ...ok, lines: [{ sku: 'I-BAD', quantity: 0 }] }, status: 400, field: 'lines[0].quantity' },
      { name: 'no lines', body: { ...ok, lines: [] }, status: 400 },
      { name: 'a SKU twice', body: { ...ok, lines: [{ sku: 'I-BAD', quantity: 1 }, { sku: 'I-BAD', quantity: 2 }] }, status: 400, code: 'REQUEST_INVALID', field: 'lines[1].sku' },
      { name: 'lines and shorthand mixed', body: { ...ok, sku: 'I-BAD', quantity: 1 }, status: 400 },
    ];
    for (const c of cases) await expectRefusedWithoutWrites(t, c, url);
  });
});

describe('GET /v1/inbound', () => {
  test('filters by sku, location and status, newest first, paginated', async () => {
    await createProduct(t, 'I-L1');
    await createProduct(t, 'I-L2');
    const a = await inbound({ location: 'I-WH', expected_date: '2026-12-01', lines: [{ sku: 'I-L1', quantity: 1 }] });
    const b = await inbound({ location: 'I-WH2', expected_date: '2026-12-02', lines: [{ sku: 'I-L1', quantity: 1 }, { sku: 'I-L2', quantity: 1 }] });
    const c = await inbound({ location: 'I-WH', expected_date: '2026-12-03', lines: [{ sku: 'I-L2', quantity: 1 }] });
    assert.equal((await t.call('POST', `/v1/inbound/${c.id}/cancel`, { reason: 'supplier out' })).statusCode, 200);
    const ids = async (query: string) => {
      const res = await t.call('GET', `/v1/inbound${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return (res.json().data as InboundJson[]).map((i) => i.id);
    };
    assert.deepEqual(await ids('?sku=I-L1'), [b.id, a.id]);
    assert.deepEqual(await ids('?sku=I-L2'), [c.id, b.id]);
    assert.deepEqual(await ids('?sku=I-L2&location=I-WH'), [c.id]);
    assert.deepEqual(await ids('?sku=I-L2&status=open'), [b.id]);
    assert.deepEqual(await ids('?sku=I-L2&status=cancelled'), [c.id]);
    const first = (await t.call('GET', '/v1/inbound?sku=I-L1&limit=1')).json();
    assert.deepEqual(first.data.map((i: InboundJson) => i.id), [b.id]);
    assert.ok(first.next_cursor, 'a first page of more has a next_cursor');
    const second = (await t.call('GET', `/v1/inbound?sku=I-L1&limit=1&cursor=${first.next_cursor}`)).json();
    assert.deepEqual(second.data.map((i: InboundJson) => i.id), [a.id]);
    assert.equal(second.next_cursor, null);
    assertProblem(await t.call('GET', '/v1/inbound?status=lost'), { status: 400, field: 'query.status' });
    assertProblem(await t.call('GET', '/v1/inbound?location=I-NOWHERE'), { status: 422, code: 'LOCATION_UNKNOWN', field: 'query.location' });
    assertProblem(await t.call('GET', '/v1/inbound/inb_00000000000000000000000000'), { status: 404, code: 'INBOUND_NOT_FOUND' });
  });
});

describe('POST /v1/inbound/{id}/receive', () => {
  test('adds stock with a ledger row, part by part; over-receipt is refused with the field', async () => {
    await createProduct(t, 'I-R1');
    await createProduct(t, 'I-R2');
    const po = await inbound({ location: 'I-WH', expected_date: '2026-12-01', lines: [{ sku: 'I-R1', quantity: 5 }, { sku: 'I-R2', quantity: 2 }] });
    const url = `/v1/inbound/${po.id}/receive`;
    const part = await t.call('POST', url, { lines: [{ sku: 'I-R1', quantity: 3 }] });
    assert.equal(part.statusCode, 200, part.body);
    assert.equal(part.json().status, 'partially_received');
    assert.deepEqual(part.json().lines, [{ sku: 'I-R1', quantity: 5, received: 3 }, { sku: 'I-R2', quantity: 2, received: 0 }]);
    assert.equal(await onHand('I-R1', 'I-WH'), 3);
    const ledger = await queryRows<{ reason: string; reference: string; delta: number }>(t.database.db, sql`select reason, reference, delta from inventory_movements where sku = 'I-R1'`);
    assert.deepEqual(ledger, [{ reason: 'received', reference: po.id, delta: 3 }]);

    const method = { method: 'POST' as const, url };
    await expectRefusedWithoutWrites(t, { name: 'over', body: { lines: [{ sku: 'I-R1', quantity: 3 }] }, status: 422, code: 'INBOUND_OVER_RECEIPT', field: 'lines[0].quantity' }, method);
    await expectRefusedWithoutWrites(t, { name: 'over in two lines', body: { lines: [{ sku: 'I-R2', quantity: 1 }, { sku: 'I-R1', quantity: 1 }, { sku: 'I-R1', quantity: 2 }] }, status: 422, code: 'INBOUND_OVER_RECEIPT', field: 'lines[2].quantity' }, method);
    await expectRefusedWithoutWrites(t, { name: 'not on the shipment', body: { lines: [{ sku: 'I-A', quantity: 1 }] }, status: 422, code: 'INBOUND_LINE_UNKNOWN', field: 'lines[0].sku' }, method);
    await expectRefusedWithoutWrites(t, { name: 'quantity 0', body: { lines: [{ sku: 'I-R1', quantity: 0 }] }, status: 400, field: 'lines[0].quantity' }, method);
    await expectRefusedWithoutWrites(t, { name: 'unknown shipment', url: '/v1/inbound/inb_00000000000000000000000000/receive', body: {}, status: 404, code: 'INBOUND_NOT_FOUND' }, method);

    // No lines: everything outstanding.
    const rest = await t.call('POST', url);
    assert.equal(rest.statusCode, 200, rest.body);
    assert.equal(rest.json().status, 'received');
    assert.deepEqual(rest.json().lines, [{ sku: 'I-R1', quantity: 5, received: 5 }, { sku: 'I-R2', quantity: 2, received: 2 }]);
    assert.equal(await onHand('I-R1', 'I-WH'), 5);
    assert.equal(await onHand('I-R2', 'I-WH'), 2);
    await expectRefusedWithoutWrites(t, { name: 'received already', body: {}, status: 409, code: 'INBOUND_NOT_OPEN' }, method);
    await expectRefusedWithoutWrites(t, { name: 'cancel received', url: `/v1/inbound/${po.id}/cancel`, body: {}, status: 409, code: 'INBOUND_NOT_OPEN' }, method);
    const events = await queryRows<{ type: string }>(t.database.db, sql`select type from events where aggregate_id = ${po.id} order by seq`);
    assert.deepEqual(events.map((e) => e.type), ['inbound.created', 'inbound.received', 'inbound.received']);
  });

  test('a cancelled shipment takes no receipt; cancelling again answers the same', async () => {
    await createProduct(t, 'I-C');
    const po = await inbound({ sku: 'I-C', quantity: 5, location: 'I-WH', expected_date: '2026-12-01' });
    const cancelled = await t.call('POST', `/v1/inbound/${po.id}/cancel`);
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.equal(cancelled.json().status, 'cancelled');
    const again = await t.call('POST', `/v1/inbound/${po.id}/cancel`, {});
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), cancelled.json());
    await expectRefusedWithoutWrites(t, { name: 'receive cancelled', body: {}, status: 409, code: 'INBOUND_NOT_OPEN' }, { method: 'POST', url: `/v1/inbound/${po.id}/receive` });
    assertProblem(await t.call('POST', '/v1/inbound/inb_00000000000000000000000000/cancel'), { status: 404, code: 'INBOUND_NOT_FOUND' });
  });
});

describe('backorders and inbound supply', () => {
  test('backordered lines show the expected date (FIFO); a receipt fills them oldest first', async () => {
    await createProduct(t, 'I-BO', { backorderable: true });
    await adjust(t, 'I-BO', 'I-WH', 1);
    await adjust(t, 'I-BO', 'I-WH', -1);
    const place = async (quantity: number) => {
      const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'I-BO', quantity }]));
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as OrderJson & { lines: { expected_date: string | null }[] };
    };
    const o1 = await place(2);
    assert.equal(o1.status, 'backordered');
    assert.equal(o1.lines[0]?.expected_date, null, 'nothing expected yet');
    const o2 = await place(3);
    const o3 = await place(2);
    const o4 = await place(2);
    const soon = await inbound({ sku: 'I-BO', quantity: 4, location: 'I-WH', expected_date: '2026-12-01' });
    await inbound({ sku: 'I-BO', quantity: 4, location: 'I-WH2', expected_date: '2026-12-10' });
    const expected = async () => {
      const out: (string | null)[] = [];
      for (const o of [o1, o2, o3, o4]) {
        const res = await t.call('GET', `/v1/orders/${o.id}`);
        assert.equal(res.statusCode, 200, res.body);
        out.push(res.json().lines[0].expected_date);
      }
      return out;
    };
    // 2 of the 4 due on the 1st go to o1; o2 needs 3 more: 2 left then, the rest on the 10th.
    assert.deepEqual(await expected(), ['2026-12-01', '2026-12-10', '2026-12-10', null]);
    // A later capture sees its date in the capture's answer too.
    assert.equal((await place(0 + 1)).lines[0]?.expected_date, null);

    const received = await t.call('POST', `/v1/inbound/${soon.id}/receive`);
    assert.equal(received.statusCode, 200, received.body);
    assert.equal(received.json().backorders_allocated, 4);
    const lines = async (id: string) => ((await t.call('GET', `/v1/orders/${id}`)).json() as OrderJson).lines[0];
    assert.deepEqual([(await lines(o1.id))?.allocated, (await lines(o1.id))?.backordered], [2, 0]);
    assert.deepEqual([(await lines(o2.id))?.allocated, (await lines(o2.id))?.backordered], [2, 1]);
    assert.deepEqual([(await lines(o3.id))?.allocated, (await lines(o3.id))?.backordered], [0, 2]);
    assert.equal(((await t.call('GET', `/v1/orders/${o1.id}`)).json() as OrderJson).status, 'allocated');
    // Now only the 10th is expected (4 units): o2's last unit, o3's two, and one of o4's.
    assert.deepEqual(await expected(), [null, '2026-12-10', '2026-12-10', null]);
  });

  test('a capture that backorders answers with the expected date at once', async () => {
    await createProduct(t, 'I-BO2', { backorderable: true });
    await inbound({ sku: 'I-BO2', quantity: 10, location: 'I-WH', expected_date: '2027-01-15' });
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'I-BO2', quantity: 3 }]));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().lines[0].backordered, 3);
    assert.equal(res.json().lines[0].expected_date, '2027-01-15');
  });
});
