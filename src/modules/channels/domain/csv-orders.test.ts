import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isoFromCsvDate, mapCsvGroup, readCsvMapping, resolveColumns, shopifyExportMapping, type CsvRow, type ResolvedColumns } from './csv-orders.js';

// The columns of Shopify admin's orders export that the default mapping reads, among others it ignores.
const header = ['Name', 'Email', 'Financial Status', 'Currency', 'Subtotal', 'Shipping', 'Shipping Method', 'Created at', 'Lineitem quantity', 'Lineitem name', 'Lineitem price', 'Lineitem sku', 'Billing Name', 'Shipping Name', 'Shipping Address1', 'Shipping Address2', 'Shipping Company', 'Shipping City', 'Shipping Zip', 'Shipping Province', 'Shipping Country', 'Shipping Phone', 'Notes', 'Tags', 'Id'];

function row(n: number, values: Record<string, string>): CsvRow {
  return { row: n, record: header.map((h) => values[h] ?? '') };
}

const firstRow = {
  Name: '#1001', Email: 'grace@example.com', 'Financial Status': 'paid', Currency: 'USD', Shipping: '4.90', 'Shipping Method': 'UPS Next Day Air', 'Created at': '2026-03-05 14:22:10 -0500',
  'Lineitem quantity': '2', 'Lineitem price': '12.50', 'Lineitem sku': 'SKU-A', 'Billing Name': 'Grace Hopper', 'Shipping Name': 'Grace Hopper', 'Shipping Address1': '1 Harbor St',
  'Shipping City': 'Boston', 'Shipping Zip': "'02118", 'Shipping Province': 'MA', 'Shipping Country': 'US', Notes: 'ring twice', Tags: 'vip, wholesale, vip', Id: '5550009990001',
};
const columns = resolveColumns(shopifyExportMapping, header).columns as ResolvedColumns;

describe('column mapping', () => {
  test('the default mapping finds every column of a Shopify orders export', () => {
    const resolved = resolveColumns(shopifyExportMapping, header);
    assert.deepEqual(resolved.problems, []);
    assert.equal(resolved.columns?.sku?.index, header.indexOf('Lineitem sku'));
    assert.equal(resolved.columns?.ship_postal_code?.header, 'Shipping Zip');
  });

  test('a header without a required mapped column is refused at row 1, naming the column; optional ones may be absent', () => {
    const resolved = resolveColumns(shopifyExportMapping, ['Name', 'Currency', 'Lineitem price', 'Lineitem sku']);
    assert.equal(resolved.columns, null);
    assert.deepEqual(resolved.problems, [{ row: 1, column: 'Lineitem quantity', message: 'the header has no column "Lineitem quantity" (mapped to quantity)' }]);
    assert.deepEqual(resolveColumns(shopifyExportMapping, ['Name', 'Currency', 'Lineitem price', 'Lineitem sku', 'Lineitem quantity']).problems, []);
  });

  test('a user mapping must name known fields, header names, and every required field', () => {
    assert.deepEqual(readCsvMapping({ external_id: 'order', sku: 'item', quantity: 'qty', unit_price: 'price', currency: 'cur' }).problems, []);
    const bad = readCsvMapping({ external_id: 'order', sku: '', colour: 'c', quantity: 3 });
    assert.equal(bad.mapping, null);
    assert.deepEqual(bad.problems.map((p) => p.field).sort(), ['mapping.colour', 'mapping.currency', 'mapping.quantity', 'mapping.sku', 'mapping.unit_price']);
    assert.equal(readCsvMapping(['Name']).problems[0]?.field, 'mapping');
  });
});

