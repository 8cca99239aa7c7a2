import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { assertProblem, expectRefusedWithoutWrites } from '../support/bad-input.js';
import { adjust, createLocation, createProduct, orderBody, stockOf, type OrderJson } from '../support/factories.js';

/** Kits (bundles): catalog definition, capture explosion, cancellation, derived availability. */
interface ProductJson {
  sku: string;
  kit: boolean;
  components: { sku: string; quantity: number }[];
}

interface KitOrderJson extends OrderJson {
  lines: (OrderJson['lines'][number] & { kit: boolean; parent_line_id: string | null; price_share: string | null; unit_price: string; expected_date: string | null })[];
}

let t: TestApp;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'K-EAST', { priority: 1 });
  await createLocation(t, 'K-WEST', { priority: 2 });
  await createLocation(t, 'K-SHOP', { priority: 0, type: 'store', ships_to_customers: false });
});
after(() => t.close());

const available = async (sku: string, location: string) => (await stockOf(t, sku)).locations.find((l) => l.location === location)?.available ?? 0;
const reserved = async (sku: string, location: string) => (await stockOf(t, sku)).locations.find((l) => l.location === location)?.reserved ?? 0;

async function place(lines: { sku: string; quantity: number; unit_price?: string }[]): Promise<KitOrderJson> {
  const res = await t.call('POST', '/v1/orders', orderBody(lines));
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as KitOrderJson;
}

const putKit = (sku: string, components: unknown, extra: Record<string, unknown> = {}) =>
  t.call('PUT', `/v1/products/${sku}`, { name: `Kit ${sku}`, price: '30.00', currency: 'USD', components, ...extra });

