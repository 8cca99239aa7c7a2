// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLocation, placeOrder, stockedProduct, uniqueCode } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, fieldError, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * The customers screens (ADR 0026): the list in the navigation with its search, a customer's page
 * reached from its order (figures, orders, tags, note and phone edited, a bad phone refused beside
 * its field), read-only for a viewer.
 */
let web: ConsoleHarness;
let sku: string;

before(async () => {
  web = await startConsole();
  const wh = (await createLocation(web.t, uniqueCode('CUW'))).code;
  sku = await stockedProduct(web.t, { [wh]: 100 });
});
after(async () => {
  await web?.close();
});

const signedIn = async (role: 'admin' | 'viewer', path = '/'): Promise<Page> => {
  const page = await web.page();
  await signIn(page, await web.user(role), path);
  return page;
};


test('from an order to its customer: figures and orders; phone, tags and note edited; a bad phone refused beside its field', async () => {
  const email = `${uniqueCode('grace').toLowerCase().replace(/[^a-z0-9]/g, '')}@shop.test`;
  const first = await placeOrder(web.t, [{ sku, quantity: 1 }], { customer: { email, name: 'Grace Hopper' } });
  await placeOrder(web.t, [{ sku, quantity: 2 }], { customer: { email: email.toUpperCase(), name: 'Grace Hopper' } });
  const page = await signedIn('admin', `/orders/${first.id}`);
  await page.getByTestId('order-customer-link').click();
  await page.waitForURL((u) => u.pathname.startsWith('/customers/cus_'), { timeout: 15_000 });
  const customerId = new URL(page.url()).pathname.split('/')[2] as string;
  // The URL changes before the customer page replaces the order page's title: wait for the customer's figures first.
  await page.getByTestId('customer-stat-orders').waitFor();
  assert.equal(await page.getByTestId('page-title').innerText(), 'Grace Hopper');
  assert.equal(await page.getByTestId('customer-stat-orders').innerText(), '2');
  await page.getByTestId('customer-order-link').nth(1).waitFor();
  assert.equal(await page.getByTestId('customer-order-link').count(), 2, 'both orders listed');

  await page.getByTestId('customer-phone').fill('12');
  await page.getByTestId('customer-save').click();
  assert.match(await fieldError(page, 'customer-phone'), /country code/);
  assert.equal((await web.t.call('GET', `/v1/customers/${customerId}`)).json().phone, null, 'nothing written while refused');
  await checkA11y(page);
  await screenshot(page, 'customer-refused');

  await page.getByTestId('customer-phone').fill('+1 212 555 0142');
  await page.getByTestId('customer-tags').fill('vip');
  await page.getByTestId('customer-tags').press('Enter');
  await page.getByTestId('customer-note').fill('Prefers morning deliveries');
  await page.getByTestId('customer-save').click();
  await page.locator('[data-testid="customer-save"]:disabled:not([data-loading])').waitFor({ timeout: 15_000 });
  const saved = (await web.t.call('GET', `/v1/customers/${customerId}`)).json();
  assert.equal(saved.phone, '+12125550142');
  assert.deepEqual(saved.tags, ['vip']);
  assert.equal(saved.note, 'Prefers morning deliveries');
  await page.evaluate('window.scrollTo(0, 0)');
  await screenshot(page, 'customer');

  // The list, from the navigation, searched by the beginning of the e-mail.
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('customers-table').waitFor();
  await page.getByTestId('customers-search').fill(email.slice(0, 12));
  await page.getByTestId('customers-search').press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === email.slice(0, 12), { timeout: 15_000 });
  await page.locator('[data-testid="customer-link"]', { hasText: 'Grace Hopper' }).waitFor({ timeout: 15_000 });
  assert.equal(await page.getByTestId('customer-link').count(), 1, 'only the customer searched for');
  assert.equal(await page.getByTestId('customer-orders-count').first().innerText(), '2');
  await checkA11y(page);
  await screenshot(page, 'customers');
  assertNoPageErrors(page);
});

test('a viewer reads a customer but is offered no edit, merge or erase', async () => {
  const order = await placeOrder(web.t, [{ sku, quantity: 1 }], { customer: { email: `${uniqueCode('view').toLowerCase().replace(/[^a-z0-9]/g, '')}@shop.test`, name: 'Vera Viewer' } });
  const page = await signedIn('viewer', `/customers/${(order as unknown as { customer_id: string }).customer_id}`);
  await page.getByTestId('customer-figures').waitFor();
  assert.equal(await page.getByTestId('customer-save').count(), 0);
  assert.equal(await page.getByTestId('erase-open').count(), 0);
  assert.equal(await page.getByTestId('merge-from').count(), 0);
  assertNoPageErrors(page);
});
