// test-files: embedded database only (a browser against one server: the database makes no difference to what it shows)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLocation, placeOrder, stockedProduct, uniqueCode, type OrderJson } from '../support/factories.js';
import { assertNoPageErrors, checkA11y, screenshot, signIn, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * The return screens for what returns gained with ADRs 0022 and 0023: a return label bought
 * through the sample carriers and downloaded, a return closed with store credit, an instant
 * exchange refused for want of stock and then made, and what a viewer is (not) offered.
 */
let web: ConsoleHarness;
let wh: string;
const SIZE = { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 };

before(async () => {
  web = await startConsole();
  assert.equal((await web.t.call('PUT', '/v1/boxes/RO-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await web.t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  wh = (await createLocation(web.t, uniqueCode('ROW'), { address: { name: 'Returns DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' })).code;
});
after(async () => {
  await web?.close();
});

const signedIn = async (role: 'operator' | 'viewer'): Promise<Page> => {
  const page = await web.page();
  await signIn(page, await web.user(role));
  return page;
};

/** 2 × 10.00 + 5.00 shipping, paid by a sale, shipped; a return of both units (changed mind), approved at the warehouse. */
async function approvedReturn(): Promise<{ id: string; lineId: string; sku: string; order: OrderJson }> {
  const sku = await stockedProduct(web.t, { [wh]: 10 }, SIZE);
  const order = await placeOrder(web.t, [{ sku, quantity: 2 }]);
  const sale = await web.t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '25.00', gateway: 'stripe' });
  assert.equal(sale.statusCode, 201, sale.body);
  for (const fo of (await web.t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    const shipped = await web.t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
    assert.equal(shipped.statusCode, 201, shipped.body);
  }
  const ret = await web.t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 2, reason: 'changed_mind' }] });
  assert.equal(ret.statusCode, 201, ret.body);
  const approved = await web.t.call('POST', `/v1/returns/${ret.json().id}/approve`, { location: wh });
  assert.equal(approved.statusCode, 200, approved.body);
  return { id: ret.json().id, lineId: ret.json().lines[0].id, sku, order };
}

const statusIs = (page: Page, status: string) => page.locator(`[data-testid="return-status"] [data-status="${status}"]`).waitFor({ timeout: 15_000 });

test('an approved return: a label bought through the sample carriers, its tracking number, cost and download shown; a viewer only sees it', async () => {
  const ret = await approvedReturn();
  const page = await signedIn('operator');
  await page.goto(`/returns/${ret.id}`);
  await statusIs(page, 'approved');
  await page.getByTestId('return-shipping-submit').waitFor();
  assert.ok(await page.getByTestId('return-shipping-method-label').isChecked(), 'buying a label is the default');
  await checkA11y(page);
  await screenshot(page, 'return-shipping-choose');

  await page.getByTestId('return-shipping-submit').click();
  await page.getByTestId('return-shipping-view').waitFor({ timeout: 30_000 });
  const shipping = (await web.t.call('GET', `/v1/returns/${ret.id}/shipping`)).json() as { method: string; tracking_number: string; carrier: string; cost: string; formats: string[] };
  assert.equal(shipping.method, 'label', 'one label was bought');
  assert.ok(shipping.tracking_number, 'the label has a tracking number');
  assert.ok(Number(shipping.cost) > 0, `a label costs something: ${shipping.cost}`);
  assert.equal((await page.getByTestId('return-shipping-tracking').innerText()).trim(), shipping.tracking_number);
  assert.match(await page.getByTestId('return-shipping-carrier').innerText(), new RegExp(shipping.carrier));
  assert.match(await page.getByTestId('return-shipping-cost').innerText(), new RegExp(`\\$${shipping.cost.replace('.', '\\.')}`));
  assert.equal(await page.getByTestId('return-shipping-submit').count(), 0, 'one arrangement per return: nothing more to buy');
  assert.ok(shipping.formats.includes('pdf'), `a PDF label: ${shipping.formats.join(', ')}`);
  for (const f of shipping.formats) assert.equal(await page.getByTestId(`return-label-${f}`).count(), 1, `a ${f} download link`);
  // The link downloads the label with the session cookie of the page.
  const href = await page.getByTestId('return-label-pdf').getAttribute('href');
  assert.equal(href, `/v1/returns/${ret.id}/label?format=pdf`);
  const pdf = await page.request.get(href as string);
  assert.deepEqual([pdf.status(), pdf.headers()['content-type'], (await pdf.body()).subarray(0, 5).toString('latin1')], [200, 'application/pdf', '%PDF-']);
  await checkA11y(page);
  await screenshot(page, 'return-shipping-bought');
  assertNoPageErrors(page);

  const viewer = await signedIn('viewer');
  await viewer.goto(`/returns/${ret.id}`);
  await viewer.getByTestId('return-shipping-tracking').waitFor();
  for (const action of ['return-shipping-submit', 'exchange-open', 'store-credit-open']) assert.equal(await viewer.getByTestId(action).count(), 0, `a viewer is not offered ${action}`);
  assertNoPageErrors(viewer);
});

