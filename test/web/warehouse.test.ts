// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { adjust, createLocation, createProduct, placeOrder, uniqueCode } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, clickThenUrl, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * The warehouse in the browser (issue 13): an order from capture to delivered through the queue,
 * the fulfillment order, the pick list, the pack station with a scanner, the label and a scan; a
 * short pick that re-routes. Labels come from the sample carriers: nothing leaves the machine.
 */
let web: ConsoleHarness;
let operator: Page;

const ADDRESS = { line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
// A valid EAN-13: the product's barcode, scanned instead of the SKU for one unit.
const GTIN = '4006381333931';

before(async () => {
  web = await startConsole();
  const box = await web.t.call('PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' });
  assert.equal(box.statusCode, 201, box.body);
  const samples = await web.t.call('POST', '/v1/carriers/samples');
  assert.equal(samples.statusCode, 200, samples.body);
  operator = await web.page();
  await signIn(operator, await web.user('operator'));
});

after(async () => {
  await web?.close();
});

/** A product with weight and size (so it can be boxed and rated) and stock at each location. */
async function product(stock: Record<string, number>, overrides: Record<string, unknown> = {}): Promise<string> {
  const { sku } = await createProduct(web.t, uniqueCode('SKU'), { dimensions_mm: { length: 200, width: 150, height: 100 }, weight_grams: 900, ...overrides });
  for (const [location, n] of Object.entries(stock)) await adjust(web.t, sku, location, n);
  return sku;
}

/** axe and screenshots of the page as the person sees it, the toast of the last action included. */
async function checkPage(page: Page, name: string): Promise<void> {
  await checkA11y(page);
  await screenshot(page, name);
}

