import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiKey, createLocation, placeOrder, stockedProduct, uniqueCode, type OrderJson } from '../support/factories.js';

// Order edits after capture (issue 15 §5, ADR 0032): begin → stage → preview → commit, each change
// type, the rules that refuse, the money delta against the ledger, stock and the timeline.
let t: TestApp;
let operator: { id: string; key: string };
let viewer: string;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'OE-WH', { address: { name: 'Edit DC', line1: '1 Dock Rd', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' } });
  assert.equal((await t.call('PUT', '/v1/boxes/OE-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 9000, tare_grams: 200, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  operator = await createApiKey(t, 'operator');
  viewer = (await createApiKey(t, 'viewer')).key;
});
after(() => t.close());

interface LineJson {
  id: string;
  sku: string;
  quantity: number;
  cancelled: number;
  allocated: number;
  backordered: number;
  unit_price: string;
}
type Order = OrderJson & { version: number; notes: string | null; tags: string[]; held: boolean; lines: LineJson[]; totals: { total: string; subtotal: string; discount_total: string }; payment: { amount_due: string; refund_owed: string }; shipping_address: Record<string, unknown> | null; shipping?: { service_level: string | null } };
interface EditJson {
  id: string;
  status: string;
  base_version: number;
  stale: boolean;
  changes: Record<string, unknown>[];
  preview: null | {
    valid: boolean;
    errors: { field: string; message: string }[];
    before: { total: string } | null;
    after: { total: string; discount: string } | null;
    delta: string | null;
    amount_due: string | null;
    refund_owed: string | null;
    lines: { line_id: string; sku: string; before: { quantity: number } | null; after: { quantity: number } | null }[];
    stock: { allocations: { sku: string; location: string; quantity: number }[]; backorders: { sku: string; quantity: number }[]; shortages: { sku: string }[]; released: { line_id: string; quantity: number }[] };
  };
  result: Record<string, unknown> | null;
}
interface Event {
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

const orderOf = async (id: string) => (await t.call('GET', `/v1/orders/${id}`)).json() as Order;
const timeline = async (id: string) => ((await t.call('GET', `/v1/orders/${id}/events`)).json() as { data: Event[] }).data;
const stockOf = async (sku: string) => ((await t.call('GET', `/v1/inventory/${sku}`)).json() as { locations: { location: string; on_hand: number; reserved: number; available: number }[] }).locations.find((l) => l.location === 'OE-WH');
const fulfillmentOf = async (orderId: string) => (await t.call('GET', `/v1/fulfillment-orders?order_id=${orderId}`)).json().data as { id: string; status: string; lines: { sku: string; quantity: number }[] }[];
const begin = (orderId: string, changes: unknown[] = [], options: { key?: string; headers?: Record<string, string> } = {}) => t.call('POST', `/v1/orders/${orderId}/edits`, { changes }, options);
const stage = (orderId: string, editId: string, changes: unknown[]) => t.call('POST', `/v1/orders/${orderId}/edits/${editId}/changes`, { changes });
const commit = (orderId: string, editId: string, reason = 'customer called', options: { key?: string; headers?: Record<string, string> } = {}) => t.call('POST', `/v1/orders/${orderId}/edits/${editId}/commit`, { reason }, options);
const preview = async (orderId: string, editId: string) => (await t.call('GET', `/v1/orders/${orderId}/edits/${editId}`)).json() as EditJson;

/** An order of `quantity` units of a fresh SKU stocked with `stock` at OE-WH (10.00 each, 5.00 shipping). */
async function newOrder(quantity = 2, stock = 10): Promise<{ order: Order; sku: string }> {
  const sku = await stockedProduct(t, { 'OE-WH': stock });
  const order = (await placeOrder(t, [{ sku, quantity }])) as Order;
  return { order, sku };
}

/** Begins, stages and commits; answers the committed edit. */
async function edit(orderId: string, changes: unknown[], reason = 'customer called'): Promise<EditJson> {
  const begun = await begin(orderId, changes, { key: operator.key });
  assert.equal(begun.statusCode, 201, begun.body);
  const committed = await commit(orderId, (begun.json() as EditJson).id, reason, { key: operator.key });
  assert.equal(committed.statusCode, 200, committed.body);
  return committed.json() as EditJson;
}

describe('begin, stage, preview, commit', () => {
  test('a quantity increase and a new line: previewed with the delta and stock, committed at once, on the timeline', async () => {
    const { order, sku } = await newOrder(2);
    const other = await stockedProduct(t, { 'OE-WH': 5 }, { price: '7.50' });
    const line = order.lines[0] as LineJson;
    const begun = await begin(order.id, [{ type: 'change_quantity', line_id: line.id, quantity: 3 }], { key: operator.key });
    assert.equal(begun.statusCode, 201, begun.body);
    const e = begun.json() as EditJson;
    assert.match(e.id, /^oed_[0-9a-z]{26}$/);
    assert.deepEqual([e.status, e.base_version, e.stale], ['open', order.version, false]);
    const staged = await stage(order.id, e.id, [{ type: 'add_line', sku: other, quantity: 2 }]);
    assert.equal(staged.statusCode, 200, staged.body);
    const p = (await preview(order.id, e.id)).preview;
    assert.ok(p?.valid, JSON.stringify(p?.errors));
    assert.deepEqual([p.before?.total, p.after?.total, p.delta], ['25.00', '50.00', '25.00'], '2×10 + 5 → 3×10 + 2×7.50 (catalogue price) + 5');
    assert.equal(p.amount_due, '50.00', 'nothing was paid: the whole total is due');
    assert.deepEqual(p.lines.map((l) => [l.sku, l.before?.quantity ?? null, l.after?.quantity ?? null]), [[sku, 2, 3], [other, null, 2]]);
    assert.deepEqual(p.stock.allocations.map((a) => [a.sku, a.location, a.quantity]).sort(), [[sku, 'OE-WH', 1], [other, 'OE-WH', 2]].sort());
    assert.deepEqual(await stockOf(sku), { ...(await stockOf(sku)), reserved: 2 }, 'the preview reserves nothing');

    const committed = await commit(order.id, e.id, 'customer wants more', { key: operator.key });
    assert.equal(committed.statusCode, 200, committed.body);
    assert.equal((committed.json() as EditJson).status, 'committed');
    const after = await orderOf(order.id);
    assert.deepEqual(after.lines.map((l) => [l.sku, l.quantity, l.allocated]), [[sku, 3, 3], [other, 2, 2]]);
    assert.equal(after.totals.total, '50.00');
    assert.equal(after.version, order.version + 1, 'the edit moved the version');
    assert.equal((await stockOf(sku))?.reserved, 3);
    assert.equal((await stockOf(other))?.reserved, 2);
    const fos = await fulfillmentOf(order.id);
    assert.deepEqual(fos.flatMap((f) => f.lines.map((l) => [l.sku, l.quantity])).sort(), [[sku, 3], [other, 2]].sort(), 'the new units joined the open fulfillment order');
    const edited = (await timeline(order.id)).filter((ev) => ev.type === 'order.edited');
    assert.equal(edited.length, 1);
    const data = edited[0]?.data as { reason: string; edit_id: string; changes: { type: string; before: unknown; after: unknown }[]; money: Record<string, number> };
    assert.equal(edited[0]?.actor, operator.id, 'who edited it');
    assert.deepEqual([data.reason, data.edit_id], ['customer wants more', e.id]);
    assert.deepEqual(data.changes.map((c) => [c.type, c.before, (c.after as { quantity: number }).quantity]), [['change_quantity', { quantity: 2 }, 3], ['add_line', null, 2]]);
    assert.deepEqual([data.money.total_before, data.money.total_after, data.money.delta, data.money.amount_due, data.money.refund_owed], [2500, 5000, 2500, 5000, 0]);
  });

  test('a quantity decrease releases stock and, with the order paid, leaves a refund owed', async () => {
    const { order, sku } = await newOrder(3);
    const paid = await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '35.00', currency: 'USD', gateway: 'manual' });
    assert.equal(paid.statusCode, 201, paid.body);
    const line = order.lines[0] as LineJson;
    const committed = await edit(order.id, [{ type: 'change_quantity', line_id: line.id, quantity: 1 }]);
    assert.deepEqual((committed.result as { money: Record<string, number> }).money.refund_owed, 2000);
    const after = await orderOf(order.id);
    assert.deepEqual([after.lines[0]?.quantity, after.lines[0]?.cancelled, after.lines[0]?.allocated], [3, 2, 1]);
    assert.deepEqual([after.totals.total, after.payment.refund_owed, after.payment.amount_due], ['15.00', '20.00', '0.00']);
    assert.equal((await stockOf(sku))?.reserved, 1, 'two units released');
    assert.deepEqual((await fulfillmentOf(order.id)).flatMap((f) => f.lines.map((l) => l.quantity)), [1], 'the fulfillment order shrank');
  });

  test('remove a line, swap a variant: the old units are released, the new SKU reserved', async () => {
    const a = await stockedProduct(t, { 'OE-WH': 5 });
    const b = await stockedProduct(t, { 'OE-WH': 5 });
    const c = await stockedProduct(t, { 'OE-WH': 5 }, { price: '12.00' });
    const order = (await placeOrder(t, [{ sku: a, quantity: 1 }, { sku: b, quantity: 2 }])) as Order;
    const [la, lb] = order.lines as [LineJson, LineJson];
    const committed = await edit(order.id, [{ type: 'remove_line', line_id: la.id }, { type: 'change_variant', line_id: lb.id, sku: c }]);
    assert.equal(committed.status, 'committed');
    const after = await orderOf(order.id);
    assert.deepEqual(after.lines.map((l) => [l.sku, l.quantity - l.cancelled, l.allocated]), [[a, 0, 0], [b, 0, 0], [c, 2, 2]]);
    assert.equal(after.totals.total, '29.00', '2 × 12.00 + 5.00 shipping');
    assert.deepEqual([(await stockOf(a))?.reserved, (await stockOf(b))?.reserved, (await stockOf(c))?.reserved], [0, 0, 2]);
    // Every old unit was taken off before the new ones were added: the order is never cancelled on the way.
    assert.equal(after.status, 'allocated');
    const types = ((await t.call('GET', `/v1/orders/${order.id}/events`)).json() as { data: { type: string }[] }).data.map((e) => e.type);
    assert.ok(!types.includes('order.cancelled'), types.join(', '));
    assert.deepEqual((await fulfillmentOf(order.id)).filter((f) => f.status !== 'cancelled').flatMap((f) => f.lines.map((l) => [l.sku, l.quantity])), [[c, 2]], 'the new variant is in an open fulfillment order');
  });

  test('discounts: an amount on a line and a percentage over the order, exact to the cent', async () => {
    const a = await stockedProduct(t, { 'OE-WH': 5 });
    const b = await stockedProduct(t, { 'OE-WH': 5 });
    const order = (await placeOrder(t, [{ sku: a, quantity: 3, unit_price: '10.00' }, { sku: b, quantity: 1, unit_price: '20.00' }])) as Order;
    const begun = (await begin(order.id, [{ type: 'add_discount', line_id: order.lines[0]?.id, amount: '1.00', code: 'SORRY' }, { type: 'add_discount', percent: '10' }])).json() as EditJson;
    const p = begun.preview;
    assert.ok(p?.valid, JSON.stringify(p?.errors));
    // 50.00 − 1.00 = 49.00; 10 % of 49.00 = 4.90 → 44.10 + 5.00 shipping.
    assert.deepEqual([p.after?.discount, p.after?.total, p.delta], ['5.90', '49.10', '-5.90']);
    assert.equal((await commit(order.id, begun.id)).statusCode, 200);
    assert.equal((await orderOf(order.id)).totals.total, '49.10');
  });

  test('address, shipping method, notes and tags in one edit', async () => {
    const { order } = await newOrder(1);
    const address = { name: 'Ada Lovelace', line1: '1 New Street', city: 'Chicago', region: 'IL', postal_code: '60601', country: 'US' };
    const committed = await edit(order.id, [
      { type: 'change_shipping_address', address },
      { type: 'change_shipping_method', service_level: 'expedited', price: '15.00' },
      { type: 'change_notes', notes: 'leave at the door' },
      { type: 'change_tags', tags: ['vip', 'vip', 'edited'] },
    ]);
    assert.equal((committed.result as { money: { delta: number } }).money.delta, 1000, 'shipping 5.00 → 15.00');
    const after = await orderOf(order.id);
    assert.equal((after.shipping_address as { line1: string }).line1, '1 New Street');
    assert.deepEqual([after.notes, after.tags, after.totals.total], ['leave at the door', ['vip', 'edited'], '25.00']);
  });

  test('staging and unstaging; discard leaves the order as it was', async () => {
    const { order } = await newOrder(1);
    const e = (await begin(order.id, [{ type: 'change_notes', notes: 'one' }, { type: 'change_tags', tags: ['x'] }])).json() as EditJson;
    const removed = await t.call('DELETE', `/v1/orders/${order.id}/edits/${e.id}/changes/0`);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual((removed.json() as EditJson).changes.map((c) => c.type), ['change_tags']);
    const out = await t.call('DELETE', `/v1/orders/${order.id}/edits/${e.id}/changes/5`);
    assert.deepEqual([out.statusCode, out.json().code, out.json().errors[0].field], [422, 'ORDER_EDIT_INVALID', 'n']);
    const discarded = await t.call('POST', `/v1/orders/${order.id}/edits/${e.id}/discard`);
    assert.deepEqual([discarded.statusCode, discarded.json().status], [200, 'discarded']);
    const late = await commit(order.id, e.id);
    assert.deepEqual([late.statusCode, late.json().code], [409, 'ORDER_EDIT_CLOSED']);
    assert.deepEqual((await orderOf(order.id)).tags, ['test']);
  });

  test('an order’s edits are listed newest first with their changes and who closed them', async () => {
    const { order } = await newOrder(1);
    const first = (await begin(order.id, [{ type: 'change_notes', notes: 'first' }])).json() as EditJson;
    assert.equal((await commit(order.id, first.id)).statusCode, 200);
    const second = (await begin(order.id, [{ type: 'change_tags', tags: ['vip'] }])).json() as EditJson;
    assert.equal((await t.call('POST', `/v1/orders/${order.id}/edits/${second.id}/discard`)).statusCode, 200);
    const open = (await begin(order.id, [{ type: 'change_notes', notes: 'third' }])).json() as EditJson;
    const list = await t.call('GET', `/v1/orders/${order.id}/edits`);
    assert.equal(list.statusCode, 200, list.body);
    const rows = list.json().data as { id: string; status: string; changes: { type: string }[]; closed_by: string | null; preview?: unknown }[];
    assert.deepEqual(rows.map((r) => [r.id, r.status, r.changes.map((c) => c.type)]), [
      [open.id, 'open', ['change_notes']],
      [second.id, 'discarded', ['change_tags']],
      [first.id, 'committed', ['change_notes']],
    ]);
    assert.equal(rows[0]?.closed_by, null);
    assert.ok(rows[2]?.closed_by, 'the committed edit names who committed it');
    assert.ok(!('preview' in (rows[0] ?? {})), 'a list carries no preview');
    assert.deepEqual((await t.call('GET', `/v1/orders/${order.id}/edits?limit=1`)).json().data.map((r: { id: string }) => r.id), [open.id]);
    const bad = await t.call('GET', `/v1/orders/${order.id}/edits?limit=0`);
    assert.equal(bad.statusCode, 400, bad.body);
  });
});

describe('rules that refuse', () => {
  test('each bad change is 422 naming its field; nothing is written', async () => {
    const { order } = await newOrder(2);
    const line = order.lines[0] as LineJson;
    const cases: [unknown, string][] = [
      [{ type: 'change_quantity', line_id: 'oln_00000000000000000000000000', quantity: 1 }, 'changes[0].line_id'],
      [{ type: 'add_line', sku: 'NO-SUCH-SKU', quantity: 1 }, 'changes[0].sku'],
      [{ type: 'add_line', sku: line.sku, quantity: 1, unit_price: '1.234' }, 'changes[0].unit_price'],
      [{ type: 'add_discount', amount: '999.00' }, 'changes[0].amount'],
      [{ type: 'add_discount', percent: '150' }, 'changes[0].percent'],
      [{ type: 'add_discount' }, 'changes[0].amount'],
      [{ type: 'change_shipping_method', service_level: 'teleport' }, 'changes[0].service_level'],
      [{ type: 'change_variant', line_id: line.id, sku: line.sku }, 'changes[0].sku'],
      [{ type: 'change_shipping_address', address: { line1: 'x', city: 'y', country: 'ZZ' } }, 'changes[0].address.country'],
    ];
    for (const [change, field] of cases) {
      const res = await begin(order.id, [change]);
      assert.equal(res.statusCode, 422, `${JSON.stringify(change)}: ${res.body}`);
      assert.equal(res.json().code, 'ORDER_EDIT_INVALID');
      assert.ok((res.json().errors as { field: string }[]).some((e) => e.field === field), `${field} in ${res.body}`);
    }
    const emptied = await begin(order.id, [{ type: 'remove_line', line_id: line.id }]);
    assert.deepEqual([emptied.statusCode, emptied.json().errors[0].field], [422, 'changes'], 'an edit that leaves no units: cancel instead');
    assert.equal((await orderOf(order.id)).version, order.version);
    assert.equal((await timeline(order.id)).filter((e) => e.type === 'order.edited').length, 0);
  });

  test('a cancelled order is not editable (409)', async () => {
    const { order } = await newOrder(1);
    assert.equal((await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'gone' })).statusCode, 200);
    const res = await begin(order.id, [{ type: 'change_notes', notes: 'x' }]);
    assert.deepEqual([res.statusCode, res.json().code], [409, 'ORDER_NOT_EDITABLE']);
    const patch = await t.call('PATCH', `/v1/orders/${order.id}`, { notes: 'x' });
    assert.deepEqual([patch.statusCode, patch.json().code], [409, 'ORDER_NOT_EDITABLE']);
  });

  test('shipped units: the quantity cannot go below them, the line cannot be removed; a label on an open shipment fixes the address', async () => {
    const physical = { dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 500 };
    const sku = await stockedProduct(t, { 'OE-WH': 10 }, physical);
    const other = await stockedProduct(t, { 'OE-WH': 10 }, physical);
    const order = (await placeOrder(t, [{ sku, quantity: 2 }, { sku: other, quantity: 1 }])) as Order;
    const [fo] = await fulfillmentOf(order.id);
    assert.ok(fo, 'the order has a fulfillment order');
    const packed = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
    assert.equal(packed.statusCode, 200, packed.body);
    const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
    assert.equal(shipped.statusCode, 201, shipped.body);
    const line = order.lines[0] as LineJson;
    const below = await begin(order.id, [{ type: 'change_quantity', line_id: line.id, quantity: 1 }]);
    assert.deepEqual([below.statusCode, below.json().errors[0].field], [422, 'changes[0].quantity']);
    const removed = await begin(order.id, [{ type: 'remove_line', line_id: line.id }]);
    assert.deepEqual([removed.statusCode, removed.json().errors[0].field], [422, 'changes[0].line_id']);
    assert.match(removed.json().errors[0].message, /shipped line cannot be removed/);
    const moved = await t.call('PATCH', `/v1/orders/${order.id}`, { shipping_address: { line1: '2 Elsewhere', city: 'Chicago', country: 'US' } });
    assert.deepEqual([moved.statusCode, moved.json().code], [422, 'ORDER_EDIT_LABEL_BOUGHT']);
    assert.match(moved.json().errors[0].message, /void the label first/);
    // Voiding the label lets the address change.
    assert.equal((await t.call('POST', `/v1/shipments/${shipped.json().id}/void`, { reason: 'address change' })).statusCode < 300, true);
    const again = await t.call('PATCH', `/v1/orders/${order.id}`, { shipping_address: { line1: '2 Elsewhere', city: 'Chicago', country: 'US' } });
    assert.equal(again.statusCode, 200, again.body);
  });

  test('more units than the stock: 409 INVENTORY_INSUFFICIENT naming the change; a backorderable SKU is backordered', async () => {
    const { order } = await newOrder(1, 2);
    const line = order.lines[0] as LineJson;
    const e = (await begin(order.id, [{ type: 'change_notes', notes: 'n' }, { type: 'change_quantity', line_id: line.id, quantity: 5 }])).json() as EditJson;
    assert.deepEqual(e.preview?.stock.shortages.map((s) => s.sku), [line.sku], 'the preview says it is short');
    const res = await commit(order.id, e.id);
    assert.deepEqual([res.statusCode, res.json().code, res.json().errors[0].field], [409, 'INVENTORY_INSUFFICIENT', 'changes[1].quantity']);
    assert.equal((await orderOf(order.id)).lines[0]?.quantity, 1, 'nothing written');
    assert.equal((await preview(order.id, e.id)).status, 'open', 'the edit stays open');

    const bo = await stockedProduct(t, { 'OE-WH': 1 }, { backorderable: true });
    const committed = await edit(order.id, [{ type: 'add_line', sku: bo, quantity: 3 }]);
    assert.deepEqual((committed.result as { stock: { allocations: unknown[]; backorders: { quantity: number }[] } }).stock.backorders.map((b) => b.quantity), [2]);
    const after = await orderOf(order.id);
    assert.deepEqual([after.lines[1]?.allocated, after.lines[1]?.backordered, after.status], [1, 2, 'partially_allocated']);
  });

  test('a held order stays held: its new units wait on hold', async () => {
    const { order } = await newOrder(1);
    assert.equal((await t.call('POST', `/v1/orders/${order.id}/holds`, { type: 'manual', reason: 'check' })).statusCode, 201);
    const other = await stockedProduct(t, { 'OE-WH': 3 });
    await createLocation(t, uniqueCode('OE-2'));
    await edit(order.id, [{ type: 'add_line', sku: other, quantity: 1 }]);
    const after = await orderOf(order.id);
    assert.equal(after.held, true);
    assert.ok((await fulfillmentOf(order.id)).every((f) => f.status === 'on_hold'), 'no fulfillment order went to a location');
  });
});