describe('kit products', () => {
  test('a non-empty components list makes a kit; [] or omitted makes it plain again; repeating changes nothing', async () => {
    await createProduct(t, 'KC-PEN', { price: '2.00' });
    await createProduct(t, 'KC-BOOK', { price: '8.00' });
    const created = await putKit('KC-SET', [{ sku: 'KC-PEN', quantity: 2 }, { sku: 'KC-BOOK', quantity: 1 }]);
    assert.equal(created.statusCode, 201, created.body);
    const kit = created.json() as ProductJson;
    assert.equal(kit.kit, true);
    assert.deepEqual(kit.components, [{ sku: 'KC-PEN', quantity: 2 }, { sku: 'KC-BOOK', quantity: 1 }]);
    const again = await putKit('KC-SET', [{ sku: 'KC-PEN', quantity: 2 }, { sku: 'KC-BOOK', quantity: 1 }]);
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), created.json(), 'a repeated PUT changes nothing, updated_at included');
    const got = (await t.call('GET', '/v1/products/KC-SET')).json() as ProductJson;
    assert.deepEqual([got.kit, got.components], [true, kit.components]);
    const listed = ((await t.call('GET', '/v1/products?limit=100')).json().data as ProductJson[]).filter((p) => p.sku.startsWith('KC-'));
    assert.deepEqual(listed.map((p) => [p.sku, p.kit, p.components.length]), [['KC-BOOK', false, 0], ['KC-PEN', false, 0], ['KC-SET', true, 2]]);

    const reordered = (await putKit('KC-SET', [{ sku: 'KC-BOOK', quantity: 3 }])).json() as ProductJson;
    assert.deepEqual(reordered.components, [{ sku: 'KC-BOOK', quantity: 3 }]);
    const plain = (await putKit('KC-SET', [])).json() as ProductJson;
    assert.deepEqual([plain.kit, plain.components], [false, []]);
    await putKit('KC-SET', [{ sku: 'KC-PEN', quantity: 1 }]);
    const omitted = (await t.call('PUT', '/v1/products/KC-SET', { name: 'Kit KC-SET', price: '30.00', currency: 'USD' })).json() as ProductJson;
    assert.equal(omitted.kit, false, 'PUT is the whole document: no components means a plain product');
    assert.equal(((await putKit('KC-SET', null)).json() as ProductJson).kit, false);
  });

  test('bad kit definitions are refused with the field and change nothing', async () => {
    await createProduct(t, 'KB-A');
    await createProduct(t, 'KB-B');
    await putKit('KB-KIT', [{ sku: 'KB-A', quantity: 1 }]);
    await putKit('KB-OUTER', [{ sku: 'KB-B', quantity: 1 }]);
    const url = { method: 'PUT' as const, url: '/v1/products/KB-NEW' };
    const body = (components: unknown) => ({ name: 'New kit', price: '5.00', currency: 'USD', components });
    const cases = [
      { name: 'unknown component', body: body([{ sku: 'KB-A', quantity: 1 }, { sku: 'KB-NOPE', quantity: 1 }]), status: 422, code: 'PRODUCT_KIT_INVALID', field: 'components[1].sku' },
      { name: 'itself', body: body([{ sku: 'KB-NEW', quantity: 1 }]), status: 422, code: 'PRODUCT_KIT_INVALID', field: 'components[0].sku' },
      { name: 'a kit inside a kit', body: body([{ sku: 'KB-KIT', quantity: 1 }]), status: 422, code: 'PRODUCT_KIT_INVALID', field: 'components[0].sku' },
      { name: 'a component twice', body: body([{ sku: 'KB-A', quantity: 1 }, { sku: 'KB-A', quantity: 2 }]), status: 422, code: 'PRODUCT_KIT_INVALID', field: 'components[1].sku' },
      { name: 'zero quantity', body: body([{ sku: 'KB-A', quantity: 0 }]), status: 400, field: 'components[0].quantity' },
      { name: 'fractional quantity', body: body([{ sku: 'KB-A', quantity: 1.5 }]), status: 400, field: 'components[0].quantity' },
      { name: 'quantity as a string', body: body([{ sku: 'KB-A', quantity: '2' }]), status: 400, field: 'components[0].quantity' },
      { name: 'unknown field in a component', body: body([{ sku: 'KB-A', quantity: 1, price: '1.00' }]), status: 400 },
      { name: 'components not a list', body: body({ sku: 'KB-A', quantity: 1 }), status: 400, field: 'components' },
    ];
    for (const c of cases) await expectRefusedWithoutWrites(t, c, url);
    // A component of a kit cannot become a kit itself (one level), nor can the existing kit take a kit.
    await expectRefusedWithoutWrites(t, { name: 'component becomes a kit', body: body([{ sku: 'KB-B', quantity: 1 }]), status: 422, code: 'PRODUCT_KIT_INVALID', field: 'components' }, { method: 'PUT', url: '/v1/products/KB-A' });
    await expectRefusedWithoutWrites(t, { name: 'kit takes a kit', body: body([{ sku: 'KB-OUTER', quantity: 1 }]), status: 422, code: 'PRODUCT_KIT_INVALID', field: 'components[0].sku' }, { method: 'PUT', url: '/v1/products/KB-KIT' });
    const refused = assertProblem(await putKit('KB-NEW', [{ sku: 'KB-KIT', quantity: 1 }]), { status: 422, code: 'PRODUCT_KIT_INVALID' });
    assert.match(String(refused.fix ?? refused.detail ?? ''), /one level|not acceptable/);
  });

  test('a kit holds no stock: adjustments, inbound and holds for it are refused with the field', async () => {
    await createProduct(t, 'KS-A');
    await putKit('KS-KIT', [{ sku: 'KS-A', quantity: 2 }]);
    await expectRefusedWithoutWrites(t, { name: 'adjust a kit', body: { sku: 'KS-KIT', location: 'K-EAST', delta: 5, reason: 'received' }, status: 422, code: 'PRODUCT_IS_KIT', field: 'sku' }, { method: 'POST', url: '/v1/inventory/adjustments' });
    await expectRefusedWithoutWrites(
      t,
      { name: 'adjust a kit in a batch', body: { adjustments: [{ sku: 'KS-A', location: 'K-EAST', delta: 5, reason: 'received' }, { sku: 'KS-KIT', location: 'K-EAST', delta: 1, reason: 'received' }] }, status: 422, code: 'PRODUCT_IS_KIT', field: 'adjustments[1].sku' },
      { method: 'POST', url: '/v1/inventory/adjustments' },
    );
    await expectRefusedWithoutWrites(t, { name: 'inbound of a kit', body: { location: 'K-EAST', expected_date: '2026-12-01', lines: [{ sku: 'KS-KIT', quantity: 1 }] }, status: 422, code: 'PRODUCT_IS_KIT', field: 'lines[0].sku' }, { method: 'POST', url: '/v1/inbound' });
    await expectRefusedWithoutWrites(t, { name: 'hold of a kit', body: { sku: 'KS-KIT', quantity: 1, ttl_seconds: 600 }, status: 422, code: 'PRODUCT_IS_KIT', field: 'sku' }, { method: 'POST', url: '/v1/reservations' });
  });
});

