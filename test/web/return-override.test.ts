// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { queryRows } from '../../src/platform/db/database.js';
import { createLocation, placeOrder, stockedProduct, uniqueCode } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, fieldError, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * Closing a return with an outcome its policy does not offer (ADR 0028), from the return page (store
 * credit, refund, instant exchange): the 422 RETURN_OUTCOME_NOT_OFFERED refusal, then the required
 * override note, then the close with it.
 */
let web: ConsoleHarness;
let wh: string;
const SIZE = { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 };

before(async () => {
  web = await startConsole();
  assert.equal((await web.t.call('PUT', '/v1/boxes/OV-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await web.t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  wh = (await createLocation(web.t, uniqueCode('OVW'), { address: { name: 'Returns DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' })).code;
});

const offer = async (allowed: string[]) => {
  const policy = await web.t.call('PUT', '/v1/return-policy', { window_days: 30, assumed_transit_days: 5, final_sale_skus: [], restocking_fee_bps: 0, return_shipping: 'free', allowed_outcomes: allowed, keep_item_threshold_minor: 0, return_locations: [wh], overrides: [] });
  assert.equal(policy.statusCode, 200, policy.body);
};
after(async () => {
  await web?.close();
});

/** 1 × 10.00 + 5.00 shipping, paid, shipped, with a return (as a refund) approved at the warehouse. */
async function approvedReturn(): Promise<{ id: string; lineId: string; orderId: string; sku: string }> {
  const sku = await stockedProduct(web.t, { [wh]: 10 }, SIZE);
  const order = await placeOrder(web.t, [{ sku, quantity: 1 }], { customer: { email: 'override@shoppers.test', name: 'Over Ride', phone: null } });
  assert.equal((await web.t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '15.00', gateway: 'stripe' })).statusCode, 201);
  for (const fo of (await web.t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    assert.equal((await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {})).statusCode, 201);
  }
  const ret = await web.t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 1, reason: 'defective' }] });
  assert.equal(ret.statusCode, 201, ret.body);
  const id = ret.json().id as string;
  assert.equal((await web.t.call('POST', `/v1/returns/${id}/approve`, { location: wh })).statusCode, 200);
  return { id, lineId: ret.json().lines[0].id as string, orderId: order.id, sku };
}

/** The approved return, received: inspected. */
async function inspectedReturn(): Promise<{ id: string; orderId: string }> {
  const ret = await approvedReturn();
  const received = await web.t.call('POST', `/v1/returns/${ret.id}/receipts`, { lines: [{ return_line_id: ret.lineId, quantity: 1, disposition: 'restock' }] });
  assert.equal(received.json().status, 'inspected', received.body);
  return ret;
}

const closedEvent = async (id: string) => (await queryRows<{ data: Record<string, unknown> }>(web.t.database.db, sql`select data from events where aggregate_id = ${id} and type = 'return.closed'`))[0]?.data;

test('store credit the policy does not offer: refused, then closed with a required override note, recorded', async () => {
  await offer(['refund']);
  const ret = await inspectedReturn();
  const page: Page = await web.page();
  await signIn(page, await web.user('operator'));
  await page.goto(`/returns/${ret.id}`);
  await page.getByTestId('refund-preview').waitFor();
  await page.getByTestId('store-credit-open').click();
  assert.equal(await page.getByTestId('store-credit-override-note').count(), 0, 'no override note before the policy refuses');
  await page.getByTestId('store-credit-confirm').click();
  await page.getByTestId('store-credit-problem').waitFor();
  assert.equal(await page.getByTestId('store-credit-problem').getAttribute('data-code'), 'RETURN_OUTCOME_NOT_OFFERED');
  assert.match(await page.getByTestId('store-credit-problem').innerText(), /"store_credit" is not offered; this store offers refund/);
  await page.getByTestId('store-credit-override-note').waitFor();
  assert.equal(await page.getByTestId('store-credit-confirm').innerText(), 'Issue store credit anyway');

  await page.getByTestId('store-credit-confirm').click();
  assert.equal(await fieldError(page, 'store-credit-override-note'), 'Say why the return closes with an outcome its policy does not offer', 'the note is required');
  assert.equal((await web.t.call('GET', `/v1/returns/${ret.id}`)).json().status, 'inspected', 'nothing written');
  await checkA11y(page);
  await screenshot(page, 'return-override-note');

  await page.getByTestId('store-credit-override-note').fill('Customer has no card any more: manager approved store credit');
  await page.getByTestId('store-credit-confirm').click();
  await page.locator('[data-testid="return-status"] [data-status="closed"]').waitFor({ timeout: 15_000 });
  await page.locator('[data-testid="refund-kind"][data-gateway="store_credit"]').waitFor({ timeout: 15_000 });
  assert.equal((await closedEvent(ret.id))?.outcome_override_note, 'Customer has no card any more: manager approved store credit', 'the note is on return.closed');
  const ledger = (await web.t.call('GET', `/v1/orders/${ret.orderId}/transactions`)).json().data as { kind: string; gateway: string; amount: string }[];
  assert.deepEqual(ledger.map((x) => [x.kind, x.gateway, x.amount]), [['sale', 'stripe', '15.00'], ['refund', 'store_credit', '15.00']], 'one store credit, once');
  assertNoPageErrors(page);
});