describe('versions and conflicts', () => {
  test('two edits begun on one version: the first commits, the second is 409 ORDER_EDIT_CONFLICT and writes nothing', async () => {
    const { order } = await newOrder(2);
    const line = order.lines[0] as LineJson;
    const first = (await begin(order.id, [{ type: 'change_quantity', line_id: line.id, quantity: 3 }])).json() as EditJson;
    const second = (await begin(order.id, [{ type: 'change_notes', notes: 'second' }])).json() as EditJson;
    assert.equal((await commit(order.id, first.id)).statusCode, 200);
    assert.equal((await preview(order.id, second.id)).stale, true, 'the preview says the order moved');
    const res = await commit(order.id, second.id);
    assert.deepEqual([res.statusCode, res.json().code], [409, 'ORDER_EDIT_CONFLICT']);
    assert.notEqual((await orderOf(order.id)).notes, 'second');
  });

  test('an edit begun before a partial cancel conflicts, though the cancel kept the version', async () => {
    const { order } = await newOrder(3);
    const line = order.lines[0] as LineJson;
    const e = (await begin(order.id, [{ type: 'change_notes', notes: 'after cancel' }])).json() as EditJson;
    assert.equal((await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'one less', lines: [{ line_id: line.id, quantity: 1 }] })).statusCode, 200);
    const res = await commit(order.id, e.id);
    assert.deepEqual([res.statusCode, res.json().code], [409, 'ORDER_EDIT_CONFLICT']);
  });

  test('PATCH with If-Match: the current version passes, an old one is 409; both write one order.edited at most', async () => {
    const { order } = await newOrder(1);
    const stale = await t.call('PATCH', `/v1/orders/${order.id}`, { tags: ['late'] }, { headers: { 'if-match': `"${order.version - 1}"` } });
    assert.deepEqual([stale.statusCode, stale.json().code], [409, 'ORDER_EDIT_CONFLICT']);
    const ok = await t.call('PATCH', `/v1/orders/${order.id}`, { tags: ['now'], notes: 'hi', reason: 'tidy' }, { headers: { 'if-match': `"${order.version}"` } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json().tags, ok.json().notes, ok.json().version], [['now'], 'hi', order.version + 1]);
    const bad = await t.call('PATCH', `/v1/orders/${order.id}`, { tags: ['x'] }, { headers: { 'if-match': 'yesterday' } });
    assert.deepEqual([bad.statusCode, bad.json().errors[0].field], [400, 'If-Match']);
    const edited = (await timeline(order.id)).filter((e) => e.type === 'order.edited');
    assert.deepEqual(edited.map((e) => e.data.reason), ['tidy']);
  });

  test('an Idempotency-Key replays the commit; roles: a viewer may not edit', async () => {
    const { order } = await newOrder(1);
    const e = (await begin(order.id, [{ type: 'change_notes', notes: 'once' }])).json() as EditJson;
    const headers = { 'idempotency-key': `oe-${e.id}` };
    const one = await commit(order.id, e.id, 'retry me', { headers });
    const two = await commit(order.id, e.id, 'retry me', { headers });
    assert.deepEqual([one.statusCode, two.statusCode, two.json().id], [200, 200, e.id]);
    assert.equal((await timeline(order.id)).filter((ev) => ev.type === 'order.edited').length, 1);
    const denied = await begin(order.id, [], { key: viewer });
    assert.deepEqual([denied.statusCode, denied.json().code], [403, 'AUTH_FORBIDDEN']);
  });
});



