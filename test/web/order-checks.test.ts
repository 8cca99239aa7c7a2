// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createChannel, createLocation, orderBody, stockedProduct, uniqueCode } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, fieldError, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * What capture found (ADR 0027) on the order page: an address finding, the address review and its
 * hold on a channel's order; a price signal on an API order; and the tenant's price_signal_percent
 * on the Settings page.
 */
let web: ConsoleHarness;
let operator: Page;
let sku: string;

const customer = { email: 'checks@shoppers.test', name: 'Ada Lovelace', phone: null };
const address = (over: Record<string, unknown> = {}) => ({ name: 'Ada Lovelace', line1: '350 S Grand Ave', line2: null, city: 'Los Angeles', region: 'CA', postal_code: '90013', country: 'US', ...over });

before(async () => {
  web = await startConsole();
  const location = (await createLocation(web.t, uniqueCode('CHK'))).code;
  sku = await stockedProduct(web.t, { [location]: 50 }, { price: '15.00' });
  operator = await web.page();
  await signIn(operator, await web.user('operator'));
});
after(async () => {
  await web?.close();
});

test('a channel’s order with ZIP 90013 and state NY: the finding as an error, the review notice and the address review hold', async () => {
  const shop = await createChannel(web.t, 'shopify');
  const res = await web.t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1, unit_price: '15.00' }], { channel: shop.id, customer, shipping_address: address({ region: 'NY', postal_code: '90013' }) }));
  assert.equal(res.statusCode, 201, res.body);
  const order = res.json() as { id: string; address_checks: { findings: { message: string }[] } };
  await operator.goto(`/orders/${order.id}`);
  await operator.getByTestId('order-checks').waitFor();

  const finding = operator.getByTestId('order-address-finding');
  assert.equal(await finding.count(), 1, 'one finding');
  assert.deepEqual([await finding.getAttribute('data-code'), await finding.getAttribute('data-severity')], ['postal_code_region_mismatch', 'error']);
  assert.match(await finding.innerText(), /Error[\s\S]*ZIP code 90013 is in CA, but the state given is NY[\s\S]*shipping_address\.postal_code/i);
  assert.ok(order.address_checks.findings[0]?.message && (await finding.innerText()).includes(order.address_checks.findings[0].message), 'the API’s sentence, whole');

  const review = await operator.getByTestId('order-address-review').innerText();
  assert.match(review, /Needs address review/);
  assert.doesNotMatch(review, /ZIP code 90013/, 'the review reason restates the finding: said once, in the finding');
  assert.match(review, /release that hold: releasing it is how the review ends/);
  assert.equal(await operator.getByTestId('order-hold-type').innerText(), 'Address review', 'the hold the notice speaks of is in the Holds card');
  assert.equal(await operator.getByTestId('order-signals').count(), 0, 'a catalogue price: no signal');
  await checkA11y(operator);
  await screenshot(operator, 'order-checks-address-review');

  // Releasing the hold ends the review: the notice says so.
  await operator.getByTestId('order-hold-release').click();
  await operator.getByTestId('release-hold-note').fill('Customer confirmed: 90013 Los Angeles, CA');
  await operator.getByTestId('release-hold-submit').click();
  await operator.getByTestId('order-not-held').waitFor();
  assert.match(await operator.getByTestId('order-address-review').innerText(), /hold was released: the review has ended/);
  assertNoPageErrors(operator);
});

test('an API order at 0.01 against a catalogue price of 15.00: the signal, and the standard way of writing its address', async () => {
  const res = await web.t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1, unit_price: '0.01' }], { customer, shipping_address: address({ region: 'california', postal_code: '900131234' }) }));
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  await operator.goto(`/orders/${id}`);
  await operator.getByTestId('order-signals').waitFor();
  const signal = operator.getByTestId('order-signal');
  assert.equal(await signal.count(), 1);
  assert.equal(await signal.getAttribute('data-code'), 'price_far_below_catalogue');
  assert.match(await signal.innerText(), /Price far below catalogue[\s\S]*sold at 0\.01 USD, 99 % below its catalogue price of 15\.00 USD/i);
  assert.match(await operator.getByTestId('order-standard-shipping').innerText(), /90013-1234 Los Angeles CA/, 'the standardised address, where it differs from what was sent');
  assert.match(await operator.getByTestId('order-shipping-address').innerText(), /900131234 Los Angeles california/, 'what was sent stays shown');
  assert.equal(await operator.getByTestId('order-address-review').count(), 0, 'an API order is refused, never reviewed');
  await checkA11y(operator);
  await screenshot(operator, 'order-checks-signal');
  assertNoPageErrors(operator);
});

test('an order with nothing to say shows no checks card', async () => {
  const res = await web.t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1, unit_price: '15.00' }], { customer, shipping_address: address() }));
  assert.equal(res.statusCode, 201, res.body);
  await operator.goto(`/orders/${res.json().id}`);
  await operator.getByTestId('order-not-held').waitFor();
  assert.equal(await operator.getByTestId('order-checks').count(), 0);
});

test('Settings: the price signal threshold refuses 0 and 1001, and saves 25', async () => {
  const admin = await web.page();
  await signIn(admin, await web.user('admin'));
  await admin.goto('/settings');
  const field = admin.getByTestId('settings-price-signal');
  assert.equal(await field.inputValue(), '50', 'the default');
  for (const bad of ['0', '1001']) {
    await field.fill(bad);
    await admin.getByTestId('settings-save').click();
    assert.equal(await fieldError(admin, 'settings-price-signal'), 'A whole percent from 1 to 1000', `${bad} is refused`);
    assert.equal((await web.t.call('GET', '/v1/settings')).json().price_signal_percent, 50, 'nothing saved');
  }
  await checkA11y(admin);
  await screenshot(admin, 'settings-price-signal-refused');
  await field.fill('25');
  await admin.getByTestId('settings-save').click();
  await admin.locator('[data-testid="settings-save"][disabled]').waitFor();
  assert.equal((await web.t.call('GET', '/v1/settings')).json().price_signal_percent, 25);
  await admin.reload();
  assert.equal(await admin.getByTestId('settings-price-signal').inputValue(), '25', 'shown as saved');
  assertNoPageErrors(admin);
});
