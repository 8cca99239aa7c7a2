// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLocation, placeOrder, stockedProduct, stockOf, uniqueCode, type OrderJson } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, clickThenUrl, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * The return screens (ADR 0019): a return created from the order page, approved, received by
 * scanning with a disposition per unit, refunded from its preview; a refusal next to its field; and
 * what a viewer is (not) offered.
 */
let web: ConsoleHarness;
let wh: string;
const SIZE = { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 };

before(async () => {
  web = await startConsole();
  assert.equal((await web.t.call('PUT', '/v1/boxes/RET-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await web.t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  wh = (await createLocation(web.t, uniqueCode('RWH'), { address: { name: 'Returns DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' })).code;
});
after(async () => {
  await web?.close();
});

const signedIn = async (role: 'operator' | 'viewer'): Promise<Page> => {
  const page = await web.page();
  await signIn(page, await web.user(role));
  return page;
};

/** A product with 10 on hand and an order of `quantity` × 10.00 + 5.00 shipping, paid by a sale, every unit shipped. */
async function shippedPaidOrder(quantity = 2): Promise<{ sku: string; order: OrderJson }> {
  const sku = await stockedProduct(web.t, { [wh]: 10 }, SIZE);
  const order = await placeOrder(web.t, [{ sku, quantity }]);
  const sale = await web.t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: (quantity * 10 + 5).toFixed(2), gateway: 'stripe' });
  assert.equal(sale.statusCode, 201, sale.body);
  for (const fo of (await web.t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    const shipped = await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
    assert.equal(shipped.statusCode, 201, shipped.body);
  }
  return { sku, order };
}

const returnsOf = async (orderId: string) => (await web.t.call('GET', `/v1/orders/${orderId}/returns`)).json().data as { id: string; status: string; lines: { id: string; note: string | null }[] }[];

/** Picks an option of a Mantine Select. */
async function choose(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
}

/** The error Mantine shows under an input: the element its aria-describedby names. */
async function fieldError(page: Page, testId: string): Promise<string> {
  const input = page.getByTestId(testId);
  await page.locator(`[data-testid="${testId}"][aria-invalid="true"]`).waitFor({ timeout: 15_000 });
  const id = await input.getAttribute('id');
  return page.locator(`[id="${id}-error"]`).innerText();
}

const statusIs = (page: Page, status: string) => page.locator(`[data-testid="return-status"] [data-status="${status}"]`).waitFor({ timeout: 15_000 });

async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

test('from the order page to the refund: create, approve, in transit, receive one restocked and one damaged by scanning, refund the previewed amount', async () => {
  const { sku, order } = await shippedPaidOrder(2);
  const page = await signedIn('operator');
  await page.goto(`/orders/${order.id}`);
  assert.equal(await page.getByTestId('order-returns').count(), 0, 'no returns yet: no returns card');

  // Create: 2 units, defective (the merchant's fault: shipping is refunded).
  await page.getByTestId('order-create-return').click();
  await page.getByTestId('create-return-submit').waitFor();
  assert.equal(await page.getByTestId('create-return-line').count(), 1);
  assert.match(await page.locator(`[data-testid="create-return-line"][data-sku="${sku}"]`).innerText(), /\b2\b/, 'both shipped units are returnable');
  await page.getByTestId('create-return-qty-0').fill('2');
  await choose(page, 'create-return-reason-0', 'Defective');
  await page.getByTestId('create-return-note-0').fill('strap broke');
  await checkA11y(page);
  await screenshot(page, 'returns-create');
  await clickThenUrl(page, 'create-return-submit', (u) => /^\/returns\/rma_[0-9a-z]{26}$/.test(u.pathname), 'create-return-problem');
  const [created] = await returnsOf(order.id);
  assert.ok(created, 'the return exists');
  assert.equal(new URL(page.url()).pathname, `/returns/${created.id}`);
  await statusIs(page, 'requested');
  assert.match(await page.locator(`[data-testid="return-line"][data-sku="${sku}"]`).innerText(), /Defective[\s\S]*strap broke/);

  // Approve at the warehouse, then the parcel is on its way.
  await page.getByTestId('return-approve').click();
  await choose(page, 'approve-location', new RegExp(`^${wh} — `));
  await page.getByTestId('approve-submit').click();
  await statusIs(page, 'approved');
  assert.match(await page.getByTestId('return-location').innerText(), new RegExp(wh));
  await page.getByTestId('return-in-transit').click();
  await page.getByTestId('transit-tracking').fill('1Z999RET');
  await page.getByTestId('transit-submit').click();
  await statusIs(page, 'in_transit');
  assert.match(await page.getByTestId('return-timeline').innerText(), /1Z999RET/, 'the tracking number is on the timeline');

  // Receive: the scanner input has the focus without a click; two units, a third is one too many.
  await page.reload();
  await page.locator('[data-testid="receive-scan"]:focus').waitFor({ timeout: 15_000 });
  await scan(page, sku);
  await scan(page, sku.toLowerCase());
  assert.equal((await page.getByTestId('receive-count').innerText()).trim(), '2 / 2');
  await scan(page, sku);
  assert.match(await page.getByTestId('receive-refused').innerText(), /One too many/);
  await scan(page, 'NOT-ON-THIS-RETURN');
  assert.match(await page.getByTestId('receive-refused').innerText(), /not on this return/);
  assert.equal(await page.getByTestId('receive-unit').count(), 2, 'refused scans add no unit');
  await choose(page, 'receive-disposition-1', 'Quarantine / damaged');
  await page.getByTestId('receive-note-1').fill('cracked lid');
  await checkA11y(page);
  await screenshot(page, 'returns-receive');
  await page.getByTestId('receive-submit').click();
  await statusIs(page, 'inspected');
  assert.deepEqual(await page.getByTestId('return-disposition').evaluateAll((els) => els.map((e) => e.getAttribute('data-disposition')).sort()), ['quarantine', 'restock']);
  assert.match(await page.locator('[data-testid="return-disposition"][data-disposition="quarantine"]').innerText(), /cracked lid/, 'the condition is recorded with the damaged unit');
  const level = (await stockOf(web.t, sku)).locations.find((l) => l.location === wh) as { on_hand: number; quarantined?: number } | undefined;
  assert.deepEqual([level?.on_hand, level?.quarantined], [9, 1], 'one unit back on hand, the damaged one quarantined');

  // The preview: 2 × 10.00 + 5.00 shipping, no fee; the refund records exactly that.
  await page.getByTestId('refund-preview').waitFor();
  assert.match(await page.getByTestId('refund-preview-total').innerText(), /\$25\.00/);
  assert.match(await page.getByTestId('refund-preview-shipping').innerText(), /\$5\.00/);
  assert.match(await page.getByTestId('refund-preview-fee').innerText(), /\$0\.00/);
  assert.match(await page.locator(`[data-testid="refund-preview-line"][data-sku="${sku}"]`).innerText(), /2[\s\S]*\$20\.00/);
  await checkA11y(page);
  await screenshot(page, 'returns-refund-preview');
  await page.getByTestId('refund-submit').click();
  await statusIs(page, 'closed');
  assert.match(await page.getByTestId('refund-result-total').innerText(), /\$25\.00/);
  assert.equal(await page.getByTestId('refund-submit').count(), 0, 'a closed return offers no second refund');
  const ledger = (await web.t.call('GET', `/v1/orders/${order.id}/transactions`)).json().data as { kind: string; amount: string }[];
  assert.deepEqual(ledger.map((x) => [x.kind, x.amount]), [['sale', '25.00'], ['refund', '25.00']], 'one refund on the ledger');

  // The order: returned, refunded, the return listed with a link.
  await page.getByTestId('return-order-link').click();
  await page.getByTestId('order-returns').waitFor();
  assert.equal(await page.locator(`[data-testid="order-return"][data-id="${created.id}"][data-status="closed"]`).count(), 1);
  assert.match(await page.getByTestId('order-return-refund').innerText(), /\$25\.00/);
  assert.match(await page.getByTestId('payment-refunded').innerText(), /\$25\.00/);
  await page.locator('[data-testid="page-title"] ~ * [data-status="returned"]').waitFor();
  assert.equal(await page.getByTestId('order-create-return').count(), 0, 'every shipped unit is under a return: nothing left to return');
  await checkA11y(page);
  await screenshot(page, 'returns-order');
  await page.locator(`[data-testid="order-return-link"]`).click();
  await page.waitForURL((u) => u.pathname === `/returns/${created.id}`);

  // The queue: the return with its order, customer and units.
  await page.getByTestId('nav-returns').click();
  const row = page.locator(`[data-testid="returns-table-row"][data-id="${created.id}"]`);
  await row.waitFor();
  await row.getByTestId('return-customer').waitFor();
  const { number } = (await web.t.call('GET', `/v1/orders/${order.id}`)).json() as { number: string };
  assert.match(await row.innerText(), new RegExp(`${number}[\\s\\S]*Ada Lovelace[\\s\\S]*2[\\s\\S]*Defective[\\s\\S]*closed`, 'i'));
  assertNoPageErrors(page);
});

test('a note left out for "Other": the server’s refusal shows beside the note, and nothing is created until it is given', async () => {
  const { order } = await shippedPaidOrder(1);
  const page = await signedIn('operator');
  await page.goto(`/orders/${order.id}`);
  await page.getByTestId('order-create-return').click();
  await page.getByTestId('create-return-qty-0').fill('1');
  await choose(page, 'create-return-reason-0', 'Other');
  await page.getByTestId('create-return-submit').click();
  assert.match(await fieldError(page, 'create-return-note-0'), /required when the reason is "other"/, 'the refusal is next to the note');
  assert.equal(await page.getByTestId('create-return-problem').getAttribute('data-code'), 'RETURN_LINE_INVALID');
  assert.equal((await returnsOf(order.id)).length, 0, 'nothing was created');
  await checkA11y(page);
  await screenshot(page, 'returns-create-refused');

  await page.getByTestId('create-return-note-0').fill('the colour is not the one on the photo');
  await clickThenUrl(page, 'create-return-submit', (u) => u.pathname.startsWith('/returns/rma_'), 'create-return-problem');
  const [created] = await returnsOf(order.id);
  assert.equal(created?.lines[0]?.note, 'the colour is not the one on the photo');
  await page.getByTestId('return-line').filter({ hasText: 'the colour is not the one on the photo' }).waitFor();
  assertNoPageErrors(page);
});

test('a viewer sees the queue and a return, filtered by status, but is offered no action', async () => {
  const { order } = await shippedPaidOrder(1);
  const line = order.lines[0]?.id as string;
  const requested = await web.t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: line, quantity: 1, reason: 'changed_mind' }] });
  assert.equal(requested.statusCode, 201, requested.body);
  const id = requested.json().id as string;

  const page = await signedIn('viewer');
  assert.ok(await page.getByTestId('nav-returns').isVisible(), 'a viewer is offered Returns');
  await page.getByTestId('nav-returns').click();
  await page.locator(`[data-testid="returns-table-row"][data-id="${id}"]`).waitFor();
  await checkA11y(page);
  await screenshot(page, 'returns-queue');

  await page.goto('/returns?status=closed');
  await page.getByTestId('page-title').waitFor();
  await page.locator('[data-testid="returns-table"], [data-testid="empty-state"]').first().waitFor();
  assert.equal(await page.locator(`[data-testid="returns-table-row"][data-id="${id}"]`).count(), 0, 'a requested return is not among the closed ones');
  await page.goto(`/returns?status=requested&location=${encodeURIComponent(wh)}`);
  await page.locator('[data-testid="returns-table"], [data-testid="empty-state"]').first().waitFor();
  assert.equal(await page.locator(`[data-testid="returns-table-row"][data-id="${id}"]`).count(), 0, 'not approved: no receiving location yet');
  await page.goto('/returns?status=requested');
  await page.locator(`[data-testid="returns-table-row"][data-id="${id}"]`).waitFor();

  await page.locator(`[data-testid="returns-table-row"][data-id="${id}"] [data-testid="return-link"]`).click();
  await page.getByTestId('return-lines').waitFor();
  await statusIs(page, 'requested');
  for (const action of ['return-approve', 'return-decline', 'return-cancel', 'return-in-transit', 'receive-scan', 'refund-submit']) assert.equal(await page.getByTestId(action).count(), 0, `a viewer is not offered ${action}`);
  await page.goto(`/orders/${order.id}`);
  await page.locator(`[data-testid="order-return"][data-id="${id}"]`).waitFor();
  assert.equal(await page.getByTestId('order-create-return').count(), 0, 'a viewer cannot create a return');
  assertNoPageErrors(page);
});

