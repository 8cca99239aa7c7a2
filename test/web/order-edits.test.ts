// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLocation, placeOrder, stockedProduct, uniqueCode } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/** The order page's edit flow (ADR 0032): stage, preview with the money delta, commit with a reason; a conflict said plainly. */
let web: ConsoleHarness;
let operator: Page;
let viewer: Page;
let location: string;

before(async () => {
  web = await startConsole();
  location = (await createLocation(web.t, uniqueCode('WH'))).code;
  operator = await web.page();
  await signIn(operator, await web.user('operator'));
  viewer = await web.page();
  await signIn(viewer, await web.user('viewer'));
});
after(async () => {
  await web?.close();
});

const orderOf = async (id: string) => (await web.t.call('GET', `/v1/orders/${id}`)).json() as { lines: { sku: string; quantity: number; cancelled: number }[]; totals: { total: string }; notes: string | null; tags: string[] };

test('an operator stages a quantity, a new line, a discount, notes and tags, reads the delta and commits with a reason', async () => {
  const sku = await stockedProduct(web.t, { [location]: 10 });
  const extra = await stockedProduct(web.t, { [location]: 10 }, { price: '7.50' });
  const order = await placeOrder(web.t, [{ sku, quantity: 2 }]);
  await operator.goto(`/orders/${order.id}`);
  await operator.getByTestId('order-edit').click();
  await operator.getByTestId('edit-preview').waitFor();

  await operator.getByTestId(`edit-qty-${sku}`).fill('3');
  await operator.getByTestId('edit-stage-quantities').click();
  await operator.getByTestId('edit-change').first().waitFor();
  await operator.getByTestId('edit-add-sku').fill(extra);
  await operator.getByTestId('edit-add-qty').fill('2');
  await operator.getByTestId('edit-add-submit').click();
  await operator.locator('[data-testid="edit-change"]').nth(1).waitFor();
  assert.equal(await operator.getByTestId('edit-total-after').innerText(), '50.00', '3 × 10.00 + 2 × 7.50 + 5.00 shipping');
  assert.equal(await operator.getByTestId('edit-delta').innerText(), '+25.00');
  assert.equal(await operator.getByTestId('edit-amount-due').innerText(), '50.00');

  await operator.getByTestId('edit-discount-amount').fill('5.00');
  await operator.getByTestId('edit-discount-add').click();
  await operator.getByTestId('edit-notes').fill('Customer called to add a second item');
  await operator.getByTestId('edit-tags').fill('vip, edited');
  await operator.getByTestId('edit-notes-stage').click();
  await operator.locator('[data-testid="edit-change"]').nth(4).waitFor();
  assert.equal(await operator.getByTestId('edit-total-after').innerText(), '45.00');

  // A bad SKU is refused, naming it; nothing is staged.
  await operator.getByTestId('edit-add-sku').fill('NO-SUCH-SKU');
  await operator.getByTestId('edit-add-submit').click();
  await operator.getByTestId('edit-problem').waitFor();
  assert.match(await operator.getByTestId('edit-problem').innerText(), /no product with SKU NO-SUCH-SKU/);
  assert.equal(await operator.locator('[data-testid="edit-change"]').count(), 5);

  // Unstaging the discount brings the total back.
  await operator.getByTestId('edit-unstage-2').click();
  await operator.getByTestId('edit-total-after').filter({ hasText: /^50\.00$/ }).waitFor();
  await checkA11y(operator);
  await screenshot(operator, 'order-edit');

  await operator.getByTestId('edit-reason').fill('Customer called');
  await operator.getByTestId('edit-commit').click();
  await operator.getByTestId('edit-dialog').waitFor({ state: 'detached' });
  const after = await orderOf(order.id);
  assert.deepEqual(after.lines.map((l) => [l.sku, l.quantity - l.cancelled]), [[sku, 3], [extra, 2]]);
  assert.deepEqual([after.totals.total, after.notes, after.tags], ['50.00', 'Customer called to add a second item', ['vip', 'edited']]);
  const edited = ((await web.t.call('GET', `/v1/orders/${order.id}/events`)).json().data as { type: string; data: { reason?: string } }[]).filter((e) => e.type === 'order.edited');
  assert.deepEqual(edited.map((e) => e.data.reason), ['Customer called']);
  assertNoPageErrors(operator);
});

