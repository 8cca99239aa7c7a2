import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, placeOrder, stockedProduct, uniqueCode, type OrderJson } from '../support/factories.js';

// Kits in order edits (ADR 0032 §7): a kit line's quantity scales its components, removing it
// removes them, adding a kit SKU explodes it as capture does; a component is never edited alone.
let t: TestApp;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'OK-WH');
});
after(() => t.close());

/** An order line as the API shows kits: `kit` on the kit line, `parent_line_id` and `price_share` on its components. */
type LineJson = OrderJson['lines'][number] & { kit: boolean; parent_line_id: string | null; price_share: string | null; unit_price: string };
type Order = Omit<OrderJson, 'lines'> & { version: number; lines: LineJson[]; totals: { total: string } };
interface EditJson {
  id: string;
  status: string;
  preview: null | {
    valid: boolean;
    errors: { field: string; message: string }[];
    before: { total: string } | null;
    after: { total: string } | null;
    delta: string | null;
    lines: { line_id: string; sku: string; parent_line_id: string | null; before: { quantity: number } | null; after: { quantity: number } | null }[];
    stock: { allocations: { sku: string; quantity: number }[]; shortages: { sku: string }[]; released: { line_id: string; quantity: number }[] };
  };
}

const orderOf = async (id: string) => (await t.call('GET', `/v1/orders/${id}`)).json() as unknown as Order;
const reservedOf = async (sku: string) => ((await t.call('GET', `/v1/inventory/${sku}`)).json() as { locations: { location: string; reserved: number }[] }).locations.find((l) => l.location === 'OK-WH')?.reserved ?? 0;
const begin = (orderId: string, changes: unknown[]) => t.call('POST', `/v1/orders/${orderId}/edits`, { changes });
const preview = async (orderId: string, editId: string) => (await t.call('GET', `/v1/orders/${orderId}/edits/${editId}`)).json() as EditJson;
const commit = (orderId: string, editId: string) => t.call('POST', `/v1/orders/${orderId}/edits/${editId}/commit`, { reason: 'bundle change' });

/** A kit of 2 × pen (2.00) + 1 × book (8.00) at 30.00, components stocked at OK-WH. */
async function newKit(stock = { pen: 20, book: 10 }): Promise<{ kit: string; pen: string; book: string }> {
  const pen = await stockedProduct(t, { 'OK-WH': stock.pen }, { price: '2.00' });
  const book = await stockedProduct(t, { 'OK-WH': stock.book }, { price: '8.00' });
  const kit = uniqueCode('KIT');
  const res = await t.call('PUT', `/v1/products/${kit}`, { name: 'Bundle', price: '30.00', currency: 'USD', components: [{ sku: pen, quantity: 2 }, { sku: book, quantity: 1 }] });
  assert.equal(res.statusCode, 201, res.body);
  return { kit, pen, book };
}

async function committed(orderId: string, changes: unknown[]): Promise<EditJson> {
  const begun = await begin(orderId, changes);
  assert.equal(begun.statusCode, 201, begun.body);
  const res = await commit(orderId, (begun.json() as EditJson).id);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as EditJson;
}

const shape = (o: Order) => o.lines.map((l) => [l.sku, l.quantity - l.cancelled, l.allocated, l.parent_line_id === null ? null : 'kit']);

