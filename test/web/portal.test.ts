// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { portalLinkFor } from '../../src/flows/portal/steps/portal-links.js';
import { createLocation, placeOrder, stockedProduct, uniqueCode, type OrderJson } from '../support/factories.js';
import { assertNoPageErrors, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * The customer portal in a real browser (ADR 0036, issue 16 §2): look up an order, follow its
 * tracking, change the address (a problem next to its field first), cancel, start a return and
 * download its label, the rate limit's message, a tampered magic link. Every page passes axe-core
 * with no violation at all (WCAG 2.1 A/AA and best practices), at 360 px and 1280 px, and is
 * photographed at both widths into docs/screenshots/portal-*.png.
 */
let web: ConsoleHarness;
let wh: string;
const SIZE = { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 };
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const require = createRequire(import.meta.url);
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="36" viewBox="0 0 120 36"><rect width="120" height="36" rx="6" fill="#ffffff"/><text x="60" y="24" font-family="Arial" font-size="16" font-weight="bold" fill="#0b6e4f" text-anchor="middle">Alder</text></svg>';

before(async () => {
  web = await startConsole();
  const settings = await web.t.call('PATCH', '/v1/settings', { portal_slug: 'alder', portal_brand_colour: '#0b6e4f', portal_logo_url: 'https://shop.test/logo.svg', fulfillment_release: 'review' });
  assert.equal(settings.statusCode, 200, settings.body);
  assert.equal((await web.t.call('PUT', '/v1/boxes/PT-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await web.t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  wh = (await createLocation(web.t, uniqueCode('PTW'), { address: { name: 'Alder DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' })).code;
});
after(async () => {
  await web?.close();
});

/** A portal page: the logo and the carrier's tracking site are served locally (nothing goes to the internet). */
async function portalPage(): Promise<Page> {
  const page = await web.page();
  await page.route('https://shop.test/**', (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: LOGO }));
  await page.route('https://tools.usps.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>USPS Tracking</title><h1>USPS Tracking</h1>' }));
  return page;
}

let axeSource: string | undefined;

/** axe-core over the page: no violation of any impact, at phone and desktop widths. */
async function checkA11yStrict(page: Page): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  for (const size of [{ width: 360, height: 800 }, { width: 1280, height: 800 }]) {
    await page.setViewportSize(size);
    if (!(await page.evaluate('"axe" in window'))) await page.evaluate(axeSource);
    const violations = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')))`)) as string[];
    assert.deepEqual(violations, [], `axe-core at ${size.width} px on ${page.url()}`);
    // Usable on a phone: nothing wider than the screen.
    if (size.width === 360) assert.equal(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), true, `no sideways scrolling at 360 px on ${page.url()}`);
  }
}

/** docs/screenshots/portal-<name>-360.png, -1024.png and -1280.png, the whole page. */
async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const size of [{ width: 360, height: 780 }, { width: 1024, height: 800 }, { width: 1280, height: 800 }]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(SCREENSHOTS, `portal-${name}-${size.width}.png`), fullPage: true });
  }
}

/** The page passes axe-core at both widths, raised no error, and is photographed. */
async function checkAndShoot(page: Page, name: string): Promise<void> {
  await checkA11yStrict(page);
  assertNoPageErrors(page);
  await shoot(page, name);
}

const nameOf = (o: OrderJson) => (o as unknown as { channel_order_name: string }).channel_order_name;

async function newOrder(): Promise<OrderJson> {
  const sku = await stockedProduct(web.t, { [wh]: 10 }, { name: 'Walnut desk lamp', ...SIZE });
  const sku2 = await stockedProduct(web.t, { [wh]: 10 }, { name: 'Linen lamp shade', price: '24.50', ...SIZE });
  return placeOrder(web.t, [{ sku, quantity: 2, unit_price: '39.00' }, { sku: sku2, quantity: 1, unit_price: '24.50' }], { channel_order_name: `#A${uniqueCode('').slice(-5).toUpperCase()}`, shipping: { service_level: 'standard', price: '5.90' } });
}