test('an operator swaps a variant, discounts one line and changes the shipping method', async () => {
  const kept = await stockedProduct(web.t, { [location]: 10 });
  const swapped = await stockedProduct(web.t, { [location]: 10 });
  const other = await stockedProduct(web.t, { [location]: 10 }, { price: '7.50' });
  const order = await placeOrder(web.t, [{ sku: kept, quantity: 1 }, { sku: swapped, quantity: 1 }]);
  await operator.goto(`/orders/${order.id}`);
  await operator.getByTestId('order-edit').click();
  await operator.getByTestId('edit-preview').waitFor();
  const choose = async (testId: string, option: string) => {
    await operator.getByTestId(testId).click();
    await operator.getByRole('option', { name: option, exact: true }).click();
  };

  await choose('edit-swap-line', swapped);
  await operator.getByTestId('edit-swap-sku').fill(other);
  await operator.getByTestId('edit-swap-submit').click();
  await operator.getByTestId('edit-change').first().waitFor();
  assert.equal(await operator.getByTestId('edit-total-after').innerText(), '22.50', '10.00 + 7.50 (the catalogue price of the new variant) + 5.00 shipping');

  await choose('edit-discount-line', kept);
  await operator.getByTestId('edit-discount-amount').fill('2.00');
  await operator.getByTestId('edit-discount-add').click();
  await operator.locator('[data-testid="edit-change"]').nth(1).waitFor();
  assert.match(await operator.locator('[data-testid="edit-change"]').nth(1).innerText(), new RegExp(`Discount 2\\.00 on ${kept}`));

  await choose('edit-shipping-level', 'expedited');
  await operator.getByTestId('edit-shipping-price').fill('12.00');
  await operator.getByTestId('edit-shipping-stage').click();
  await operator.locator('[data-testid="edit-change"]').nth(2).waitFor();
  assert.equal(await operator.getByTestId('edit-total-after').innerText(), '27.50', '8.00 + 7.50 + 12.00');

  await operator.getByTestId('edit-reason').fill('Customer wants the other colour, sooner');
  await operator.getByTestId('edit-commit').click();
  await operator.getByTestId('edit-dialog').waitFor({ state: 'detached' });
  const after = (await web.t.call('GET', `/v1/orders/${order.id}`)).json() as { lines: { sku: string; quantity: number; cancelled: number }[]; shipping: { service_level: string; price: string }; totals: { total: string } };
  assert.deepEqual(after.lines.filter((l) => l.quantity > l.cancelled).map((l) => l.sku).sort(), [kept, other].sort(), 'the swapped line’s units were cancelled and the new variant added');
  assert.deepEqual([after.shipping, after.totals.total], [{ service_level: 'expedited', price: '12.00' }, '27.50']);
  assertNoPageErrors(operator);
});

test('a commit after someone else changed the order is refused and said so; starting again works', async () => {
  const sku = await stockedProduct(web.t, { [location]: 10 });
  const order = await placeOrder(web.t, [{ sku, quantity: 2 }]);
  await operator.goto(`/orders/${order.id}`);
  await operator.getByTestId('order-edit').click();
  await operator.getByTestId('edit-preview').waitFor();
  await operator.getByTestId(`edit-qty-${sku}`).fill('1');
  await operator.getByTestId('edit-stage-quantities').click();
  await operator.getByTestId('edit-change').first().waitFor();
  // Meanwhile someone else tags the order through the API.
  assert.equal((await web.t.call('PATCH', `/v1/orders/${order.id}`, { tags: ['moved'] })).statusCode, 200);
  await operator.getByTestId('edit-reason').fill('Fewer units');
  await operator.getByTestId('edit-commit').click();
  await operator.getByTestId('edit-conflict').waitFor();
  assert.match(await operator.getByTestId('edit-conflict').innerText(), /changed after you began this edit/);
  assert.equal((await orderOf(order.id)).lines[0]?.quantity, 2, 'nothing written');

  await operator.getByTestId('edit-restart').click();
  await operator.getByTestId('edit-preview').waitFor();
  await operator.getByTestId(`edit-qty-${sku}`).fill('1');
  await operator.getByTestId('edit-stage-quantities').click();
  await operator.getByTestId('edit-change').first().waitFor();
  await operator.getByTestId('edit-reason').fill('Fewer units');
  await operator.getByTestId('edit-commit').click();
  await operator.getByTestId('edit-dialog').waitFor({ state: 'detached' });
  const after = await orderOf(order.id);
  assert.equal(after.lines[0]!.quantity - after.lines[0]!.cancelled, 1);
  assertNoPageErrors(operator);
});

test('a kit line shows what one kit holds; its quantity is edited as one and its parts follow', async () => {
  const pen = await stockedProduct(web.t, { [location]: 20 }, { price: '2.00' });
  const book = await stockedProduct(web.t, { [location]: 10 }, { price: '8.00' });
  const kit = uniqueCode('KIT');
  const put = await web.t.call('PUT', `/v1/products/${kit}`, { name: 'Bundle', price: '30.00', currency: 'USD', components: [{ sku: pen, quantity: 2 }, { sku: book, quantity: 1 }] });
  assert.ok(put.statusCode < 300, put.body);
  const order = await placeOrder(web.t, [{ sku: kit, quantity: 1, unit_price: '30.00' }]);
  await operator.goto(`/orders/${order.id}`);
  await operator.getByTestId('order-edit').click();
  await operator.getByTestId('edit-preview').waitFor();
  assert.match(await operator.getByTestId(`edit-kit-${kit}`).innerText(), new RegExp(`2 × ${pen} \\+ 1 × ${book}`));
  assert.equal(await operator.getByTestId(`edit-qty-${pen}`).count(), 0, 'a component is not edited alone');

  await operator.getByTestId(`edit-qty-${kit}`).fill('2');
  await operator.getByTestId('edit-stage-quantities').click();
  await operator.getByTestId('edit-change').first().waitFor();
  assert.equal(await operator.getByTestId('edit-delta').innerText(), '+30.00');
  await screenshot(operator, 'order-edit-kit');
  await operator.getByTestId('edit-reason').fill('Customer wants a second bundle');
  await operator.getByTestId('edit-commit').click();
  await operator.getByTestId('edit-dialog').waitFor({ state: 'detached' });
  const after = await orderOf(order.id);
  assert.deepEqual(after.lines.map((l) => [l.sku, l.quantity - l.cancelled]), [[kit, 2], [pen, 4], [book, 2]]);
  assertNoPageErrors(operator);
});

test('a viewer sees no edit button', async () => {
  const sku = await stockedProduct(web.t, { [location]: 10 });
  const order = await placeOrder(web.t, [{ sku, quantity: 1 }]);
  await viewer.goto(`/orders/${order.id}`);
  await viewer.getByTestId('order-lines').waitFor();
  assert.equal(await viewer.getByTestId('order-edit').count(), 0, 'no edit for a viewer');
  assertNoPageErrors(viewer);
});
