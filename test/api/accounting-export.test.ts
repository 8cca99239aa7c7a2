import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { appendEvents } from '../../src/platform/outbox/events.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createApiKey, createLocation, createProduct, createTenant, placeOrder, stockedProduct } from '../support/factories.js';

/**
 * GET /v1/exports/accounting: shipments become invoices, refund.created events credit notes, in
 * QuickBooks Online, Xero and CSV journal shapes.
 */

interface QboLine {
  DetailType: string;
  Amount: number;
  Description: string;
  SalesItemLineDetail: { ItemRef: { value: string }; Qty: number; UnitPrice: number };
}
interface QboEntity {
  DocNumber: string;
  TxnDate: string;
  CustomerRef: { value: string; name?: string };
  CurrencyRef: { value: string };
  BillEmail?: { Address: string };
  PrivateNote: string;
  Line: QboLine[];
  TxnTaxDetail?: { TotalTax: number };
}
interface XeroLine {
  Description: string;
  Quantity: number;
  UnitAmount: number;
  ItemCode?: string;
  AccountCode: string;
  LineAmount: number;
}
interface XeroDoc {
  Type: string;
  InvoiceNumber?: string;
  CreditNoteNumber?: string;
  Contact: { Name: string; EmailAddress?: string };
  Date: string;
  LineAmountTypes: string;
  LineItems: XeroLine[];
  CurrencyCode: string;
  Reference: string;
  Status: string;
}
type JournalRow = Record<'date' | 'journal_number' | 'document_number' | 'order_id' | 'account_code' | 'account_name' | 'debit' | 'credit' | 'currency' | 'memo', string>;

const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
const LA = { name: 'West DC', line1: '1 Dock Rd', city: 'Los Angeles', region: 'CA', postal_code: '90021', country: 'US' };
const SIZE = { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 };

let t: TestApp;
let east: string;
let west: string;