describe('kits in order edits', () => {
  test('a kit’s quantity up: previewed with the components’ stock, committed with their reservations, shares re-split exactly', async () => {
    const { kit, pen, book } = await newKit();
    const order = (await placeOrder(t, [{ sku: kit, quantity: 2, unit_price: '30.00' }])) as unknown as Order;
    const kitLine = order.lines.find((l) => l.sku === kit) as LineJson;
    const begun = await begin(order.id, [{ type: 'change_quantity', line_id: kitLine.id, quantity: 3 }]);
    assert.equal(begun.statusCode, 201, begun.body);
    const p = (await preview(order.id, (begun.json() as EditJson).id)).preview;
    assert.ok(p?.valid, JSON.stringify(p?.errors));
    assert.deepEqual([p.before?.total, p.after?.total, p.delta], ['65.00', '95.00', '30.00']);
    assert.deepEqual(p.lines.map((l) => [l.sku, l.parent_line_id, l.before?.quantity, l.after?.quantity]), [[kit, null, 2, 3], [pen, kitLine.id, 4, 6], [book, kitLine.id, 2, 3]], 'the kit line, then its components before and after');
    assert.deepEqual(p.stock.allocations.map((a) => [a.sku, a.quantity]).sort(), [[pen, 2], [book, 1]].sort(), 'the components are planned, not the kit');
    assert.equal(await reservedOf(pen), 4, 'the preview reserves nothing');

    const res = await commit(order.id, (begun.json() as EditJson).id);
    assert.equal(res.statusCode, 200, res.body);
    const after = await orderOf(order.id);
    assert.deepEqual(shape(after), [[kit, 3, 3, null], [pen, 6, 6, 'kit'], [book, 3, 3, 'kit']]);
    assert.equal(after.totals.total, '95.00');
    const shares = after.lines.filter((l) => l.parent_line_id).map((l) => Number(l.price_share));
    assert.equal(shares.reduce((a, b) => a + b, 0), 90, 'the shares add up to 3 × 30.00');
    assert.deepEqual([await reservedOf(pen), await reservedOf(book)], [6, 3]);
    const events = ((await t.call('GET', `/v1/orders/${order.id}/events`)).json() as { data: { type: string; data: { changes: { before: unknown; after: unknown }[] } }[] }).data;
    const edited = events.find((e) => e.type === 'order.edited');
    assert.deepEqual(
      (edited?.data.changes[0]?.after as { quantity: number; components: { sku: string; quantity: number }[] }).components.map((c) => [c.sku, c.quantity]),
      [[pen, 6], [book, 3]],
      'the timeline shows the components before and after',
    );
  });

  test('a kit’s quantity down and a kit removed release the components’ reservations', async () => {
    const { kit, pen, book } = await newKit();
    const plain = await stockedProduct(t, { 'OK-WH': 5 });
    const order = (await placeOrder(t, [{ sku: kit, quantity: 3, unit_price: '30.00' }, { sku: plain, quantity: 1, unit_price: '10.00' }])) as unknown as Order;
    const kitLine = order.lines.find((l) => l.sku === kit) as LineJson;
    const begun = await begin(order.id, [{ type: 'change_quantity', line_id: kitLine.id, quantity: 1 }]);
    const p = (await preview(order.id, (begun.json() as EditJson).id)).preview;
    const components = order.lines.filter((l) => l.parent_line_id === kitLine.id);
    assert.deepEqual(p?.stock.released.map((r) => r.quantity).sort(), [2, 4], 'the preview releases the components’ units');
    assert.ok(components.every((c) => p?.stock.released.some((r) => r.line_id === c.id)), `every component of the kit is released: ${JSON.stringify(p?.stock.released)}`);
    assert.equal((await commit(order.id, (begun.json() as EditJson).id)).statusCode, 200);
    assert.deepEqual(shape(await orderOf(order.id)), [[kit, 1, 1, null], [plain, 1, 1, null], [pen, 2, 2, 'kit'], [book, 1, 1, 'kit']]);
    assert.deepEqual([await reservedOf(pen), await reservedOf(book)], [2, 1]);

    await committed(order.id, [{ type: 'remove_line', line_id: kitLine.id }]);
    const after = await orderOf(order.id);
    assert.deepEqual(shape(after), [[kit, 0, 0, null], [plain, 1, 1, null], [pen, 0, 0, 'kit'], [book, 0, 0, 'kit']]);
    assert.deepEqual([await reservedOf(pen), await reservedOf(book)], [0, 0]);
    assert.equal(after.totals.total, '15.00', 'the plain line and shipping are left');
  });

  test('adding a kit SKU explodes it into component lines as capture does, reserved; short stock is 409 naming the change', async () => {
    const { kit, pen, book } = await newKit({ pen: 4, book: 10 });
    const plain = await stockedProduct(t, { 'OK-WH': 5 });
    const order = (await placeOrder(t, [{ sku: plain, quantity: 1, unit_price: '10.00' }])) as unknown as Order;
    const short = await committedOrRefused(order.id, [{ type: 'add_line', sku: kit, quantity: 3 }]);
    assert.deepEqual([short.statusCode, short.json().code, short.json().errors[0].field], [409, 'INVENTORY_INSUFFICIENT', 'changes[0].quantity'], 'pens for 2 kits only');
    assert.equal(await reservedOf(pen), 0, 'nothing reserved');

    await committed(order.id, [{ type: 'add_line', sku: kit, quantity: 2 }]);
    const after = await orderOf(order.id);
    const kitLine = after.lines.find((l) => l.sku === kit) as LineJson;
    assert.deepEqual(shape(after), [[plain, 1, 1, null], [kit, 2, 2, null], [pen, 4, 4, 'kit'], [book, 2, 2, 'kit']]);
    assert.deepEqual([kitLine.kit, kitLine.unit_price], [true, '30.00'], 'priced from the catalogue');
    assert.ok(after.lines.filter((l) => l.parent_line_id).every((l) => l.parent_line_id === kitLine.id), "the components belong to the new kit line");
    assert.deepEqual(after.lines.filter((l) => l.parent_line_id).map((l) => l.price_share), ['20.00', '40.00'], '60.00 split by list value per kit: 2 × 2.00 : 1 × 8.00');
    assert.equal(after.totals.total, '75.00');
    assert.deepEqual([await reservedOf(pen), await reservedOf(book)], [4, 2]);
  });

  test('a component line is not edited alone: 422 pointing at its kit line, nothing written', async () => {
    const { kit } = await newKit();
    const order = (await placeOrder(t, [{ sku: kit, quantity: 1, unit_price: '30.00' }])) as unknown as Order;
    const kitLine = order.lines.find((l) => l.sku === kit) as LineJson;
    const component = order.lines.find((l) => l.parent_line_id === kitLine.id) as LineJson;
    const res = await begin(order.id, [{ type: 'change_quantity', line_id: component.id, quantity: 4 }]);
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().code, 'ORDER_EDIT_INVALID');
    assert.match(res.json().errors[0].message, new RegExp(`component of kit line ${kitLine.id}`));
    assert.equal((await orderOf(order.id)).version, order.version);
  });
});

async function committedOrRefused(orderId: string, changes: unknown[]) {
  const begun = await begin(orderId, changes);
  assert.equal(begun.statusCode, 201, begun.body);
  return commit(orderId, (begun.json() as EditJson).id);
}
