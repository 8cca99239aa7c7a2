// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { notificationSubscriber, sendNotifications } from '../../src/flows/notifications/jobs/notifications.js';
import { fileMailer, verpAddress, verpKey, type Mailer } from '../../src/modules/notifications/index.js';
import { dsn } from '../support/bounce-reports.js';
import { createLocation, placeOrder, stockedProduct, uniqueCode } from '../support/factories.js';
import { relayAll } from '../support/relay.js';
import { assertNoPageErrors, checkA11y, fieldError, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * Customer messages in the console (issue 16; ADRs 0033–0035): the messages an order's events
 * sent, kept as .eml files by the embedded transport (no SMTP server); the template editor; the
 * suppression list.
 */
const FROM = 'orders@acme-shop.test';
const BOUNCES = 'bounces.acme-shop.test';
let web: ConsoleHarness;
let dataDir: string;
let mailer: Mailer;
let sku: string;
let admin: Page;
let adminEmail: string;

interface Message {
  id: string;
  template: string;
  status: string;
  subject: string;
  recipient: string;
  transport: string | null;
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oms-web-mail-'));
  web = await startConsole({ config: { dataDir, bounceDomain: BOUNCES } });
  mailer = fileMailer(dataDir);
  const location = (await createLocation(web.t, uniqueCode('WH'))).code;
  sku = await stockedProduct(web.t, { [location]: 1000 }, { name: 'Enamel mug' });
  admin = await web.page();
  const user = await web.user('admin');
  adminEmail = user.email;
  await signIn(admin, user);
});
after(async () => {
  mailer?.close();
  await web?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** What the worker does: the outbox relayed to the notifications subscriber, then the job sends (here: keeps .eml files). */
async function deliver(): Promise<void> {
  await relayAll(web.t.database.db, [notificationSubscriber]);
  for (let i = 0; i < 10; i++) if (!(await sendNotifications(web.t.database.db, new Date(), { mailer, fromAddress: FROM })).more) break;
}

async function orderFor(email: string) {
  const order = await placeOrder(web.t, [{ sku, quantity: 2, unit_price: '12.50' }], { customer: { email, name: 'Ada Lovelace', phone: null } });
  await deliver();
  const messages = (await web.t.call('GET', `/v1/notifications?order_id=${order.id}`)).json().data as Message[];
  return { order, messages };
}

test('a captured order’s message: listed, filtered, opened with its HTML sandboxed, its text and its .eml; the order page links to it; a viewer reads but sees no templates or suppressions', async () => {
  const email = `${uniqueCode('ada').toLowerCase()}@customers.test`;
  const { order, messages } = await orderFor(email);
  const [message] = messages;
  assert.ok(message, 'the order confirmation was queued');
  assert.deepEqual([message.template, message.status, message.transport], ['order_confirmation', 'sent', 'file']);

  await admin.goto('/');
  await admin.getByTestId('nav-messages').click();
  const row = admin.locator(`[data-testid="messages-table-row"][data-id="${message.id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(email.replace('.', '\\.')));
  assert.match(await row.innerText(), /Order confirmation/);
  assert.equal(await row.locator('[data-status]').getAttribute('data-status'), 'sent');
  await checkA11y(admin);
  await screenshot(admin, 'messages');

  // Filters go into the URL and to the API; a wrong order id is answered under its field.
  await admin.getByTestId('messages-recipient').fill(email.toUpperCase());
  await admin.getByTestId('messages-recipient').press('Enter');
  await admin.waitForURL((u) => u.searchParams.get('recipient') === email.toUpperCase());
  await row.waitFor();
  assert.equal(await admin.getByTestId('messages-table-row').count(), 1, 'only the message to that address');
  await admin.goto(`/messages?order=${order.id}&status=failed`);
  await admin.getByTestId('messages-empty').waitFor();
  assert.match(await admin.getByTestId('messages-empty').innerText(), /No message matches/);
  await admin.goto('/messages?order=ord_nope');
  assert.match(await fieldError(admin, 'messages-order'), /pattern/);

  // The message: subject, status, the HTML in an iframe that can run nothing, the text, the .eml.
  await admin.goto(`/messages?order=${order.id}`);
  await row.getByTestId('message-open').click();
  const detail = admin.locator(`[data-testid="message-detail"][data-id="${message.id}"]`);
  await detail.waitFor();
  assert.equal(await detail.getByTestId('message-subject').innerText(), message.subject);
  const frame = detail.getByTestId('message-html');
  assert.equal(await frame.getAttribute('sandbox'), '', 'sandboxed without allowing scripts');
  assert.equal(await frame.getAttribute('src'), null, 'srcdoc, never a URL');
  await admin.frameLocator('[data-testid="message-html"]').getByText('Enamel mug').first().waitFor();
  await checkA11y(admin);
  await screenshot(admin, 'message-detail');
  const [download] = await Promise.all([admin.waitForEvent('download'), detail.getByTestId('message-eml').click()]);
  assert.equal(download.suggestedFilename(), `${message.id}.eml`);
  const eml = await readFile((await download.path()) ?? '', 'latin1');
  assert.match(eml, new RegExp(`^To: .*${email.replace('.', '\\.')}`, 'm'));
  assert.match(eml, /^Message-ID: </im);
  await detail.getByTestId('message-tab-text').click();
  assert.match(await detail.getByTestId('message-text').innerText(), /Enamel mug/);

  // The order page's Messages card links to the message.
  await admin.goto(`/orders/${order.id}`);
  const card = admin.getByTestId('order-messages');
  await card.locator(`[data-testid="order-message"][data-id="${message.id}"]`).waitFor();
  await screenshot(admin, 'order-messages', card);
  await card.getByTestId('order-message-link').click();
  await admin.waitForURL((u) => u.pathname === '/messages' && u.searchParams.get('message') === message.id);
  await detail.waitFor();

  const viewer = await web.page();
  await signIn(viewer, await web.user('viewer'));
  await viewer.getByTestId('nav-messages').click();
  await viewer.locator(`[data-testid="messages-table-row"][data-id="${message.id}"]`).waitFor();
  assert.equal(await viewer.getByTestId('messages-tab-templates').count(), 0, 'no Templates tab without notification_templates:read');
  assert.equal(await viewer.getByTestId('messages-tab-suppressions').count(), 0, 'no Suppressions tab without notifications:suppressions');
  assertNoPageErrors(admin);
  assertNoPageErrors(viewer);
});

test('a template edited: a syntax error is marked at its field and nothing saved; previewed with an order, saved as version 1, used by the next order’s message; turned off and on, test sent, reverted', async () => {
  const url = '/v1/notification-templates/order_confirmation/en';
  const { order: sample } = await orderFor(`${uniqueCode('prev').toLowerCase()}@customers.test`);
  await admin.goto('/messages/templates');
  const row = admin.locator('[data-testid="templates-table-row"][data-id="order_confirmation/en"]');
  await row.waitFor();
  assert.equal(await row.getByTestId('template-source').textContent(), 'shipped');
  await checkA11y(admin);
  await screenshot(admin, 'message-templates');
  await row.getByTestId('template-edit').click();
  await admin.waitForURL((u) => u.pathname === '/messages/templates/order_confirmation/en');
  await admin.getByTestId('template-subject').waitFor();
  const shippedHtml = await admin.getByTestId('template-html').inputValue();
  assert.match(shippedHtml, /\{\{/, 'the shipped HTML is in the editor');

  // A Liquid syntax error: the preview and the save are refused naming the HTML part; nothing is written.
  await admin.getByTestId('template-html').fill('<p>{% if order.name %}unclosed</p>');
  await admin.getByTestId('template-preview').click();
  assert.match(await fieldError(admin, 'template-html'), /.+/);
  await screenshot(admin, 'message-template-error', admin.getByTestId('page-title'));
  await admin.getByTestId('template-save').click();
  await admin.locator('[data-testid="template-problem"][data-code="NOTIFICATION_TEMPLATE_INVALID"]').waitFor();
  assert.match(await fieldError(admin, 'template-html'), /.+/);
  assert.equal((await web.t.call('GET', url)).json().source, 'shipped', 'nothing was saved');
  assert.deepEqual((await web.t.call('GET', `${url}/versions`)).json().data, []);

  // Fixed: previewed with a real order, then saved.
  await admin.getByTestId('template-html').fill(shippedHtml);
  await admin.getByTestId('template-subject').fill('Thanks! {{ order.name }} is on its way to the packing table');
  await admin.getByTestId('template-preview-order').fill(sample.id);
  await admin.getByTestId('template-preview').click();
  await admin.getByTestId('template-preview-subject').waitFor();
  assert.match(await admin.getByTestId('template-preview-subject').innerText(), /^Thanks! .+ is on its way to the packing table$/);
  assert.equal(await admin.getByTestId('template-problem').count(), 0, 'the failed save’s problem is gone once a preview worked');
  assert.equal(await admin.getByTestId('template-preview-html').getAttribute('sandbox'), '');
  await admin.frameLocator('[data-testid="template-preview-html"]').getByText('Enamel mug').first().waitFor();
  await checkA11y(admin);
  await screenshot(admin, 'message-template-editor', admin.getByTestId('page-title'));
  await admin.getByTestId('template-save').click();
  await admin.getByTestId('template-source').filter({ hasText: 'your version 1' }).waitFor();
  await admin.locator('[data-testid="template-versions-table-row"][data-id="1"]').waitFor();
  const saved = (await web.t.call('GET', url)).json() as { source: string; version: number; subject: string };
  assert.deepEqual([saved.source, saved.version, saved.subject], ['tenant', 1, 'Thanks! {{ order.name }} is on its way to the packing table']);

  const { messages } = await orderFor(`${uniqueCode('new').toLowerCase()}@customers.test`);
  assert.match(messages[0]?.subject ?? '', /^Thanks! .+ is on its way to the packing table$/, 'the next order’s message uses the saved version');

  // Off and on again: each a version.
  await admin.getByTestId('template-toggle').click();
  await admin.getByTestId('template-enabled').filter({ hasText: 'turned off' }).waitFor();
  assert.equal((await web.t.call('GET', url)).json().enabled, false);
  await admin.getByTestId('template-toggle').click();
  await admin.getByTestId('template-enabled').filter({ hasText: 'sent' }).waitFor();
  assert.equal((await web.t.call('GET', url)).json().enabled, true);

  // Test send: refused for an address the tenant does not allow, under the field; queued to a user's.
  await admin.getByTestId('test-send-to').fill('stranger@elsewhere.test');
  await admin.getByTestId('test-send-submit').click();
  assert.match(await fieldError(admin, 'test-send-to'), /.+/);
  await admin.getByTestId('test-send-to').fill(adminEmail);
  await admin.getByTestId('test-send-submit').click();
  await admin.getByTestId('test-send-done').waitFor();
  const tests = (await web.t.call('GET', `/v1/notifications?recipient=${encodeURIComponent(adminEmail)}`)).json().data as Message[];
  assert.equal(tests.length, 1);
  assert.match(tests[0]?.subject ?? '', /^\[Test\] Thanks!/);

  // Revert after confirming: the shipped default again, the revert in the history.
  await admin.getByTestId('template-revert').click();
  await admin.getByTestId('template-revert-dialog-confirm').click();
  await admin.getByTestId('template-source').filter({ hasText: 'shipped default' }).waitFor();
  assert.equal((await web.t.call('GET', url)).json().source, 'shipped');
  await admin.locator('[data-testid="template-versions-table-row"][data-id="4"]').waitFor();
  assert.deepEqual(((await web.t.call('GET', `${url}/versions`)).json().data as { change: string }[]).map((v) => v.change), ['reset', 'saved', 'saved', 'saved']);

  // An operator reads templates but cannot change them.
  const operator = await web.page();
  await signIn(operator, await web.user('operator'));
  await operator.goto('/messages/templates/order_confirmation/en');
  await operator.getByTestId('template-subject').waitFor();
  assert.equal(await operator.getByTestId('template-save').count(), 0, 'no Save without notification_templates:write');
  assert.equal(await operator.getByTestId('template-subject').getAttribute('readonly'), '');
  assertNoPageErrors(admin);
  assertNoPageErrors(operator);
});

test('a hard bounce puts the address on the suppression list; removing it asks first and takes it off', async () => {
  const email = `${uniqueCode('gone').toLowerCase()}@customers.test`;
  const { messages } = await orderFor(email);
  const [message] = messages;
  assert.ok(message, 'the order confirmation was queued');
  const bounce = dsn(verpAddress(verpKey(web.t.config.secretKey as Buffer), BOUNCES, web.t.tenantId, message.id), '5.1.1', 'failed', email);
  const bounced = await web.t.call('POST', '/v1/notifications/bounces', bounce, { headers: { 'content-type': 'message/rfc822' } });
  assert.equal(bounced.statusCode, 200, bounced.body);
  assert.equal(bounced.json().suppressed, true);

  await admin.goto('/messages');
  await admin.getByTestId('messages-tab-suppressions').click();
  const row = admin.locator(`[data-testid="suppressions-table-row"][data-id="${email}"]`);
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /hard bounce/);
  await checkA11y(admin);
  await screenshot(admin, 'message-suppressions');
  await row.getByTestId('suppression-remove').click();
  await admin.getByTestId('suppression-remove-dialog-cancel').click();
  assert.equal((await web.t.call('GET', '/v1/suppressions')).json().data.some((s: { address: string }) => s.address === email), true, 'kept when not confirmed');
  await row.getByTestId('suppression-remove').click();
  await admin.getByTestId('suppression-remove-dialog-confirm').click();
  await row.waitFor({ state: 'detached' });
  assert.equal((await web.t.call('GET', '/v1/suppressions')).json().data.some((s: { address: string }) => s.address === email), false, 'removed');
  assertNoPageErrors(admin);
});
