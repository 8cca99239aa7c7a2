// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { subscribers } from '../../src/apps/worker/subscribers.js';
import { createLocation, placeOrder, stockedProduct, uniqueCode } from '../support/factories.js';
import { relayAll } from '../support/relay.js';
import { assertNoPageErrors, checkA11y, fieldError, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/** Automation rules in the console (ADR 0038): the list, the editor with its dry run, the runs, an order's Automations card. */
let web: ConsoleHarness;
let admin: Page;
let sku: string;

before(async () => {
  web = await startConsole();
  const location = (await createLocation(web.t, uniqueCode('WH'))).code;
  sku = await stockedProduct(web.t, { [location]: 1000 });
  admin = await web.page();
  await signIn(admin, await web.user('admin'));
});
after(async () => {
  await web?.close();
});

const germany = { name: 'Ada Lovelace', line1: 'Hauptstraße 1', line2: null, city: 'Berlin', region: 'BE', postal_code: '10115', country: 'DE' };
/** 12 × 10.00 + 5.00 shipping: 125.00, over 100. */
const orderTo = (shipping_address: Record<string, unknown>, quantity = 12) => placeOrder(web.t, [{ sku, quantity }], { shipping_address, placed_at: new Date().toISOString() });
const ownRules = async () => ((await web.t.call('GET', '/v1/automations?limit=500')).json() as { data: { id: string; default: boolean; name: string; version: number }[] }).data.filter((r) => !r.default);
const orderOf = async (id: string) => (await web.t.call('GET', `/v1/orders/${id}`)).json() as { tags: string[]; held: boolean; holds: { type: string; reason: string | null }[] };
const runsOf = async (orderId: string) => ((await web.t.call('GET', `/v1/automation-runs?order_id=${orderId}`)).json() as { data: { rule_id: string; status: string }[] }).data;

test('an admin writes a rule (orders over 100 to DE: tag and hold): a bad condition is marked at its column, a dry run shows the facts and what would happen, a captured order runs it', async () => {
  const earlier = await orderTo(germany);
  await admin.goto('/');
  await admin.getByTestId('nav-automations').click();
  await admin.getByTestId('automations-table').waitFor();
  const confirmation = admin.locator('[data-testid="automations-table-row"][data-id="default.order_confirmation.order.created"]');
  assert.ok(await confirmation.getByTestId('automation-default').isVisible(), 'the default rule is marked Default');
  assert.match(await confirmation.getByTestId('automation-actions-summary').innerText(), /Send order confirmation/);

  await admin.getByTestId('automation-new').click();
  await admin.waitForURL((u) => u.pathname === '/automations/new');
  await admin.getByTestId('automation-name').fill('DE orders over 100: tag and hold');
  assert.equal(await admin.getByTestId('automation-trigger').inputValue(), 'order.created', 'a new rule starts on order.created');
  await admin.locator('[data-testid="automation-fact"][data-id="shipping.country"]').waitFor();
  await admin.getByTestId('automation-condition').fill('order.total > 100 and shiping.country = "DE"');
  await admin.getByTestId('automation-action-0-tag').fill('de-high-value');
  await admin.getByTestId('automation-add-action').click();
  await admin.getByTestId('automation-action-1-type').click();
  await admin.getByRole('option', { name: 'Place a hold' }).click();
  await admin.getByTestId('automation-action-1-reason').fill('Check DE orders over 100');
  // Moved up and back down: the rows keep what was typed.
  await admin.getByTestId('automation-action-1-up').click();
  assert.equal(await admin.getByTestId('automation-action-0-reason').inputValue(), 'Check DE orders over 100', 'the hold is first');
  assert.equal(await admin.getByTestId('automation-action-1-tag').inputValue(), 'de-high-value');
  await admin.getByTestId('automation-action-0-down').click();
  assert.equal(await admin.getByTestId('automation-action-0-tag').inputValue(), 'de-high-value', 'and back');
  await admin.getByTestId('automation-save').click();
  const message = await fieldError(admin, 'automation-condition');
  assert.match(message, /column 23: unknown field "shiping\.country"/, `the condition's error is at the field, with its column: ${message}`);
  assert.equal(await admin.getByTestId('automation-condition-caret').getAttribute('data-column'), '23', 'a caret under column 23');
  assert.deepEqual(await ownRules(), [], 'nothing written');
  await checkA11y(admin);
  await screenshot(admin, 'automations-editor-error', admin.getByTestId('automation-form'));

  await admin.getByTestId('automation-condition').fill('order.total > 100 and shipping.country = "DE"');
  // Dry run of the unsaved rule on the earlier order, named by its number.
  await admin.getByTestId('automation-dry-run-order').fill(String((earlier as unknown as { number: number }).number));
  await admin.getByTestId('automation-dry-run-submit').click();
  const result = admin.getByTestId('automation-dry-run-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-status'), 'matched');
  assert.equal(await admin.getByTestId('automation-dry-run-condition').innerText(), 'Condition: true');
  assert.deepEqual(await admin.getByTestId('automation-dry-run-outcome-item').evaluateAll((items) => items.map((i) => [i.getAttribute('data-type'), i.getAttribute('data-result')])), [['add_tag', 'would_run'], ['place_hold', 'would_run']]);
  assert.equal(await admin.locator('[data-testid="automation-dry-run-fact"][data-id="shipping.country"] [data-testid="automation-dry-run-fact-value"]').innerText(), 'DE');
  assert.equal(await admin.locator('[data-testid="automation-dry-run-fact"][data-id="order.total"] [data-testid="automation-dry-run-fact-value"]').innerText(), '$125.00', 'money facts as money');
  const untouched = await orderOf(earlier.id);
  assert.deepEqual([untouched.tags, untouched.held], [['test'], false], 'the dry run wrote nothing');
  assert.deepEqual(await runsOf(earlier.id), [], 'and logged no run');
  await checkA11y(admin);
  await screenshot(admin, 'automations-dry-run', admin.getByTestId('automation-dry-run'));

  await admin.getByTestId('automation-save').click();
  await admin.waitForURL(/\/automations\/aut_/);
  await admin.getByTestId('automation-rule-runs').waitFor();
  const [rule] = await ownRules();
  assert.ok(rule, 'the rule is saved');
  assert.equal(admin.url().endsWith(`/automations/${rule.id}`), true);

  // Orders captured through the API; the outbox relay runs the rules as the worker would.
  const german = await orderTo(germany);
  const american = await orderTo({ ...germany, country: 'US', region: 'IL', city: 'Springfield', postal_code: '62701' });
  await relayAll(web.t.database.db, subscribers);
  const held = await orderOf(german.id);
  assert.ok(held.tags.includes('de-high-value'), `the German order is tagged: ${held.tags.join(', ')}`);
  assert.deepEqual(held.holds.map((h) => [h.type, h.reason]), [['manual', 'Check DE orders over 100']]);
  assert.equal((await orderOf(american.id)).tags.includes('de-high-value'), false, 'the American one is not');

  await admin.reload();
  const run = admin.locator(`[data-testid="automation-rule-runs"] [data-testid="automation-run"][data-status="completed"]`).filter({ has: admin.locator(`a[href="/orders/${german.id}"]`) });
  await run.waitFor();
  assert.deepEqual(await run.getByTestId('automation-run-outcome-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-result'))), ['done', 'done']);
  assert.equal(await run.getByTestId('automation-run-order').innerText(), `Order ${(german as unknown as { number: number }).number}`, 'the run names the order by its number');
  const notMatched = admin.locator(`[data-testid="automation-rule-runs"] [data-testid="automation-run"]`).filter({ has: admin.locator(`a[href="/orders/${american.id}"]`) });
  assert.equal(await notMatched.getAttribute('data-status'), 'not_matched', 'the American order’s run did not match');
  assert.equal(await notMatched.getByTestId('automation-run-reason').innerText(), 'The condition was false.');
  await checkA11y(admin);
  await screenshot(admin, 'automations-rule-runs', admin.getByTestId('automation-rule-runs'));
  await notMatched.getByTestId('automation-run-facts-toggle').click();
  assert.equal(await notMatched.locator('[data-testid="automation-run-fact"][data-id="shipping.country"] [data-testid="automation-run-fact-value"]').innerText(), 'US', 'the facts it saw');

  await admin.goto(`/orders/${german.id}`);
  const card = admin.getByTestId('order-automations');
  const orderRun = card.locator(`[data-testid="automation-run"][data-rule="${rule.id}"]`);
  await orderRun.waitFor();
  assert.equal(await orderRun.getAttribute('data-status'), 'completed');
  assert.equal(await orderRun.getByTestId('automation-run-rule').innerText(), 'DE orders over 100: tag and hold');
  assert.equal(await orderRun.getByTestId('automation-run-event').innerText(), 'order.created');
  assert.match(await admin.locator('.mantine-Card-root', { hasText: 'Notes and tags' }).innerText(), /de-high-value/, 'the order shows the tag');
  assert.ok(await admin.locator('[data-status="held"]').first().isVisible(), 'and is held');
  // The timeline names the rule that tagged and held it, linked to the rule.
  const byRule = admin.locator(`[data-testid="order-timeline"] [data-testid="timeline-event-automation"][data-rule="${rule.id}"]`);
  assert.equal(await byRule.count(), 2, 'the tag change and the hold');
  assert.deepEqual(await byRule.allInnerTexts(), ['automation “DE orders over 100: tag and hold”', 'automation “DE orders over 100: tag and hold”']);
  assert.equal(await byRule.first().getAttribute('href'), `/automations/${rule.id}`);
  await checkA11y(admin);
  await screenshot(admin, 'automations-order-card', card);

  await admin.goto('/automations');
  await admin.locator(`[data-testid="automations-table-row"][data-id="${rule.id}"]`).waitFor();
  await admin.locator(`[data-testid="automations-recent-runs"] [data-testid="automation-run"]`).first().waitFor();
  await checkA11y(admin);
  await screenshot(admin, 'automations');
  assertNoPageErrors(admin);
});

