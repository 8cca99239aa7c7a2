import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, orderBody, stockedProduct } from '../support/factories.js';

// Money that matches the channel, to the cent (ADR 0017): discounts, taxes, shipping lines, duties,
// order discounts, tax-inclusive prices, the channel's stated totals, partial cancellations.
let t: TestApp;
before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'WH-MONEY', { priority: 1 });
});
after(() => t.close());

interface MoneyLineJson {
  id: string;
  total: string;
  discount_total: string;
  tax_total: string;
  cancelled_amount: string;
  discounts: { code: string | null; amount: string; order_level: boolean }[];
  taxes: { title: string | null; rate: string | null; amount: string }[];
}
interface MoneyOrderJson {
  id: string;
  totals: Record<string, string>;
  lines: MoneyLineJson[];
  shipping_lines: { title: string | null; price: string; total: string }[];
  duties: { title: string | null; amount: string }[];
  taxes_included: boolean;
  money_discrepancy: { field: string; channel: string; computed: string; difference: string }[] | null;
}

const capture = async (body: Record<string, unknown>) => {
  const res = await t.call('POST', '/v1/orders', body);
  return { res, order: res.json() as MoneyOrderJson };
};

describe('order money', () => {
  test('discounts, taxes, shipping lines and duties add up to the channel total; the view shows each', async () => {
    const a = await stockedProduct(t, { 'WH-MONEY': 10 });
    const b = await stockedProduct(t, { 'WH-MONEY': 10 });
    const { res, order } = await capture(
      orderBody(
        [
          { sku: a, quantity: 3, unit_price: '20.00', discounts: [{ code: 'TEN', source: 'discount_code', amount: '10.00' }], taxes: [{ title: 'State', rate: '0.0825', amount: '4.12' }] },
          { sku: b, quantity: 1, unit_price: '9.99', taxes: [{ title: 'State', rate: '0.0825', amount: '0.82' }] },
        ] as never,
        {
          shipping: null,
          shipping_lines: [{ title: 'UPS Ground', service_level: 'standard', price: '7.00', discounts: [{ title: 'Free over 50', source: 'automatic', amount: '2.00' }], taxes: [{ title: 'State', amount: '0.41' }] }],
          duties: [{ title: 'Import duty', amount: '1.50' }],
          channel_totals: { subtotal: '69.99', tax: '5.35', total: '71.84' },
        },
      ),
    );
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(order.totals, { subtotal: '69.99', discount_total: '10.00', tax_total: '5.35', shipping: '5.00', shipping_total: '5.00', duties_total: '1.50', total: '71.84', cancelled: '0.00' });
    assert.equal(order.money_discrepancy, null);
    assert.deepEqual(order.lines.map((l) => [l.discount_total, l.tax_total, l.total]), [['10.00', '4.12', '54.12'], ['0.00', '0.82', '10.81']]);
    assert.deepEqual(order.lines[0]?.discounts, [{ code: 'TEN', title: null, source: 'discount_code', amount: '10.00', order_level: false }]);
    assert.deepEqual(order.shipping_lines.map((s) => [s.title, s.price, s.total]), [['UPS Ground', '7.00', '5.41']]);
    assert.deepEqual(order.duties, [{ title: 'Import duty', amount: '1.50' }]);
    // GET shows the same breakdown as the capture's answer.
    const view = (await t.call('GET', `/v1/orders/${order.id}`)).json() as MoneyOrderJson;
    assert.deepEqual(view.totals, order.totals);
    assert.deepEqual(view.lines.map((l) => l.taxes), order.lines.map((l) => l.taxes));
    assert.deepEqual(view.shipping_lines, order.shipping_lines);
  });

  test('an order discount is split over the lines to the cent; tax-inclusive prices do not add tax again', async () => {
    const a = await stockedProduct(t, { 'WH-MONEY': 10 });
    const b = await stockedProduct(t, { 'WH-MONEY': 10 });
    const { res, order } = await capture(
      orderBody(
        [
          { sku: a, quantity: 1, unit_price: '10.00', taxes: [{ title: 'VAT', rate: '0.2', amount: '1.67' }] },
          { sku: b, quantity: 2, unit_price: '10.00', taxes: [{ title: 'VAT', rate: '0.2', amount: '3.33' }] },
        ] as never,
        { shipping: { price: '0.00' }, taxes_included: true, order_discounts: [{ code: 'SAVE', source: 'discount_code', amount: '10.00' }] },
      ),
    );
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(order.lines.map((l) => l.discount_total), ['3.33', '6.67']);
    assert.ok(order.lines.every((l) => l.discounts.every((d) => d.order_level && d.code === 'SAVE')), 'every line discount is a part of the order discount SAVE');
    assert.equal(order.taxes_included, true);
    assert.equal(order.totals.total, '20.00');
    assert.equal(order.totals.tax_total, '5.00');
  });

  test('a channel total that differs is recorded and shown, and the order is still captured', async () => {
    const a = await stockedProduct(t, { 'WH-MONEY': 10 });
    const { res, order } = await capture(orderBody([{ sku: a, quantity: 1, unit_price: '69.95' }], { shipping: null, channel_totals: { total: '74.45' } }));
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(order.money_discrepancy, [{ field: 'total', channel: '74.45', computed: '69.95', difference: '4.50' }]);
    const view = (await t.call('GET', `/v1/orders/${order.id}`)).json() as MoneyOrderJson;
    assert.deepEqual(view.money_discrepancy, order.money_discrepancy);
  });

  test('cancelling units removes their exact shares; the event carries the amounts', async () => {
    const a = await stockedProduct(t, { 'WH-MONEY': 10 });
    const { order } = await capture(
      orderBody([{ sku: a, quantity: 3, unit_price: '10.00', discounts: [{ amount: '1.00' }], taxes: [{ amount: '0.91' }] }] as never, { shipping: { price: '5.00' } }),
    );
    assert.equal(order.totals.total, '34.91');
    const line = order.lines[0] as MoneyLineJson;
    const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'customer asked', lines: [{ line_id: line.id, quantity: 2 }] });
    assert.equal(res.statusCode, 200, res.body);
    const after = res.json() as MoneyOrderJson;
    // The live unit is unit 0: it carries the discount's and the tax's remainders (0.34 off, 0.31 of tax).
    assert.deepEqual(after.totals, { subtotal: '10.00', discount_total: '0.34', tax_total: '0.31', shipping: '5.00', shipping_total: '5.00', duties_total: '0.00', total: '14.97', cancelled: '19.94' });
    assert.equal(after.lines[0]?.cancelled_amount, '19.94');
    const events = (await t.call('GET', `/v1/orders/${order.id}/events`)).json().data as { type: string; data: Record<string, unknown> }[];
    const cancelled = events.find((e) => e.type === 'order.lines_cancelled');
    assert.equal(cancelled?.data.amount, 1994);
    assert.equal(cancelled?.data.total, 1497);
    assert.deepEqual((cancelled?.data.lines as { amount: number }[]).map((l) => l.amount), [1994]);
    // Cancelling the last unit takes shipping with it: nothing is left to pay.
    const rest = (await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'customer asked' })).json() as MoneyOrderJson;
    assert.equal(rest.totals.total, '0.00');
    assert.equal(rest.totals.cancelled, '34.91');
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['a negative discount', { discounts: [{ amount: '-1.00' }] }, 'lines[0].discounts[0].amount'],
    ['a discount above the line value', { discounts: [{ amount: '25.00' }] }, 'lines[0].discounts'],
    ['a malformed tax rate', { taxes: [{ rate: '8.25%', amount: '1.00' }] }, 'lines[0].taxes[0].rate'],
    ['more decimals than USD has', { taxes: [{ amount: '1.234' }] }, 'lines[0].taxes[0].amount'],
  ];
  for (const [name, extra, field] of bad) {
    test(`${name} is refused naming the field, and nothing is written`, async () => {
      const a = await stockedProduct(t, { 'WH-MONEY': 10 });
      const body = orderBody([{ sku: a, quantity: 2, unit_price: '10.00', ...extra }] as never);
      const res = await t.call('POST', '/v1/orders', body);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok((res.json().errors as { field: string }[]).some((e) => e.field === field), res.body);
      const list = (await t.call('GET', `/v1/orders?external_id=${body.external_id}`)).json().data as unknown[];
      assert.equal(list.length, 0);
    });
  }

  test('an order discount above what the lines are worth is refused', async () => {
    const a = await stockedProduct(t, { 'WH-MONEY': 10 });
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku: a, quantity: 1, unit_price: '10.00' }], { order_discounts: [{ amount: '10.01' }] }));
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(res.json().errors, [{ field: 'order_discounts[0].amount', message: 'is more than the lines are worth after their discounts' }]);
  });
});
