import type { AccountingDocument } from './model.js';

/** A small, valid invoice (USD 74.97: two lines and shipping) for tests and examples; override what matters. */
export function sampleDocument(overrides: Partial<AccountingDocument> = {}): AccountingDocument {
  const lines = overrides.lines ?? [
    { sku: 'MUG-1', description: 'MUG-1', quantity: 3, unit_price_minor: 1999, amount_minor: 5997 },
    { sku: 'TEE-2', description: 'TEE-2', quantity: 1, unit_price_minor: 1005, amount_minor: 1005 },
  ];
  const shipping = overrides.shipping_minor ?? 495;
  const tax = overrides.tax_minor ?? 0;
  const discount = overrides.discount_minor ?? 0;
  return {
    kind: 'invoice',
    number: 'INV-261127-abcdefghij',
    date: '2026-11-27',
    order_id: 'ord_1',
    external_id: '#1001',
    channel: 'web',
    currency: 'USD',
    customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
    lines,
    discount_minor: discount,
    shipping_minor: shipping,
    tax_minor: tax,
    total_minor: lines.reduce((n, l) => n + l.amount_minor, 0) - discount + shipping + tax,
    memo: 'Order #1001 (ord_1), shipment shp_1',
    source: { type: 'shipment', id: 'shp_1' },
    ...overrides,
  };
}
