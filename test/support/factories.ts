import assert from 'node:assert/strict';
import type { TestApp } from './app.js';

/**
 * Factories with sane defaults: a test states only what matters to it. Codes default to ones no
 * other test in the process uses, so a test that makes its own data can assert on it alone (a
 * list filtered by its SKU or channel, never a global count) and passes when run alone.
 */

let codeSeq = 0;

/** `PREFIX-<n>`, unique in this process (each test file has its own database). */
export function uniqueCode(prefix = 'T'): string {
  codeSeq += 1;
  return `${prefix}-${codeSeq}`;
}

export async function createLocation(t: TestApp, code: string = uniqueCode('LOC'), overrides: Record<string, unknown> = {}, key?: string) {
  const res = await t.call('POST', '/v1/locations', { code, name: `Location ${code}`, type: 'warehouse', priority: 1, ...overrides }, key ? { key } : {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; code: string };
}

export async function createProduct(t: TestApp, sku: string = uniqueCode('SKU'), overrides: Record<string, unknown> = {}, key?: string) {
  const res = await t.call('PUT', `/v1/products/${encodeURIComponent(sku)}`, { name: `Product ${sku}`, price: '10.00', currency: 'USD', ...overrides }, key ? { key } : {});
  assert.ok(res.statusCode === 201 || res.statusCode === 200, `PUT product ${sku}: ${res.statusCode} ${res.body}`);
  return res.json() as { sku: string; name: string };
}

/** A new product with `onHand` units at each given location code; its SKU. */
export async function stockedProduct(t: TestApp, onHand: Record<string, number>, overrides: Record<string, unknown> = {}, key?: string): Promise<string> {
  const { sku } = await createProduct(t, uniqueCode('SKU'), overrides, key);
  for (const [location, quantity] of Object.entries(onHand)) await adjust(t, sku, location, quantity, key);
  return sku;
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

/** POST /v1/orders with `orderBody(lines, overrides)`; the created order (201). */
export async function placeOrder(t: TestApp, lines: { sku: string; quantity: number; unit_price?: string }[], overrides: Record<string, unknown> = {}, key?: string): Promise<OrderJson> {
  const res = await t.call('POST', '/v1/orders', orderBody(lines, overrides), key ? { key } : {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as OrderJson;
}

/** POST /v1/channels with a unique name; the channel's view (201). */
export async function createChannel(t: TestApp, type: string, overrides: Record<string, unknown> = {}, key?: string) {
  const res = await t.call('POST', '/v1/channels', { type, name: uniqueCode(`${type} channel`), ...overrides }, key ? { key } : {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; name: string; type: string; webhook_url?: string; settings: Record<string, unknown> };
}

/** POST /v1/api-keys with a unique name; its id and the key (shown once). */
export async function createApiKey(t: TestApp, role: string, overrides: Record<string, unknown> = {}, key?: string) {
  const res = await t.call('POST', '/v1/api-keys', { name: uniqueCode(`${role} key`), role, ...overrides }, key ? { key } : {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; key: string; role: string; name: string };
}

/**
 * A tenant of the test's own (POST /v1/tenants, by the root tenant's admin): for tests of
 * tenant-wide state such as settings. Its first admin key.
 */
export async function createTenant(t: TestApp, name: string = uniqueCode('Tenant')) {
  const res = await t.call('POST', '/v1/tenants', { name });
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json() as { id: string; api_key: { id: string; key: string } };
  return { id: body.id, key: body.api_key.key, keyId: body.api_key.id };
}

/**
 * GET /v1/orders/{id} without what only the single order's page links to (its returns and the return
 * it replaces, ADR 0028): the order view every other answer (capture, cancel, lists) gives.
 */
export function orderViewOf(detail: Record<string, unknown>): Record<string, unknown> {
  const { returns: _returns, replaces_return: _replaces, ...view } = detail;
  return view;
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

export interface SignedIn {
  id: string;
  email: string;
  cookie: string;
  csrf: string;
  /** A request with the session cookie (and the CSRF token unless `csrf` is given: null sends none). */
  call(method: Parameters<TestApp['call']>[0], url: string, body?: unknown, options?: { csrf?: string | null; headers?: Record<string, string> }): ReturnType<TestApp['call']>;
}

export const STAFF_PASSWORD = 'correct horse battery staple';

/** POST /v1/users (admin key), then POST /v1/session: a signed-in staff member of the given role. */
export async function signedInUser(t: TestApp, role: 'admin' | 'operator' | 'viewer' | 'location', overrides: Record<string, unknown> = {}): Promise<SignedIn> {
  const email = `${uniqueCode(role).toLowerCase()}-${process.pid}@staff.test`;
  const created = await t.call('POST', '/v1/users', { email, name: `Staff ${role}`, role, password: STAFF_PASSWORD, ...overrides });
  assert.equal(created.statusCode, 201, created.body);
  return signIn(t, email, STAFF_PASSWORD, created.json().id as string);
}

export async function signIn(t: TestApp, email: string, password: string, id = ''): Promise<SignedIn> {
  const res = await t.call('POST', '/v1/session', { email, password }, { key: null });
  assert.equal(res.statusCode, 200, res.body);
  const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
  const csrf = res.json().csrf_token as string;
  return {
    id: id || (res.json().user.id as string),
    email,
    cookie,
    csrf,
    call: (method, url, body, options = {}) => {
      const token = options.csrf === undefined ? csrf : options.csrf;
      return t.call(method, url, body, { key: null, headers: { cookie, ...(token ? { 'x-csrf-token': token } : {}), ...options.headers } });
    },
  };
}
