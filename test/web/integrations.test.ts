// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signShopify } from '../../src/modules/channels/domain/signatures.js';
import { SHOPIFY_ORDER } from '../../src/modules/channels/domain/fixtures/shopify-order.js';
import { deliverWebhooks, relayOutbox } from '../../src/modules/integrations/index.js';
import { adjust, createLocation, createProduct, placeOrder, stockedProduct, uniqueCode } from '../support/factories.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { assertNoPageErrors, checkA11y, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * The operations lead's screens: channels (connect Shopify and take its signed webhook, import a
 * file), webhook endpoints with the delivery log and retry, API keys, users and settings, and
 * what a viewer is (not) offered.
 */
let web: ConsoleHarness;
let admin: Page;
let location: string;

before(async () => {
  web = await startConsole();
  location = (await createLocation(web.t, uniqueCode('WH'), { address: { line1: '1 Dock Rd', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' } })).code;
  for (const sku of ['AW-1001', 'AW-1002']) {
    await createProduct(web.t, sku);
    await adjust(web.t, sku, location, 500);
  }
  admin = await web.page();
  await signIn(admin, await web.user('admin'));
});

after(async () => {
  await web?.close();
});

const cookieOf = async (page: Page) => (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

test('connect a Shopify channel; its signed orders/create webhook becomes an order in the list, with its Shopify name', async () => {
  const secret = `shpss_${uniqueCode('s').toLowerCase()}`;
  await admin.goto('/channels');
  await admin.getByTestId('channel-connect').click();
  await admin.getByTestId('connect-name').fill('Acme Shopify');
  await admin.getByTestId('connect-secret').fill(secret);
  await admin.getByTestId('channel-setting-shop_domain').fill('Not A Domain');
  await admin.getByTestId('connect-submit').click();
  // The server refuses the domain and names the field: shown next to it, nothing created.
  await admin.getByTestId('connect-dialog').getByText('must look like acme.myshopify.com').waitFor();
  await admin.getByTestId('channel-setting-shop_domain').fill('acme.myshopify.com');
  await admin.getByTestId('connect-submit').click();
  await admin.waitForURL((u) => u.pathname.startsWith('/channels/chn_'));
  const url = await admin.getByTestId('channel-webhook-url').innerText();
  assert.match(url, new RegExp(`^${web.url}/v1/channels/chn_[0-9a-z]{26}/webhooks/shopify$`), 'the absolute URL to paste into Shopify');
  await admin.getByTestId('shopify-instructions').waitFor();
  assert.equal(await admin.getByTestId('credential-secret-stored').textContent(), 'stored', 'the secret is stored');
  assert.ok(!(await admin.content()).includes(secret), 'the secret is never shown back');
  await checkA11y(admin);
  await screenshot(admin, 'channel');

  const name = `#AC${Date.now() % 100000}`;
  const body = JSON.stringify({ ...structuredClone(SHOPIFY_ORDER), id: 7_770_000_000 + (Date.now() % 1_000_000), name });
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopify(body, secret) } });
  assert.equal(res.status, 200, await res.clone().text());
  const { outcome, order_id } = (await res.json()) as { outcome: string; order_id: string };
  assert.equal(outcome, 'created');

  await admin.getByTestId('nav-orders').click();
  const row = admin.locator(`[data-testid="orders-table-row"][data-id="${order_id}"]`);
  await row.waitFor();
  assert.equal(await row.getByTestId('order-channel-name').innerText(), name, 'the row shows the Shopify order name');

  await admin.getByTestId('nav-channels').click();
  await admin.locator('[data-testid="channels-table-row"]').filter({ hasText: 'Acme Shopify' }).waitFor();
  await checkA11y(admin);
  await screenshot(admin, 'channels');
  assertNoPageErrors(admin);
});

test('a CSV import shows its progress and result; the rejected rows download as a file', async () => {
  const sku = await stockedProduct(web.t, { [location]: 50 });
  const res = await web.t.call('POST', '/v1/channels', { type: 'csv', name: `Wholesale ${uniqueCode()}` });
  assert.equal(res.statusCode, 201, res.body);
  const channel = res.json() as { id: string };
  const header = 'Name,Email,Currency,Lineitem quantity,Lineitem price,Lineitem sku,Shipping Name,Shipping Address1,Shipping City,Shipping Province,Shipping Zip,Shipping Country';
  const address = 'Ada Buyer,1 Main St,Boston,MA,02118,US';
  const csv = [header, `W-1,ada@example.com,USD,2,10.00,${sku},${address}`, `W-2,bob@example.com,USD,1,10.00,NO-SUCH-SKU,${address}`].join('\n');

  await admin.goto(`/channels/${channel.id}?tab=imports`);
  await admin.getByTestId('import-file').waitFor();
  await admin.locator('input[type="file"]').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await admin.getByTestId('import-submit').click();
  const job = admin.getByTestId('import-job');
  await job.and(admin.locator('[data-status="completed"]')).waitFor();
  assert.equal(await job.getByTestId('import-imported').innerText(), '1');
  assert.equal(await job.getByTestId('import-rejected').innerText(), '1');
  assert.ok((await job.getByTestId('import-rejections').innerText()).includes('NO-SUCH-SKU'), 'the rejection names the SKU');
  const [download] = await Promise.all([admin.waitForEvent('download'), job.getByTestId('import-rejected-download').click()]);
  const file = readFileSync((await download.path()) as string, 'utf8');
  assert.match(file.split('\r\n')[0] ?? '', /^row,column,external_id,reason$/);
  assert.ok(file.includes('W-2') && file.includes('NO-SUCH-SKU'), `the rejected row: ${file}`);
  await admin.locator(`[data-testid="imports-table-row"]`).first().waitFor();
  await checkA11y(admin);
  assertNoPageErrors(admin);
});

test('webhook endpoints: a refused URL shows the problem next to the field; the secret is shown once; a failed delivery is retried from its detail', async () => {
  const receiver = await startWebhookReceiver(() => 500);
  try {
    await admin.goto('/webhooks');
    await admin.getByTestId('endpoint-add').click();
    await admin.getByTestId('endpoint-url').fill('ftp://example.com/hooks');
    await admin.getByTestId('endpoint-submit').click();
    const dialog = admin.getByTestId('endpoint-dialog');
    await dialog.getByTestId('endpoint-problem').waitFor();
    const endpointProblem = await dialog.getByTestId('endpoint-problem').innerText();
    assert.ok(endpointProblem.includes('The webhook endpoint has invalid fields.'), 'the problem’s detail');
    assert.ok(!endpointProblem.includes('`errors`'), `the operator reads no advice meant for the API's developer: ${endpointProblem}`);
    await dialog.getByText('must use https').waitFor();

    await admin.getByTestId('endpoint-url').fill(receiver.url);
    await admin.getByTestId('endpoint-submit').click();
    const secret = await admin.getByTestId('endpoint-secret-value').innerText();
    assert.match(secret, /^whsec_/);
    await admin.getByTestId('endpoint-secret-done').click();
    await admin.locator('[data-testid="endpoints-table-row"]').filter({ hasText: receiver.url }).waitFor();
    assert.ok(!(await admin.content()).includes(secret), 'the secret is not shown again');

    const sku = await stockedProduct(web.t, { [location]: 5 });
    await placeOrder(web.t, [{ sku, quantity: 1 }]);
    const deliver = () => deliverWebhooks(web.t.database.db, new Date(), { secretKey: web.t.config.secretKey as Buffer, allowPrivate: true, random: () => 0.5, clock: () => new Date(), timeoutMs: 2_000 });
    await relayOutbox(web.t.database.db, new Date(), { subscribers: [], broker: false });
    await deliver();

    await admin.reload();
    const failed = admin.locator('[data-testid="deliveries-table-row"]').filter({ hasText: 'order.created' });
    await failed.first().waitFor();
    await failed.first().getByTestId('delivery-open').click();
    const detail = admin.getByTestId('delivery-detail');
    await detail.getByTestId('delivery-attempt').first().waitFor();
    assert.ok((await detail.getByTestId('delivery-attempt-log').innerText()).includes('500'), 'the receiver’s 500 is in the attempt log');
    await checkA11y(admin);
    await screenshot(admin, 'webhook-delivery');

    receiver.answerWith(() => 200);
    await detail.getByTestId('delivery-retry').click();
    await admin.getByText('Retry queued').waitFor();
    await deliver();
    await admin.getByTestId('delivery-drawer').locator('[data-status="succeeded"]').waitFor({ timeout: 10_000 });
    assert.ok(receiver.received.length >= 2, 'the receiver was called again');
    await admin.keyboard.press('Escape');
    await admin.getByTestId('delivery-drawer').waitFor({ state: 'hidden' });
    await checkA11y(admin);
    await screenshot(admin, 'webhooks');
    assertNoPageErrors(admin);
  } finally {
    await receiver.close();
  }
});

test('an API key is shown once, works, and is revoked after confirmation', async () => {
  await admin.goto('/settings/api-keys');
  await admin.waitForURL((u) => u.pathname === '/api-keys');
  await admin.getByTestId('key-create').click();
  await admin.getByTestId('key-name').fill('ERP sync');
  await admin.getByTestId('key-submit').click();
  const key = await admin.getByTestId('key-secret-value').innerText();
  const works = await web.t.call('GET', '/v1/orders?limit=1', undefined, { key });
  assert.equal(works.statusCode, 200, 'the key shown is the key issued');
  await admin.getByTestId('key-secret-done').click();
  const row = admin.locator('[data-testid="keys-table-row"]').filter({ hasText: 'ERP sync' });
  await row.waitFor();
  assert.ok(!(await admin.content()).includes(key), 'the key is not shown again');
  await checkA11y(admin);
  await screenshot(admin, 'api-keys');

  await row.getByTestId('key-revoke').click();
  await admin.getByTestId('key-revoke-dialog-confirm').click();
  await row.getByTestId('key-status').filter({ hasText: 'revoked' }).waitFor();
  assert.equal((await web.t.call('GET', '/v1/orders?limit=1', undefined, { key })).statusCode, 401, 'a revoked key is refused');
  assertNoPageErrors(admin);
});

test('users: a new account without a password gets a link to hand over; settings are saved; the accounting export downloads', async () => {
  const email = `${uniqueCode('new').toLowerCase()}@staff.test`;
  await admin.goto('/users');
  await admin.getByTestId('user-add').click();
  await admin.getByTestId('user-email').fill(email);
  await admin.getByTestId('user-name').fill('Nia New');
  await admin.getByTestId('user-submit').click();
  const link = await admin.getByTestId('user-reset-link-value').innerText();
  assert.match(link, /\/reset-password\?token=/);
  await admin.getByTestId('user-link-done').click();
  await admin.locator('[data-testid="users-table-row"]').filter({ hasText: email }).filter({ hasText: 'no password yet' }).waitFor();
  await checkA11y(admin);
  await screenshot(admin, 'users');

  await admin.goto('/settings');
  await admin.getByTestId('settings-unfillable').waitFor();
  const before = (await web.t.call('GET', '/v1/settings')).json() as { location_keys_may_buy_labels: boolean };
  await admin.getByTestId('settings-location-labels').click();
  await admin.getByTestId('settings-save').click();
  await admin.getByText('The settings are saved.').waitFor();
  const after = (await web.t.call('GET', '/v1/settings')).json() as { location_keys_may_buy_labels: boolean };
  assert.equal(after.location_keys_may_buy_labels, !before.location_keys_may_buy_labels, 'the switch was saved');
  await web.t.call('PATCH', '/v1/settings', { location_keys_may_buy_labels: before.location_keys_may_buy_labels });

  await admin.getByTestId('export-date').fill('2026-01-15');
  const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('export-download').click()]);
  assert.match(download.suggestedFilename(), /2026-01-15.*\.csv$/, 'the day’s CSV file');
  assert.match(readFileSync((await download.path()) as string, 'utf8').split('\n')[0] ?? '', /,/, 'a CSV journal with its header');
  await checkA11y(admin);
  await screenshot(admin, 'settings');
  assertNoPageErrors(admin);
});