async function scan(page: Page, code: string): Promise<void> {
  // A scanner is a keyboard: it types into whatever has the focus, then Enter.
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

test('one order from capture to delivered, entirely through the console', async () => {
  const location = (await createLocation(web.t, uniqueCode('EWR'), { address: { name: 'East DC', ...ADDRESS }, cutoff_time: '23:59' })).code;
  const sku = await product({ [location]: 10 }, { gtin: GTIN });
  const order = await placeOrder(web.t, [{ sku, quantity: 2 }], { channel_order_name: '#W1042' });
  const page = operator;

  // The queue of the location.
  await page.goto(`/fulfillment?location=${encodeURIComponent(location)}`);
  const row = page.locator('[data-testid="queue-table-row"]');
  await row.first().waitFor();
  assert.equal(await row.count(), 1, 'one fulfillment order at the new location');
  const cells = await row.first().locator('td').allInnerTexts();
  assert.ok(cells.some((c) => /^\s*2\s*$/.test(c)), `the units: ${cells.join(' | ')}`);
  assert.equal(await row.first().locator('[data-status]').getAttribute('data-status'), 'released', 'the status');
  const number = (order as unknown as { number: number }).number;
  assert.ok(cells[0]?.includes(`Order ${number}`) && cells[0].includes('#W1042'), `the order number and the channel's name for it: ${cells[0]}`);
  await checkA11y(page);
  await screenshot(page, 'fulfillment-queue');

  // The fulfillment order: accept, then a pick list.
  await row.first().getByTestId('fo-link').click();
  await page.getByTestId('fo-accept').click();
  await page.locator('[data-status="accepted"]').first().waitFor();
  const foId = new URL(page.url()).pathname.split('/').pop() as string;
  await checkPage(page, 'fulfillment-order');
  await clickThenUrl(page, 'fo-create-pick-list', (u) => u.pathname.startsWith('/pick-lists/'), 'fo-problem');
  const pdfHref = await page.getByTestId('pick-list-pdf').getAttribute('href');
  assert.match(pdfHref ?? '', /^\/v1\/pick-lists\/pkl_[0-9a-z]{26}\.pdf$/, 'the print button opens the pick list PDF');
  const pdf = await page.request.get(pdfHref as string);
  assert.equal(pdf.headers()['content-type'], 'application/pdf', 'the signed-in person can open the PDF');
  await page.getByTestId('pick-confirm').click();
  await page.locator('[data-testid="pick-stop"] [data-testid="pick-picked"]').filter({ hasText: /^2$/ }).waitFor();
  assert.equal(await page.getByTestId('short-pick').count(), 0, 'a full pick is not short');

  // The pack station: the scanner's input has the focus; a wrong code and a surplus unit are refused.
  await page.goto(`/pack/${foId}`);
  await page.getByTestId('scan-input').waitFor();
  await page.waitForTimeout(50);
  assert.equal(await page.evaluate(`document.activeElement?.getAttribute('data-testid')`), 'scan-input', 'the scanner types into the scan input without a click');
  await scan(page, 'NOT-IN-THIS-ORDER');
  assert.ok((await page.getByTestId('scan-refused').innerText()).includes('NOT-IN-THIS-ORDER is not in this fulfillment order'), 'a wrong item is refused');
  await scan(page, sku);
  await scan(page, GTIN);
  await page.getByTestId('scan-progress').filter({ hasText: '2 of 2 units scanned' }).waitFor();
  assert.equal(await page.getByTestId('scan-refused').count(), 0, 'the refusal clears after a good scan');
  assert.equal(await page.locator('[data-testid="pack-line"]').getAttribute('data-complete'), 'true');
  await checkA11y(page);
  await screenshot(page, 'pack-station');
  await page.getByTestId('pack-submit').click();
  await page.locator('[data-testid="fo-package"][data-box="MEDIUM"]').waitFor();

  // Rates for the packed parcel; the suggested service is preselected; the label is bought.
  await page.getByTestId('rate').first().waitFor();
  assert.ok((await page.getByTestId('rate').count()) >= 3, 'the sample carriers quote several services');
  await page.getByTestId('ship-buy').click();
  const shipmentLink = page.getByTestId('fo-shipments').getByTestId('shipment-link');
  await shipmentLink.waitFor();
  const labelHref = await page.getByTestId('fo-shipments').getByTestId('label-pdf').getAttribute('href');
  const label = await page.request.get(labelHref as string);
  assert.equal(label.headers()['content-type'], 'application/pdf', 'the label PDF opens');
  const zpl = await page.request.get((await page.getByTestId('fo-shipments').getByTestId('label-zpl').getAttribute('href')) as string);
  assert.match(await zpl.text(), /^\^XA/, 'the ZPL download is a thermal label');
  assertNoPageErrors(page);

  // The shipment: a scan recorded by hand delivers it.
  await shipmentLink.click();
  await page.getByTestId('shipment-record-scan').click();
  await page.getByTestId('scan-status').click();
  await page.getByRole('option', { name: 'delivered' }).click();
  await page.getByTestId('scan-location').fill('Springfield, IL');
  await page.getByTestId('scan-submit').click();
  await page.locator('[data-testid="shipment-event"][data-status="delivered"]').waitFor();
  await page.locator('.mantine-Modal-content').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('shipment-record-scan').count(), 0, 'a delivered shipment takes no more scans');
  await checkPage(page, 'shipment');

  // Found by its tracking number in the shipments list.
  const tracking = (await page.getByTestId('page-title').innerText()).replace('Shipment ', '').trim();
  await page.goto(`/shipments?tracking_number=${encodeURIComponent(tracking)}`);
  await page.getByTestId('shipments-table-row').first().waitFor();
  assert.equal(await page.getByTestId('shipments-table-row').count(), 1, 'one shipment has that tracking number');
  await page.goto('/shipments?tracking_number=1Z0000000000000000');
  await page.getByTestId('empty-state').waitFor();

  // The order says delivered, with the shipment's delivery on its timeline.
  await page.goto(`/orders/${order.id}`);
  await page.locator('[data-testid="page-title"]').waitFor();
  await page.locator('[data-status="delivered"]').first().waitFor();
  await page.locator('[data-testid="timeline-event"][data-type="shipment.delivered"], [data-testid="timeline-event"][data-type="order.delivered"]').first().waitFor();
  const orderState = (await web.t.call('GET', `/v1/orders/${order.id}`)).json() as { status: string };
  assert.equal(orderState.status, 'delivered');
  assertNoPageErrors(page);
});

