// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { issuePasswordReset } from '../../src/modules/tenancy/index.js';
import { createLocation } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/** Signing in and out of the console through its pages, and what each role is shown. */
let web: ConsoleHarness;

before(async () => {
  web = await startConsole();
});

after(async () => {
  await web?.close();
});

test('a wrong password shows the problem’s own detail and keeps the page; the right one lands on Home', async () => {
  const user = await web.user('operator');
  const expected = (await web.t.call('POST', '/v1/session', { email: 'nobody@staff.test', password: 'not it' }, { key: null })).json() as { title: string; detail: string };
  const page = await web.page();
  await page.goto('/');
  await page.waitForURL('**/login');
  await checkA11y(page);
  await screenshot(page, 'login');

  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill('not the password');
  await page.getByTestId('login-submit').click();
  const problem = page.getByTestId('login-problem');
  await problem.waitFor();
  assert.ok((await problem.innerText()).includes(expected.detail), `the alert shows "${expected.detail}": ${await problem.innerText()}`);
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(await page.getByTestId('login-password').inputValue(), '', 'the wrong password is cleared');

  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  assert.equal(await page.getByTestId('page-title').innerText(), 'Home');
  assert.ok((await page.getByTestId('user-menu').innerText()).includes(user.name), 'the header names the user');
  // Today's numbers (GET /v1/dashboard) and the first-shipment checklist.
  const dashboard = (await web.t.call('GET', '/v1/dashboard?tz=Europe/Paris')).json() as { today: { orders_in: number }; checklist: { id: string }[] };
  assert.ok((await page.getByTestId('today-orders_in').innerText()).includes(String(dashboard.today.orders_in)), 'orders in today');
  assert.equal(await page.locator('[data-testid^="checklist-link-"]').count(), dashboard.checklist.length, 'each checklist item links to where it is done');
  await checkA11y(page);
  await screenshot(page, 'home');
  assertNoPageErrors(page);
});

test('a deep link asks for sign-in and comes back to it; signing out ends the session', async () => {
  const user = await web.user('viewer');
  const page = await web.page();
  await page.goto('/orders?tag=vip');
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/orders?tag=vip');
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/orders');
  assert.equal(new URL(page.url()).searchParams.get('tag'), 'vip');

  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await page.waitForURL((u) => u.pathname === '/login');
  const session = await page.request.get('/v1/session');
  assert.equal(session.status(), 401, 'the session cookie no longer signs anyone in');
  await page.goto('/orders');
  await page.waitForURL((u) => u.pathname === '/login');
  assertNoPageErrors(page);
});

test('after sign-in, ?next= only leads to a path of the console, never to another site', async () => {
  const user = await web.user('viewer');
  const page = await web.page();
  await page.goto('/login?next=//evil.example/steal');
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  assert.equal(new URL(page.url()).host, new URL(web.url).host);
});

test('the navigation shows each role what it may use; a refusal from the API reads as one', async () => {
  const admin = await web.page();
  await signIn(admin, await web.user('admin'));
  for (const id of ['nav-orders', 'nav-fulfillment', 'nav-settings', 'nav-api-keys', 'nav-users']) assert.ok(await admin.getByTestId(id).isVisible(), `admin sees ${id}`);

  const viewer = await web.page();
  await signIn(viewer, await web.user('viewer'));
  assert.ok(await viewer.getByTestId('nav-orders').isVisible(), 'a viewer sees Orders');
  assert.equal(await viewer.getByTestId('nav-api-keys').count(), 0, 'a viewer is not offered API keys');
  assert.equal(await viewer.getByTestId('nav-users').count(), 0, 'a viewer is not offered Users');

  const location = await createLocation(web.t);
  const staff = await web.page();
  await signIn(staff, await web.user('location', { location: location.code }));
  assert.equal(await staff.getByTestId('nav-orders').count(), 0, 'location staff are not offered Orders');
  assert.ok(await staff.getByTestId('nav-fulfillment').isVisible(), 'location staff see Fulfillment');
  // Typed in by hand: the server refuses, the page says so with the problem's detail.
  await staff.goto('/orders');
  const forbidden = staff.getByTestId('forbidden');
  await forbidden.waitFor();
  const refusal = (await web.t.call('GET', '/v1/orders', undefined, { key: null, headers: { cookie: (await staff.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).json() as { detail: string };
  assert.ok((await forbidden.innerText()).includes(`You don't have permission: ${refusal.detail}`), await forbidden.innerText());
  await checkA11y(staff);
  assertNoPageErrors(staff);
});

test('forgot password: the request never tells whether the account exists; the link sets a new password', async () => {
  const user = await web.user('operator');
  const page = await web.page();
  await page.goto('/login');
  await page.getByTestId('login-forgot').click();
  await page.getByTestId('forgot-email').fill('nobody-at-all@staff.test');
  await page.getByTestId('forgot-submit').click();
  await page.getByTestId('forgot-sent').waitFor();
  await checkA11y(page);

  const issued = await issuePasswordReset(web.t.database.db, user.email, undefined, new Date());
  assert.ok(issued, 'a reset link is issued');
  await page.goto(`/reset-password?token=${encodeURIComponent(issued.token)}`);
  // The server's rule comes back as a field error and is shown next to the field it names.
  const refusal = (await web.t.call('POST', '/v1/password-resets/confirm', { token: issued.token, password: 'short' }, { key: null })).json() as { errors: { field: string; message: string }[] };
  assert.equal(refusal.errors[0]?.field, 'password', JSON.stringify(refusal));
  await page.getByTestId('reset-password').fill('short');
  await page.getByTestId('reset-confirm').fill('short');
  await page.getByTestId('reset-submit').click();
  const field = page.getByTestId('reset-password');
  await page.getByText(refusal.errors[0]?.message ?? '', { exact: true }).waitFor();
  const describedBy = await field.getAttribute('aria-describedby');
  assert.equal(await page.locator(`[id="${describedBy}"]`).innerText(), refusal.errors[0]?.message, 'the message is the password field’s own description');
  const next = 'a brand new passphrase for sam';
  await field.fill(next);
  await page.getByTestId('reset-confirm').fill(next);
  await page.getByTestId('reset-submit').click();
  await page.waitForURL((u) => u.pathname === '/login');
  await signIn(page, { email: user.email, password: next });
  assert.equal(await page.getByTestId('page-title').innerText(), 'Home');
  assertNoPageErrors(page);
});

test('a session that ends while the page is open sends the next request to sign-in, and back after', async () => {
  const user = await web.user('viewer');
  const page = await web.page();
  await signIn(page, user);
  // Signed out behind the page's back (another tab, an admin, the idle limit).
  const csrf = ((await (await page.request.get('/v1/session')).json()) as { csrf_token: string }).csrf_token;
  assert.equal((await page.request.delete('/v1/session', { headers: { 'x-csrf-token': csrf } })).status(), 204);
  await page.getByTestId('nav-orders').click();
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/orders');
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/orders');
  assertNoPageErrors(page);
});
