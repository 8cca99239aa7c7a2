// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { firstAdminSetupToken } from '../../src/modules/tenancy/index.js';
import { STAFF_PASSWORD } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';

/** A newcomer's first minutes: told how to sign in, the first admin made in the browser, the demo loaded from Home. */
let web: ConsoleHarness;

before(async () => {
  web = await startConsole();
});

after(async () => {
  await web?.close();
});

test('a new installation: sign-in says where the setup link is; the link makes the first admin; Home loads the demo and shows the day', async () => {
  const page = await web.page();
  await page.goto('/');
  await page.waitForURL('**/login');
  await page.getByTestId('login-needs-setup').waitFor();
  assert.match(await page.getByTestId('login-needs-setup').innerText(), /setup-link/);

  // A wrong token is refused next to nothing else changing; the printed one works.
  await page.goto('/setup?token=not-the-token');
  await page.getByTestId('setup-name').fill('Robin Owner');
  await page.getByTestId('setup-email').fill('robin@shop.test');
  await page.getByTestId('setup-password').fill(STAFF_PASSWORD);
  await page.getByTestId('setup-confirm').fill(STAFF_PASSWORD);
  await page.getByTestId('setup-submit').click();
  await page.getByTestId('setup-problem').waitFor();
  assert.match(await page.getByTestId('setup-problem').innerText(), /token/i);
  assert.equal((await web.t.call('GET', '/v1/users')).json().data.length, 0, 'a wrong token makes no user');

  await page.goto(`/setup?token=${firstAdminSetupToken(web.t.config.secretKey as Buffer)}`);
  await checkA11y(page);
  await screenshot(page, 'setup');
  await page.getByTestId('setup-name').fill('Robin Owner');
  await page.getByTestId('setup-email').fill('robin@shop.test');
  await page.getByTestId('setup-password').fill(STAFF_PASSWORD);
  await page.getByTestId('setup-confirm').fill(STAFF_PASSWORD);
  await page.getByTestId('setup-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  assert.equal(await page.getByTestId('page-title').innerText(), 'Home');

  // An empty tenant: the admin loads the demo from Home; the day's numbers and the chart follow.
  await page.getByTestId('demo-load').click();
  await page.getByTestId('demo-card').waitFor({ state: 'detached', timeout: 120_000 });
  const total = await page.getByTestId('orders-per-hour-total').innerText();
  const orders = Number(/^(\d+)/.exec(total)?.[1]);
  assert.ok(orders >= 30, `the chart counts the demo's orders of the last 7 days: ${total}`);
  assert.ok((await page.locator('[data-testid="orders-per-hour"] .recharts-bar-rectangle').count()) > 0, 'the chart draws bars');
  await page.getByTestId('today-awaiting_fulfillment').waitFor();
  await checkA11y(page);
  await screenshot(page, 'home');
  assertNoPageErrors(page);
});