test('a short pick re-routes the shortfall to the next location', async () => {
  const wh = (await createLocation(web.t, uniqueCode('WH'), { priority: 1, address: { name: 'Main DC', ...ADDRESS } })).code;
  const store = (await createLocation(web.t, uniqueCode('ST'), { priority: 2, address: { name: 'Store', ...ADDRESS } })).code;
  const sku = await product({ [wh]: 3, [store]: 5 });
  const order = await placeOrder(web.t, [{ sku, quantity: 2 }]);
  const page = operator;

  await page.goto(`/fulfillment?location=${encodeURIComponent(wh)}`);
  await page.getByTestId('queue-table-row').first().waitFor();
  await clickThenUrl(page, 'queue-create-pick-list', (u) => u.pathname.startsWith('/pick-lists/'), 'pick-list-problem');
  // Nothing on the shelf: 0 of 2 picked.
  await page.getByTestId(`pick-qty-${sku}`).fill('0');
  await page.getByTestId('pick-confirm').click();
  await page.getByTestId('short-pick').waitFor();
  assert.ok((await page.getByTestId('short-pick').innerText()).includes(`2 × ${sku}`), 'the shortfall is named');
  await page.locator('[data-testid="pick-list-fo"][data-status="rejected"]').waitFor();
  const rerouted = await page.getByTestId('re-routed').innerText();
  assert.ok(rerouted.includes(`2 × ${sku} → ${store}`), `the units went to the store: ${rerouted}`);

  await page.goto(`/orders/${order.id}`);
  await page.getByTestId('order-allocations').waitFor();
  await page.getByTestId('order-allocations').filter({ hasText: store }).waitFor();
  const fos = (await web.t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json() as { data: { location: string; status: string }[] };
  assert.deepEqual(fos.data.map((f) => [f.location, f.status]).sort(), [[store, 'released'], [wh, 'rejected']].sort());
  assertNoPageErrors(page);

  // The store's staff see only their location's queue (the API narrows it) and accept the units.
  const staff = await web.page();
  await signIn(staff, await web.user('location', { location: store }), '/fulfillment');
  await staff.getByTestId('queue-table-row').first().waitFor();
  assert.equal(await staff.getByTestId('queue-table-row').count(), 1, 'only the store’s fulfillment order');
  assert.equal(await staff.getByTestId('queue-location').count(), 0, 'no location picker for a location-bound person');
  assert.equal(await staff.getByTestId('queue-create-pick-list').count(), 0, 'pick lists are not a location role’s to create');
  await staff.getByTestId('fo-link').click();
  await staff.getByTestId('fo-accept').click();
  await staff.locator('[data-status="accepted"]').first().waitFor();
  assertNoPageErrors(staff);
});

test('a rejection with its reason re-routes; a voided label leaves the day’s manifest', async () => {
  const zone = 'America/New_York';
  const wh = (await createLocation(web.t, uniqueCode('WH'), { priority: 1, time_zone: zone, address: { name: 'Main DC', ...ADDRESS } })).code;
  const store = (await createLocation(web.t, uniqueCode('ST'), { priority: 2, time_zone: zone, address: { name: 'Store', ...ADDRESS } })).code;
  const sku = await product({ [wh]: 5, [store]: 5 });
  const page = operator;

  // Rejected at the warehouse as damaged: the units go to the store, and the reason stays on the record.
  const rejected = await placeOrder(web.t, [{ sku, quantity: 1 }]);
  const [fo] = (await web.t.call('GET', `/v1/fulfillment-orders?order_id=${rejected.id}`)).json().data as { id: string }[];
  assert.ok(fo, 'a fulfillment order at the warehouse');
  await page.goto(`/fulfillment/${fo.id}`);
  await page.getByTestId('fo-reject').click();
  await page.getByTestId('reject-reason').click();
  await page.getByRole('option', { name: 'Damaged' }).click();
  await page.getByTestId('reject-submit').click();
  await page.getByTestId('fo-reject-reason').filter({ hasText: /damaged/i }).waitFor();
  await page.goto(`/orders/${rejected.id}`);
  await page.getByTestId('order-allocations').filter({ hasText: store }).waitFor();
  assertNoPageErrors(page);

  // Two labels bought at the warehouse: both on its manifest until one is voided with a reason.
  const shipped: { id: string; carrier: string; ship_date: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const order = await placeOrder(web.t, [{ sku, quantity: 1 }]);
    const [f] = (await web.t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string; location: string }[];
    assert.equal(f?.location, wh, 'a damaged unit does not take the warehouse out of routing');
    assert.equal((await web.t.call('POST', `/v1/fulfillment-orders/${f?.id}/pack`, {})).statusCode, 200);
    const res = await web.t.call('POST', `/v1/fulfillment-orders/${f?.id}/ship`, {});
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json() as { id: string; carrier: string; ship_date: string };
    shipped.push({ id: body.id, carrier: body.carrier, ship_date: body.ship_date });
  }
  const [first, second] = shipped as [(typeof shipped)[number], (typeof shipped)[number]];
  assert.equal(first.carrier, second.carrier, 'one carrier for the same parcel and route');
  // The manifest is the pickup day's: the label's ship date (after the cut-off or on a weekend, the next business day).
  const day = first.ship_date;
  const manifestUrl = `/manifests?carrier=${encodeURIComponent(first.carrier)}&location=${encodeURIComponent(wh)}&date=${day}`;
  const rows = async () => page.getByTestId('manifest-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  await page.goto(manifestUrl);
  await page.getByTestId('manifest-row').first().waitFor();
  assert.deepEqual((await rows()).sort(), [first.id, second.id].sort());
  await checkPage(page, 'manifest');

  await page.goto(`/shipments/${first.id}`);
  await page.getByTestId('shipment-void').click();
  await page.getByTestId('shipment-void-reason').fill('Wrong service chosen');
  await page.getByTestId('shipment-void-submit').click();
  await page.getByText('Label voided').waitFor();
  await page.getByTestId('shipment-void').waitFor({ state: 'detached' });
  assert.equal((await web.t.call('GET', `/v1/shipments/${first.id}`)).json().status, 'voided');
  await page.goto(manifestUrl);
  await page.locator(`[data-testid="manifest-row"][data-id="${second.id}"]`).waitFor();
  assert.deepEqual(await rows(), [second.id], 'the voided label is off the manifest');
  assertNoPageErrors(page);
});