test('a default rule is turned off and on from the list; a change someone else saved first is not overwritten: the editor offers a reload', async () => {
  const id = 'default.order_confirmation.order.created';
  const ruleOf = async (ruleId: string) => (await web.t.call('GET', `/v1/automations/${ruleId}`)).json() as { enabled: boolean; version: number; name: string };
  await admin.goto('/automations');
  await admin.getByTestId('automation-kind').getByText('Default').click();
  const row = admin.locator(`[data-testid="automations-table-row"][data-id="${id}"]`);
  const toggle = row.getByTestId('automation-enabled-switch');
  await toggle.waitFor();
  assert.equal(await toggle.isChecked(), true);
  await toggle.click({ force: true });
  await admin.locator('.mantine-Notification-root', { hasText: 'is off' }).waitFor();
  assert.equal((await ruleOf(id)).enabled, false, 'the default rule is off');
  await row.locator('[data-testid="automation-enabled-switch"]:not(:checked)').waitFor();
  await toggle.click({ force: true });
  await admin.locator('.mantine-Notification-root', { hasText: 'is on' }).waitFor();
  assert.equal((await ruleOf(id)).enabled, true, 'and on again');

  const created = await web.t.call('POST', '/v1/automations', { name: 'Tag VIP', trigger: 'order.created', condition: '"vip" in order.tags', actions: [{ type: 'add_tag', tag: 'vip-seen' }] });
  assert.equal(created.statusCode, 201, created.body);
  const mine = created.json() as { id: string; version: number };
  await admin.goto(`/automations/${mine.id}`);
  await admin.getByTestId('automation-name').waitFor();
  // Someone else saves first.
  const theirs = await web.t.call('PATCH', `/v1/automations/${mine.id}`, { name: 'Tag VIP customers', version: mine.version });
  assert.equal(theirs.statusCode, 200, theirs.body);
  await admin.getByTestId('automation-name').fill('Tag our VIPs');
  await admin.getByTestId('automation-save').click();
  await admin.getByTestId('automation-conflict').waitFor();
  assert.equal((await ruleOf(mine.id)).name, 'Tag VIP customers', 'their change is kept');
  await checkA11y(admin);
  await admin.getByTestId('automation-reload').click();
  await admin.locator('[data-testid="automation-name"][value="Tag VIP customers"]').waitFor();
  assert.equal(await admin.getByTestId('automation-conflict').count(), 0);
  await admin.getByTestId('automation-name').fill('Tag our VIPs');
  await admin.getByTestId('automation-save').click();
  await admin.locator('.mantine-Notification-root', { hasText: 'Tag our VIPs saved' }).waitFor();
  assert.equal((await ruleOf(mine.id)).name, 'Tag our VIPs', 'saved over the version it reloaded');

  // A wait as the last action: the 422 names the action's row, which says it.
  await admin.goto('/automations/new');
  await admin.getByTestId('automation-name').fill('Wait for nothing');
  await admin.getByTestId('automation-action-0-type').click();
  await admin.getByRole('option', { name: 'Wait' }).click();
  await admin.getByTestId('automation-action-0-hours').fill('24');
  await admin.getByTestId('automation-save').click();
  assert.match(await admin.getByTestId('automation-action-0-error').innerText(), /wait must be followed/, 'the row says what is wrong');
  assert.equal((await ownRules()).some((r) => r.name === 'Wait for nothing'), false, 'nothing written');
  assertNoPageErrors(admin);
});

