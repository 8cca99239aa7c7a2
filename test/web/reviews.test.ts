// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLocation, placeOrder, stockedProduct, uniqueCode } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/** The review queue, a case page and the order's Holds card linking to its case (ADR 0031). */
let web: ConsoleHarness;
let operator: Page;
let location: string;

before(async () => {
  web = await startConsole();
  location = (await createLocation(web.t, uniqueCode('WH'))).code;
  operator = await web.page();
  await signIn(operator, await web.user('operator'));
});
after(async () => {
  await web?.close();
});

const caseOf = async (orderId: string) => ((await web.t.call('GET', `/v1/reviews?order_id=${orderId}`)).json().data as { id: string; status: string; resolution: string | null; assignee: string | null }[])[0];

test('the queue lists a held order’s case; the case page shows its sentences and linked orders; assign to me, then approve with a reason', async () => {
  const sku = await stockedProduct(web.t, { [location]: 10 });
  const email = `${uniqueCode('rv').toLowerCase()}@review.test`;
  const order = await placeOrder(web.t, [{ sku, quantity: 1 }], { customer: { email, name: 'Rita Review' } });
  const earlier = await placeOrder(web.t, [{ sku, quantity: 1 }], { customer: { email, name: 'Rita Review' }, shipping_address: { name: 'R', line1: '5 Other St', city: 'Reno', region: 'NV', postal_code: '89501', country: 'US' } });
  assert.equal((await web.t.call('POST', `/v1/orders/${order.id}/holds`, { type: 'fraud_review', reason: 'Billing and shipping countries differ' })).statusCode, 201);
  const c = await caseOf(order.id);

  await operator.goto('/');
  await operator.getByTestId('nav-reviews').click();
  await operator.locator(`[data-testid="reviews-table-row"][data-id="${c?.id}"]`).waitFor();
  await operator.getByTestId('reviews-kind').click();
  await operator.getByRole('option', { name: 'Address review', exact: true }).click();
  await operator.waitForURL((u) => u.searchParams.get('kind') === 'address_review');
  await operator.locator(`[data-testid="reviews-table-row"][data-id="${c?.id}"]`).waitFor({ state: 'detached' });
  await operator.getByTestId('reviews-kind').click();
  await operator.getByRole('option', { name: 'Fraud review', exact: true }).click();
  await checkA11y(operator);
  await screenshot(operator, 'review-queue');
  await operator.locator(`[data-testid="reviews-table-row"][data-id="${c?.id}"] [data-testid="review-link"]`).click();

  await operator.getByTestId('review-sentences').waitFor();
  assert.match(await operator.getByTestId('review-sentences').innerText(), /Billing and shipping countries differ/);
  assert.match(await operator.getByTestId('review-linked').innerText(), new RegExp(`#${(earlier as unknown as { number: number }).number}[\\s\\S]*shares [a-z, ]*email`), 'the earlier order with the same e-mail is linked');
  await operator.getByTestId('review-assign-me').click();
  await operator.getByTestId('review-unassign').waitFor();
  assert.equal((await caseOf(order.id))?.assignee !== null, true, 'assigned');

  await operator.getByTestId('review-decide').click();
  await operator.getByTestId('review-close-submit').click();
  assert.match(await operator.getByTestId('review-close-dialog').innerText(), /Say why/, 'a reason is required');
  assert.equal((await caseOf(order.id))?.status, 'open', 'nothing closed without a reason');
  await operator.getByTestId('review-reason').fill('Customer confirmed by phone');
  await operator.getByTestId('review-close-submit').click();
  await operator.getByTestId('review-closed-reason').waitFor();
  await checkA11y(operator);
  await screenshot(operator, 'review-case');
  assert.deepEqual([(await caseOf(order.id))?.resolution], ['approved']);
  assert.equal((await web.t.call('GET', `/v1/orders/${order.id}`)).json().held, false, 'the hold is released');
  assertNoPageErrors(operator);
});

test('the order’s Holds card links to its open case; rejecting from the case cancels the order', async () => {
  const sku = await stockedProduct(web.t, { [location]: 10 });
  const order = await placeOrder(web.t, [{ sku, quantity: 1 }]);
  assert.equal((await web.t.call('POST', `/v1/orders/${order.id}/holds`, { type: 'address_review', reason: 'ZIP does not match the state' })).statusCode, 201);
  await operator.goto(`/orders/${order.id}`);
  await operator.getByTestId('order-review-case-link').click();
  await operator.getByTestId('review-decide').click();
  await operator.getByTestId('review-resolution').getByText('Reject').click();
  await operator.getByTestId('review-reason').fill('Address does not exist');
  await operator.getByTestId('review-close-submit').click();
  await operator.getByTestId('review-closed-reason').waitFor();
  assert.equal((await web.t.call('GET', `/v1/orders/${order.id}`)).json().status, 'cancelled');
  assertNoPageErrors(operator);
});
