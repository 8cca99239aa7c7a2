// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { setFraudScreening } from '../support/app.js';
import { createLocation, placeOrder, stockedProduct, uniqueCode } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, fieldError, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/** Fraud screening in the console (ADR 0030): the order's Risk card and the Fraud rules page. */
let web: ConsoleHarness;
let operator: Page;
let sku: string;

before(async () => {
  web = await startConsole({ fraudScreening: true });
  const location = (await createLocation(web.t, uniqueCode('WH'))).code;
  sku = await stockedProduct(web.t, { [location]: 1000 });
  operator = await web.page();
  await signIn(operator, await web.user('operator'));
});
after(async () => {
  await web?.close();
});

// A throwaway mailbox on an order over 200 (30 × 10.00): the default rules send it to review.
const throwaway = () => placeOrder(web.t, [{ sku, quantity: 30 }], { placed_at: new Date().toISOString(), customer: { email: `${uniqueCode('tw').toLowerCase()}@mailinator.com`, name: 'Tom Throwaway' } });
const activeVersion = async () => (await web.t.call('GET', '/v1/risk/rule-sets/active')).json() as { version: number | null; rules: { id: string; rule: string }[] };

test('an operator sees the Risk card of a screened order, its signals and its review case; an order captured without screening says so; a viewer sees no card', async () => {
  const order = await throwaway();
  assert.equal((order as unknown as { risk: { action: string } | null }).risk?.action, 'review', 'the default rules review it');
  await operator.goto(`/orders/${order.id}`);
  const card = operator.getByTestId('order-risk');
  await card.getByTestId('order-risk-thresholds').waitFor();
  assert.equal(await card.getByTestId('order-risk-action').getAttribute('data-action'), 'review');
  assert.match(await card.getByTestId('order-risk-score').innerText(), /^Score \d+ of 100$/);
  assert.equal(await card.getByTestId('order-risk-thresholds').innerText(), 'review at 65, reject at 75');
  assert.equal(await card.getByTestId('order-risk-version').innerText(), 'default-1');
  assert.match(await card.getByTestId('order-risk-explanation').innerText(), /^Held for review: A throwaway e-mail/);
  assert.ok(await card.locator('[data-testid="order-risk-rule"][data-id="disposable-email"]').isVisible(), 'the matched rule is listed');
  assert.equal(await card.getByTestId('order-risk-signals').isVisible(), false, 'signals start folded');
  await card.getByTestId('order-risk-signals-toggle').click();
  const disposable = card.locator('[data-testid="order-risk-signal"][data-id="email.disposable"]');
  await disposable.waitFor();
  assert.deepEqual([await disposable.getAttribute('data-source'), await disposable.getByTestId('order-risk-signal-value').innerText()], ['email_lists', 'yes']);
  assert.match(await card.locator('[data-testid="order-risk-signal"][data-id="order.total"]').innerText(), /\$305\.00/, 'money signals as money, not minor units');
  assert.equal(await card.getByTestId('order-risk-signal').first().getAttribute('data-id'), 'order.total', 'signals in the schema’s order, the order’s own first');
  await card.getByTestId('order-risk-case-link').waitFor();
  await checkA11y(operator);
  await screenshot(operator, 'order-risk', card);
  await card.getByTestId('order-risk-case-link').click();
  await operator.waitForURL(/\/reviews\/rvc_/);
  await operator.getByTestId('review-sentences').waitFor();

  await setFraudScreening(web.t.app, web.t.rootKey, false);
  const unscreened = await placeOrder(web.t, [{ sku, quantity: 1 }]);
  await setFraudScreening(web.t.app, web.t.rootKey, true);
  await operator.goto(`/orders/${unscreened.id}`);
  assert.match(await operator.getByTestId('order-risk-none').innerText(), /^Not screened/);

  const viewer = await web.page();
  await signIn(viewer, await web.user('viewer'));
  await viewer.goto(`/orders/${order.id}`);
  await viewer.getByTestId('order-holds').waitFor();
  assert.equal(await viewer.getByTestId('order-risk').count(), 0, 'no Risk card without risk:read');
  assert.equal(await viewer.locator('.mantine-Notification-root').count(), 0, 'no error flashed for it');
  assert.equal(await viewer.getByTestId('nav-risk').count(), 0, 'no Fraud rules entry');
  assertNoPageErrors(operator);
  assertNoPageErrors(viewer);
});

