import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accountingDocuments, documentNumber, parseRefund, utcDayBounds, type SourceOrder, type SourceShipment } from './documents.js';

const order: SourceOrder = {
  id: 'ord_01',
  channel: 'web',
  externalId: '#1001',
  currency: 'USD',
  customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
  shippingMinor: 500,
  shippingDiscountMinor: 0,
  shippingTaxMinor: 0,
  taxesIncluded: false,
  lines: [
    { id: 'oln_a', sku: 'A', quantity: 2, unitPriceMinor: 1999, priceShareMinor: null, discountMinor: 0, taxMinor: 0 },
    { id: 'oln_b', sku: 'B', quantity: 1, unitPriceMinor: 1000, priceShareMinor: null, discountMinor: 0, taxMinor: 0 },
  ],
};
const orders = new Map([[order.id, order]]);

function shipment(id: string, at: string, lines: SourceShipment['lines'], voidedAt: string | null = null): SourceShipment {
  return { id, orderId: order.id, createdAt: new Date(at), voidedAt: voidedAt ? new Date(voidedAt) : null, lines };
}
const shipA = (id: string, at: string, voidedAt: string | null = null) => shipment(id, at, [{ orderLineId: 'oln_a', sku: 'A', quantity: 2 }], voidedAt);
const shipB = (id: string, at: string) => shipment(id, at, [{ orderLineId: 'oln_b', sku: 'B', quantity: 1 }]);