test('decline needs a reason; a declined return frees its units for a new one', async () => {
  const { order } = await shippedPaidOrder(1);
  const requested = await web.t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 1, reason: 'changed_mind' }] });
  assert.equal(requested.statusCode, 201, requested.body);
  const id = requested.json().id as string;
  const page = await signedIn('operator');
  await page.goto(`/orders/${order.id}`);
  await page.locator(`[data-testid="order-return"][data-id="${id}"]`).waitFor();
  assert.equal(await page.getByTestId('order-create-return').count(), 0, 'the only shipped unit is under a return');

  await page.goto(`/returns/${id}`);
  await page.getByTestId('return-decline').click();
  await page.getByTestId('return-decline-submit').click();
  assert.match(await fieldError(page, 'return-decline-reason'), /Say why/);
  assert.equal((await web.t.call('GET', `/v1/returns/${id}`)).json().status, 'requested', 'nothing sent without a reason');
  await page.getByTestId('return-decline-reason').fill('outside the 30 days');
  await page.getByTestId('return-decline-submit').click();
  await statusIs(page, 'declined');
  for (const action of ['return-approve', 'return-decline', 'return-cancel', 'receive-scan']) assert.equal(await page.getByTestId(action).count(), 0, `a declined return offers no ${action}`);
  assert.equal((await web.t.call('GET', `/v1/returns/${id}`)).json().status, 'declined');

  await page.getByTestId('return-order-link').click();
  await page.getByTestId('order-create-return').waitFor();
  assertNoPageErrors(page);
});