describe('kit availability', () => {
  test('per location floor(min available / quantity); the total sums what each sellable location assembles alone', async () => {
    await createProduct(t, 'KA-A');
    await createProduct(t, 'KA-B');
    await putKit('KA-KIT', [{ sku: 'KA-A', quantity: 2 }, { sku: 'KA-B', quantity: 1 }]);
    await adjust(t, 'KA-A', 'K-EAST', 7); // 3 kits by A
    await adjust(t, 'KA-B', 'K-EAST', 5); // 5 kits by B → 3
    await adjust(t, 'KA-A', 'K-WEST', 9); // only A at WEST: no kit
    await adjust(t, 'KA-B', 'K-SHOP', 4);
    await adjust(t, 'KA-A', 'K-SHOP', 4); // 2 kits, but the shop does not ship to customers
    const kit = await stockOf(t, 'KA-KIT');
    assert.equal(kit.available_to_promise, 3, 'EAST 3; WEST has no B; SHOP does not ship');
    assert.deepEqual(kit.locations, [{ location: 'K-EAST', on_hand: 0, reserved: 0, available: 3 }, { location: 'K-SHOP', on_hand: 0, reserved: 0, available: 2 }]);
    const body = (await t.call('GET', '/v1/inventory/KA-KIT')).json() as { kit: boolean; components: { sku: string; quantity: number; available_to_promise: number }[] };
    assert.equal(body.kit, true);
    assert.deepEqual(body.components, [{ sku: 'KA-A', quantity: 2, available_to_promise: 16 }, { sku: 'KA-B', quantity: 1, available_to_promise: 5 }]);
    // A plain SKU answers as before, flagged kit: false.
    const plain = (await t.call('GET', '/v1/inventory/KA-A')).json() as { kit: boolean; available_to_promise: number };
    assert.deepEqual([plain.kit, plain.available_to_promise], [false, 16]);
    // Reserving components lowers the kit's availability.
    await place([{ sku: 'KA-KIT', quantity: 2, unit_price: '30.00' }]);
    assert.equal((await stockOf(t, 'KA-KIT')).available_to_promise, 1);
  });
});