test('an inspected return closed with store credit: the previewed amount confirmed, then shown as store credit', async () => {
  const ret = await approvedReturn();
  const received = await web.t.call('POST', `/v1/returns/${ret.id}/receipts`, { lines: [{ return_line_id: ret.lineId, quantity: 2, disposition: 'restock' }] });
  assert.equal(received.json().status, 'inspected', received.body);
  const preview = (await web.t.call('GET', `/v1/returns/${ret.id}/refund-preview`)).json() as { amount: string };

  const page = await signedIn('operator');
  await page.goto(`/returns/${ret.id}`);
  await page.getByTestId('refund-preview').waitFor();
  assert.equal(await page.getByTestId('return-shipping').count(), 0, 'nothing arranged and nothing to arrange any more: no shipping card');
  await page.getByTestId('store-credit-open').click();
  await page.getByTestId('store-credit-amount').waitFor();
  assert.match(await page.getByTestId('store-credit-amount').innerText(), new RegExp(`\\$${preview.amount.replace('.', '\\.')}`), 'the dialog names the previewed amount');
  await checkA11y(page);
  await screenshot(page, 'return-store-credit-confirm');
  await page.getByTestId('store-credit-confirm').click();
  await statusIs(page, 'closed');
  await page.locator('[data-testid="refund-kind"][data-gateway="store_credit"]').waitFor({ timeout: 15_000 });
  assert.equal((await page.getByTestId('return-refund').getByRole('heading').first().innerText()).trim(), 'Store credit', 'the card says store credit, not refund');
  assert.match(await page.getByTestId('refund-result-total').innerText(), new RegExp(`\\$${preview.amount.replace('.', '\\.')}`));
  for (const action of ['refund-submit', 'store-credit-open', 'exchange-open']) assert.equal(await page.getByTestId(action).count(), 0, `a closed return offers no ${action}`);
  const ledger = (await web.t.call('GET', `/v1/orders/${ret.order.id}/transactions`)).json().data as { kind: string; gateway: string; amount: string }[];
  assert.deepEqual(ledger.map((x) => [x.kind, x.gateway, x.amount]), [['sale', 'stripe', '25.00'], ['refund', 'store_credit', preview.amount]], 'one store credit on the ledger, no card refund');
  await checkA11y(page);
  await screenshot(page, 'return-store-credit-closed');
  assertNoPageErrors(page);
});

test('an instant exchange: refused for want of stock with the alternatives and nothing made, then made with a stocked SKU and linked to its order', async () => {
  const ret = await approvedReturn();
  const none = await stockedProduct(web.t, {}, SIZE);
  const stocked = await stockedProduct(web.t, { [wh]: 5 }, SIZE);
  const page = await signedIn('operator');
  await page.goto(`/returns/${ret.id}`);
  await statusIs(page, 'approved');
  await page.getByTestId('exchange-open').click();
  await page.getByTestId('exchange-submit').waitFor();
  assert.ok(await page.getByTestId('exchange-instant').isChecked(), 'before inspection an exchange is instant');
  await page.getByTestId('exchange-sku-0').fill(none);
  await page.getByTestId('exchange-submit').click();
  await page.getByTestId('exchange-problem').waitFor();
  assert.equal(await page.getByTestId('exchange-problem').getAttribute('data-code'), 'RETURN_EXCHANGE_OUT_OF_STOCK');
  assert.match(await page.getByTestId('exchange-alternatives').innerText(), /refund[\s\S]*store credit/);
  assert.equal((await web.t.call('GET', `/v1/returns/${ret.id}`)).json().exchange, null, 'nothing was made');
  await checkA11y(page);
  await screenshot(page, 'return-exchange-refused');

  await page.getByTestId('exchange-sku-0').fill(stocked);
  await page.getByTestId('exchange-submit').click();
  await page.getByTestId('return-exchange').waitFor({ timeout: 30_000 });
  const exchange = (await web.t.call('GET', `/v1/returns/${ret.id}`)).json().exchange as { replacement_order_id: string; instant: boolean };
  assert.equal(exchange.instant, true);
  assert.equal(await page.getByTestId('exchange-open').count(), 0, 'one exchange per return');
  await checkA11y(page);
  await screenshot(page, 'return-exchange-made');
  await page.getByTestId('exchange-order-link').click();
  await page.waitForURL((u) => u.pathname === `/orders/${exchange.replacement_order_id}`);
  // The replacement order links back to the return it replaces and to the original order (ADR 0028).
  await page.getByTestId('order-replaces-return').waitFor();
  assert.equal(await page.getByTestId('order-replaces-return-link').innerText(), ret.id.slice(-8).toUpperCase());
  assert.equal(await page.getByTestId('order-replaces-order-link').getAttribute('href'), `/orders/${ret.order.id}`);
  await checkA11y(page);
  await page.getByTestId('order-replaces-return-link').click();
  await page.waitForURL((u) => u.pathname === `/returns/${ret.id}`);
  assertNoPageErrors(page);
});

test('a drop-off arrangement: the QR code is offered for download, and nothing else can be arranged', async () => {
  const ret = await approvedReturn();
  const page = await signedIn('operator');
  await page.goto(`/returns/${ret.id}`);
  await page.getByTestId('return-shipping-method-drop_off').check();
  await page.getByTestId('return-shipping-submit').click();
  await page.locator('[data-testid="return-shipping-view"][data-method="drop_off"]').waitFor({ timeout: 30_000 });
  const shipping = (await web.t.call('GET', `/v1/returns/${ret.id}/shipping`)).json() as { method: string; formats: string[] };
  assert.equal(shipping.method, 'drop_off');
  const qr = shipping.formats.find((f) => f === 'png' || f === 'svg');
  assert.ok(qr, `a QR code to download: ${shipping.formats.join(', ')}`);
  const link = page.getByTestId(`return-label-${qr}`);
  assert.match(await link.innerText(), /QR code/);
  const file = await page.request.get((await link.getAttribute('href')) as string);
  assert.equal(file.status(), 200);
  assert.match(file.headers()['content-type'] ?? '', /^image\//);
  assert.equal(await page.getByTestId('return-shipping-submit').count(), 0);
  assertNoPageErrors(page);
});