test('an admin edits a new version: a broken condition is marked at its row, fixed, backtested, saved and activated; an older version is activated after confirming', async () => {
  const earlier = await throwaway();
  const admin = await web.page();
  await signIn(admin, await web.user('admin'));
  await admin.goto('/');
  await admin.getByTestId('nav-risk').click();
  await admin.getByTestId('risk-rules').waitFor();
  assert.equal(await admin.getByTestId('risk-rule-set-title').innerText(), 'Built-in default set');
  assert.match(await admin.getByTestId('risk-versions-none').innerText(), /built-in default set/);

  await admin.getByTestId('risk-new-version').click();
  const row = admin.locator('[data-testid="risk-edit-rule"][data-id="disposable-email"]');
  await row.waitFor();
  const i = Number(await row.getAttribute('data-index'));
  await admin.getByTestId(`risk-rule-${i}-condition`).fill('email.disposible and order.total > 500');
  await admin.getByTestId('risk-list-block-ips-input').fill('203.0.113.7\nnot-an-ip');
  await admin.getByTestId('risk-note').fill('Throwaway mailboxes only above 500');
  await admin.getByTestId('risk-save').click();
  const message = await fieldError(admin, `risk-rule-${i}-condition`);
  assert.match(message, /RULE_UNKNOWN_FIELD: column 1: unknown field "email\.disposible"/, `the error is at the row, its column counted from the condition: ${message}`);
  assert.doesNotMatch(message, /column 11/, 'no column counted from the whole rule');
  assert.match(await fieldError(admin, 'risk-list-block-ips-input'), /^line 2: /, 'a list entry is named by its line');
  assert.doesNotMatch(await admin.getByTestId('risk-edit-problem').innerText(), /rules\[/, 'the alert does not list again what the row shows');
  assert.equal((await web.t.call('GET', '/v1/risk/rule-sets')).json().data.length, 0, 'nothing written');
  await checkA11y(admin);
  await screenshot(admin, 'risk-rule-editor', row);

  await admin.getByTestId(`risk-rule-${i}-condition`).fill('email.disposable and order.total > 500');
  await admin.getByTestId('risk-list-block-ips-input').fill('203.0.113.7');
  await admin.getByTestId('risk-backtest-run').click();
  await admin.getByTestId('risk-backtest-result').waitFor();
  const changed = admin.locator(`[data-testid="risk-backtest-changed"][data-id="${earlier.id}"]`);
  await changed.waitFor();
  assert.match(await changed.innerText(), /Review → Allow/, 'the 300.00 order would now be allowed');
  assert.ok(Number(await admin.getByTestId('risk-backtest-allowed').innerText()) >= 1, 'at least that order is counted as allowed');
  assert.equal(await changed.getByTestId('risk-backtest-order-link').getAttribute('href'), `/orders/${earlier.id}`);
  await screenshot(admin, 'risk-backtest', admin.getByTestId('risk-backtest'));
  assert.notEqual(await admin.getByTestId(`risk-rule-${i}-condition`).getAttribute('aria-invalid'), 'true', 'the fixed row is no longer marked');

  // The shop sells in USD: its amounts without a code are in USD (ADR 0030 "Money in rules").
  await admin.getByTestId('risk-currency-input').fill('usd');
  await admin.getByTestId('risk-save').click();
  await admin.waitForURL((u) => u.pathname === '/risk');
  await admin.locator('[data-testid="risk-rule-set"][data-version="v1"]').waitFor();
  assert.equal(await admin.getByTestId('risk-rule-set-title').innerText(), 'Version 1');
  assert.match(await admin.locator('[data-testid="risk-rules-row"][data-id="disposable-email"]').innerText(), /order\.total > 500/);
  assert.ok(await admin.locator('[data-testid="risk-versions-row"][data-id="1"] [data-testid="risk-version-active"]').isVisible(), 'version 1 is marked active in the list');
  const v1 = await activeVersion();
  assert.equal(v1.version, 1);
  assert.equal(v1.rules.find((r) => r.id === 'disposable-email')?.rule, 'review if email.disposable and order.total > 500');
  assert.equal(await admin.getByTestId('risk-currency').innerText(), 'Amounts without a code are in USD', 'the view says which currency the amounts are in');
  assert.equal(((await web.t.call('GET', '/v1/risk/rule-sets/active')).json() as { settings: { currency: string | null } }).settings.currency, 'USD', 'saved upper-cased');
  assert.deepEqual(((await web.t.call('GET', '/v1/risk/rule-sets/active')).json() as { lists: { block: { ips: string[] } } }).lists.block.ips, ['203.0.113.7']);

  // Another version written through the API, not active: activated from the list after confirming.
  assert.equal((await web.t.call('POST', '/v1/risk/rule-sets', { rules: v1.rules, settings: { thresholds: { review: 60, reject: 80 } }, note: 'Lower review threshold' })).statusCode, 201);
  await admin.reload();
  const v2 = admin.locator('[data-testid="risk-versions-row"][data-id="2"]');
  await v2.getByTestId('risk-version-activate').click();
  await admin.getByTestId('risk-activate-dialog-cancel').click();
  assert.equal((await activeVersion()).version, 1, 'nothing changes without confirming');
  await v2.getByTestId('risk-version-activate').click();
  await admin.getByTestId('risk-activate-dialog-confirm').click();
  await v2.getByTestId('risk-version-active').waitFor();
  await admin.locator('[data-testid="risk-rule-set"][data-version="v2"]').waitFor();
  assert.equal(await admin.getByTestId('risk-threshold-review').innerText(), '60');
  assert.equal((await activeVersion()).version, 2);
  await admin.reload();
  await admin.locator('[data-testid="risk-rule-set"][data-version="v2"]').waitFor();
  await checkA11y(admin);
  await screenshot(admin, 'risk-rules');
  assertNoPageErrors(admin);
});

test('an operator reads the rules and versions but has no button to change them', async () => {
  await operator.goto('/');
  await operator.getByTestId('nav-risk').click();
  await operator.getByTestId('risk-rules').waitFor();
  await operator.getByTestId('risk-versions').waitFor();
  assert.equal(await operator.getByTestId('risk-new-version').count(), 0);
  assert.equal(await operator.getByTestId('risk-version-activate').count(), 0);
  // An older version can be shown, still without an activate button.
  await operator.locator('[data-testid="risk-versions-row"][data-id="1"] [data-testid="risk-version-show"]').click();
  await operator.getByTestId('risk-showing-inactive').waitFor();
  assert.equal(await operator.getByTestId('risk-rule-set-title').innerText(), 'Version 1');
  assertNoPageErrors(operator);
});
