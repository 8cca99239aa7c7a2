// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLocation, placeOrder, stockedProduct, uniqueCode, type OrderJson } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/** The orders list and the order page in the browser, against orders captured through the API. */
let web: ConsoleHarness;
let operator: Page;
let location: string;

before(async () => {
  web = await startConsole();
  location = (await createLocation(web.t, uniqueCode('WH'), { address: { line1: '1 Dock Rd', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' } })).code;
  operator = await web.page();
  await signIn(operator, await web.user('operator'));
});

after(async () => {
  await web?.close();
});

const row = (page: Page, id: string) => page.locator(`[data-testid="orders-table-row"][data-id="${id}"]`);

test('the list shows what a row needs and pages by cursor; a row opens the order', async () => {
  const sku = await stockedProduct(web.t, { [location]: 500 });
  const orders: OrderJson[] = [];
  // One more than a page (50): the oldest ones come with "Load more".
  for (let i = 0; i < 51; i++) orders.push(await placeOrder(web.t, [{ sku, quantity: 2, unit_price: '12.50' }], { customer: { email: `c${i}@example.com`, name: `Grace Hopper ${i}` } }));
  const newest = orders.at(-1) as OrderJson;
  const oldest = orders[0] as OrderJson;

  await operator.goto('/orders');
  await row(operator, newest.id).waitFor();
  const cells = await row(operator, newest.id).locator('td').allInnerTexts();
  assert.ok(cells.some((c) => c.includes('Grace Hopper 50')), `the customer: ${cells.join(' | ')}`);
  assert.ok(cells.some((c) => c.includes('$30.00')), `the total in the order's currency (2 × 12.50 + 5.00 shipping): ${cells.join(' | ')}`);
  assert.ok(cells.some((c) => /^\s*2\s*$/.test(c)), `the units: ${cells.join(' | ')}`);
  assert.equal(await row(operator, oldest.id).count(), 0, 'the oldest order is on the second page');
  await checkA11y(operator);
  await screenshot(operator, 'orders');

  await operator.getByTestId('orders-table-load-more').click();
  await row(operator, oldest.id).waitFor();

  await row(operator, newest.id).getByTestId('order-link').click();
  await operator.waitForURL((u) => u.pathname === `/orders/${newest.id}`);
  await operator.getByTestId('order-lines').waitFor();
  assertNoPageErrors(operator);
});

test('the order page shows lines, allocations, money and the timeline; units are cancelled with a reason', async () => {
  const sku = await stockedProduct(web.t, { [location]: 10 });
  const short = await stockedProduct(web.t, { [location]: 1 }, { backorderable: true });
  const order = await placeOrder(web.t, [{ sku, quantity: 3, unit_price: '19.99' }, { sku: short, quantity: 2, unit_price: '5.00' }], { currency: 'EUR' });
  await operator.goto(`/orders/${order.id}`);
  const line = operator.locator(`[data-testid="order-line"][data-sku="${sku}"]`);
  await line.waitFor();
  assert.equal(await line.getByTestId('line-quantity').innerText(), '3');
  assert.equal(await line.getByTestId('line-allocated').innerText(), '3');
  const shortLine = operator.locator(`[data-testid="order-line"][data-sku="${short}"]`);
  assert.equal(await shortLine.getByTestId('line-backordered').innerText(), '1', 'one unit of the short SKU waits for stock');
  assert.ok((await operator.getByTestId('order-allocations').innerText()).includes(location), 'each allocated unit names its location');
  assert.ok((await operator.getByTestId('order-total').innerText()).includes('€74.97'), `total in euros: ${await operator.getByTestId('order-total').innerText()}`);
  await operator.getByTestId('timeline-event').first().waitFor();
  assert.ok((await operator.getByTestId('fulfillment-order').count()) >= 1, 'the fulfillment order at the location is listed');
  await checkA11y(operator);
  await screenshot(operator, 'order');

  await operator.getByTestId('order-cancel').click();
  await operator.getByTestId(`cancel-qty-${sku}`).fill('1');
  await operator.getByTestId('cancel-submit').click();
  // Without a reason nothing is sent: the field says what is missing.
  assert.ok((await operator.getByTestId('cancel-dialog').innerText()).includes('Say why'), 'the reason is required');
  await operator.getByTestId('cancel-reason').fill('Customer called: one fewer');
  await operator.getByTestId('cancel-submit').click();
  await operator.getByTestId('cancel-dialog').waitFor({ state: 'hidden' });
  await line.getByTestId('line-cancelled').filter({ hasText: /^1$/ }).waitFor();
  await operator.getByText('Reason: Customer called: one fewer').waitFor();
  const api = (await web.t.call('GET', `/v1/orders/${order.id}`)).json() as OrderJson;
  assert.equal(api.lines.find((l) => l.sku === sku)?.cancelled, 1, 'the API agrees: one unit cancelled');
  assertNoPageErrors(operator);
});

test('a viewer sees the order but is not offered to cancel it', async () => {
  const sku = await stockedProduct(web.t, { [location]: 5 });
  const order = await placeOrder(web.t, [{ sku, quantity: 1 }]);
  const viewer = await web.page();
  await signIn(viewer, await web.user('viewer'), `/orders/${order.id}`);
  await viewer.getByTestId('order-lines').waitFor();
  assert.equal(await viewer.getByTestId('order-cancel').count(), 0);
});

test('an unknown order is "not found", not a blank page', async () => {
  await operator.goto('/orders/ord_00000000000000000000000000');
  await operator.getByTestId('not-found').waitFor();
});

test('values from a channel are shown as text: script and onerror payloads never run', async () => {
  const sku = await stockedProduct(web.t, { [location]: 5 });
  const script = '<script>window.__xss=1</script>';
  const img = '<img src=x onerror="window.__xss=1">';
  const order = await placeOrder(web.t, [{ sku, quantity: 1 }], {
    customer: { email: 'mallory@example.com', name: `${script}${img}`, phone: '+1 217 555 0100' },
    shipping_address: { name: img, line1: script, line2: null, city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' },
    notes: `${img} ${script}`,
  });
  await operator.goto(`/orders/${order.id}`);
  await operator.getByTestId('order-customer').waitFor();
  assert.equal(await operator.getByTestId('order-customer').innerText(), `${script}${img}`, 'the name is shown literally');
  assert.equal(await operator.getByTestId('order-notes').innerText(), `${img} ${script}`, 'the note is shown literally');
  const address = await operator.getByTestId('order-shipping-address').innerText();
  assert.ok(address.includes(script) && address.includes(img), `the address is shown literally: ${address}`);
  await operator.goto('/orders');
  await row(operator, order.id).waitFor();
  assert.ok((await row(operator, order.id).innerText()).includes(script), 'the list too');
  assert.equal(await operator.evaluate('window.__xss'), undefined, 'no payload ran');
  assert.equal(await operator.locator('img[src="x"]').count(), 0, 'no element was made from a value');
  assertNoPageErrors(operator);
});
