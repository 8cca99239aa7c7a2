import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sampleDocument as doc } from './samples.js';
import { toXeroCreditNote, toXeroInvoice, xeroBodies } from './xero.js';

describe('Xero', () => {
  test('a discount is a negative line on the discounts account; the line amounts add up to the total', () => {
    const d = doc({ discount_minor: 750, tax_minor: 540 });
    const invoice = toXeroInvoice(d);
    assert.deepEqual(invoice.LineItems.find((l) => l.Description === 'Discounts'), { Description: 'Discounts', Quantity: 1, UnitAmount: -7.5, AccountCode: '4900', LineAmount: -7.5, TaxType: 'NONE' });
    assert.equal(Math.round(invoice.LineItems.reduce((n, l) => n + l.LineAmount * 100, 0)), d.total_minor);
  });

  test('an ACCREC invoice: contact, dates, NoTax line items on the sales and shipping accounts, exact amounts', () => {
    const invoice = toXeroInvoice(doc(), { dueDays: 30 });
    assert.equal(invoice.Type, 'ACCREC');
    assert.equal(invoice.InvoiceNumber, 'INV-261127-abcdefghij');
    assert.deepEqual(invoice.Contact, { Name: 'Ada Lovelace', EmailAddress: 'ada@example.com' });
    assert.equal(invoice.Date, '2026-11-27');
    assert.equal(invoice.DueDate, '2026-12-27');
    assert.equal(invoice.LineAmountTypes, 'NoTax');
    assert.equal(invoice.Status, 'AUTHORISED');
    assert.equal(invoice.CurrencyCode, 'USD');
    assert.equal(invoice.Reference, '#1001');
    assert.deepEqual(invoice.LineItems.map((l) => [l.ItemCode, l.AccountCode, l.Quantity, l.UnitAmount, l.LineAmount]), [
      ['MUG-1', '4000', 3, 19.99, 59.97],
      ['TEE-2', '4000', 1, 10.05, 10.05],
      [undefined, '4100', 1, 4.95, 4.95],
    ]);
    assert.match(JSON.stringify(invoice), /"UnitAmount":19\.99,.*"LineAmount":59\.97[,}]/);
  });

  test('tax: Exclusive, no Xero tax on any line, the tax as its own line on the tax account', () => {
    const note = toXeroCreditNote(doc({ kind: 'credit_note', number: 'CN-261127-rfd1', currency: 'KWD', lines: [{ sku: 'A', description: 'A', quantity: 1, unit_price_minor: 12345, amount_minor: 12345 }], shipping_minor: 0, tax_minor: 617 }));
    assert.equal(note.Type, 'ACCRECCREDIT');
    assert.equal(note.CreditNoteNumber, 'CN-261127-rfd1');
    assert.equal(note.LineAmountTypes, 'Exclusive');
    assert.deepEqual(note.LineItems.map((l) => [l.AccountCode, l.LineAmount, l.TaxType]), [['4000', 12.345, 'NONE'], ['2200', 0.617, 'NONE']]);
    assert.equal('InvoiceNumber' in note, false);
  });

  test('JPY amounts are whole numbers; configured account codes are used', () => {
    const invoice = toXeroInvoice(doc({ currency: 'JPY', lines: [{ sku: 'A', description: 'A', quantity: 3, unit_price_minor: 980, amount_minor: 2940 }], shipping_minor: 500 }), {
      accounts: { receivable: { code: '110', name: 'AR' }, sales: { code: '200', name: 'Sales' }, shipping: { code: '260', name: 'Freight' }, tax: { code: '820', name: 'GST' }, discounts: { code: '490', name: 'Discounts' } },
      itemCodes: false,
    });
    assert.deepEqual(invoice.LineItems, [
      { Description: 'A', Quantity: 3, UnitAmount: 980, AccountCode: '200', LineAmount: 2940 },
      { Description: 'Shipping', Quantity: 1, UnitAmount: 500, AccountCode: '260', LineAmount: 500 },
    ]);
    assert.equal(invoice.DueDate, invoice.Date, 'due on receipt by default');
  });

  test('the day goes out in Xero’s own envelopes, split by kind', () => {
    const bodies = xeroBodies([doc(), doc({ kind: 'credit_note', number: 'CN-261127-x' }), doc({ number: 'INV-261127-second' })]);
    assert.deepEqual(bodies.invoices.Invoices.map((i) => i.InvoiceNumber), ['INV-261127-abcdefghij', 'INV-261127-second']);
    assert.deepEqual(bodies.credit_notes.CreditNotes.map((c) => c.CreditNoteNumber), ['CN-261127-x']);
  });
});
