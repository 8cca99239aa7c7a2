import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspectPdf } from '../../../../test/support/barcodes.js';
import type { CustomsDeclaration, CustomsItem, CustomsPaper } from '../domain/customs.js';
import { renderCustomsPdf } from './customs-pdf.js';

const shipFrom = { name: 'Ada Lovelace', company: 'Acme Goods Inc', line1: '1 Port St', city: 'Newark', region: 'NJ', postalCode: '07102', country: 'US', phone: '+1 973 555 0100' };
const shipTo = { name: 'Jean Tremblay', line1: '100 Queen St W', city: 'Toronto', region: 'ON', postalCode: 'M5H 2N2', country: 'CA' };

const tee: CustomsItem = { sku: 'TEE-1', description: 'Cotton T-shirt', quantity: 2, valueMinor: 3000, weightGrams: 400, hsCode: '6109100012', originCountry: 'PT' };
const mug: CustomsItem = { sku: 'MUG-1', description: 'Ceramic mug', quantity: 3, valueMinor: 1000, weightGrams: 1050, hsCode: '691200', originCountry: 'CN' };

function declaration(overrides: Partial<CustomsDeclaration> = {}): CustomsDeclaration {
  return { contentsType: 'merchandise', contentsExplanation: null, nonDeliveryOption: 'return', restrictionType: 'none', restrictionComments: null, signer: 'Ada Lovelace', currency: 'USD', items: [tee, mug], eelPfc: 'NOEEI 30.36', itn: null, ...overrides };
}

function paper(overrides: Partial<CustomsPaper>): CustomsPaper {
  return {
    kind: 'cn22',
    declaration: declaration(),
    shipFrom,
    shipTo,
    carrierName: 'USPS',
    serviceName: 'USPS First-Class Package International',
    trackingNumbers: ['LZ123456789US'],
    reference: 'SO-1001',
    shipDate: '2026-11-27',
    parcels: 1,
    grossWeightGrams: 1800,
    postage: { amountMinor: 1595, currency: 'USD' },
    ...overrides,
  };
}

/** The page text with runs of white space made single spaces, so assertions read like the form. */
function textOf(pdf: Buffer): string[] {
  return inspectPdf(pdf).pageTexts.map((t) => t.replace(/\s+/g, ' '));
}

describe('customs paper', () => {
  test('CN 22: one 4×6 page with the category ticked, each item’s quantity, description, HS code, origin, weight and value, the totals, EEL/PFC and the signed certificate', async () => {
    const pdf = await renderCustomsPdf(paper({}));
    const info = inspectPdf(pdf);
    assert.equal(info.pageCount, 1);
    assert.deepEqual(info.pageSizes[0], [288, 432]);
    const [text = ''] = textOf(pdf);
    for (const expected of ['CUSTOMS DECLARATION', 'CN 22', 'Designated operator: USPS', 'Item no. LZ123456789US', 'Sale of goods', '2 × Cotton T-shirt', 'HS 6109100012 · Origin PT', '3 × Ceramic mug', 'HS 691200 · Origin CN', '0.400', '30.00', '1.050', '10.00', '1.450', '40.00', 'Value (USD)', 'EEL/PFC: NOEEI 30.36', 'certify that the particulars given in this declaration are correct', "Date and sender's signature: 2026-11-27 Ada Lovelace"]) {
      assert.ok(text.includes(expected), `CN 22 lacks "${expected}":\n${text}`);
    }
    // The ticked box is the one of the contents type.
    assert.match(text, /X\s*Sale of goods/);
  });

  test('CN 23: sender and addressee, one line per item with HS code and origin, gross weight, postage, non-delivery instruction', async () => {
    const [text = ''] = textOf(await renderCustomsPdf(paper({ kind: 'cn23', declaration: declaration({ contentsType: 'gift', nonDeliveryOption: 'abandon' }) })));
    for (const expected of ['CN 23', 'From (sender)', 'ADA LOVELACE', 'ACME GOODS INC', 'NEWARK, NJ 07102', 'UNITED STATES', 'To (addressee)', 'JEAN TREMBLAY', 'TORONTO, ON M5H 2N2', 'CANADA', 'Cotton T-shirt (TEE-1)', '6109100012', 'Ceramic mug (MUG-1)', '691200', 'Total gross weight (kg): 1.800', 'Total value: 40.00 USD', 'Postal charges/fees: 15.95 USD', 'In case of non-delivery: treat as abandoned', 'Invoice / reference: SO-1001']) {
      assert.ok(text.includes(expected), `CN 23 lacks "${expected}":\n${text}`);
    }
    assert.match(text, /X\s*Gift/);
  });

  test('commercial invoice: exporter, consignee, countries, reason for export, per-line unit and total values, totals, EEL/PFC and the signature', async () => {
    const [text = ''] = textOf(await renderCustomsPdf(paper({ kind: 'commercial_invoice', carrierName: 'UPS', serviceName: 'UPS Worldwide Saver', trackingNumbers: ['1Z12X34V0412345678'] })));
    for (const expected of [
      'COMMERCIAL INVOICE',
      'Invoice no. SO-1001',
      'Date 2026-11-27',
      'Tracking 1Z12X34V0412345678',
      'Shipper / exporter',
      'Consignee',
      'Country of export: United States of America',
      'Country of destination: Canada',
      'Reason for export: Sale',
      'Cotton T-shirt',
      'SKU TEE-1',
      '15.00',
      '30.00',
      // 10.00 for three mugs is 3.3333 each: the unit value shows the fraction rather than a wrong 3.33.
      '3.3333',
      'Goods: 40.00 USD',
      'Freight: 15.95 USD',
      'Total declared value: 40.00 USD',
      'Packages: 1',
      'EEL/PFC: NOEEI 30.36',
      'true and correct',
      'Signature: Ada Lovelace',
    ]) {
      assert.ok(text.includes(expected), `the invoice lacks "${expected}":\n${text}`);
    }
  });

  test('a long declaration continues on further pages, and the same data renders to the same bytes', async () => {
    const items = Array.from({ length: 80 }, (_, i): CustomsItem => ({ ...tee, sku: `SKU-${i}`, description: `Item number ${i}` }));
    const long = paper({ kind: 'commercial_invoice', declaration: declaration({ items }) });
    const pdf = await renderCustomsPdf(long);
    const pages = textOf(pdf);
    assert.ok(pages.length >= 2, `${pages.length} page(s)`);
    const all = pages.join(' ');
    for (let i = 0; i < 80; i++) assert.ok(all.includes(`SKU SKU-${i} `) || all.endsWith(`SKU SKU-${i}`), `item ${i} is printed`);
    assert.ok((pages[1] ?? '').includes('HS code'), 'the table header repeats on the next page');
    assert.deepEqual(await renderCustomsPdf(long), pdf);
  });
});
