// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLocation, stockedProduct, uniqueCode } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/** The operations lead's set-up screens: routing policies with the simulator, locations, carriers, shipping rules, boxes. */
let web: ConsoleHarness;
let admin: Page;

before(async () => {
  web = await startConsole();
  admin = await web.page();
  await signIn(admin, await web.user('admin'));
});

after(async () => {
  await web?.close();
});

/** The error text Mantine shows under an input (aria-describedby), once the input is invalid. */
async function fieldError(page: Page, testId: string): Promise<string> {
  const input = page.getByTestId(testId);
  await page.locator(`[data-testid="${testId}"][aria-invalid="true"]`).waitFor();
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter((id) => id.endsWith('-error'));
  assert.ok(ids.length > 0, `${testId} names its error element`);
  return page.locator(`[id="${ids[0]}"]`).innerText();
}

test('a routing policy is edited as rules, simulated unsaved against a sample order with its reasons, then saved', async () => {
  const east = (await createLocation(web.t, uniqueCode('WH-EAST'), { priority: 2, address: { line1: '1 Dock Rd', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' } })).code;
  const west = (await createLocation(web.t, uniqueCode('WH-WEST'), { priority: 1, address: { line1: '9 Harbor Blvd', city: 'Los Angeles', region: 'CA', postal_code: '90012', country: 'US' } })).code;
  const sku = await stockedProduct(web.t, { [east]: 10, [west]: 10 });
  const name = uniqueCode('us-web').toLowerCase();
  const put = await web.t.call('PUT', `/v1/routing/policies/${name}`, { position: 1, rules: [{ name: 'by priority', sorts: ['priority'] }] });
  assert.equal(put.statusCode, 201, put.body);

  await admin.goto('/routing');
  await admin.locator(`[data-testid="policies-table-row"][data-id="${name}"]`).getByTestId('policy-link').click();
  await admin.waitForURL((u) => u.pathname === `/routing/${name}`);
  await admin.getByTestId('rule-0-name').waitFor();

  // Simulated as saved: WH-WEST wins on priority.
  await admin.getByTestId('sim-line-0-sku').fill(sku);
  await admin.getByTestId('sim-line-0-quantity').fill('2');
  await admin.getByTestId('sim-city').fill('New York');
  await admin.getByTestId('sim-region').fill('NY');
  await admin.getByTestId('sim-postal-code').fill('10001');
  await admin.getByTestId('sim-run').click();
  await admin.locator(`[data-testid="sim-allocation-row"][data-location="${west}"]`).waitFor();

  // Edited, not saved: only warehouses within 800 km, nearest first.
  await admin.getByTestId('rule-0-name').fill('nearby warehouses');
  await admin.getByTestId('rule-0-max-distance').fill('800');
  await admin.getByTestId('rule-0-add-sort').click();
  await admin.getByTestId('rule-0-add-sort-proximity').click();
  await admin.getByTestId('rule-0-sort-proximity-up').click();
  await admin.getByTestId('sim-stale').waitFor();
  await admin.getByTestId('sim-run').click();
  const plan = admin.locator(`[data-testid="sim-allocation-row"][data-location="${east}"]`);
  await plan.waitFor();
  assert.equal(await plan.locator('td').last().innerText(), '2', 'both units ship from the east warehouse');
  assert.equal(await admin.locator(`[data-testid="sim-allocation-row"][data-location="${west}"]`).count(), 0, 'nothing ships from the west');
  const reasons = await admin.getByTestId('sim-reason').allInnerTexts();
  assert.ok(reasons.some((r) => r.includes(west) && r.includes('filtered') && r.includes('800')), `the west warehouse is filtered by distance, and says so: ${reasons.join(' | ')}`);
  assert.ok(reasons.some((r) => r.startsWith(`${east}:`)), `the choice of the east warehouse has its reason: ${reasons.join(' | ')}`);
  assert.ok((await admin.getByTestId('sim-policy').innerText()).includes('nearby warehouses'), 'the plan names the edited rule');
  const unsaved = await web.t.call('GET', `/v1/routing/policies/${name}`);
  assert.equal(unsaved.json().rules[0].name, 'by priority', 'simulating saved nothing');
  await checkA11y(admin);
  await screenshot(admin, 'routing-editor');

  await admin.getByTestId('policy-save').click();
  await admin.getByText('Policy saved').waitFor();
  const saved = (await web.t.call('GET', `/v1/routing/policies/${name}`)).json() as { rules: { name: string; filters?: { max_distance_km?: number }; sorts?: string[] }[] };
  assert.equal(saved.rules[0]?.name, 'nearby warehouses');
  assert.equal(saved.rules[0]?.filters?.max_distance_km, 800);
  assert.deepEqual(saved.rules[0]?.sorts, ['proximity', 'priority']);
  await admin.reload();
  assert.equal(await admin.getByTestId('rule-0-max-distance').inputValue(), '800', 'the saved policy shows after a reload');
  assertNoPageErrors(admin);
});

test('a location is created with its address and listed', async () => {
  const code = uniqueCode('STORE');
  await admin.goto('/locations');
  await admin.getByTestId('location-new').first().click();
  await admin.getByTestId('location-code').fill(code);
  await admin.getByTestId('location-name').fill('Manhattan store');
  await admin.getByTestId('location-address-line1').fill('350 5th Ave');
  await admin.getByTestId('location-address-city').fill('New York');
  await admin.getByTestId('location-address-region').fill('NY');
  await admin.getByTestId('location-address-postal-code').fill('10118');
  await admin.getByTestId('location-address-country').fill('US');
  await admin.getByTestId('location-capacity').fill('40');
  await admin.getByTestId('location-save').click();
  await admin.waitForURL((u) => u.pathname === `/locations/${code}`);
  const stored = (await web.t.call('GET', `/v1/locations/${code}`)).json() as { name: string; daily_capacity: number | null; address: { line1: string; city: string; country: string } | null };
  assert.equal(stored.name, 'Manhattan store');
  assert.deepEqual([stored.address?.line1, stored.address?.city, stored.address?.country], ['350 5th Ave', 'New York', 'US']);
  assert.equal(stored.daily_capacity, 40);

  await admin.getByTestId('locations-back').click();
  const row = admin.locator(`[data-testid="locations-table-row"][data-id="${code}"]`);
  await row.waitFor();
  assert.ok((await row.innerText()).includes('New York, NY, US'), 'the row shows where it is');
  await checkA11y(admin);
  await screenshot(admin, 'locations');
  assertNoPageErrors(admin);
});

test('sample carriers, a shipping preference and a box; a bad box dimension is shown next to its field', async () => {
  await admin.goto('/carriers');
  await admin.getByTestId('carriers-samples').click();
  for (const code of ['ups', 'fedex', 'usps']) await admin.locator(`[data-testid="carriers-table-row"][data-id="${code}"]`).waitFor();
  await checkA11y(admin);
  await screenshot(admin, 'carriers');

  // A sample card renamed and paused: the stored card and tracking range stay.
  const before = (await web.t.call('GET', '/v1/carriers/ups')).json() as { tracking: unknown; services: unknown };
  await admin.locator('[data-testid="carriers-table-row"][data-id="ups"]').getByTestId('carrier-link').click();
  await admin.getByTestId('carrier-name').fill('UPS (sample card)');
  await admin.getByTestId('carrier-active').uncheck();
  await admin.getByTestId('carrier-save').click();
  await admin.getByText('Carrier saved').waitFor();
  const after = (await web.t.call('GET', '/v1/carriers/ups')).json() as { name: string; active: boolean; tracking: unknown; services: unknown };
  assert.deepEqual([after.name, after.active, after.tracking, after.services], ['UPS (sample card)', false, before.tracking, before.services]);

  await admin.goto('/shipping/rules');
  await admin.getByTestId('preferred-add').click();
  await admin.getByTestId('preferred.0-carrier').click();
  await admin.getByRole('option', { name: 'UPS' }).click();
  await admin.getByTestId('shipping-rules-save').click();
  await admin.getByText('Shipping rules saved').waitFor();
  const rules = (await web.t.call('GET', '/v1/shipping/rules')).json() as { preferred?: { carrier: string }[] };
  assert.deepEqual(rules.preferred?.map((p) => p.carrier), ['ups']);
  await checkA11y(admin);

  // The home page's checklist leads to the boxes screen.
  await admin.goto('/');
  await admin.getByTestId('checklist-link-box').click();
  await admin.waitForURL((u) => u.pathname === '/boxes');
  await admin.getByTestId('box-new').first().click();
  await admin.getByTestId('box-code').fill('M-BOX');
  await admin.getByTestId('box-length').fill('0');
  await admin.getByTestId('box-width').fill('200');
  await admin.getByTestId('box-height').fill('100');
  await admin.getByTestId('box-max-weight').fill('5000');
  await admin.getByTestId('box-save').click();
  assert.match(await fieldError(admin, 'box-length'), /1/, 'the server’s problem with the length is shown under the length');
  assert.equal((await web.t.call('GET', '/v1/boxes/M-BOX')).statusCode, 404, 'nothing was saved');

  await admin.getByTestId('box-length').fill('300');
  await admin.getByTestId('box-save').click();
  const row = admin.locator('[data-testid="boxes-table-row"][data-id="M-BOX"]');
  await row.waitFor();
  assert.ok((await row.innerText()).includes('300 × 200 × 100'), 'the box is listed with its inner size');
  await checkA11y(admin);
  await screenshot(admin, 'boxes');
  assertNoPageErrors(admin);
});