/** Released, packed and shipped on a sample USPS card, scanned in transit; the shipment's tracking number. */
async function ship(o: OrderJson): Promise<string> {
  for (const fo of (await web.t.call('GET', `/v1/fulfillment-orders?order_id=${o.id}`)).json().data as { id: string }[]) {
    assert.equal((await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/release`, {})).statusCode, 200);
    assert.equal((await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    const shipped = await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, { carrier: 'usps' });
    assert.equal(shipped.statusCode, 201, shipped.body);
  }
  const [shipment] = (await web.t.call('GET', `/v1/shipments?order_id=${o.id}`)).json().data as { id: string; tracking_number: string }[];
  assert.ok(shipment, 'the order has a shipment');
  const scan = await web.t.call('POST', `/v1/shipments/${shipment.id}/events`, { status: 'in_transit', occurred_at: new Date(Date.now() - 3_600_000).toISOString(), location: 'Chicago, IL', description: 'Departed sort facility' });
  assert.equal(scan.statusCode, 200, scan.body);
  return shipment.tracking_number;
}

async function lookUp(page: Page, o: OrderJson, proof = 'ada@example.com'): Promise<void> {
  await page.goto('/portal/alder');
  await page.getByTestId('lookup-number').fill(nameOf(o));
  await page.getByTestId('lookup-proof').fill(proof);
  await page.getByTestId('lookup-submit').click();
}

test('look up an order: the order page with its timeline, shipment, latest scan and money; the tracking link leads to the carrier', async () => {
  const o = await newOrder();
  const tracking = await ship(o);
  const page = await portalPage();
  await page.goto('/portal/alder');
  await checkAndShoot(page, 'find');
  await lookUp(page, o);
  await page.waitForURL((u) => u.pathname === '/portal/alder/order');
  assert.equal(await page.getByTestId('order-title').innerText(), `Order ${nameOf(o)}`);
  assert.equal(await page.getByTestId('order-status').innerText(), 'Shipped');
  const timeline = await page.getByTestId('timeline').innerText();
  for (const step of ['Order placed', 'Items reserved for you', 'Shipped']) assert.ok(timeline.includes(step), `timeline says “${step}”: ${timeline}`);
  const shipment = await page.getByTestId('shipment').innerText();
  assert.ok(shipment.includes(tracking) && shipment.includes('In transit, Chicago, IL'), shipment);
  assert.equal(await page.getByTestId('order-total').innerText(), '$108.40', '2 × 39.00 + 24.50 + 5.90');
  await checkAndShoot(page, 'order');
  await page.getByTestId('tracking-link').click();
  await page.waitForURL((u) => u.hostname === 'tools.usps.com');
  assert.ok(page.url().includes(tracking), page.url());

  // The same page in German, by the switcher.
  await page.goBack();
  await page.getByRole('link', { name: 'Deutsch' }).click();
  await page.waitForURL((u) => u.search === '?lang=de');
  assert.equal(await page.getByTestId('order-status').innerText(), 'Versandt');
  assert.equal(await page.getByTestId('order-total').innerText(), '108,40\u00a0$');
  await checkAndShoot(page, 'order-de');
});

test('change the address: an empty city is refused next to its field, then the new address is saved', async () => {
  const o = await newOrder();
  const page = await portalPage();
  await lookUp(page, o);
  await page.getByTestId('change-address').click();
  await page.getByTestId('address-line1').fill('7 Elm Street');
  await page.getByTestId('address-city').fill('');
  await page.getByTestId('address-save').click();
  await page.getByTestId('address-city-error').waitFor();
  assert.equal(await page.getByTestId('address-city-error').innerText(), 'Please fill this in.');
  assert.equal(await page.getByTestId('address-city').getAttribute('aria-invalid'), 'true');
  await checkAndShoot(page, 'address-error');
  await page.getByTestId('address-city').fill('Springfield');
  await page.getByTestId('address-save').click();
  await page.waitForURL((u) => u.search === '?done=address');
  assert.match(await page.getByTestId('ship-to').innerText(), /7 Elm Street/);
  assert.equal((await web.t.call('GET', `/v1/orders/${o.id}`)).json().shipping_address.line1, '7 Elm Street');
  await checkAndShoot(page, 'address-saved');
});

test('cancel an order nothing has been released of', async () => {
  const o = await newOrder();
  const page = await portalPage();
  await lookUp(page, o);
  await page.getByTestId('cancel-order').click();
  await page.waitForURL((u) => u.search === '?done=cancelled');
  assert.equal(await page.getByTestId('order-status').innerText(), 'Cancelled');
  assert.match(await page.getByRole('status').innerText(), /Your order is cancelled/);
  assert.equal(await page.getByTestId('cancel-order').count(), 0, 'nothing left to cancel');
  assert.equal((await web.t.call('GET', `/v1/orders/${o.id}`)).json().status, 'cancelled');
  await checkAndShoot(page, 'cancelled');
});

test('start a return, then (once the shop approved it and bought the label) download the label and follow the return', async () => {
  const o = await newOrder();
  await ship(o);
  const page = await portalPage();
  // From the e-mail's magic link this time.
  const link = await portalLinkFor(web.t.database.db, web.t.tenantId, o.id, new Date());
  assert.ok(link, 'the tenant has a portal, so a link');
  await page.goto(new URL(link).pathname);
  await page.waitForURL((u) => u.pathname === '/portal/alder/order');
  await page.getByTestId('start-return').click();
  await page.getByTestId('return-qty-0').fill('1');
  await page.getByTestId('return-reason-0').selectOption('defective');
  await checkAndShoot(page, 'return');
  await page.getByTestId('return-submit').click();
  await page.waitForURL((u) => u.search === '?done=return');
  assert.match(await page.getByTestId('return').innerText(), /Requested: the shop is looking at it/);

  const [ret] = (await web.t.call('GET', `/v1/orders/${o.id}/returns`)).json().data as { id: string; outcome: string; created_by: string }[];
  assert.ok(ret, 'the portal created a return');
  assert.equal(ret.created_by, `customer:portal:${o.id}`);
  const approved = await web.t.call('POST', `/v1/returns/${ret.id}/approve`, { location: wh });
  assert.equal(approved.statusCode, 200, approved.body);
  const label = await web.t.call('POST', `/v1/returns/${ret.id}/label`, { carrier: 'usps' });
  assert.equal(label.statusCode, 201, label.body);
  await page.reload();
  assert.match(await page.getByTestId('return').innerText(), /Approved: please send the items back/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('return-label').click()]);
  const file = await download.path();
  assert.equal(readFileSync(file).subarray(0, 5).toString('latin1'), '%PDF-', 'the label is a PDF');
  await checkAndShoot(page, 'order-return');
});

test('the rate limit: after five wrong tries the page says to wait', async () => {
  const o = await newOrder();
  const page = await portalPage();
  for (let i = 0; i < 5; i++) {
    await lookUp(page, o, `wrong${i}@example.com`);
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /could not find an order/);
  }
  await lookUp(page, o);
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Too many attempts\. Please wait 15 minutes/);
  await checkAndShoot(page, 'rate-limited');
});

test('a tampered magic link is refused with a page that offers the lookup', async () => {
  const o = await newOrder();
  const link = new URL((await portalLinkFor(web.t.database.db, web.t.tenantId, o.id, new Date())) as string);
  const page = await portalPage();
  const res = await page.goto(link.pathname.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
  assert.equal(res?.status(), 403);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'This link does not work');
  await page.getByTestId('lookup-form').waitFor();
  await checkAndShoot(page, 'link-invalid');
});

test('in German the return policy’s refusal is German; sign-out ends the visit and the order page asks to find the order again', async () => {
  const sku = uniqueCode('FSALE');
  const policy = (await web.t.call('GET', '/v1/return-policy')).json();
  assert.equal((await web.t.call('PUT', '/v1/return-policy', { ...policy, final_sale_skus: [sku] })).statusCode, 200);
  try {
    assert.equal((await web.t.call('PUT', `/v1/products/${sku}`, { name: 'Eichenhocker', price: '19.00', currency: 'USD', ...SIZE })).statusCode, 201);
    assert.equal((await web.t.call('POST', '/v1/inventory/adjustments', { sku, location: wh, delta: 3, reason: 'received' })).statusCode, 201);
    const o = await placeOrder(web.t, [{ sku, quantity: 1, unit_price: '19.00' }], { channel_order_name: `#F${uniqueCode('').slice(-5).toUpperCase()}` });
    await ship(o);
    const page = await portalPage();
    await page.goto('/portal/alder?lang=de');
    await lookUp(page, o);
    await page.waitForURL((u) => u.pathname === '/portal/alder/order');
    const refusals = await page.getByTestId('return-refusals').innerText();
    assert.equal(refusals.trim(), 'Eichenhocker wurde als Endverkauf verkauft und ist von der Rückgabe ausgeschlossen.');
    const main = await page.locator('main').innerText();
    assert.doesNotMatch(main, /final sale|cannot be returned|Nothing on this order/, 'no English sentence of the returns module');
    await checkAndShoot(page, 'refused-de');

    await page.getByTestId('sign-out').click();
    await page.waitForURL((u) => u.pathname === '/portal/alder' && u.search === '?done=signed_out');
    assert.match(await page.getByRole('status').innerText(), /Sie sind abgemeldet/);
    assert.equal(await page.getByTestId('sign-out').count(), 0, 'nothing left to sign out of');
    const cookies = await page.context().cookies();
    assert.ok(!cookies.some((c) => c.name === 'oms_portal' && c.value.startsWith('ord_')), 'no session of the order is left in the browser');
    await checkAndShoot(page, 'signed-out');
    const res = await page.goto('/portal/alder/order');
    assert.equal(res?.status(), 403);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Bitte suchen Sie Ihre Bestellung erneut');
    await page.getByTestId('lookup-form').waitFor();
  } finally {
    assert.equal((await web.t.call('PUT', '/v1/return-policy', policy)).statusCode, 200);
  }
});