test('a refund the policy does not offer: refused on the Refund card, then issued with the override note', async () => {
  // Requested (as a refund) while the policy offered refunds; by close it offers store credit only.
  await offer(['refund', 'store_credit']);
  const ret = await inspectedReturn();
  await offer(['store_credit']);
  const page: Page = await web.page();
  await signIn(page, await web.user('operator'));
  await page.goto(`/returns/${ret.id}`);
  await page.getByTestId('refund-preview').waitFor();
  await page.getByTestId('refund-submit').click();
  await page.getByTestId('refund-problem').waitFor();
  assert.equal(await page.getByTestId('refund-problem').getAttribute('data-code'), 'RETURN_OUTCOME_NOT_OFFERED');
  await page.getByTestId('refund-override-note').waitFor();
  await page.getByTestId('refund-submit').click();
  assert.equal(await fieldError(page, 'refund-override-note'), 'Say why the return closes with an outcome its policy does not offer');
  assert.equal((await web.t.call('GET', `/v1/returns/${ret.id}`)).json().status, 'inspected', 'nothing written');
  await checkA11y(page);
  await screenshot(page, 'return-refund-override-note');
  await page.getByTestId('refund-override-note').fill('No account for store credit: card refund approved');
  await page.getByTestId('refund-submit').click();
  await page.locator('[data-testid="return-status"] [data-status="closed"]').waitFor({ timeout: 15_000 });
  assert.equal((await closedEvent(ret.id))?.outcome_override_note, 'No account for store credit: card refund approved');
  const ledger = (await web.t.call('GET', `/v1/orders/${ret.orderId}/transactions`)).json().data as { kind: string; gateway: string; amount: string }[];
  assert.deepEqual(ledger.map((x) => [x.kind, x.gateway, x.amount]), [['sale', 'stripe', '15.00'], ['refund', 'stripe', '15.00']], 'one card refund');
  assertNoPageErrors(page);
});

test('an instant exchange the policy does not offer: refused in the dialog, then made with the override note', async () => {
  await offer(['refund']);
  const { id, sku } = await approvedReturn();
  const page: Page = await web.page();
  await signIn(page, await web.user('operator'));
  await page.goto(`/returns/${id}`);
  await page.getByTestId('exchange-open').click();
  await page.getByTestId('exchange-sku-0').fill(sku);
  await page.getByTestId('exchange-submit').click();
  await page.getByTestId('exchange-problem').waitFor();
  assert.equal(await page.getByTestId('exchange-problem').getAttribute('data-code'), 'RETURN_OUTCOME_NOT_OFFERED');
  await page.getByTestId('exchange-submit').click();
  assert.equal(await fieldError(page, 'exchange-override-note'), 'Say why the return closes with an outcome its policy does not offer');
  assert.equal((await web.t.call('GET', `/v1/returns/${id}`)).json().exchange, null, 'nothing made');
  await page.getByTestId('exchange-override-note').fill('Size swap approved by the store manager');
  await page.getByTestId('exchange-submit').click();
  await page.getByTestId('return-exchange').waitFor({ timeout: 30_000 });
  assert.ok((await web.t.call('GET', `/v1/returns/${id}`)).json().exchange?.replacement_order_id, 'the replacement order was made');
  assertNoPageErrors(page);
});