before(async () => {
  t = await buildTestApp();
  assert.equal((await t.call('PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  east = (await createLocation(t, 'ACC-EWR', { address: NEWARK, cutoff_time: '23:59', priority: 1 })).code;
  west = (await createLocation(t, 'ACC-LAX', { address: LA, cutoff_time: '23:59', priority: 2 })).code;
});
after(() => t.close());

/** Packs and ships every fulfillment order of the order; the shipments, oldest first. */
async function shipAll(orderId: string): Promise<{ id: string; created_at: string }[]> {
  const fos = (await t.call('GET', `/v1/fulfillment-orders?order_id=${orderId}`)).json().data as { id: string }[];
  const shipped: { id: string; created_at: string }[] = [];
  for (const fo of fos) {
    const packed = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
    assert.equal(packed.statusCode, 200, packed.body);
    const res = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
    assert.equal(res.statusCode, 201, res.body);
    shipped.push(res.json() as { id: string; created_at: string });
  }
  return shipped;
}

const day = (iso: string) => iso.slice(0, 10);
const exportOf = (date: string, format: string, key?: string) => t.call('GET', `/v1/exports/accounting?date=${date}&format=${format}`, undefined, key ? { key } : {});

async function json(date: string, format: 'quickbooks' | 'xero') {
  const res = await exportOf(date, format);
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  return res.json();
}

async function journal(date: string): Promise<JournalRow[]> {
  const res = await exportOf(date, 'csv');
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
  assert.equal(res.headers['content-disposition'], `attachment; filename="accounting-journal-${date}.csv"`);
  return parse(res.body, { columns: true }) as JournalRow[];
}

/** Σ debit − Σ credit per journal number, from the CSV text, in minor units (2-decimal currency). */
function imbalances(rows: JournalRow[]): number[] {
  const sums = new Map<string, number>();
  const cents = (v: string) => (v === '' ? 0 : Math.round(Number(v) * 100));
  for (const r of rows) sums.set(r.journal_number, (sums.get(r.journal_number) ?? 0) + cents(r.debit) - cents(r.credit));
  return [...sums.values()].filter((v) => v !== 0);
}

describe('accounting export', () => {
  test('a shipped order is one invoice with its lines and money in all three formats; a split order is two', async () => {
    for (const sku of ['ACC-MUG', 'ACC-TEE', 'ACC-CAP']) await createProduct(t, sku, SIZE);
    await adjust(t, 'ACC-MUG', east, 10);
    await adjust(t, 'ACC-TEE', east, 10);
    await adjust(t, 'ACC-CAP', west, 10);
    const whole = await placeOrder(t, [{ sku: 'ACC-MUG', quantity: 3, unit_price: '19.99' }, { sku: 'ACC-TEE', quantity: 1, unit_price: '10.05' }], { external_id: 'ACC-1001', shipping: { service_level: 'standard', price: '4.95' } });
    const split = await placeOrder(t, [{ sku: 'ACC-TEE', quantity: 2, unit_price: '12.50' }, { sku: 'ACC-CAP', quantity: 1, unit_price: '8.00' }], { external_id: 'ACC-1002', shipping: { service_level: 'standard', price: '6.00' } });
    assert.ok(whole.id && split.id, 'both orders captured');
    const [wholeShipment] = await shipAll(whole.id);
    const splitShipments = await shipAll(split.id);
    assert.ok(wholeShipment, 'the whole order shipped');
    assert.equal(splitShipments.length, 2, 'stock at two locations: two fulfillment orders, two shipments');
    const date = day(wholeShipment.created_at);
    assert.ok(splitShipments.every((s) => day(s.created_at) === date), 'the test ran across midnight UTC; run it again');

    // QuickBooks Online: Invoice entities.
    const qbo = (await json(date, 'quickbooks')) as { date: string; invoices: QboEntity[]; credit_notes: QboEntity[]; skipped: unknown[] };
    assert.equal(qbo.date, date);
    assert.deepEqual(qbo.skipped, []);
    assert.equal(qbo.credit_notes.length, 0);
    const wholeInvoices = qbo.invoices.filter((i) => i.PrivateNote.includes(whole.id));
    assert.equal(wholeInvoices.length, 1);
    const inv = wholeInvoices[0] as QboEntity;
    assert.ok(inv.DocNumber.length <= 21, inv.DocNumber);
    assert.equal(inv.TxnDate, date);
    assert.deepEqual(inv.CurrencyRef, { value: 'USD' });
    assert.deepEqual(inv.BillEmail, { Address: 'ada@example.com' });
    assert.equal(inv.CustomerRef.name, 'Ada Lovelace');
    assert.deepEqual(
      inv.Line.map((l) => [l.SalesItemLineDetail.ItemRef.value, l.SalesItemLineDetail.Qty, l.SalesItemLineDetail.UnitPrice, l.Amount]),
      [['ACC-MUG', 3, 19.99, 59.97], ['ACC-TEE', 1, 10.05, 10.05], ['SHIPPING_ITEM_ID', 1, 4.95, 4.95]],
    );
    assert.ok(inv.Line.every((l) => l.DetailType === 'SalesItemLineDetail'), JSON.stringify(inv.Line));
    const splitInvoices = qbo.invoices.filter((i) => i.PrivateNote.includes(split.id));
    assert.equal(splitInvoices.length, 2, 'one invoice per shipment');
    const splitLines = splitInvoices.flatMap((i) => i.Line.map((l) => [l.SalesItemLineDetail.ItemRef.value, l.SalesItemLineDetail.Qty, l.Amount]));
    assert.deepEqual(splitLines.sort(), [['ACC-CAP', 1, 8], ['ACC-TEE', 2, 25], ['SHIPPING_ITEM_ID', 1, 6]].sort());
    assert.equal(splitInvoices.filter((i) => i.Line.some((l) => l.SalesItemLineDetail.ItemRef.value === 'SHIPPING_ITEM_ID')).length, 1, 'the shipping charge is on one invoice only');
    assert.notEqual(splitInvoices[0]?.DocNumber, splitInvoices[1]?.DocNumber);

    // Xero: the Invoices body, the same numbers and money.
    const xero = (await json(date, 'xero')) as { invoices: { Invoices: XeroDoc[] }; credit_notes: { CreditNotes: XeroDoc[] } };
    assert.deepEqual(xero.credit_notes, { CreditNotes: [] });
    const xInv = xero.invoices.Invoices.find((i) => i.InvoiceNumber === inv.DocNumber);
    assert.ok(xInv, 'Xero carries the same invoice number');
    assert.deepEqual([xInv.Type, xInv.Status, xInv.LineAmountTypes, xInv.CurrencyCode, xInv.Reference, xInv.Date], ['ACCREC', 'AUTHORISED', 'NoTax', 'USD', 'ACC-1001', date]);
    assert.deepEqual(xInv.Contact, { Name: 'Ada Lovelace', EmailAddress: 'ada@example.com' });
    assert.deepEqual(xInv.LineItems.map((l) => [l.ItemCode ?? null, l.AccountCode, l.Quantity, l.UnitAmount, l.LineAmount]), [
      ['ACC-MUG', '4000', 3, 19.99, 59.97],
      ['ACC-TEE', '4000', 1, 10.05, 10.05],
      [null, '4100', 1, 4.95, 4.95],
    ]);
    assert.equal(xero.invoices.Invoices.length, qbo.invoices.length);

    // CSV journal: receivable debited with the order total, income credited; every journal balances.
    const rows = await journal(date);
    const mine = rows.filter((r) => r.document_number === inv.DocNumber);
    assert.deepEqual(mine.map((r) => [r.account_code, r.debit, r.credit, r.order_id, r.date, r.currency]), [
      ['1200', '74.97', '', whole.id, date, 'USD'],
      ['4000', '', '59.97', whole.id, date, 'USD'],
      ['4000', '', '10.05', whole.id, date, 'USD'],
      ['4100', '', '4.95', whole.id, date, 'USD'],
    ]);
    assert.equal(whole.totals.total, '74.97', 'the receivable is what the order charged');
    assert.deepEqual(imbalances(rows), []);
    assert.equal(new Set(rows.map((r) => r.journal_number)).size, qbo.invoices.length);
    const splitReceivable = rows.filter((r) => r.order_id === split.id && r.account_code === '1200').reduce((n, r) => n + Math.round(Number(r.debit) * 100), 0);
    assert.equal(splitReceivable, 3900, 'the split order’s two invoices add up to its total (25.00 + 8.00 + 6.00)');
  });

  test('a refund.created event becomes a credit note; another day is empty', async () => {
    await createProduct(t, 'ACC-REF', SIZE);
    await adjust(t, 'ACC-REF', east, 5);
    const order = await placeOrder(t, [{ sku: 'ACC-REF', quantity: 2, unit_price: '15.00' }], { external_id: 'ACC-2001' });
    await shipAll(order.id);
    // As the returns feature will: appended through the outbox, on the refund aggregate.
    const at = new Date('2026-11-20T15:30:00Z');
    const refund = { order_id: order.id, refund_id: 'rfd_01test000000000000000000001', currency: 'USD', amount_minor: 2000, lines: [{ sku: 'ACC-REF', quantity: 1, amount_minor: 1500 }], shipping_minor: 500, reason: 'arrived broken' };
    const malformed = { ...refund, refund_id: 'rfd_bad', amount_minor: 1 };
    await appendEvents(t.database.db, { tenantId: t.tenantId, actorId: 'system:returns' }, at, [
      { type: 'refund.created', aggregateType: 'refund', aggregateId: refund.refund_id, data: refund },
      { type: 'refund.created', aggregateType: 'refund', aggregateId: malformed.refund_id, data: malformed },
    ]);

    const qbo = (await json('2026-11-20', 'quickbooks')) as { invoices: QboEntity[]; credit_notes: QboEntity[]; skipped: { source: string; id: string; reason: string }[] };
    assert.deepEqual(qbo.invoices, [], 'the order shipped on another day');
    assert.equal(qbo.credit_notes.length, 1);
    const memo = qbo.credit_notes[0] as QboEntity;
    assert.equal(memo.DocNumber, 'CN-261120-0000000001');
    assert.equal(memo.TxnDate, '2026-11-20');
    assert.match(memo.PrivateNote, /arrived broken/);
    assert.deepEqual(memo.Line.map((l) => [l.SalesItemLineDetail.ItemRef.value, l.SalesItemLineDetail.Qty, l.Amount]), [['ACC-REF', 1, 15], ['SHIPPING_ITEM_ID', 1, 5]]);
    assert.equal(qbo.skipped.length, 1, 'the malformed refund is reported, not exported');
    assert.match(qbo.skipped[0]?.reason ?? '', /amount_minor 1 is not/);

    const xero = (await json('2026-11-20', 'xero')) as { invoices: { Invoices: XeroDoc[] }; credit_notes: { CreditNotes: XeroDoc[] } };
    assert.deepEqual(xero.invoices, { Invoices: [] });
    assert.deepEqual(xero.credit_notes.CreditNotes.map((c) => [c.Type, c.CreditNoteNumber, c.Reference, c.LineItems.map((l) => l.LineAmount)]), [['ACCRECCREDIT', 'CN-261120-0000000001', 'ACC-2001', [15, 5]]]);

    const csv = await exportOf('2026-11-20', 'csv');
    assert.equal(csv.headers['x-accounting-skipped'], '1');
    const rows = parse(csv.body, { columns: true }) as JournalRow[];
    assert.deepEqual(rows.map((r) => [r.account_code, r.debit, r.credit]), [['1200', '', '20.00'], ['4000', '15.00', ''], ['4100', '5.00', '']], 'a credit note reverses the invoice entries');
    assert.deepEqual(imbalances(rows), []);

    // The tenant's own chart of accounts, set in its settings; accounts not named keep the defaults.
    const patched = await t.call('PATCH', '/v1/settings', { accounting_accounts: { sales: { code: '4010', name: 'Web sales' }, receivable: { code: '1100', name: 'Debtors' } } });
    assert.equal(patched.statusCode, 200, patched.body);
    const ownRows = parse((await exportOf('2026-11-20', 'csv')).body, { columns: true }) as JournalRow[];
    assert.deepEqual(ownRows.map((r) => [r.account_code, r.account_name]), [['1100', 'Debtors'], ['4010', 'Web sales'], ['4100', 'Shipping Income']]);
    const ownXero = (await json('2026-11-20', 'xero')) as { credit_notes: { CreditNotes: XeroDoc[] } };
    assert.equal(ownXero.credit_notes.CreditNotes[0]?.LineItems[0]?.AccountCode, '4010');
    assert.equal((await t.call('PATCH', '/v1/settings', { accounting_accounts: { sales: { code: '' } } })).statusCode, 400, 'an account needs a code and a name');
    assert.equal((await t.call('PATCH', '/v1/settings', { accounting_accounts: {} })).statusCode, 200);

    const empty = (await json('2020-01-01', 'quickbooks')) as { invoices: unknown[]; credit_notes: unknown[] };
    assert.deepEqual([empty.invoices, empty.credit_notes], [[], []]);
    const emptyCsv = await exportOf('2020-01-01', 'csv');
    assert.equal(emptyCsv.body, 'date,journal_number,document_number,order_id,account_code,account_name,debit,credit,currency,memo\r\n');
  });

  test('a label voided the same day is not invoiced; the shipment that replaced it carries the order, shipping included', async () => {
    await createProduct(t, 'ACC-VOID', SIZE);
    await adjust(t, 'ACC-VOID', east, 5);
    const order = await placeOrder(t, [{ sku: 'ACC-VOID', quantity: 1, unit_price: '42.00' }], { external_id: 'ACC-3001', shipping: { service_level: 'standard', price: '3.50' } });
    const [first] = await shipAll(order.id);
    assert.ok(first, 'the order shipped');
    const voided = await t.call('POST', `/v1/shipments/${first.id}/void`, { reason: 'wrong service' });
    assert.equal(voided.statusCode, 200, voided.body);
    const fo = ((await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[])[0];
    const again = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/ship`, {});
    assert.equal(again.statusCode, 201, again.body);
    const second = again.json() as { id: string; created_at: string };
    const date = day(second.created_at);
    assert.equal(day(first.created_at), date, 'the test ran across midnight UTC; run it again');

    const qbo = (await json(date, 'quickbooks')) as { invoices: QboEntity[]; credit_notes: QboEntity[] };
    const invoices = qbo.invoices.filter((i) => i.PrivateNote.includes(order.id));
    assert.equal(invoices.length, 1, 'the voided label is not invoiced');
    assert.match(invoices[0]?.PrivateNote ?? '', new RegExp(second.id));
    assert.deepEqual(invoices[0]?.Line.map((l) => l.Amount), [42, 3.5]);
    assert.ok(!qbo.credit_notes.some((c) => c.PrivateNote.includes(order.id)), 'nothing to reverse either');
  });

  test('bad date or format is a problem naming the query field; a viewer may export, another tenant sees nothing', async () => {
    for (const [query, field] of [
      ['date=2026-13-01&format=csv', 'query.date'],
      ['date=2026-02-30&format=csv', 'query.date'],
      ['date=yesterday&format=xero', 'query.date'],
      ['format=xero', 'query.date'],
      ['date=2026-11-27&format=sage', 'query.format'],
      ['date=2026-11-27', 'query.format'],
    ] as const) {
      const res = await t.call('GET', `/v1/exports/accounting?${query}`);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().code, 'REQUEST_INVALID');
      assert.ok((res.json().errors as { field: string }[]).some((e) => e.field === field), `${query}: ${res.body}`);
    }
    // A shipment of this test's own, so there is something to see (or not to see).
    const sku = await stockedProduct(t, { [east]: 1 }, SIZE);
    const order = await placeOrder(t, [{ sku, quantity: 1 }]);
    const [shipment] = await shipAll(order.id);
    assert.ok(shipment, 'the order shipped');
    const today = day(shipment.created_at);
    const viewer = await createApiKey(t, 'viewer');
    const asViewer = await exportOf(today, 'csv', viewer.key);
    assert.equal(asViewer.statusCode, 200, asViewer.body);
    assert.ok((parse(asViewer.body, { columns: true }) as JournalRow[]).some((r) => r.order_id === order.id), 'the viewer sees the shipped order');
    assert.equal((await t.call('GET', `/v1/exports/accounting?date=${today}&format=csv`, undefined, { key: null })).statusCode, 401, 'no key: 401');
    const other = await createTenant(t);
    const theirs = await exportOf(today, 'quickbooks', other.key);
    assert.equal(theirs.statusCode, 200, theirs.body);
    assert.deepEqual([theirs.json().invoices, theirs.json().credit_notes], [[], []], 'another tenant sees none of these documents');
  });
});
