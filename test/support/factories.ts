import assert from 'node:assert/strict';
import type { TestApp } from './app.js';

/** Factories with sane defaults: a test states only what matters to it. */
export async function createLocation(t: TestApp, code: string, overrides: Record<string, unknown> = {}, key?: string) {
  const res = await t.call('POST', '/v1/locations', { code, name: `Location ${code}`, type: 'warehouse', priority: 1, ...overrides }, key ? { key } : {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; code: string };
}

export async function createProduct(t: TestApp, sku: string, overrides: Record<string, unknown> = {}, key?: string) {
  const res = await t.call('PUT', `/v1/products/${encodeURIComponent(sku)}`, { name: `Product ${sku}`, price: '10.00', currency: 'USD', ...overrides }, key ? { key } : {});
  assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body);
  return res.json();
}

export async function adjust(t: TestApp, sku: string, location: string, delta: number, key?: string) {
  const res = await t.call('POST', '/v1/inventory/adjustments', { sku, location, delta, reason: delta > 0 ? 'received' : 'correction' }, key ? { key } : {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { adjustments: unknown[]; backorders_allocated: number };
}

let orderSeq = 0;

export function orderBody(lines: { sku: string; quantity: number; unit_price?: string }[], overrides: Record<string, unknown> = {}) {
  orderSeq += 1;
  return {
    channel: 'web',
    external_id: `T-${process.pid}-${orderSeq}`,
    currency: 'USD',
    placed_at: '2026-11-26T14:03:00Z',
    customer: { email: 'ada@example.com', name: 'Ada Lovelace', phone: '+1 217 555 0100' },
    shipping_address: { name: 'Ada Lovelace', line1: '12 Analytical Way', line2: null, city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' },
    billing_address: null,
    lines: lines.map((l) => ({ unit_price: '10.00', ...l })),
    shipping: { service_level: 'standard', price: '5.00' },
    notes: null,
    tags: ['test'],
    ...overrides,
  };
}

export interface OrderJson {
  id: string;
  status: string;
  version: number;
  lines: { id: string; sku: string; quantity: number; allocated: number; backordered: number; cancelled: number }[];
  allocations: { line_id: string; sku: string; location: string; quantity: number }[];
  totals: { subtotal: string; shipping: string; total: string };
}

export async function stockOf(t: TestApp, sku: string, key?: string) {
  const res = await t.call('GET', `/v1/inventory/${encodeURIComponent(sku)}`, undefined, key ? { key } : {});
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { sku: string; available_to_promise: number; locations: { location: string; on_hand: number; reserved: number; available: number; bin?: string }[] };
}