describe('kit capture', () => {
  test('a kit line is exploded into component lines that reserve stock, all from one location when one has everything', async () => {
    await createProduct(t, 'KO-A', { price: '1.00' });
    await createProduct(t, 'KO-B', { price: '2.00' });
    await createProduct(t, 'KO-TEE', { price: '5.00' });
    await putKit('KO-KIT', [{ sku: 'KO-A', quantity: 2 }, { sku: 'KO-B', quantity: 1 }], { price: '10.00' });
    // WEST has lots of A but no B; EAST has both: the planner ships the kit complete from EAST.
    await adjust(t, 'KO-A', 'K-WEST', 100);
    await adjust(t, 'KO-A', 'K-EAST', 6);
    await adjust(t, 'KO-B', 'K-EAST', 3);
    await adjust(t, 'KO-TEE', 'K-EAST', 5);
    const order = await place([{ sku: 'KO-TEE', quantity: 1, unit_price: '5.00' }, { sku: 'KO-KIT', quantity: 3, unit_price: '10.01' }]);
    assert.equal(order.status, 'allocated');
    // Money: the kit line counts once (3 × 10.01 + 5.00).
    assert.deepEqual(order.totals, { subtotal: '35.03', discount_total: '0.00', tax_total: '0.00', shipping: '5.00', shipping_total: '5.00', duties_total: '0.00', total: '40.03', cancelled: '0.00' });
    const [tee, kit, a, b] = order.lines;
    assert.deepEqual([tee?.sku, tee?.kit, tee?.parent_line_id, tee?.price_share], ['KO-TEE', false, null, null]);
    assert.deepEqual([kit?.sku, kit?.quantity, kit?.unit_price, kit?.kit, kit?.parent_line_id, kit?.allocated, kit?.backordered], ['KO-KIT', 3, '10.01', true, null, 3, 0]);
    assert.deepEqual(
      [a, b].map((l) => [l?.sku, l?.quantity, l?.unit_price, l?.parent_line_id, l?.allocated]),
      [['KO-A', 6, '0.00', kit?.id, 6], ['KO-B', 3, '0.00', kit?.id, 3]],
    );
    // Price allocation: 30.03 split by list value per kit 2 × 1.00 : 1 × 2.00 → 15.015 / 15.015 → 15.01 + 15.01, remainder to the first.
    assert.deepEqual([a?.price_share, b?.price_share], ['15.02', '15.01']);
    // Every allocation is a component's (or the plain line's), all from EAST; the kit SKU reserves nothing.
    assert.deepEqual(order.allocations.map((x) => [x.sku, x.location, x.quantity]).sort(), [['KO-A', 'K-EAST', 6], ['KO-B', 'K-EAST', 3], ['KO-TEE', 'K-EAST', 1]]);
    assert.deepEqual([await reserved('KO-A', 'K-EAST'), await reserved('KO-A', 'K-WEST'), await reserved('KO-B', 'K-EAST')], [6, 0, 3]);
    // The fulfillment order ships the components.
    const fos = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { location: string; lines: { sku: string; quantity: number }[] }[];
    assert.deepEqual(fos.map((f) => [f.location, f.lines.map((l) => `${l.sku}x${l.quantity}`).sort()]), [['K-EAST', ['KO-Ax6', 'KO-Bx3', 'KO-TEEx1']]]);
    // The order reads back the same.
    const read = (await t.call('GET', `/v1/orders/${order.id}`)).json() as KitOrderJson;
    assert.deepEqual(read.lines, order.lines);
  });

  test('components split across locations only when no one location has them all', async () => {
    await createProduct(t, 'KX-A');
    await createProduct(t, 'KX-B');
    await putKit('KX-KIT', [{ sku: 'KX-A', quantity: 1 }, { sku: 'KX-B', quantity: 1 }]);
    await adjust(t, 'KX-A', 'K-EAST', 2);
    await adjust(t, 'KX-B', 'K-WEST', 2);
    const order = await place([{ sku: 'KX-KIT', quantity: 2 }]);
    assert.equal(order.status, 'allocated');
    assert.deepEqual(order.allocations.map((x) => [x.sku, x.location, x.quantity]).sort(), [['KX-A', 'K-EAST', 2], ['KX-B', 'K-WEST', 2]]);
  });

  test('a short component is backordered (kit partly waiting) or refuses the order, naming the kit line', async () => {
    await createProduct(t, 'KW-A');
    await createProduct(t, 'KW-B', { backorderable: true });
    await createProduct(t, 'KW-C', { backorderable: false });
    await putKit('KW-KIT', [{ sku: 'KW-A', quantity: 1 }, { sku: 'KW-B', quantity: 2 }]);
    await putKit('KW-STRICT', [{ sku: 'KW-A', quantity: 1 }, { sku: 'KW-C', quantity: 1 }]);
    await adjust(t, 'KW-A', 'K-EAST', 10);
    await adjust(t, 'KW-B', 'K-EAST', 3);
    const order = await place([{ sku: 'KW-KIT', quantity: 2 }]);
    assert.equal(order.status, 'partially_allocated');
    const kit = order.lines.find((l) => l.kit);
    assert.deepEqual([kit?.allocated, kit?.backordered], [1, 1], 'one complete kit allocated, one waits for KW-B');
    assert.deepEqual(order.lines.filter((l) => l.parent_line_id).map((l) => [l.sku, l.allocated, l.backordered]), [['KW-A', 2, 0], ['KW-B', 3, 1]]);
    // Stock arriving fills the component's backorder and the order becomes allocated.
    const filled = await adjust(t, 'KW-B', 'K-EAST', 1);
    assert.equal(filled.backorders_allocated, 1);
    const after = (await t.call('GET', `/v1/orders/${order.id}`)).json() as KitOrderJson;
    assert.equal(after.status, 'allocated');
    assert.deepEqual([after.lines.find((l) => l.kit)?.allocated, after.lines.find((l) => l.kit)?.backordered], [2, 0]);

    const refused = await t.call('POST', '/v1/orders', orderBody([{ sku: 'KW-A', quantity: 1 }, { sku: 'KW-STRICT', quantity: 1 }]));
    assertProblem(refused, { status: 409, code: 'INVENTORY_INSUFFICIENT', field: 'lines[1].quantity' });
    assert.equal(await available('KW-A', 'K-EAST'), 8, 'a refused capture reserves nothing (2 held by the first order)');
  });
});