test('a viewer reads the rules, a rule and its runs, and an order’s Automations card, with no control to change them', async () => {
  const viewer = await web.page();
  await signIn(viewer, await web.user('viewer'));
  await viewer.goto('/');
  await viewer.getByTestId('nav-automations').click();
  await viewer.getByTestId('automations-table').waitFor();
  assert.equal(await viewer.getByTestId('automation-new').count(), 0, 'no New rule button');
  assert.equal(await viewer.getByTestId('automation-enabled-switch').count(), 0, 'no on/off switches');
  assert.equal(await viewer.locator('[data-testid="automations-table-row"][data-id="default.order_confirmation.order.created"] [data-testid="automation-enabled-text"]').innerText(), 'on');
  const created = await web.t.call('POST', '/v1/automations', { name: 'Tag every order', trigger: 'order.created', actions: [{ type: 'add_tag', tag: 'seen' }] });
  assert.equal(created.statusCode, 201, created.body);
  const rule = created.json() as { id: string };
  const order = await orderTo(germany, 1);
  await relayAll(web.t.database.db, subscribers);
  await viewer.goto(`/automations/${rule.id}`);
  await viewer.getByTestId('automation-read-only').waitFor();
  for (const id of ['automation-save', 'automation-add-action', 'automation-enabled', 'automation-delete', 'automation-action-0-remove', 'automation-action-0-up']) assert.equal(await viewer.getByTestId(id).count(), 0, `no ${id}`);
  assert.equal(await viewer.getByTestId('automation-name').isDisabled(), true, 'the fields are read-only');
  await viewer.locator('[data-testid="automation-rule-runs"] [data-testid="automation-run"][data-status="completed"]').first().waitFor();
  await checkA11y(viewer);
  await viewer.goto(`/orders/${order.id}`);
  await viewer.locator(`[data-testid="order-automations"] [data-testid="automation-run"][data-rule="${rule.id}"]`).waitFor();
  assertNoPageErrors(viewer);
});
