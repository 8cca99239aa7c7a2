// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLocation, placeOrder, stockedProduct, uniqueCode, type OrderJson } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, fieldError, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * The returns desk's other screens (ADR 0024): the reasons and the policy an administrator edits
 * (a refusal of the server beside the field it names; read-only for others), the analytics after a
 * return, and the queue showing each return's order, customer and channel from the list itself.
 */
let web: ConsoleHarness;
let wh: string;
const SIZE = { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 };

before(async () => {
  web = await startConsole();
  assert.equal((await web.t.call('PUT', '/v1/boxes/RS-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await web.t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  wh = (await createLocation(web.t, uniqueCode('RSW'), { address: { name: 'Returns DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' })).code;
});
after(async () => {
  await web?.close();
});

const signedIn = async (role: 'admin' | 'operator', path = '/'): Promise<Page> => {
  const page = await web.page();
  await signIn(page, await web.user(role), path);
  return page;
};


async function shippedOrder(quantity: number, overrides: Record<string, unknown> = {}): Promise<{ sku: string; order: OrderJson & { number: number } }> {
  const sku = await stockedProduct(web.t, { [wh]: 10 }, SIZE);
  const order = await placeOrder(web.t, [{ sku, quantity }], { placed_at: new Date().toISOString(), ...overrides });
  for (const fo of (await web.t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    const shipped = await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
    assert.equal(shipped.statusCode, 201, shipped.body);
  }
  return { sku, order: order as OrderJson & { number: number } };
}

const reasonsNow = async () => (await web.t.call('GET', '/v1/return-reasons')).json().reasons as { code: string; label: string; requires_note: boolean; merchant_fault: boolean }[];
const rowIndex = async (page: Page, code: string): Promise<number> => (await page.getByTestId('reason-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))).indexOf(code);

test('reasons: an admin renames one, makes it need a note, adds one and deactivates one; a code used twice is refused beside its field', async () => {
  const page = await signedIn('admin', '/returns/reasons');
  await page.getByTestId('reasons-table').waitFor();
  const changed = await rowIndex(page, 'changed_mind');
  assert.ok(changed >= 0, 'the default reasons are listed');
  await page.getByTestId(`reason-label-${changed}`).fill('No longer wanted');
  await page.getByTestId(`reason-requires-note-${changed}`).check();

  // A new reason whose label gives an existing code: the server refuses it, at the code's field.
  await page.getByTestId('reason-add').click();
  const added = (await page.getByTestId('reason-row').count()) - 1;
  await page.getByTestId(`reason-label-${added}`).fill('Defective');
  assert.equal(await page.getByTestId(`reason-code-${added}`).inputValue(), 'defective', 'a new reason’s code follows its label');
  await page.getByTestId('reasons-save').click();
  assert.match(await fieldError(page, `reason-code-${added}`), /listed twice/);
  assert.equal((await reasonsNow()).find((r) => r.code === 'changed_mind')?.label, 'Changed mind', 'nothing written while refused');
  await checkA11y(page);
  await screenshot(page, 'return-reasons-refused');

  await page.getByTestId(`reason-label-${added}`).fill('Arrived too late');
  await page.getByTestId(`reason-remove-${await rowIndex(page, 'size_too_large')}`).click();
  await page.getByTestId('reasons-save').click();
  await page.locator('[data-testid="reasons-save"]:disabled:not([data-loading])').waitFor({ timeout: 15_000 });
  const saved = await reasonsNow();
  assert.deepEqual(saved.find((r) => r.code === 'changed_mind'), { code: 'changed_mind', label: 'No longer wanted', requires_note: true, merchant_fault: false });
  assert.deepEqual(saved.find((r) => r.code === 'arrived_too_late'), { code: 'arrived_too_late', label: 'Arrived too late', requires_note: false, merchant_fault: false });
  assert.equal(saved.some((r) => r.code === 'size_too_large'), false, 'the deactivated reason is no longer offered');
  assert.equal(await page.locator('[data-testid="reason-row"][data-code="other"] [data-testid^="reason-remove-"]').count(), 0, '“other” cannot be deactivated');
  await checkA11y(page);
  await screenshot(page, 'return-reasons');
  assertNoPageErrors(page);
});

test('policy: an admin’s window over the limit is refused beside the field; a valid policy is saved; an operator only reads it', async () => {
  const page = await signedIn('admin', '/returns/policy');
  await page.getByTestId('policy-window-days').waitFor();
  await page.getByTestId('policy-window-days').fill('5000');
  await page.getByTestId('policy-restocking-fee').fill('15');
  await page.getByTestId('policy-save').click();
  assert.match(await fieldError(page, 'policy-window-days'), /3650/);
  assert.equal(await page.getByTestId('policy-problem').count(), 1, 'the problem is announced above the form too');
  assert.notEqual((await web.t.call('GET', '/v1/return-policy')).json().window_days, 5000, 'nothing written while refused');
  await checkA11y(page);
  await screenshot(page, 'return-policy-refused');

  await page.getByTestId('policy-window-days').fill('45');
  await page.getByTestId('policy-outcome-exchange').uncheck();
  await page.getByTestId('policy-save').click();
  await page.locator('[data-testid="policy-save"]:disabled:not([data-loading])').waitFor({ timeout: 15_000 });
  const policy = (await web.t.call('GET', '/v1/return-policy')).json();
  assert.deepEqual([policy.window_days, policy.restocking_fee_bps, [...policy.allowed_outcomes].sort()], [45, 1500, ['refund', 'store_credit']], '15 % is 1500 basis points');
  assert.equal(await page.getByTestId('policy-window-days').getAttribute('aria-invalid'), null, 'the field error is gone');
  await screenshot(page, 'return-policy');
  assertNoPageErrors(page);

  const operator = await signedIn('operator', '/returns/policy');
  await operator.getByTestId('policy-window-days').waitFor();
  assert.equal(await operator.getByTestId('policy-save').count(), 0, 'no save for an operator');
  assert.equal(await operator.getByTestId('policy-window-days').isDisabled(), true, 'the fields are read-only');
  assert.equal(await operator.getByTestId('policy-window-days').inputValue(), '45');
  await checkA11y(operator);
  assertNoPageErrors(operator);
});

test('analytics after a return: the SKU’s rate, the reason by its label; the queue names the order’s customer and channel and the return who asked for it', async () => {
  const { sku, order } = await shippedOrder(2, { customer: { email: 'ines@shop.test', name: 'Inès Durand' } });
  const requested = await web.t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 1, reason: 'defective' }] });
  assert.equal(requested.statusCode, 201, requested.body);
  const ret = requested.json() as { id: string; created_by: string };

  const page = await signedIn('operator', '/returns');
  const row = page.locator(`[data-testid="returns-table-row"][data-id="${ret.id}"]`);
  await row.waitFor({ timeout: 15_000 });
  assert.match(await row.getByTestId('return-order-link').innerText(), new RegExp(`^${order.number}$`));
  assert.equal(await row.getByTestId('return-customer').innerText(), 'Inès Durand · web');
  await checkA11y(page);
  await screenshot(page, 'returns-queue');

  await page.getByTestId('returns-tab-analytics').click();
  await page.getByTestId('analytics-table').waitFor({ timeout: 15_000 });
  const skuRow = page.locator(`[data-testid="analytics-row"][data-key="${sku}"]`);
  assert.deepEqual([await skuRow.getByTestId('analytics-returned').innerText(), await skuRow.getByTestId('analytics-shipped').innerText(), await skuRow.getByTestId('analytics-row-rate').innerText()], ['1', '2', '50 %']);
  await checkA11y(page);
  await screenshot(page, 'return-analytics');
  await page.getByTestId('analytics-group').getByText('Reason', { exact: true }).click();
  await page.locator('[data-testid="analytics-row"][data-key="defective"]').waitFor({ timeout: 15_000 });
  assert.match(await page.locator('[data-testid="analytics-row"][data-key="defective"]').innerText(), /^Defective/);

  await page.goto(`/returns/${ret.id}`);
  const by = await page.getByTestId('return-created-by').innerText();
  assert.doesNotMatch(by, /^(usr|key)_/, 'a person or key by name, not by id');
  assert.equal(by, (await web.t.call('GET', `/v1/returns/${ret.id}`)).json().created_by_label);
  assertNoPageErrors(page);
});