describe('kit cancellation', () => {
  test('cancelling kit units releases their components; a component line alone is refused', async () => {
    await createProduct(t, 'KZ-A');
    await createProduct(t, 'KZ-B');
    await putKit('KZ-KIT', [{ sku: 'KZ-A', quantity: 2 }, { sku: 'KZ-B', quantity: 1 }]);
    await adjust(t, 'KZ-A', 'K-EAST', 10);
    await adjust(t, 'KZ-B', 'K-EAST', 10);
    const order = await place([{ sku: 'KZ-KIT', quantity: 3 }]);
    const kit = order.lines.find((l) => l.kit);
    const component = order.lines.find((l) => l.sku === 'KZ-A');
    assert.ok(kit && component, 'the order has the kit line and its component line');
    assert.deepEqual([await reserved('KZ-A', 'K-EAST'), await reserved('KZ-B', 'K-EAST')], [6, 3]);

    await expectRefusedWithoutWrites(
      t,
      { name: 'component line alone', body: { reason: 'no', lines: [{ line_id: component.id, quantity: 1 }] }, status: 422, code: 'ORDER_LINE_IS_KIT_COMPONENT', field: 'lines[0]' },
      { method: 'POST', url: `/v1/orders/${order.id}/cancel` },
    );

    const partly = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'one set too many', lines: [{ line_id: kit.id, quantity: 1 }] });
    assert.equal(partly.statusCode, 200, partly.body);
    const view = partly.json() as KitOrderJson;
    assert.equal(view.status, 'allocated');
    assert.deepEqual(view.lines.map((l) => [l.sku, l.quantity, l.allocated, l.cancelled]), [['KZ-KIT', 3, 2, 1], ['KZ-A', 6, 4, 2], ['KZ-B', 3, 2, 1]]);
    assert.deepEqual([await reserved('KZ-A', 'K-EAST'), await reserved('KZ-B', 'K-EAST')], [4, 2]);

    const whole = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'changed mind', line_ids: [kit.id] });
    assert.equal(whole.statusCode, 200, whole.body);
    assert.equal((whole.json() as KitOrderJson).status, 'cancelled');
    assert.deepEqual([await reserved('KZ-A', 'K-EAST'), await reserved('KZ-B', 'K-EAST')], [0, 0]);
  });
});

describe('kit routing simulation', () => {
  test('simulation plans a kit as its components and reports them on the kit line', async () => {
    await createProduct(t, 'KY-A');
    await createProduct(t, 'KY-B');
    await putKit('KY-KIT', [{ sku: 'KY-A', quantity: 1 }, { sku: 'KY-B', quantity: 3 }]);
    await adjust(t, 'KY-A', 'K-WEST', 5);
    await adjust(t, 'KY-B', 'K-WEST', 5);
    const res = await t.call('POST', '/v1/routing/simulate', { order: orderBody([{ sku: 'KY-KIT', quantity: 1 }]) });
    assert.equal(res.statusCode, 200, res.body);
    const sim = res.json() as { allocations: { line?: number; sku: string; location: string; quantity: number }[] };
    assert.deepEqual(sim.allocations.map((a) => [a.line, a.sku, a.location, a.quantity]).sort(), [[0, 'KY-A', 'K-WEST', 1], [0, 'KY-B', 'K-WEST', 3]]);
    assert.equal(await reserved('KY-A', 'K-WEST'), 0, 'simulation reserves nothing');
  });
});

describe('kit explosion is bounded', () => {
  test('an order whose kits explode into more than 1,000 lines is refused naming lines and the limit, and nothing is captured', async () => {
    const components = Array.from({ length: 100 }, (_, i) => `KX-PART-${i}`);
    for (const sku of components) {
      await createProduct(t, sku, { price: '1.00' });
      await adjust(t, sku, 'K-EAST', 100);
    }
    assert.equal((await putKit('KX-BIG', components.map((sku) => ({ sku, quantity: 1 })))).statusCode, 201);
    // 10 kit lines: 10 + 1,000 component lines; 9 of them: 909, within the limit.
    const body = (n: number) => orderBody(Array.from({ length: n }, () => ({ sku: 'KX-BIG', quantity: 1 })));
    await expectRefusedWithoutWrites(t, { name: 'too many exploded lines', body: body(10), status: 422, code: 'ORDER_TOO_MANY_LINES' }, { method: 'POST', url: '/v1/orders' });
    const refused = await t.call('POST', '/v1/orders', body(10));
    assertProblem(refused, { status: 422, code: 'ORDER_TOO_MANY_LINES' });
    assert.deepEqual(refused.json().errors, [{ field: 'lines', message: "at most 1000 lines counting each kit's components (1010)" }]);
    const placed = await t.call('POST', '/v1/orders', body(9));
    assert.equal(placed.statusCode, 201, placed.body);
    assert.equal((placed.json() as KitOrderJson).lines.length, 909);
  });
});