describe('documents of a day', () => {
  test('an order shipped in one go is one invoice of its lines and shipping charge', () => {
    const whole = shipment('shp_01jabcdefgh0000001k3v9x0m2ab', '2026-11-27T10:00:00Z', [
      { orderLineId: 'oln_a', sku: 'A', quantity: 2 },
      { orderLineId: 'oln_b', sku: 'B', quantity: 1 },
    ]);
    const { documents, skipped } = accountingDocuments({ date: '2026-11-27', orders, shipments: [whole], refunds: [] });
    assert.deepEqual(skipped, []);
    assert.equal(documents.length, 1);
    const [invoice] = documents;
    assert.equal(invoice?.kind, 'invoice');
    assert.equal(invoice?.number, 'INV-261127-k3v9x0m2ab');
    assert.deepEqual(invoice?.lines.map((l) => [l.sku, l.quantity, l.unit_price_minor, l.amount_minor]), [['A', 2, 1999, 3998], ['B', 1, 1000, 1000]]);
    assert.equal(invoice?.shipping_minor, 500);
    assert.equal(invoice?.total_minor, 5498);
    assert.deepEqual(invoice?.customer, { name: 'Ada Lovelace', email: 'ada@example.com' });
    assert.deepEqual([invoice?.external_id, invoice?.channel, invoice?.currency], ['#1001', 'web', 'USD']);
  });

  test('a split order: one invoice per shipment, each dated by its day; shipping on the first only', () => {
    const shipments = [shipB('shp_second', '2026-11-28T01:00:00Z'), shipA('shp_first', '2026-11-27T23:59:59Z')];
    const day1 = accountingDocuments({ date: '2026-11-27', orders, shipments, refunds: [] }).documents;
    const day2 = accountingDocuments({ date: '2026-11-28', orders, shipments, refunds: [] }).documents;
    assert.deepEqual(day1.map((d) => [d.source.id, d.date, d.shipping_minor, d.total_minor]), [['shp_first', '2026-11-27', 500, 4498]]);
    assert.deepEqual(day2.map((d) => [d.source.id, d.date, d.shipping_minor, d.total_minor]), [['shp_second', '2026-11-28', 0, 1000]]);
    assert.deepEqual(accountingDocuments({ date: '2026-11-29', orders, shipments, refunds: [] }).documents, []);
  });

  test('a label voided the same day is never invoiced, and the shipping charge moves to the shipment that replaced it', () => {
    const shipments = [shipA('shp_voided', '2026-11-27T09:00:00Z', '2026-11-27T09:30:00Z'), shipA('shp_again', '2026-11-27T10:00:00Z')];
    const { documents } = accountingDocuments({ date: '2026-11-27', orders, shipments, refunds: [] });
    assert.deepEqual(documents.map((d) => [d.kind, d.source.id, d.shipping_minor]), [['invoice', 'shp_again', 500]]);
  });

  test('a label voided on a later day keeps its invoice and gets a mirroring credit note on the void day', () => {
    const shipments = [shipA('shp_late', '2026-11-27T09:00:00Z', '2026-11-28T08:00:00Z')];
    const day1 = accountingDocuments({ date: '2026-11-27', orders, shipments, refunds: [] }).documents;
    const day2 = accountingDocuments({ date: '2026-11-28', orders, shipments, refunds: [] }).documents;
    assert.deepEqual(day1.map((d) => [d.kind, d.total_minor]), [['invoice', 4498]]);
    assert.equal(day2.length, 1);
    const [credit] = day2;
    assert.equal(credit?.kind, 'credit_note');
    assert.equal(credit?.date, '2026-11-28');
    assert.equal(credit?.number, 'CN-261128-shplate');
    assert.deepEqual([credit?.lines, credit?.shipping_minor, credit?.total_minor], [day1[0]?.lines, 500, 4498]);
    assert.match(credit?.memo ?? '', /reverses invoice INV-261127-shplate/);
  });

  test('kit components are invoiced their share of the kit, cumulatively, so the shipments add up to the whole', () => {
    const kit: SourceOrder = { ...order, id: 'ord_kit', shippingMinor: 0, lines: [{ id: 'oln_c', sku: 'PART', quantity: 3, unitPriceMinor: 0, priceShareMinor: 1000, discountMinor: 0, taxMinor: 0 }] };
    const part = (id: string, at: string, quantity: number): SourceShipment => ({ id, orderId: kit.id, createdAt: new Date(at), voidedAt: null, lines: [{ orderLineId: 'oln_c', sku: 'PART', quantity }] });
    const shipments = [part('shp_1', '2026-11-27T01:00:00Z', 1), part('shp_2', '2026-11-27T02:00:00Z', 1), part('shp_3', '2026-11-27T03:00:00Z', 1)];
    const { documents } = accountingDocuments({ date: '2026-11-27', orders: new Map([[kit.id, kit]]), shipments, refunds: [] });
    assert.deepEqual(documents.map((d) => d.total_minor).sort(), [333, 333, 334]);
    assert.equal(documents.reduce((n, d) => n + d.total_minor, 0), 1000);
  });

  test('a refund.created event becomes a credit note of its lines, shipping and tax', () => {
    const data = { order_id: order.id, refund_id: 'rfd_01jabcdefgh00000010000000001', currency: 'USD', amount_minor: 2624, lines: [{ sku: 'A', quantity: 1, amount_minor: 1999 }], shipping_minor: 500, tax_minor: 125, reason: 'damaged' };
    const { documents, skipped } = accountingDocuments({ date: '2026-11-30', orders, shipments: [], refunds: [{ eventId: 'evt_1', at: new Date('2026-11-30T12:00:00Z'), data }] });
    assert.deepEqual(skipped, []);
    const [credit] = documents;
    assert.equal(credit?.kind, 'credit_note');
    assert.equal(credit?.number, 'CN-261130-0000000001');
    assert.deepEqual(credit?.lines, [{ sku: 'A', description: 'A', quantity: 1, unit_price_minor: 1999, amount_minor: 1999 }]);
    assert.deepEqual([credit?.shipping_minor, credit?.tax_minor, credit?.total_minor], [500, 125, 2624]);
    assert.match(credit?.memo ?? '', /damaged/);
  });

  test('refunds that do not add up, name an unknown order or another currency are skipped with the reason', () => {
    const base = { order_id: order.id, refund_id: 'r1', currency: 'USD', amount_minor: 100, lines: [{ sku: 'A', quantity: 1, amount_minor: 100 }], shipping_minor: 0, reason: '' };
    const refunds = [
      { eventId: 'evt_sum', at: new Date(), data: { ...base, amount_minor: 101 } },
      { eventId: 'evt_order', at: new Date(), data: { ...base, refund_id: 'r2', order_id: 'ord_nope' } },
      { eventId: 'evt_cur', at: new Date(), data: { ...base, refund_id: 'r3', currency: 'EUR' } },
      { eventId: 'evt_qty', at: new Date(), data: { ...base, lines: [{ sku: 'A', quantity: 0, amount_minor: 100 }] } },
    ];
    const { documents, skipped } = accountingDocuments({ date: '2026-11-30', orders, shipments: [], refunds });
    assert.deepEqual(documents, []);
    assert.deepEqual(skipped.map((s) => s.id), ['evt_sum', 'r2', 'r3', 'evt_qty']);
    assert.match(skipped[0]?.reason ?? '', /amount_minor 101 is not lines \+ shipping \+ tax = 100/);
  });

  test('parseRefund defaults tax and shipping to 0 and refuses a refund of nothing', () => {
    const parsed = parseRefund({ order_id: 'o', refund_id: 'r', currency: 'JPY', amount_minor: 500, lines: [{ sku: 'A', quantity: 1, amount_minor: 500 }] });
    assert.ok(typeof parsed !== 'string', `parses: ${String(parsed)}`);
    assert.deepEqual([parsed.shipping_minor, parsed.tax_minor, parsed.reason], [0, 0, '']);
    assert.equal(parseRefund({ order_id: 'o', refund_id: 'r', currency: 'USD', amount_minor: 0, lines: [] }), 'the refund is of nothing');
  });

  test('numbers fit QuickBooks’ 21 characters; days are UTC', () => {
    assert.equal(documentNumber('INV', '2026-11-27', 'shp_01jabcdefgh0000001k3v9x0m2ab').length, 21);
    assert.equal(documentNumber('CN', '2026-11-27', 'a-very-long-refund-id-from-somewhere-else-123').length <= 21, true);
    assert.deepEqual(utcDayBounds('2026-03-29'), { from: new Date('2026-03-29T00:00:00Z'), to: new Date('2026-03-30T00:00:00Z') });
  });
});

