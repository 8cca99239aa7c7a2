// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLocation, placeOrder, stockedProduct, uniqueCode } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/** The order page's Payments card: the derived status and balance, the ledger, and recording a payment. */
let web: ConsoleHarness;
let location: string;

before(async () => {
  web = await startConsole();
  location = (await createLocation(web.t, uniqueCode('WH'))).code;
});
after(async () => {
  await web?.close();
});

const signedIn = async (role: 'operator' | 'viewer'): Promise<Page> => {
  const page = await web.page();
  await signIn(page, await web.user(role));
  return page;
};

/** The error Mantine shows under an input: the element its aria-describedby names. */
async function fieldError(page: Page, testId: string): Promise<string> {
  const input = page.getByTestId(testId);
  await page.waitForFunction((id) => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector(`[data-testid="${id}"]`)?.getAttribute('aria-invalid') === 'true', testId, { timeout: 15_000 });
  const id = await input.getAttribute('id');
  return page.locator(`[id="${id}-error"]`).innerText();
}

test('record a capture and the order is paid; a refund over what was paid shows the error next to the amount', async () => {
  const order = await placeOrder(web.t, [{ sku: await stockedProduct(web.t, { [location]: 5 }), quantity: 2 }]); // 2 × 10.00 + 5.00
  const page = await signedIn('operator');
  await page.goto(`/orders/${order.id}`);
  const card = page.getByTestId('order-payments');
  await card.waitFor();
  assert.match(await page.getByTestId('financial-status').innerText(), /pending/i);
  assert.match(await page.getByTestId('payment-balance').innerText(), /\$25\.00/, 'the whole total is due');

  // A capture of the total (kind capture is the default).
  await page.getByTestId('payment-amount').fill('25.00');
  await page.getByTestId('payment-gateway').fill('stripe');
  await page.getByTestId('payment-reference').fill('ch_web_1');
  await page.getByTestId('payment-reason').fill('paid by card at the counter');
  await page.getByTestId('payment-submit').click();
  await page.locator('[data-testid="financial-status"] [data-status="paid"]').waitFor();
  await page.locator('[data-testid="payment-transaction"][data-kind="capture"]').waitFor();
  assert.match(await page.getByTestId('payment-paid').innerText(), /\$25\.00/);
  await page.locator('[data-testid="timeline-event"][data-type="order.transaction_recorded"]').waitFor();
  assert.ok((await page.locator('[data-testid="timeline-event"][data-type="order.transaction_recorded"]').innerText()).includes('paid by card at the counter'), 'the reason is on the timeline');

  // A refund of more than was paid: refused by the server, the message under the amount.
  await page.getByTestId('payment-kind').click();
  await page.getByRole('option', { name: 'refund', exact: true }).click();
  await page.getByTestId('payment-amount').fill('30.00');
  await page.getByTestId('payment-gateway').fill('stripe');
  await page.getByTestId('payment-submit').click();
  assert.match(await fieldError(page, 'payment-amount'), /more than the 25\.00 USD paid and not yet refunded/);
  await checkA11y(page);
  await screenshot(page, 'order-payments');
  const ledger = (await web.t.call('GET', `/v1/orders/${order.id}/transactions`)).json() as { data: { kind: string }[] };
  assert.deepEqual(ledger.data.map((t) => t.kind), ['capture'], 'the refused refund was not recorded');
  assertNoPageErrors(page);
});

test('a viewer sees the payments but is not offered to record one', async () => {
  const order = await placeOrder(web.t, [{ sku: await stockedProduct(web.t, { [location]: 5 }), quantity: 1 }]);
  assert.equal((await web.t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '20.00', gateway: 'stripe' })).statusCode, 201);
  const page = await signedIn('viewer');
  await page.goto(`/orders/${order.id}`);
  await page.locator('[data-testid="payment-transaction"][data-kind="sale"]').waitFor();
  assert.match(await page.getByTestId('payment-balance').innerText(), /Refund owed\s*\$5\.00/, 'paid 20.00 for an order of 15.00');
  assert.equal(await page.getByTestId('payment-submit').count(), 0);
  assertNoPageErrors(page);
});
