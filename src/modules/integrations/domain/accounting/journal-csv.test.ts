import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { journalColumns, journalCsv, journalEntriesOf, journalOf } from './journal-csv.js';
import { sampleDocument as doc } from './samples.js';

const balance = (entries: { debitMinor: number; creditMinor: number }[]) => [entries.reduce((n, e) => n + e.debitMinor, 0), entries.reduce((n, e) => n + e.creditMinor, 0)];

describe('CSV journal', () => {
  test('an invoice debits receivables with the total and credits sales per line, shipping and tax; it balances', () => {
    const entries = journalEntriesOf(doc({ tax_minor: 600, total_minor: 8097 }), 'JE-20261127-0001');
    assert.deepEqual(entries.map((e) => [e.account.code, e.debitMinor, e.creditMinor]), [
      ['1200', 8097, 0],
      ['4000', 0, 5997],
      ['4000', 0, 1005],
      ['4100', 0, 495],
      ['2200', 0, 600],
    ]);
    assert.deepEqual(balance(entries), [8097, 8097]);
  });

  test('discounts are debited to the discounts account and taxes credited to the tax liability; it balances', () => {
    const d = doc({ discount_minor: 750, tax_minor: 540 });
    assert.equal(d.total_minor, 7497 - 750 + 540);
    const entries = journalEntriesOf(d, 'JE-1');
    assert.deepEqual(entries.map((e) => [e.account.code, e.debitMinor, e.creditMinor]), [
      ['1200', 7287, 0],
      ['4000', 0, 5997],
      ['4000', 0, 1005],
      ['4100', 0, 495],
      ['2200', 0, 540],
      ['4900', 750, 0],
    ]);
    assert.deepEqual(balance(entries), [8037, 8037]);
    const credit = journalEntriesOf({ ...d, kind: 'credit_note', number: 'CN-1' }, 'JE-2');
    assert.deepEqual(balance(credit), [8037, 8037]);
    assert.deepEqual(credit.find((e) => e.account.code === '4900'), { ...credit.find((e) => e.account.code === '4900'), debitMinor: 0, creditMinor: 750 });
  });

  test('a credit note posts the same accounts the other way round', () => {
    const invoice = journalEntriesOf(doc(), 'JE-1');
    const credit = journalEntriesOf(doc({ kind: 'credit_note', number: 'CN-261127-r1' }), 'JE-2');
    assert.deepEqual(credit.map((e) => [e.account.code, e.debitMinor, e.creditMinor]), invoice.map((e) => [e.account.code, e.creditMinor, e.debitMinor]));
    assert.deepEqual(balance(credit), [7497, 7497]);
  });

  test('zero amounts post nothing: a free line and no shipping leave only what moved money', () => {
    const entries = journalEntriesOf(doc({ lines: [{ sku: 'FREE', description: 'FREE', quantity: 1, unit_price_minor: 0, amount_minor: 0 }, { sku: 'A', description: 'A', quantity: 1, unit_price_minor: 100, amount_minor: 100 }], shipping_minor: 0 }), 'JE-1');
    assert.deepEqual(entries.map((e) => [e.account.code, e.debitMinor, e.creditMinor]), [['1200', 100, 0], ['4000', 0, 100]]);
  });

  test('the CSV parses back (RFC 4180) with exact decimals per currency, and every journal balances', () => {
    const docs = [
      doc(),
      doc({ number: 'INV-261127-yen', currency: 'JPY', lines: [{ sku: 'A', description: 'A', quantity: 2, unit_price_minor: 1500, amount_minor: 3000 }], shipping_minor: 700 }),
      doc({ kind: 'credit_note', number: 'CN-261127-kwd', currency: 'KWD', lines: [{ sku: 'B', description: 'B', quantity: 1, unit_price_minor: 1235, amount_minor: 1235 }], shipping_minor: 0, tax_minor: 62 }),
    ];
    const csv = journalCsv(journalOf(docs));
    assert.ok(csv.endsWith('\r\n'), 'CSV lines end with CRLF');
    const rows = parse(csv, { columns: true }) as Record<(typeof journalColumns)[number], string>[];
    assert.deepEqual(Object.keys(rows[0] ?? {}), [...journalColumns]);
    const yen = rows.filter((r) => r.currency === 'JPY');
    assert.deepEqual(yen.map((r) => [r.journal_number, r.account_code, r.debit, r.credit]), [
      ['JE-20261127-0002', '1200', '3700', ''],
      ['JE-20261127-0002', '4000', '', '3000'],
      ['JE-20261127-0002', '4100', '', '700'],
    ]);
    const dinar = rows.filter((r) => r.currency === 'KWD');
    assert.deepEqual(dinar.map((r) => [r.account_code, r.debit, r.credit]), [['1200', '', '1.297'], ['4000', '1.235', ''], ['2200', '0.062', '']]);
    // Debits equal credits per journal, summed from the CSV text in minor units.
    const sums = new Map<string, number>();
    for (const r of rows) {
      const minor = (v: string) => (v === '' ? 0 : Number(v.replace('.', '')));
      sums.set(r.journal_number, (sums.get(r.journal_number) ?? 0) + minor(r.debit) - minor(r.credit));
    }
    assert.deepEqual([...sums.values()], [0, 0, 0]);
  });

  test('text a spreadsheet would run as a formula is defused; quotes, commas and newlines survive', () => {
    const nasty = doc({
      order_id: '=HYPERLINK("http://evil.example","x")',
      memo: '+1 "quoted", with comma\nand a newline',
      lines: [{ sku: '@SUM(A1:A9)', description: '-2+3', quantity: 1, unit_price_minor: 100, amount_minor: 100 }],
      shipping_minor: 0,
    });
    const csv = journalCsv(journalOf([nasty]));
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 2);
    assert.equal(rows[0]?.order_id, `'=HYPERLINK("http://evil.example","x")`);
    assert.equal(rows[0]?.memo, `'+1 "quoted", with comma\nand a newline`);
    assert.equal(rows[1]?.memo, '1 × -2+3', 'the generated memo starts with a digit: left alone');
    assert.ok(rows.every((r) => !/^[=+\-@]/.test(r.order_id ?? '') && !/^[=+\-@]/.test(r.memo ?? '')), `no cell starts with a formula character: ${JSON.stringify(rows)}`);
    assert.equal(rows[0]?.debit, '1.00', 'amounts are numbers, never prefixed');
  });

  test('a journal that would not balance is never written', () => {
    assert.throws(() => journalEntriesOf(doc({ total_minor: 7000 }), 'JE-1'), /total 7000 is not lines/);
  });
});