describe('invoices carry the exact shares of discounts and taxes', () => {
  // 3 units at 10.00 with 1.00 off and 0.91 of tax; shipping 5.00 with 1.00 off and 0.40 of tax.
  const taxed: SourceOrder = {
    ...order,
    id: 'ord_tax',
    shippingMinor: 500,
    shippingDiscountMinor: 100,
    shippingTaxMinor: 40,
    lines: [{ id: 'oln_t', sku: 'T', quantity: 3, unitPriceMinor: 1000, priceShareMinor: null, discountMinor: 100, taxMinor: 91 }],
  };
  const ship = (o: SourceOrder, id: string, at: string, quantity: number): SourceShipment => ({ id, orderId: o.id, createdAt: new Date(at), voidedAt: null, lines: [{ orderLineId: 'oln_t', sku: 'T', quantity }] });

  test('split shipments add up to exactly what the customer paid', () => {
    const shipments = [ship(taxed, 'shp_1', '2026-11-27T01:00:00Z', 1), ship(taxed, 'shp_2', '2026-11-27T02:00:00Z', 2)];
    const { documents } = accountingDocuments({ date: '2026-11-27', orders: new Map([[taxed.id, taxed]]), shipments, refunds: [] });
    const [first, second] = documents.sort((a, b) => a.source.id.localeCompare(b.source.id));
    // Unit 0 carries the remainders: 0.34 off and 0.31 of tax; the shipping goes with the first shipment.
    assert.deepEqual([first?.discount_minor, first?.tax_minor, first?.shipping_minor, first?.total_minor], [34 + 100, 31 + 40, 500, 1000 - 134 + 500 + 71]);
    assert.deepEqual([second?.discount_minor, second?.tax_minor, second?.total_minor], [66, 60, 2000 - 66 + 60]);
    assert.equal((first?.total_minor ?? 0) + (second?.total_minor ?? 0), 3000 - 100 + 91 + 500 - 100 + 40);
  });

  test('tax-inclusive prices are invoiced net of their tax, so the document stays tax-exclusive and exact', () => {
    const inclusive: SourceOrder = { ...taxed, id: 'ord_incl', taxesIncluded: true };
    const { documents } = accountingDocuments({ date: '2026-11-27', orders: new Map([[inclusive.id, inclusive]]), shipments: [ship(inclusive, 'shp_9', '2026-11-27T01:00:00Z', 3)], refunds: [] });
    const [invoice] = documents;
    assert.deepEqual([invoice?.lines[0]?.amount_minor, invoice?.shipping_minor, invoice?.tax_minor, invoice?.discount_minor], [3000 - 91, 500 - 40, 131, 200]);
    // What the customer paid: prices and shipping, less discounts; the tax was inside.
    assert.equal(invoice?.total_minor, 3000 - 100 + 500 - 100);
  });
});