describe('one row group → one order', () => {
  test('order fields come from the first row, every row is a line', () => {
    const result = mapCsvGroup([row(2, firstRow), row(3, { Name: '#1001', 'Lineitem quantity': '1', 'Lineitem price': '3', 'Lineitem sku': 'SKU-B' })], columns, 'chn_x');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.order, {
      channel: 'chn_x',
      external_id: '#1001',
      channel_order_name: '#1001',
      currency: 'USD',
      placed_at: '2026-03-05T19:22:10.000Z',
      customer: { email: 'grace@example.com', name: 'Grace Hopper' },
      shipping_address: { name: 'Grace Hopper', company: null, line1: '1 Harbor St', line2: null, city: 'Boston', region: 'MA', postal_code: '02118', country: 'US', phone: null },
      lines: [
        { sku: 'SKU-A', quantity: 2, unit_price: '12.50' },
        { sku: 'SKU-B', quantity: 1, unit_price: '3.00' },
      ],
      shipping: { service_level: 'overnight', price: '4.90' },
      notes: 'ring twice',
      tags: ['vip', 'wholesale'],
    });
  });

  const cases: { name: string; first?: Record<string, string>; second?: Record<string, string>; expect: { row: number; column: string | null; message: RegExp }[] }[] = [
    { name: 'quantity that is not a whole number', second: { 'Lineitem quantity': '1.5' }, expect: [{ row: 3, column: 'Lineitem quantity', message: /whole number/ }] },
    { name: 'zero quantity', second: { 'Lineitem quantity': '0' }, expect: [{ row: 3, column: 'Lineitem quantity', message: /whole number/ }] },
    { name: 'price with more decimals than the currency', second: { 'Lineitem price': '1.005' }, expect: [{ row: 3, column: 'Lineitem price', message: /more than 2 decimal/ }] },
    { name: 'JPY price with decimals', first: { Currency: 'JPY', Shipping: '0' }, second: { 'Lineitem price': '100.5' }, expect: [{ row: 2, column: 'Lineitem price', message: /more than 0/ }, { row: 3, column: 'Lineitem price', message: /more than 0/ }] },
    { name: 'missing SKU', second: { 'Lineitem sku': '' }, expect: [{ row: 3, column: 'Lineitem sku', message: /missing/ }] },
    { name: 'unknown currency', first: { Currency: 'XYZ' }, expect: [{ row: 2, column: 'Currency', message: /ISO 4217/ }] },
    { name: 'date without an offset', first: { 'Created at': '2026-03-05 14:22:10' }, expect: [{ row: 2, column: 'Created at', message: /offset/ }] },
    { name: 'address without a city', first: { 'Shipping City': '' }, expect: [{ row: 2, column: 'Shipping Address1, Shipping City, Shipping Country', message: /city/ }] },
    { name: 'address with a country name instead of a code', first: { 'Shipping Country': 'United States' }, expect: [{ row: 2, column: 'Shipping Address1, Shipping City, Shipping Country', message: /ISO 3166/ }] },
  ];
  for (const c of cases) {
    test(`rejected, naming row and column: ${c.name}`, () => {
      const second = { Name: '#1001', 'Lineitem quantity': '1', 'Lineitem price': '3.00', 'Lineitem sku': 'SKU-B', ...c.second };
      const result = mapCsvGroup([row(2, { ...firstRow, ...c.first }), row(3, second)], columns, 'chn_x');
      assert.equal(result.order, null);
      assert.equal(result.problems.length, c.expect.length, JSON.stringify(result.problems));
      c.expect.forEach((e, i) => {
        const p = result.problems[i];
        assert.deepEqual([p?.row, p?.column], [e.row, e.column]);
        assert.match(p?.message ?? '', e.message);
      });
    });
  }

  test('a group longer than an order may be is rejected', () => {
    const rows = Array.from({ length: 501 }, (_, i) => row(i + 2, i === 0 ? firstRow : { Name: '#1001', 'Lineitem quantity': '1', 'Lineitem price': '1', 'Lineitem sku': 'SKU-A' }));
    const result = mapCsvGroup(rows, columns, 'chn_x');
    assert.equal(result.order, null);
    assert.match(result.problems[0]?.message ?? '', /at most 500 lines/);
  });
});

test('dates: Shopify export format and ISO 8601', () => {
  assert.equal(isoFromCsvDate('2026-03-05 14:22:10 -0500'), '2026-03-05T14:22:10-05:00');
  assert.equal(isoFromCsvDate('2026-03-05 14:22:10 +0530'), '2026-03-05T14:22:10+05:30');
  assert.equal(isoFromCsvDate('2026-03-05 14:22 UTC'), '2026-03-05T14:22Z');
  assert.equal(isoFromCsvDate('2026-03-05T14:22:10Z'), '2026-03-05T14:22:10Z');
  assert.equal(isoFromCsvDate('05/03/2026'), '05/03/2026');
});

describe('the export’s order money', () => {
  test('Taxes and Discount Amount become order-level amounts to split over the lines; Total the stated total', () => {
    const moneyHeader = [...header, 'Taxes', 'Discount Code', 'Discount Amount', 'Total'];
    const cols = resolveColumns(shopifyExportMapping, moneyHeader).columns as ResolvedColumns;
    const values: Record<string, string> = { ...firstRow, Taxes: '1.85', 'Discount Code': 'WELCOME', 'Discount Amount': '2.50', Total: '29.25' };
    const result = mapCsvGroup([{ row: 2, record: moneyHeader.map((h) => values[h] ?? '') }], cols, 'chn_x');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.order?.order_taxes, [{ title: 'Taxes', amount: '1.85' }]);
    assert.deepEqual(result.order?.order_discounts, [{ code: 'WELCOME', source: 'discount_code', amount: '2.50' }]);
    // 2 × 12.50 − 2.50 + 4.90 shipping + 1.85 tax = 29.25
    assert.deepEqual(result.order?.channel_totals, { total: '29.25' });
  });

  test('a malformed Taxes cell is a problem naming its row and column', () => {
    const moneyHeader = [...header, 'Taxes'];
    const cols = resolveColumns(shopifyExportMapping, moneyHeader).columns as ResolvedColumns;
    const values: Record<string, string> = { ...firstRow, Taxes: '1.855' };
    const result = mapCsvGroup([{ row: 2, record: moneyHeader.map((h) => values[h] ?? '') }], cols, 'chn_x');
    assert.equal(result.order, null);
    assert.deepEqual(result.problems.map((p) => [p.row, p.column]), [[2, 'Taxes']]);
  });
});
