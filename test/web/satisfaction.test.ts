// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { newId } from '../../src/platform/kernel/ids.js';
import { recordAnswer } from '../../src/modules/surveys/index.js';
import { createTenant } from '../support/factories.js';
import { deliveredOrder, shippingWarehouse } from '../support/surveys.js';
import { assertNoPageErrors, checkA11y, fieldError, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * The console's customer screens of issue 16: the Satisfaction screen (NPS per channel, week and
 * month; the answers by score band and channel; an empty period says how answers arrive), an
 * order's survey answer, a customer's message preferences saved and seen again after a reload
 * (read-only for a viewer), and Settings → Customer portal with the server's problems beside their
 * fields. Answers are given through the real survey page (POST /survey/{token}).
 */
let web: ConsoleHarness;
let warehouse: string;
const answered: Record<string, { orderId: string; customerId: string; name: string }> = {};

/** A delivered order answered through the survey page, as its customer would. */
async function answer(key: string, channel: string, score: number, comment?: string) {
  const name = `#SAT-${key}`;
  const { order, token } = await deliveredOrder(web.t, warehouse, new Date(), { channel, channel_order_name: name });
  const form = new URLSearchParams({ score: String(score), ...(comment ? { comment } : {}) });
  const res = await web.t.app.inject({ method: 'POST', url: `/survey/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' }, payload: form.toString() });
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  answered[key] = { orderId: order.id, customerId: order.customer_id, name };
}

before(async () => {
  web = await startConsole();
  warehouse = await shippingWarehouse(web.t);
  await answer('early', 'web', 10, 'Arrived a day early and well packed.');
  await answer('fine', 'web', 9);
  await answer('ok', 'web', 7, 'Fine, but the tracking page was slow.');
  await answer('crushed', 'phone', 3, 'The box was crushed; <b>one mug</b> broke.');
});
after(async () => {
  await web?.close();
});

const signedIn = async (role: 'admin' | 'operator' | 'viewer', path: string): Promise<Page> => {
  const page = await web.page();
  await signIn(page, await web.user(role), path);
  return page;
};
const texts = (page: Page, testId: string) => page.getByTestId(testId).allInnerTexts();

test('Satisfaction: the NPS with promoters, passives and detractors per channel and week; the answers by band and channel; an order’s answer', async () => {
  const page = await signedIn('operator', '/');
  await page.getByTestId('nav-satisfaction').click();
  await page.getByTestId('nps-score').waitFor();
  assert.equal(await page.getByTestId('page-title').innerText(), 'Satisfaction');
  assert.equal(await page.getByTestId('nps-responses').innerText(), '4');
  assert.equal(await page.getByTestId('nps-score').innerText(), '+25', '2 promoters, 1 detractor of 4: 50 % − 25 %');
  assert.deepEqual([await page.getByTestId('nps-promoters').innerText(), await page.getByTestId('nps-passives').innerText(), await page.getByTestId('nps-detractors').innerText()], ['2', '1', '1']);
  assert.equal(await page.getByTestId('nps-promoters-detail').innerText(), '50 %');
  await page.locator('[data-testid="nps-group"][data-key="web"]').waitFor();
  assert.equal(await page.locator('[data-testid="nps-group"][data-key="web"] [data-testid="nps-group-score"]').innerText(), '+66.7');
  assert.equal(await page.locator('[data-testid="nps-group"][data-key="phone"] [data-testid="nps-group-score"]').innerText(), '−100');
  await page.getByTestId('responses-table-row').nth(3).waitFor();
  assert.equal(await page.getByTestId('responses-table-row').count(), 4);
  const crushed = page.locator('[data-testid="responses-table-row"]', { hasText: answered.crushed?.name ?? '' });
  assert.equal(await crushed.getByTestId('response-comment').innerText(), 'The box was crushed; <b>one mug</b> broke.', 'the comment is text, never markup');
  await checkA11y(page);
  await screenshot(page, 'satisfaction');

  // The detractors only: a score band; the URL keeps it.
  await page.getByTestId('responses-band').getByText('Detractors (0–6)').click();
  await page.waitForURL((u) => u.searchParams.get('band') === 'detractors');
  await page.locator('[data-testid="responses-table-row"]', { hasText: answered.early?.name ?? '' }).waitFor({ state: 'detached', timeout: 15_000 });
  assert.deepEqual(await texts(page, 'response-score'), ['3 / 10']);

  // One channel over time: its NPS per ISO week.
  await page.getByTestId('responses-band').getByText('All').click();
  await page.getByTestId('satisfaction-channel').click();
  await page.getByRole('option', { name: 'web' }).click();
  await page.getByTestId('satisfaction-group').getByText('Week').click();
  await page.waitForURL((u) => u.searchParams.get('channel') === 'web' && u.searchParams.get('group') === 'week');
  await page.locator('[data-testid="nps-group"]').first().waitFor();
  await page.locator('[data-testid="nps-responses"]', { hasText: /^3$/ }).waitFor({ timeout: 15_000 });
  const weeks = await page.locator('[data-testid="nps-group"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
  assert.ok(weeks.length >= 1 && weeks.every((k) => /^\d{4}-W\d{2}$/.test(k ?? '')), `ISO weeks: ${weeks.join(', ')}`);
  assert.equal(await page.getByTestId('nps-score').innerText(), '+66.7', 'the web channel alone');
  await page.locator('[data-testid="responses-table-row"]').nth(2).waitFor();
  assert.equal(await page.getByTestId('responses-table-row').count(), 3, 'the phone answer is left out');
  await screenshot(page, 'satisfaction-by-week');

  // From an answer to its order: the order page shows the score and the comment.
  await page.getByTestId('responses-band').getByText('Passives (7–8)').click();
  await page.waitForURL((u) => u.searchParams.get('band') === 'passives');
  await page.locator('[data-testid="response-order-link"]', { hasText: answered.ok?.name ?? '' }).click();
  await page.waitForURL((u) => u.pathname === `/orders/${answered.ok?.orderId}`);
  await page.getByTestId('order-survey').waitFor();
  assert.equal(await page.getByTestId('order-survey-score').innerText(), '7 / 10');
  assert.match(await page.getByTestId('order-survey-score-category').innerText(), /^passive$/i);
  assert.equal(await page.getByTestId('order-survey-comment').innerText(), 'Fine, but the tracking page was slow.');
  await checkA11y(page);
  await screenshot(page, 'order-survey', page.getByTestId('order-survey'));
  assertNoPageErrors(page);
});

test('an empty period says how answers arrive; a delivered order not answered says it waits; a viewer sees no Satisfaction', async () => {
  const page = await signedIn('operator', '/satisfaction?period=range&from=2001-01-01&to=2001-01-31');
  await page.getByTestId('responses-empty').waitFor();
  assert.match(await page.getByTestId('responses-empty').innerText(), /delivered e-mail carries a link/);
  assert.equal(await page.getByTestId('nps-score').innerText(), '—');
  assert.equal(await page.getByTestId('satisfaction-range').innerText(), '2001-01-01 to 2001-01-31 (UTC days)');
  await checkA11y(page);
  await screenshot(page, 'satisfaction-empty');

  const { order } = await deliveredOrder(web.t, warehouse, new Date());
  await page.goto(`/orders/${order.id}`);
  await page.getByTestId('order-survey-pending').waitFor();
  assert.match(await page.getByTestId('order-survey-pending').innerText(), /Not answered yet/);
  assertNoPageErrors(page);

  const viewer = await signedIn('viewer', '/');
  assert.equal(await viewer.getByTestId('nav-satisfaction').count(), 0, 'no surveys:read: no entry');
  await viewer.goto(`/orders/${answered.early?.orderId}`);
  await viewer.getByTestId('order-money').waitFor();
  assert.equal(await viewer.getByTestId('order-survey').count(), 0, 'the answer (personal data) is not shown to a viewer');
  assertNoPageErrors(viewer);
});

test('message preferences: language and opt-outs saved, the same after a reload; read-only for a viewer', async () => {
  const customerId = answered.fine?.customerId as string;
  const page = await signedIn('operator', `/customers/${customerId}`);
  await page.getByTestId('preferences-save').waitFor();
  await page.getByTestId('preferences-locale').click();
  await page.getByRole('option', { name: 'German (de)' }).click();
  await page.getByTestId('preferences-email-opt-out').check();
  await page.getByTestId('preferences-save').click();
  await page.locator('[data-testid="preferences-save"]:disabled:not([data-loading])').waitFor({ timeout: 15_000 });
  const saved = (await web.t.call('GET', `/v1/customers/${customerId}/notification-preferences`)).json();
  assert.deepEqual([saved.locale, saved.email_opt_out, saved.sms_opt_out], ['de', true, false]);

  await page.reload();
  await page.getByTestId('preferences-save').waitFor();
  assert.equal(await page.getByTestId('preferences-locale').inputValue(), 'German (de)');
  assert.equal(await page.getByTestId('preferences-email-opt-out').isChecked(), true);
  assert.equal(await page.getByTestId('preferences-sms-opt-out').isChecked(), false);
  await page.getByTestId('preferences-updated').waitFor();
  await checkA11y(page);
  await screenshot(page, 'customer-preferences', page.getByTestId('customer-preferences'));
  assertNoPageErrors(page);

  const viewer = await signedIn('viewer', `/customers/${customerId}`);
  await viewer.getByTestId('preferences-locale-value').waitFor();
  assert.equal(await viewer.getByTestId('preferences-locale-value').innerText(), 'German (de)');
  assert.equal(await viewer.getByTestId('preferences-email-value').innerText(), 'Opted out');
  assert.equal(await viewer.getByTestId('preferences-save').count(), 0, 'no customers:write: nothing to change');
  assertNoPageErrors(viewer);
});

test('Settings → Customer portal: the server’s problems beside their fields, then on with its address; read-only for an operator', async () => {
  const other = await createTenant(web.t);
  assert.equal((await web.t.call('PATCH', '/v1/settings', { portal_slug: 'taken-shop' }, { key: other.key })).statusCode, 200);

  const page = await signedIn('admin', '/settings');
  await page.getByTestId('settings-portal').waitFor();
  assert.equal(await page.getByTestId('portal-url').count(), 0, 'off: no address');
  await page.getByTestId('portal-enabled').click();
  await page.getByTestId('portal-slug').fill('taken-shop');
  await page.getByTestId('portal-logo').fill('http://shop.test/logo.png');
  await page.getByTestId('portal-save').click();
  assert.match(await fieldError(page, 'portal-logo'), /pattern|must/, 'https only: the schema’s problem at the logo');
  await page.getByTestId('portal-logo').fill('https://shop.test/logo.png');
  await page.getByTestId('portal-colour').fill('#12345');
  await page.getByTestId('portal-save').click();
  assert.match(await fieldError(page, 'portal-colour'), /#rrggbb/);
  await page.getByTestId('portal-colour').fill('#0b6e4f');
  await page.getByTestId('portal-save').click();
  assert.match(await fieldError(page, 'portal-slug'), /used by another tenant/);
  assert.equal((await web.t.call('GET', '/v1/settings')).json().portal_slug, null, 'nothing written while refused');
  await checkA11y(page);
  await screenshot(page, 'settings-portal-refused', page.getByTestId('settings-portal'));

  await page.getByTestId('portal-slug').fill('alder-goods');
  await page.getByTestId('portal-save').click();
  await page.getByTestId('portal-open').waitFor({ timeout: 15_000 });
  const saved = (await web.t.call('GET', '/v1/settings')).json();
  assert.deepEqual([saved.portal_slug, saved.portal_logo_url, saved.portal_brand_colour], ['alder-goods', 'https://shop.test/logo.png', '#0b6e4f']);
  assert.equal(await page.getByTestId('portal-open').getAttribute('href'), `${web.url}/portal/alder-goods`);
  assert.equal((await page.request.get(`${web.url}/portal/alder-goods`)).status(), 200, 'the address shown answers');
  await page.reload();
  await page.getByTestId('portal-open').waitFor();
  assert.equal(await page.getByTestId('portal-slug').inputValue(), 'alder-goods');
  await screenshot(page, 'settings-portal', page.getByTestId('settings-portal'));
  assertNoPageErrors(page);

  const operator = await signedIn('operator', '/settings');
  await operator.getByTestId('settings-portal').waitFor();
  assert.equal(await operator.getByTestId('portal-save').count(), 0);
  assert.equal(await operator.getByTestId('portal-slug').isDisabled(), true, 'no settings:write: read-only');
  assertNoPageErrors(operator);
});

test('the answers page by cursor: 25 at first, the rest with Load more', async () => {
  // 27 answers of last January, written as the survey page writes them (recordAnswer): a period of their own.
  const at = new Date('2025-01-15T10:00:00Z');
  for (let i = 0; i < 27; i++) {
    const order = { tenantId: web.t.tenantId, orderId: newId('ord'), orderName: `#OLD-${i + 1}`, channel: 'web' };
    assert.ok((await recordAnswer(web.t.database.db, order, { score: i % 11, comment: null }, new Date(at.getTime() + i * 60_000))).row, `answer ${i + 1} written`);
  }
  const page = await signedIn('operator', '/satisfaction?period=range&from=2025-01-01&to=2025-01-31');
  await page.getByTestId('responses-table-row').nth(24).waitFor();
  assert.equal(await page.getByTestId('responses-table-row').count(), 25, 'the first page');
  assert.equal(await page.getByTestId('nps-responses').innerText(), '27');
  await page.getByTestId('responses-table-load-more').click();
  await page.getByTestId('responses-table-row').nth(26).waitFor();
  assert.equal(await page.getByTestId('responses-table-row').count(), 27);
  assert.equal(await page.getByTestId('responses-table-load-more').count(), 0, 'no more pages');
  assert.equal(await page.getByTestId('response-order-link').last().innerText(), '#OLD-1', 'newest first: the first answered comes last');
  assertNoPageErrors(page);
});
