// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLocation, placeOrder, stockedProduct, uniqueCode, type OrderJson } from '../support/factories.js';

const PARCEL = { weight_grams: 500, dimensions_mm: { length: 100, width: 100, height: 100 } };
import { assertNoPageErrors, checkA11y, screenshot, signIn, startConsole, type ConsoleHarness, type StaffUser } from './support/browser.js';

/** The orders list and the order page in the browser, against orders captured through the API. */
let web: ConsoleHarness;
let operator: Page;
let operatorUser: StaffUser;
let location: string;

before(async () => {
  web = await startConsole();
  location = (await createLocation(web.t, uniqueCode('WH'), { address: { line1: '1 Dock Rd', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' })).code;
  // What buying a label needs: a box and the sample carriers.
  assert.equal((await web.t.call('PUT', '/v1/boxes/WEB-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
  assert.equal((await web.t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  operator = await web.page();
  operatorUser = await web.user('operator');
  await signIn(operator, operatorUser);
});

/** An order whose label was bought (pack, then ship through the sample carriers): its shipment. */
async function shippedOrder(sku: string): Promise<{ order: OrderJson; tracking: string }> {
  const order = await placeOrder(web.t, [{ sku, quantity: 1 }]);
  const [fo] = (await web.t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[];
  assert.ok(fo, 'the order has a fulfillment order');
  assert.equal((await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
  const shipment = await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
  assert.equal(shipment.statusCode, 201, shipment.body);
  return { order, tracking: shipment.json().tracking_number as string };
}

/** Waits until the list shows exactly these orders. */
async function listed(page: Page, ids: string[]): Promise<void> {
  // Runs in the page; typed by hand (this file is type-checked without the DOM).
  type Doc = { querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }> };
  await page.waitForFunction(
    (expected) => {
      const rows = [...(globalThis as unknown as { document: Doc }).document.querySelectorAll('[data-testid="orders-table-row"]')];
      return JSON.stringify(rows.map((r) => r.getAttribute('data-id'))) === expected;
    },
    JSON.stringify(ids),
    { timeout: 15_000 },
  );
}

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
  // A code's discount and VAT on the first line: the money card shows them as the channel charged them.
  const discounted = { sku, quantity: 3, unit_price: '19.99', discounts: [{ code: 'SPRING', source: 'discount_code', amount: '6.00' }], taxes: [{ title: 'VAT', rate: '0.2', amount: '10.79' }] };
  const order = await placeOrder(web.t, [discounted, { sku: short, quantity: 2, unit_price: '5.00' }], { currency: 'EUR' });
  await operator.goto(`/orders/${order.id}`);
  const line = operator.locator(`[data-testid="order-line"][data-sku="${sku}"]`);
  await line.waitFor();
  assert.equal(await line.getByTestId('line-quantity').innerText(), '3');
  assert.equal(await line.getByTestId('line-allocated').innerText(), '3');
  const shortLine = operator.locator(`[data-testid="order-line"][data-sku="${short}"]`);
  assert.equal(await shortLine.getByTestId('line-backordered').innerText(), '1', 'one unit of the short SKU waits for stock');
  assert.ok((await operator.getByTestId('order-allocations').innerText()).includes(location), 'each allocated unit names its location');
  // 59.97 + 10.00 items − 6.00 discount + 5.00 shipping + 10.79 VAT.
  assert.ok((await operator.getByTestId('order-total').innerText()).includes('€79.76'), `total in euros: ${await operator.getByTestId('order-total').innerText()}`);
  assert.ok((await operator.getByTestId('order-discount-total').innerText()).includes('€6.00'), 'the discount is shown');
  assert.ok((await operator.getByTestId('order-tax-total').innerText()).includes('€10.79'), 'the tax is shown');
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
  // The last of three units goes: 19.99 less its 2.00 of the discount plus its 3.59 of the VAT
  // (10.79 = 3.60 + 3.60 + 3.59: the remainder cents stay on the first units).
  assert.equal((api as unknown as { totals: { cancelled: string } }).totals.cancelled, '21.58');
  await operator.getByTestId('order-cancelled-total').filter({ hasText: '€21.58' }).waitFor();
  assert.ok((await operator.getByTestId('order-total').innerText()).includes('€58.18'), 'the total drops by the unit’s share');
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

test('one box finds an order by its channel order name or a tracking number; filters live in the URL', async () => {
  const sku = await stockedProduct(web.t, { [location]: 20 }, PARCEL);
  const n = uniqueCode('n').slice(2);
  const named = await placeOrder(web.t, [{ sku, quantity: 1 }], { channel_order_name: `#77${n}`, tags: [`vip-${n}`] });
  const { order: shipped, tracking } = await shippedOrder(sku);

  await operator.goto('/orders');
  await operator.getByTestId('orders-search').fill(`#77${n}`);
  await operator.waitForURL((u) => u.searchParams.get('q') === `#77${n}`);
  await listed(operator, [named.id]);
  assert.ok((await row(operator, named.id).getByTestId('order-channel-name').innerText()).includes(`#77${n}`), 'the row shows the channel’s name');

  await operator.getByTestId('orders-clear').click();
  await operator.getByTestId('orders-search').fill(tracking.toLowerCase());
  await listed(operator, [shipped.id]);

  await operator.getByTestId('orders-clear').click();
  await operator.getByTestId('orders-tag').fill(`vip-${n}`);
  await operator.getByTestId('orders-tag').press('Enter');
  await operator.waitForURL((u) => u.searchParams.get('tag') === `vip-${n}`);
  await listed(operator, [named.id]);
  // The address is the list: a reload (or a shared link) shows the same.
  await operator.reload();
  await listed(operator, [named.id]);
  assert.equal(await operator.getByTestId('orders-tag').inputValue(), `vip-${n}`);
  assertNoPageErrors(operator);
});

test('a shipment shows its tracking number and its label downloads', async () => {
  const sku = await stockedProduct(web.t, { [location]: 5 }, PARCEL);
  const { order, tracking } = await shippedOrder(sku);
  await operator.goto(`/orders/${order.id}`);
  const shipment = operator.getByTestId('shipment');
  await shipment.waitFor();
  assert.ok((await shipment.innerText()).includes(tracking), `the tracking number: ${await shipment.innerText()}`);
  const href = await shipment.getByTestId('label-pdf').getAttribute('href');
  assert.ok(href, 'a PDF label link');
  const pdf = await operator.request.get(href);
  assert.equal(pdf.status(), 200, 'the signed-in user downloads the label');
  assert.match(pdf.headers()['content-type'] ?? '', /application\/pdf/);
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
});

test('a note joins the order and its timeline under the user; tags are replaced', async () => {
  const sku = await stockedProduct(web.t, { [location]: 5 });
  const order = await placeOrder(web.t, [{ sku, quantity: 1 }], { tags: ['test'] });
  await operator.goto(`/orders/${order.id}`);
  await operator.getByTestId('note-text').fill('Customer called: <b>wants it by Friday</b>');
  await operator.getByTestId('note-submit').click();
  await operator.getByTestId('order-note').filter({ hasText: 'Customer called: <b>wants it by Friday</b>' }).waitFor();
  const added = operator.locator('[data-testid="timeline-event"][data-type="order.note_added"]');
  await added.waitFor();
  assert.ok((await added.innerText()).includes(operatorUser.email), `the note is under the user: ${await added.innerText()}`);

  await operator.getByTestId('tags-input').fill('gift');
  await operator.getByTestId('tags-input').press('Enter');
  await operator.getByTestId('tags-save').click();
  await operator.locator('[data-testid="timeline-event"][data-type="order.tags_changed"]').waitFor();
  const api = (await web.t.call('GET', `/v1/orders/${order.id}`)).json() as { tags: string[]; notes_log: { text: string }[] };
  assert.deepEqual(api.tags, ['test', 'gift']);
  assert.deepEqual(api.notes_log.map((n) => n.text), ['Customer called: <b>wants it by Friday</b>']);
  await checkA11y(operator);
  assertNoPageErrors(operator);
});
