import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { decodeBarcodesFromPdf, inspectPdf } from '../../../../test/support/barcodes.js';
import { formatMinor, manifestCsv, manifestId, manifestTotals, type Manifest, type ManifestRow } from '../domain/manifest-csv.js';
import { renderManifestPdf } from './manifest-pdf.js';

function row(i: number, overrides: Partial<ManifestRow> = {}): ManifestRow {
  return { shipmentId: `shp_${i}`, orderReference: `SO-${1000 + i}`, trackingNumber: `1Z12X34V02${String(i).padStart(7, '0')}0`, service: 'UPS Ground', packages: 1 + (i % 3), weightGrams: 1000 + i, billableWeightGrams: 2000 + i, amountMinor: 1299 + i, currency: 'USD', shipTo: { name: 'Jane Doe', city: 'New York', region: 'NY', postalCode: '10118', country: 'US' }, createdAt: '2026-11-27T15:00:00Z', ...overrides };
}

function manifest(rows: ManifestRow[]): Manifest {
  return { carrierCode: 'ups', carrierName: 'UPS', locationCode: 'RNO1', locationName: 'Reno DC', date: '2026-11-27', rows, generatedAt: '2026-11-27T23:00:00Z' };
}

describe('manifest CSV', () => {
  const hostile = [
    row(0, { shipTo: { name: '=HYPERLINK("http://x","y")', city: 'New York, NY', postalCode: '10118', country: 'US' } }),
    row(1, { orderReference: '+1-555', shipTo: { name: 'Line\nbreak "quoted"', city: '@city', postalCode: '-10118', country: 'US' } }),
    row(2, { amountMinor: 500, currency: 'JPY' }),
    row(3),
  ];
  const csv = manifestCsv(manifest(hostile));
  const records = parse(csv, { columns: true }) as Record<string, string>[];

  test('parses back with a header row and one record per shipment', () => {
    assert.equal(records.length, 4);
    assert.equal(records[3]?.shipment_id, 'shp_3');
    assert.equal(records[3]?.tracking_number, row(3).trackingNumber);
    assert.ok(csv.endsWith('\r\n'), 'CSV lines end with CRLF');
  });

  test('money and weight are decimal strings in the currency exponent', () => {
    assert.equal(records[3]?.amount, '13.02');
    assert.equal(records[2]?.amount, '500');
    assert.equal(records[2]?.currency, 'JPY');
    assert.equal(records[3]?.weight_kg, '1.003');
    assert.equal(records[3]?.billable_weight_kg, '2.003');
  });

  test('quotes commas, quotes and newlines (RFC 4180)', () => {
    assert.equal(records[0]?.ship_to_city, 'New York, NY');
    assert.equal(records[1]?.ship_to_name, 'Line\nbreak "quoted"');
  });

  test('neutralises cells a spreadsheet would run as formulas', () => {
    assert.equal(records[0]?.ship_to_name, `'=HYPERLINK("http://x","y")`);
    assert.equal(records[1]?.order_reference, `'+1-555`);
    assert.equal(records[1]?.ship_to_city, `'@city`);
    assert.equal(records[1]?.ship_to_postal_code, `'-10118`);
  });

  test('totals recomputed from the CSV match manifestTotals', () => {
    const m = manifest(Array.from({ length: 25 }, (_, i) => row(i)));
    const parsed = parse(manifestCsv(m), { columns: true }) as Record<string, string>[];
    const t = manifestTotals(m);
    assert.equal(parsed.length, t.shipments);
    assert.equal(parsed.reduce((s, r) => s + Number(r.packages), 0), t.packages);
    assert.equal(parsed.reduce((s, r) => s + Math.round(Number(r.weight_kg) * 1000), 0), t.weightGrams);
    assert.equal(parsed.reduce((s, r) => s + Math.round(Number(r.amount) * 100), 0), t.amountMinorByCurrency.USD);
    assert.deepEqual(t, { shipments: 25, packages: 49, weightGrams: 25_300, billableWeightGrams: 50_300, amountMinorByCurrency: { USD: 32_775 } });
  });

  test('an empty day is just the header', () => {
    assert.equal(manifestCsv(manifest([])).split('\r\n').filter(Boolean).length, 1);
  });

  const money: [number, string, string][] = [
    [0, 'USD', '0.00'],
    [5, 'USD', '0.05'],
    [-1234, 'USD', '-12.34'],
    [500, 'JPY', '500'],
    [1234, 'KWD', '1.234'],
  ];
  for (const [minor, currency, text] of money) {
    test(`formatMinor(${minor}, ${currency}) = ${text}`, () => assert.equal(formatMinor(minor, currency), text));
  }
});

describe('manifest PDF', () => {
  const pages: [number, number][] = [
    [0, 1],
    [10, 1],
    [60, 2],
  ];
  for (const [rows, expected] of pages) {
    test(`${rows} shipments → ${expected} letter page(s) ending with totals and the signature line`, async () => {
      const m = manifest(Array.from({ length: rows }, (_, i) => row(i)));
      const pdf = await renderManifestPdf(m);
      const info = inspectPdf(pdf);
      assert.equal(info.pageCount, expected);
      assert.deepEqual(info.pageSizes[0], [612, 792]);
      const last = info.pageTexts.at(-1) ?? '';
      assert.ok(last.includes(`Totals: ${rows} shipments · ${manifestTotals(m).packages} packages`), last);
      assert.ok(last.includes('Driver signature'), 'the last page has the driver signature');
      assert.ok(last.includes(`page ${expected} of ${expected}`), `and says page ${expected} of ${expected}`);
      const all = info.pageTexts.join('\n');
      for (let i = 0; i < rows; i++) assert.ok(all.includes(row(i).trackingNumber), `row ${i} missing`);
    });
  }

  test('the scan form barcode decodes to the manifest id', async () => {
    const m = manifest([row(1)]);
    const found = await decodeBarcodesFromPdf(await renderManifestPdf(m), 0, 150);
    assert.equal(manifestId(m), 'UPS-RNO1-20261127');
    assert.ok(found.length >= 1, 'the manifest barcode decodes');
    assert.ok(found.every((b) => b.format === 'Code128' && b.text === 'UPS-RNO1-20261127'), JSON.stringify(found));
  });
});
