// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLocation, placeOrder, stockedProduct, uniqueCode } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/** The order page's Holds card and the orders list's held filter, against orders captured through the API (ADR 0025). */
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

const fulfillmentOf = async (orderId: string) => ((await web.t.call('GET', `/v1/fulfillment-orders?order_id=${orderId}`)).json().data as { status: string }[]).map((f) => f.status);

test('an operator places a hold and releases it with a note; the order’s fulfillment waits in between', async () => {
  const sku = await stockedProduct(web.t, { [location]: 10 });
  const order = await placeOrder(web.t, [{ sku, quantity: 1 }]);
  await operator.goto(`/orders/${order.id}`);
  await operator.getByTestId('order-not-held').waitFor();

  await operator.getByTestId('order-place-hold').click();
  await operator.getByTestId('place-hold-submit').click();
  assert.match(await operator.getByTestId('place-hold-dialog').innerText(), /Say why the order is held/, 'a reason is required');
  await operator.getByTestId('place-hold-type').click();
  await operator.getByRole('option', { name: 'Payment', exact: true }).click();
  await operator.getByTestId('place-hold-reason').fill('Bank transfer not received yet');
  await operator.getByTestId('place-hold-submit').click();
  await operator.getByTestId('order-hold').waitFor();
  assert.equal(await operator.getByTestId('order-hold-type').innerText(), 'Payment');
  assert.equal(await operator.getByTestId('order-hold-reason').innerText(), 'Bank transfer not received yet');
  assert.deepEqual(await fulfillmentOf(order.id), ['on_hold'], 'the fulfillment order waits');
  assert.match(await operator.getByTestId('order-held-notice').innerText(), /Payment: Bank transfer not received yet/, 'the top of the page says why it is held');
  await checkA11y(operator);
  await screenshot(operator, 'order-holds');

  await operator.getByTestId('order-hold-release').click();
  await operator.getByTestId('release-hold-submit').click();
  assert.match(await operator.getByTestId('release-hold-dialog').innerText(), /Say why the hold is released/, 'a note is required');
  assert.deepEqual(await fulfillmentOf(order.id), ['on_hold'], 'nothing released without a note');
  await operator.getByTestId('release-hold-note').fill('Payment arrived');
  await operator.getByTestId('release-hold-submit').click();
  await operator.getByTestId('order-not-held').waitFor();
  assert.equal(await operator.getByTestId('order-held-notice').count(), 0, 'no notice once nothing holds the order');
  assert.deepEqual(await fulfillmentOf(order.id), ['released']);
  const events = ((await web.t.call('GET', `/v1/orders/${order.id}/events`)).json().data as { type: string; data: { reason?: string } }[]).filter((e) => e.type === 'order.released');
  assert.deepEqual(events.map((e) => e.data.reason), ['Payment arrived']);
  assertNoPageErrors(operator);
});

test('the orders list filters held orders; a viewer sees holds but cannot place or release them', async () => {
  const sku = await stockedProduct(web.t, { [location]: 10 });
  const held = await placeOrder(web.t, [{ sku, quantity: 1 }]);
  const free = await placeOrder(web.t, [{ sku, quantity: 1 }]);
  assert.equal((await web.t.call('POST', `/v1/orders/${held.id}/holds`, { type: 'fraud_review', reason: 'Card testing pattern' })).statusCode, 201);

  await operator.goto('/orders');
  await operator.locator(`[data-testid="orders-table-row"][data-id="${free.id}"]`).waitFor();
  await operator.getByTestId('orders-held').check();
  await operator.waitForURL((u) => u.searchParams.get('held') === 'true');
  await operator.locator(`[data-testid="orders-table-row"][data-id="${held.id}"]`).waitFor();
  assert.equal(await operator.locator(`[data-testid="orders-table-row"][data-id="${free.id}"]`).count(), 0, 'the order without a hold is filtered out');

  await viewer.goto(`/orders/${held.id}`);
  await viewer.getByTestId('order-hold').waitFor();
  assert.match(await viewer.getByTestId('order-hold-reason').innerText(), /Card testing pattern/);
  assert.equal(await viewer.getByTestId('order-hold-release').count(), 0, 'no release for a viewer');
  assert.equal(await viewer.getByTestId('order-place-hold').count(), 0, 'no place for a viewer');
  assertNoPageErrors(viewer);
});
