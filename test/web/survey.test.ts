import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildTestApp, type TestApp } from '../support/app.js';
import { deliveredOrder, shippingWarehouse } from '../support/surveys.js';
import { checkA11y, processChromium, releaseChromium } from './support/browser.js';

// The satisfaction survey page (ADR 0037) in a real browser on a 360 px phone: answered with the
// keyboard and a tap, the page without JavaScript, no axe-core violation; screenshots at 360 and 1280 wide in
// docs/screenshots/. The page is not the console: the app listens by itself, web/dist is not needed.
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
let t: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
let base: string;
let warehouse: string;

before(async () => {
  t = await buildTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  warehouse = await shippingWarehouse(t);
  browser = await processChromium();
});
after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  if (browser) await releaseChromium();
  await t?.close();
});

async function phone(locale = 'en-US'): Promise<Page> {
  // JavaScript stays on for axe-core (its run waits on timers); the page itself has none (asserted).
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale });
  contexts.push(context);
  return context.newPage();
}

/** docs/screenshots/<name>-360.png and -1280.png, full page; back at 360 after. */
async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 360, height: 740 });
}

const fitsWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as Promise<boolean>;

test('a customer answers the survey on a 360 px phone: the keyboard reaches every choice, the answer is recorded', async () => {
  const { order, token } = await deliveredOrder(t, warehouse, new Date(), { channel_order_name: '#S-2041' });
  const page = await phone();
  const res = await page.goto(`${base}/survey/${token}`);
  assert.equal(res?.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.getByRole('group', { name: /How likely are you to recommend .+ to a friend\?/ }).waitFor();
  assert.equal(await page.getByRole('radio').count(), 11, 'eleven choices, each a labelled radio');
  assert.equal(await page.locator('script').count(), 0, 'no JavaScript: a form that posts');
  assert.ok(await fitsWidth(page), 'nothing scrolls sideways at 360 px');
  await checkA11y(page);
  await shoot(page, 'survey');

  // Keyboard: Tab reaches the choices, arrows move between them, the focus is visible.
  await page.getByRole('radio', { name: '0', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.ok(await page.getByRole('radio', { name: '2', exact: true }).isChecked(), 'arrow keys move the choice');
  const outline = await page.evaluate("getComputedStyle(document.querySelector('#score-2 + span')).outlineStyle");
  assert.equal(outline, 'solid', 'the focused choice shows a focus ring');

  // A tap on the label's number chooses it; the comment is typed; the form posts.
  await page.locator('label', { hasText: /^9$/ }).click();
  assert.ok(await page.getByRole('radio', { name: '9', exact: true }).isChecked(), 'a tap on the number chooses it');
  await page.getByLabel('What is the main reason for your score? (optional)').fill('Fast delivery, <b>nice</b> box.');
  await page.getByRole('button', { name: 'Send my answer' }).click();
  await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
  assert.match(await page.getByRole('status').innerText(), /9 out of 10/);
  assert.ok(await fitsWidth(page), 'the thank-you page fits 360 px');
  await checkA11y(page);
  await shoot(page, 'survey-thanks');

  const answer = (await t.call('GET', `/v1/orders/${order.id}/survey`)).json().response;
  assert.deepEqual([answer.score, answer.comment, answer.order_name], [9, 'Fast delivery, <b>nice</b> box.', '#S-2041']);

  // Back on the page: the answer is shown, and a second answer replaces it.
  await page.getByRole('link', { name: 'Change my answer' }).click();
  assert.ok(await page.getByRole('radio', { name: '9', exact: true }).isChecked(), 'the page shows the answer given');
  await page.locator('label', { hasText: /^10$/ }).click();
  await page.getByRole('button', { name: 'Send my answer' }).click();
  assert.match(await page.getByRole('status').innerText(), /10 out of 10\. It replaces the answer you gave before\./);
  assert.equal((await t.call('GET', `/v1/orders/${order.id}/survey`)).json().response.score, 10);
  await page.context().close();
});

test('in German, a choice is required before sending; a changed link is a clear 403 page', async () => {
  const { order, token } = await deliveredOrder(t, warehouse, new Date());
  const page = await phone('de-DE');
  await page.goto(`${base}/survey/${token}`);
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  await page.getByRole('group', { name: /Wie wahrscheinlich ist es/ }).waitFor();
  await page.getByRole('button', { name: 'Antwort senden' }).click();
  assert.equal(new URL(page.url()).pathname, `/survey/${token}`);
  assert.equal(await page.getByRole('heading', { name: 'Vielen Dank!' }).count(), 0, 'the browser asks for a choice first (required): nothing is sent');
  assert.equal((await t.call('GET', `/v1/orders/${order.id}/survey`)).json().response, null);
  await checkA11y(page);

  const [tenant, id, expiry, signature] = token.split('.') as [string, string, string, string];
  const forged = `${tenant}.${id}.${(parseInt(expiry, 36) + 86400).toString(36)}.${signature}`;
  const res = await page.goto(`${base}/survey/${forged}`);
  assert.equal(res?.status(), 403);
  await page.getByRole('heading', { name: 'Dieser Link funktioniert nicht' }).waitFor();
  await checkA11y(page);
  await shoot(page, 'survey-invalid-link');
  await page.context().close();
});
