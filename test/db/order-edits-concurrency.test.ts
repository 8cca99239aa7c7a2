import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, createProduct, adjust, orderBody, placeOrder, stockedProduct, uniqueCode, type OrderJson } from '../support/factories.js';

/**
 * Order edits under concurrency (ADR 0032). A commit takes the per-SKU allocation locks, then the
 * order's row lock, then compares the version and digest the edit began from; units added are
 * planned on locked stock and reserved by the conditional update capture uses. So of edits racing
 * on one order one commits and the others get 409 with nothing written; an edit racing a cancel
 * either lands before it (and the cancel releases its units) or is refused; and edits racing
 * captures for the last units never oversell. On PostgreSQL (TEST_DATABASE_URL) they really race.
 */
const RACERS = 12;
let t: TestApp;

before(async () => {
  t = await buildTestApp({ poolSize: RACERS * 2 + 4 });
  await createLocation(t, 'OEC-WH');
});
after(() => t.close());

const count = async (type: string, orderId: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from events where type = ${type} and aggregate_id = ${orderId}`))[0]?.n);
const begin = async (orderId: string, changes: unknown[]) => {
  const res = await t.call('POST', `/v1/orders/${orderId}/edits`, { changes });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
};
const commit = (orderId: string, editId: string) => t.call('POST', `/v1/orders/${orderId}/edits/${editId}/commit`, { reason: 'race' });

/** Stock rows and lines of these SKUs are exactly consistent: nothing oversold, nothing half-written, no line lost. */
async function assertConsistent(skus: string[]): Promise<void> {
  const db = t.database.db;
  const stock = await queryRows<{ sku: string; on_hand: number; reserved: number; live: number }>(
    db,
    sql`select s.sku, s.on_hand, s.reserved,
               coalesce((select sum(r.quantity) from reservations r where r.tenant_id = s.tenant_id and r.sku = s.sku and r.location_id = s.location_id), 0)::int as live
        from stock_levels s where s.sku = any(${sql.param(skus)}::text[])`,
  );
  assert.ok(stock.length > 0, 'the SKUs have stock rows');
  for (const s of stock) {
    assert.equal(s.reserved, s.live, `${s.sku}: reserved ${s.reserved} but live reservations sum to ${s.live}`);
    assert.ok(s.reserved <= s.on_hand, `${s.sku}: reserved ${s.reserved} > on_hand ${s.on_hand} (oversold)`);
  }
  const lines = await queryRows<{ id: string; status: string; quantity: number; allocated: number; backordered: number; cancelled: number; reserved: number }>(
    db,
    sql`select l.id, o.status, l.quantity, l.allocated, l.backordered, l.cancelled,
               coalesce((select sum(r.quantity) from reservations r where r.tenant_id = l.tenant_id and r.order_line_id = l.id), 0)::int as reserved
        from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id where l.sku = any(${sql.param(skus)}::text[])`,
  );
  for (const l of lines) {
    assert.equal(l.allocated, l.reserved, `line ${l.id}: allocated ${l.allocated} but reserved ${l.reserved}`);
    assert.equal(l.allocated + l.backordered + l.cancelled, l.quantity, `line ${l.id} is half-written: ${JSON.stringify(l)}`);
    if (l.status === 'cancelled') assert.equal(l.allocated + l.backordered, 0, `cancelled order still holds line ${l.id}`);
  }
}

test(`${RACERS} edits begun on one version and committed at once: one commits, the others 409, nothing lost`, async () => {
  const sku = await stockedProduct(t, { 'OEC-WH': 100 });
  const order = await placeOrder(t, [{ sku, quantity: 1 }]);
  const line = order.lines[0]?.id as string;
  const edits: string[] = [];
  for (let i = 0; i < RACERS; i++) edits.push(await begin(order.id, [{ type: 'change_quantity', line_id: line, quantity: 2 + i }, { type: 'change_notes', notes: `racer ${i}` }]));
  const answers = await Promise.all(edits.map((id) => commit(order.id, id)));
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, ...Array<number>(RACERS - 1).fill(409)], answers.map((a) => a.body.slice(0, 160)).join('\n'));
  assert.deepEqual([...new Set(answers.filter((a) => a.statusCode === 409).map((a) => a.json().code))], ['ORDER_EDIT_CONFLICT']);
  const winner = answers.findIndex((a) => a.statusCode === 200);
  const after = (await t.call('GET', `/v1/orders/${order.id}`)).json() as OrderJson & { notes: string; version: number };
  assert.deepEqual([after.lines.length, after.lines[0]?.quantity, after.notes], [1, 2 + winner, `racer ${winner}`], 'the winner’s edit, whole, and only it');
  assert.equal(after.version, order.version + 1);
  assert.equal(await count('order.edited', order.id), 1);
  const open = await queryRows<{ status: string; n: number }>(t.database.db, sql`select status, count(*)::int as n from order_edits where order_id = ${order.id} group by status order by status`);
  assert.deepEqual(open.map((r) => [r.status, r.n]), [['committed', 1], ['open', RACERS - 1]], 'the losers stay open (to be discarded), nothing half-committed');
  await assertConsistent([sku]);
});

test('the same edit committed by many requests at once commits once', async () => {
  const sku = await stockedProduct(t, { 'OEC-WH': 20 });
  const order = await placeOrder(t, [{ sku, quantity: 1 }]);
  const id = await begin(order.id, [{ type: 'change_quantity', line_id: order.lines[0]?.id, quantity: 4 }]);
  const answers = await Promise.all(Array.from({ length: RACERS }, () => commit(order.id, id)));
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, ...Array<number>(RACERS - 1).fill(409)]);
  assert.deepEqual([...new Set(answers.filter((a) => a.statusCode === 409).map((a) => a.json().code))], ['ORDER_EDIT_CLOSED']);
  assert.equal(await count('order.edited', order.id), 1);
  await assertConsistent([sku]);
});

test('an edit racing a cancel: it lands before the cancel (which then releases its units) or is refused; never a unit left reserved', async () => {
  const sku = await stockedProduct(t, { 'OEC-WH': 60 });
  const extra = await stockedProduct(t, { 'OEC-WH': 60 });
  for (let round = 0; round < 10; round++) {
    const order = await placeOrder(t, [{ sku, quantity: 2 }]);
    const id = await begin(order.id, [{ type: 'change_quantity', line_id: order.lines[0]?.id, quantity: 3 }, { type: 'add_line', sku: extra, quantity: 1 }]);
    const [edited, cancelled] = await Promise.all([commit(order.id, id), t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: `round ${round}` })]);
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.ok(edited.statusCode === 200 || (edited.statusCode === 409 && ['ORDER_EDIT_CONFLICT', 'ORDER_NOT_EDITABLE'].includes(edited.json().code)), `round ${round}: ${edited.statusCode} ${edited.body}`);
    const view = (await t.call('GET', `/v1/orders/${order.id}`)).json() as OrderJson;
    assert.equal(view.status, 'cancelled');
    assert.equal(view.lines.length, edited.statusCode === 200 ? 2 : 1, `round ${round}: the edit’s line is there exactly when it committed`);
  }
  await assertConsistent([sku, extra]);
  const reserved = await queryRows<{ n: number }>(t.database.db, sql`select coalesce(sum(reserved), 0)::int as n from stock_levels where sku = any(${sql.param([sku, extra])}::text[])`);
  assert.equal(reserved[0]?.n, 0, 'every order was cancelled: nothing stays reserved');
});

test('edits and captures racing for the last units never oversell', async () => {
  const sku = uniqueCode('OEC-HOT');
  await createProduct(t, sku);
  await adjust(t, sku, 'OEC-WH', 10);
  // Six orders of one unit each hold six of the ten; four are left for everyone below.
  const orders: OrderJson[] = [];
  for (let i = 0; i < 6; i++) orders.push(await placeOrder(t, [{ sku, quantity: 1 }]));
  const edits = await Promise.all(orders.map(async (o) => ({ order: o, edit: await begin(o.id, [{ type: 'change_quantity', line_id: o.lines[0]?.id, quantity: 2 }]) })));
  const jobs: Promise<{ kind: string; status: number; body: string }>[] = [
    ...edits.map(async ({ order, edit }) => {
      const res = await commit(order.id, edit);
      return { kind: 'edit', status: res.statusCode, body: res.body };
    }),
    ...Array.from({ length: 6 }, async () => {
      const res = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1 }]));
      return { kind: 'capture', status: res.statusCode, body: res.body };
    }),
  ];
  const results = await Promise.all(jobs);
  for (const r of results) assert.ok(r.status === 200 || r.status === 201 || (r.status === 409 && JSON.parse(r.body).code === 'INVENTORY_INSUFFICIENT'), `${r.kind}: ${r.status} ${r.body.slice(0, 200)}`);
  const won = results.filter((r) => r.status === 200 || r.status === 201).length;
  assert.equal(won, 4, `exactly the four units left were sold: ${results.map((r) => `${r.kind} ${r.status}`).join(', ')}`);
  await assertConsistent([sku]);
  const [level] = await queryRows<{ on_hand: number; reserved: number }>(t.database.db, sql`select on_hand, reserved from stock_levels where sku = ${sku}`);
  assert.deepEqual([level?.on_hand, level?.reserved], [10, 10]);
});

test('kit quantity edits and kit captures racing for the last component units never oversell', async () => {
  // KIT = 2 × A + 1 × B. Six orders of one kit hold 12 of the 20 A: eight are left, four kits' worth.
  const a = uniqueCode('OEC-KA');
  const b = uniqueCode('OEC-KB');
  await createProduct(t, a, { price: '2.00' });
  await createProduct(t, b, { price: '8.00' });
  await adjust(t, a, 'OEC-WH', 20);
  await adjust(t, b, 'OEC-WH', 100);
  const kit = uniqueCode('OEC-KIT');
  const defined = await t.call('PUT', `/v1/products/${kit}`, { name: 'Race kit', price: '30.00', currency: 'USD', components: [{ sku: a, quantity: 2 }, { sku: b, quantity: 1 }] });
  assert.equal(defined.statusCode, 201, defined.body);
  const orders: OrderJson[] = [];
  for (let i = 0; i < 6; i++) orders.push(await placeOrder(t, [{ sku: kit, quantity: 1 }]));
  const kitLineOf = (o: OrderJson) => (o.lines as (OrderJson['lines'][number] & { parent_line_id: string | null })[]).find((l) => l.sku === kit)?.id;
  const edits = await Promise.all(orders.map(async (o) => ({ order: o, edit: await begin(o.id, [{ type: 'change_quantity', line_id: kitLineOf(o), quantity: 2 }]) })));
  const jobs: Promise<{ kind: string; status: number; body: string }>[] = [
    ...edits.map(async ({ order, edit }) => {
      const res = await commit(order.id, edit);
      return { kind: 'edit', status: res.statusCode, body: res.body };
    }),
    ...Array.from({ length: 6 }, async () => {
      const res = await t.call('POST', '/v1/orders', orderBody([{ sku: kit, quantity: 1 }]));
      return { kind: 'capture', status: res.statusCode, body: res.body };
    }),
  ];
  const results = await Promise.all(jobs);
  for (const r of results) assert.ok(r.status === 200 || r.status === 201 || (r.status === 409 && JSON.parse(r.body).code === 'INVENTORY_INSUFFICIENT'), `${r.kind}: ${r.status} ${r.body.slice(0, 200)}`);
  const won = results.filter((r) => r.status === 200 || r.status === 201).length;
  assert.equal(won, 4, `exactly the four kits’ worth of A left were sold: ${results.map((r) => `${r.kind} ${r.status}`).join(', ')}`);
  await assertConsistent([a, b]);
  const levels = await queryRows<{ sku: string; reserved: number }>(t.database.db, sql`select sku, reserved from stock_levels where sku = any(${sql.param([a, b])}::text[]) order by sku`);
  assert.deepEqual(levels.map((l) => l.reserved), [20, 10], 'all 20 A (10 kits) and one B per kit reserved');
  // Every kit's components are in step with it: units per kit × the kit's live quantity.
  const lines = await queryRows<{ kit_live: number; a_live: number; b_live: number }>(
    t.database.db,
    sql`select k.quantity - k.cancelled as kit_live,
               (select c.quantity - c.cancelled from order_lines c where c.tenant_id = k.tenant_id and c.parent_line_id = k.id and c.sku = ${a}) as a_live,
               (select c.quantity - c.cancelled from order_lines c where c.tenant_id = k.tenant_id and c.parent_line_id = k.id and c.sku = ${b}) as b_live
        from order_lines k where k.sku = ${kit}`,
  );
  for (const l of lines) assert.deepEqual([l.a_live, l.b_live], [2 * l.kit_live, l.kit_live], `a kit of ${l.kit_live}: its components scale with it`);
});