test('a viewer sees no admin action; an admin URL shows the 403 with the problem’s detail', async () => {
  const channel = await web.t.call('POST', '/v1/channels', { type: 'shopify', name: `Viewed ${uniqueCode()}`, secret: 'a-secret-for-viewers' });
  assert.equal(channel.statusCode, 201, channel.body);
  const viewer = await web.page();
  await signIn(viewer, await web.user('viewer'));
  for (const id of ['nav-api-keys', 'nav-users']) assert.equal(await viewer.getByTestId(id).count(), 0, `a viewer is not offered ${id}`);
  await viewer.getByTestId('nav-channels').click();
  const row = viewer.locator(`[data-testid="channels-table-row"][data-id="${channel.json().id}"]`);
  await row.waitFor();
  assert.equal(await viewer.getByTestId('channel-connect').count(), 0, 'no Connect button');
  await row.getByTestId('channel-link').click();
  await viewer.getByTestId('channel-settings').waitFor();
  for (const id of ['channel-delete', 'channel-settings-save', 'credential-secret-replace']) assert.equal(await viewer.getByTestId(id).count(), 0, `no ${id}`);
  await viewer.getByTestId('nav-webhooks').click();
  await viewer.getByTestId('endpoints-table').waitFor();
  assert.equal(await viewer.getByTestId('endpoint-add').count(), 0, 'no Add endpoint');
  assert.equal(await viewer.getByTestId('endpoint-actions').count(), 0, 'no endpoint actions');

  await viewer.goto('/users');
  const forbidden = viewer.getByTestId('forbidden');
  await forbidden.waitFor();
  const refusal = (await web.t.call('GET', '/v1/users', undefined, { key: null, headers: { cookie: await cookieOf(viewer) } })).json() as { detail: string };
  assert.ok(refusal.detail, 'the API says why');
  assert.ok((await forbidden.innerText()).includes(`You don't have permission: ${refusal.detail}`), await forbidden.innerText());
  assert.equal(await viewer.getByTestId('user-add').count(), 0, 'no Add user');
  await checkA11y(viewer);
  assertNoPageErrors(viewer);
});
