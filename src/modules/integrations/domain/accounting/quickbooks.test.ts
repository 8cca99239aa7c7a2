import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sampleDocument as doc } from './samples.js';
import { qboDocNumber, toQboCreditMemo, toQboInvoice, type QboSalesItemLine, type QboTransaction } from './quickbooks.js';

/** The item lines of a transaction (a document without discounts has no other kind). */
const items = (t: QboTransaction): QboSalesItemLine[] => t.Line.filter((l): l is QboSalesItemLine => l.DetailType === 'SalesItemLineDetail');

describe('QuickBooks Online', () => {
  test('an invoice: item lines and the shipping item, exact decimal amounts, references and e-mail', () => {
    const invoice = toQboInvoice(doc());
    // The wire text is what QBO parses: the amounts must read exactly as the decimals.
    const wire = JSON.stringify(invoice);
    assert.match(wire, /"Amount":59\.97,/);
    assert.match(wire, /"UnitPrice":19\.99[,}]/);
    assert.match(wire, /"Amount":10\.05,/);
    assert.deepEqual(items(invoice).map((l) => [l.DetailType, l.SalesItemLineDetail.ItemRef.value, l.SalesItemLineDetail.Qty, l.SalesItemLineDetail.UnitPrice, l.Amount]), [
      ['SalesItemLineDetail', 'MUG-1', 3, 19.99, 59.97],
      ['SalesItemLineDetail', 'TEE-2', 1, 10.05, 10.05],
      ['SalesItemLineDetail', 'SHIPPING_ITEM_ID', 1, 4.95, 4.95],
    ]);
    assert.equal(invoice.DocNumber, 'INV-261127-abcdefghij');
    assert.equal(invoice.TxnDate, '2026-11-27');
    assert.deepEqual(invoice.CurrencyRef, { value: 'USD' });
    assert.deepEqual(invoice.BillEmail, { Address: 'ada@example.com' });
    assert.equal(invoice.CustomerRef.name, 'Ada Lovelace');
    assert.equal(invoice.PrivateNote, 'Order #1001 (ord_1), shipment shp_1');
    assert.equal(invoice.TxnTaxDetail, undefined, 'no tax on the document, no tax detail');
    assert.ok(items(invoice).every((l) => l.SalesItemLineDetail.TaxCodeRef?.value === 'NON'), 'every line is non-taxable (NON)');
    // The lines add up to the document's total in minor units.
    assert.equal(Math.round(invoice.Line.reduce((n, l) => n + l.Amount * 100, 0)), 7497);
  });

  test('JPY has no decimals and KWD three; both stay exact', () => {
    const yen = toQboInvoice(doc({ currency: 'JPY', lines: [{ sku: 'A', description: 'A', quantity: 2, unit_price_minor: 1500, amount_minor: 3000 }], shipping_minor: 700 }));
    assert.match(JSON.stringify(yen), /"Amount":3000,.*"UnitPrice":1500[,}]/);
    assert.deepEqual(yen.Line.map((l) => l.Amount), [3000, 700]);
    const dinar = toQboInvoice(doc({ currency: 'KWD', lines: [{ sku: 'A', description: 'A', quantity: 3, unit_price_minor: 1235, amount_minor: 3705 }], shipping_minor: 1 }));
    assert.deepEqual(items(dinar).map((l) => [l.Amount, l.SalesItemLineDetail.UnitPrice]), [[3.705, 1.235], [0.001, 0.001]]);
    assert.match(JSON.stringify(dinar), /"Amount":3\.705,/);
  });

  test('a line whose amount is not quantity × unit price goes as one unit of its amount, with the quantity in the description', () => {
    const invoice = toQboInvoice(doc({ lines: [{ sku: 'KIT-PART', description: 'KIT-PART (kit component)', quantity: 3, unit_price_minor: 333, amount_minor: 1000 }], shipping_minor: 0 }));
    assert.equal(invoice.Line.length, 1, 'no shipping line when there is no shipping charge');
    const [line] = items(invoice);
    assert.deepEqual([line?.SalesItemLineDetail.Qty, line?.SalesItemLineDetail.UnitPrice, line?.Amount], [1, 10, 10]);
    assert.equal(line?.Description, '3 × KIT-PART (kit component)');
  });

  test('a credit memo has the same shape; kinds cannot be mixed up', () => {
    const credit = doc({ kind: 'credit_note', number: 'CN-261127-rfd0000001', tax_minor: 120 });
    const memo = toQboCreditMemo(credit);
    assert.equal(memo.DocNumber, 'CN-261127-rfd0000001');
    assert.deepEqual(memo.TxnTaxDetail, { TotalTax: 1.2 });
    assert.equal(items(memo)[0]?.SalesItemLineDetail.TaxCodeRef, undefined, 'a taxed document leaves tax codes to the tenant');
    assert.throws(() => toQboInvoice(credit), /not an invoice/);
    assert.throws(() => toQboCreditMemo(doc()), /not a credit note/);
  });

  test('DocNumber never exceeds 21 characters, and long numbers stay distinct', () => {
    assert.equal(qboDocNumber('INV-261127-abcdefghij'), 'INV-261127-abcdefghij');
    const a = qboDocNumber('INV-2026-11-27-order-#100001-shipment-1');
    const b = qboDocNumber('INV-2026-11-27-order-#100001-shipment-2');
    assert.equal(a.length, 21);
    assert.equal(b.length, 21);
    assert.notEqual(a, b);
    assert.equal(a, qboDocNumber('INV-2026-11-27-order-#100001-shipment-1'), 'the same number always shortens the same way');
    // The model refuses a document whose own number is too long: every format must carry the same number.
    assert.throws(() => toQboInvoice(doc({ number: 'INV-0123456789-0123456789' })), /1 to 21 characters/);
  });

  test('a document whose total is not lines − discount + shipping + tax is refused', () => {
    assert.throws(() => toQboInvoice(doc({ total_minor: 1 })), /total 1 is not lines − discount \+ shipping \+ tax = 7497/);
  });

  test('discounts are one DiscountLineDetail line; the lines still add up to the total with the tax', () => {
    const invoice = toQboInvoice(doc({ discount_minor: 500, tax_minor: 560 }));
    const discount = invoice.Line.find((l) => l.DetailType === 'DiscountLineDetail');
    assert.deepEqual(discount, { DetailType: 'DiscountLineDetail', Amount: 5, Description: 'Discounts', DiscountLineDetail: { PercentBased: false } });
    assert.deepEqual(invoice.TxnTaxDetail, { TotalTax: 5.6 });
    const items = invoice.Line.filter((l) => l.DetailType === 'SalesItemLineDetail').reduce((n, l) => n + Math.round(l.Amount * 100), 0);
    assert.equal(items - 500 + 560, 7497 - 500 + 560);
  });
});
