import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { assertProblem, expectRefusedWithoutWrites, isProblem, type BadRequestCase } from '../support/bad-input.js';
import { adjust, createLocation, createProduct, orderBody } from '../support/factories.js';

/**
 * Every class of bad input to POST /v1/orders gets a 4xx problem+json naming the field, and
 * nothing is written: the whole database is snapshotted before and after each request.
 */
let t: TestApp;
const ORDERS = { method: 'POST', url: '/v1/orders' } as const;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'WH-EAST');
  await createProduct(t, 'TEE-RED-M', { price: '19.99' });
  await createProduct(t, 'MUG-BLUE', { price: '8.50', backorderable: true });
  await adjust(t, 'TEE-RED-M', 'WH-EAST', 1000);
});
after(() => t.close());

type Order = Omit<ReturnType<typeof orderBody>, 'notes' | 'shipping'> & { notes: string | null; shipping: { service_level: string; price: string } | null } & Record<string, unknown>;
/** A valid order with one change: the case states only what is wrong. */
function order(change: (o: Order) => void = () => undefined): Order {
  const o: Order = orderBody([{ sku: 'TEE-RED-M', quantity: 1, unit_price: '19.99' }]);
  change(o);
  return o;
}
const line = (o: Order) => o.lines[0] as Record<string, unknown>;
const raw = (o: Order, from: string, to: string) => {
  const text = JSON.stringify(o);
  assert.ok(text.includes(from), `the body holds ${from}`);
  return text.replace(from, to);
};

const cases: BadRequestCase[] = [
  // transport
  { name: 'malformed JSON', body: '{"channel": "web", "lines": [', status: 400, code: 'REQUEST_MALFORMED_JSON' },
  { name: 'trailing garbage after the JSON document', body: `${JSON.stringify(order())} x`, status: 400, code: 'REQUEST_MALFORMED_JSON' },
  { name: 'text/plain content type', body: JSON.stringify(order()), headers: { 'content-type': 'text/plain' }, status: 415, code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a body without any content type', body: JSON.stringify(order()), raw: true, status: 415, code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE' },
  { name: 'empty body', body: '', status: 400, code: 'REQUEST_MALFORMED_JSON' },
  { name: 'whitespace-only body', body: ' \n ', status: 400, code: 'REQUEST_MALFORMED_JSON' },
  { name: 'body over the 1 MiB limit', body: JSON.stringify(order((o) => (o.notes = 'x'.repeat(1024 * 1024 + 10)))), status: 413, code: 'REQUEST_TOO_LARGE' },
  { name: 'invalid UTF-8 bytes (0xC3 0x28)', body: Buffer.concat([Buffer.from(raw(order(), '"Ada Lovelace"', '"Ada ')), Buffer.from([0xc3, 0x28]), Buffer.from('"')]), status: 400, code: 'REQUEST_INVALID_ENCODING' },
  { name: 'NUL character in a string', body: order((o) => (o.notes = 'before\u0000after')), status: 400, code: 'REQUEST_INVALID', field: 'notes' },
  { name: 'lone surrogate in a string', body: raw(order((o) => (o.notes = 'SURROGATE')), '"SURROGATE"', '"\\ud800"'), status: 400, code: 'REQUEST_INVALID', field: 'notes' },
  { name: 'lone surrogate in a nested string', body: raw(order(), '"Ada Lovelace"', '"Ada \\udc00"'), status: 400, code: 'REQUEST_INVALID', field: 'customer.name' },
  { name: 'prototype pollution via __proto__', body: raw(order(), '"channel":', '"__proto__":{"isAdmin":true},"channel":'), status: 400, code: 'REQUEST_MALFORMED_JSON' },
  { name: 'prototype pollution via constructor.prototype', body: raw(order(), '"channel":', '"constructor":{"prototype":{"isAdmin":true}},"channel":'), status: 400, code: 'REQUEST_MALFORMED_JSON' },
  { name: 'JSON array as the body', body: [order()], status: 400, code: 'REQUEST_INVALID', field: '(body)' },
  { name: 'JSON number as the body', body: '42', status: 400, code: 'REQUEST_INVALID', field: '(body)' },
  { name: 'JSON null as the body', body: 'null', status: 400, code: 'REQUEST_INVALID', field: '(body)' },
  { name: 'Idempotency-Key of 256 characters', body: order(), headers: { 'idempotency-key': 'k'.repeat(256) }, status: 400, code: 'REQUEST_IDEMPOTENCY_KEY_INVALID', field: 'Idempotency-Key' },
  { name: 'Idempotency-Key with a space', body: order(), headers: { 'idempotency-key': 'two words' }, status: 400, code: 'REQUEST_IDEMPOTENCY_KEY_INVALID', field: 'Idempotency-Key' },
  // shape
  { name: 'unknown top-level field', body: order((o) => (o.discount = '5.00')), status: 400, code: 'REQUEST_INVALID', field: 'discount' },
  { name: 'unknown field in a line', body: order((o) => (line(o).colour = 'red')), status: 400, code: 'REQUEST_INVALID', field: 'lines[0].colour', only: true },
  { name: 'unknown field in the customer', body: order((o) => ((o.customer as Record<string, unknown>).vip = true)), status: 400, code: 'REQUEST_INVALID', field: 'customer.vip', only: true },
  { name: 'unknown field in the address', body: order((o) => ((o.shipping_address as Record<string, unknown>).zip = '62701')), status: 400, code: 'REQUEST_INVALID', field: 'shipping_address.zip', only: true },
  { name: 'missing lines', body: order((o) => delete (o as Partial<Order>).lines), status: 400, code: 'REQUEST_INVALID', field: 'lines' },
  { name: 'missing channel', body: order((o) => delete (o as Partial<Order>).channel), status: 400, code: 'REQUEST_INVALID', field: 'channel' },
  { name: 'empty lines array', body: order((o) => (o.lines = [])), status: 400, code: 'REQUEST_INVALID', field: 'lines' },
  { name: '10,000 lines', body: order((o) => (o.lines = Array.from({ length: 10_000 }, () => ({ sku: 'TEE-RED-M', quantity: 1, unit_price: '19.99' })))), status: 400, code: 'REQUEST_INVALID', field: 'lines' },
  { name: 'lines is an object, not an array', body: order((o) => ((o as Record<string, unknown>).lines = { sku: 'TEE-RED-M' })), status: 400, code: 'REQUEST_INVALID', field: 'lines' },
  // types and numbers
  { name: 'quantity as a string "2" (no coercion)', body: order((o) => (line(o).quantity = '2')), status: 400, code: 'REQUEST_INVALID', field: 'lines[0].quantity', only: true },
  { name: 'quantity 0', body: order((o) => (line(o).quantity = 0)), status: 400, code: 'REQUEST_INVALID', field: 'lines[0].quantity', only: true },
  { name: 'quantity -1', body: order((o) => (line(o).quantity = -1)), status: 400, code: 'REQUEST_INVALID', field: 'lines[0].quantity' },
  { name: 'quantity 1.5', body: order((o) => (line(o).quantity = 1.5)), status: 400, code: 'REQUEST_INVALID', field: 'lines[0].quantity' },
  { name: 'quantity 1e309 (Infinity)', body: raw(order(), '"quantity":1', '"quantity":1e309'), status: 400, code: 'REQUEST_INVALID', field: 'lines[0].quantity' },
  { name: 'quantity 2^53 + 1', body: raw(order(), '"quantity":1', '"quantity":9007199254740993'), status: 400, code: 'REQUEST_INVALID', field: 'lines[0].quantity' },
  { name: 'unit price as a number', body: order((o) => (line(o).unit_price = 19.99)), status: 400, code: 'REQUEST_INVALID', field: 'lines[0].unit_price' },
  { name: 'tags as a string', body: order((o) => (o.tags = 'vip' as unknown as string[])), status: 400, code: 'REQUEST_INVALID', field: 'tags' },
  // money and currency
  { name: 'negative unit price "-1.00"', body: order((o) => (line(o).unit_price = '-1.00')), status: 400, field: 'lines[0].unit_price' },
  { name: 'negative shipping price', body: order((o) => (o.shipping = { service_level: 'standard', price: '-5.00' })), status: 400, field: 'shipping.price', only: true },
  { name: 'price "19.999" in USD (three decimals)', body: order((o) => (line(o).unit_price = '19.999')), status: 400, field: 'lines[0].unit_price' },
  { name: 'price "100.5" in JPY (no decimals)', body: order((o) => ((o.currency = 'JPY'), (line(o).unit_price = '100.5'), (o.shipping = null))), status: 400, field: 'lines[0].unit_price' },
  { name: 'price "1e3"', body: order((o) => (line(o).unit_price = '1e3')), status: 400, field: 'lines[0].unit_price' },
  { name: 'price too large for a safe integer', body: order((o) => (line(o).unit_price = '999999999999999.99')), status: 400, field: 'lines[0].unit_price' },
  { name: 'unknown currency "XXY"', body: order((o) => (o.currency = 'XXY')), status: 422, code: 'CURRENCY_UNKNOWN', field: 'currency' },
  { name: 'lower-case currency "usd"', body: order((o) => (o.currency = 'usd')), status: 400, code: 'REQUEST_INVALID', field: 'currency' },
  // references and formats
  { name: 'unknown SKU in the second line', body: order((o) => o.lines.push({ sku: 'NO-SUCH-SKU', quantity: 1, unit_price: '1.00' })), status: 422, code: 'PRODUCT_UNKNOWN_SKU', field: 'lines[1].sku' },
  { name: 'SKU with characters a SKU cannot have', body: order((o) => (line(o).sku = 'TEE RED;DROP')), status: 400, code: 'REQUEST_INVALID', field: 'lines[0].sku' },
  { name: 'country "XX" (shape right, no such country)', body: order((o) => (o.shipping_address.country = 'XX')), status: 400, field: 'shipping_address.country' },
  { name: 'country "us" (lower case)', body: order((o) => (o.shipping_address.country = 'us')), status: 400, code: 'REQUEST_INVALID', field: 'shipping_address.country', only: true },
  { name: 'country "USA" (alpha-3)', body: order((o) => (o.shipping_address.country = 'USA')), status: 400, code: 'REQUEST_INVALID', field: 'shipping_address.country' },
  { name: 'invalid e-mail', body: order((o) => (o.customer.email = 'ada@@example')), status: 400, code: 'REQUEST_INVALID', field: 'customer.email', only: true },
  { name: 'placed_at not a date-time', body: order((o) => (o.placed_at = 'yesterday')), status: 400, code: 'REQUEST_INVALID', field: 'placed_at', only: true },
  { name: 'a 100 KB string in notes', body: order((o) => (o.notes = 'n'.repeat(100 * 1024))), status: 400, code: 'REQUEST_INVALID', field: 'notes', only: true },
  { name: 'a 100 KB string in customer.name', body: order((o) => (o.customer.name = 'n'.repeat(100 * 1024))), status: 400, code: 'REQUEST_INVALID', field: 'customer.name', only: true },
  { name: 'empty channel', body: order((o) => (o.channel = '')), status: 400, code: 'REQUEST_INVALID', field: 'channel' },
];

describe('POST /v1/orders refuses bad input with problem+json and writes nothing', () => {
  test('the unmutated body is accepted (so every refusal below is caused by its one change)', async () => {
    const res = await t.call('POST', '/v1/orders', order());
    assert.equal(res.statusCode, 201, res.body);
  });

  for (const c of cases) test(c.name, () => expectRefusedWithoutWrites(t, c, ORDERS));

  test('a body over a configured small limit is refused with 413 before parsing', async () => {
    const small = await buildTestApp({ bodyLimitBytes: 2048 });
    try {
      const res = await small.call('POST', '/v1/orders', order((o) => (o.notes = 'x'.repeat(4096))));
      assertProblem(res, { status: 413, code: 'REQUEST_TOO_LARGE' });
      assert.equal((await small.call('GET', '/v1/orders')).json().data.length, 0);
    } finally {
      await small.close();
    }
  });
});

/** mulberry32: a tiny deterministic PRNG, so a failure names a reproducible iteration. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// Raw JSON texts spliced in where JSON.stringify cannot express them (1e309, precision loss, escapes).
const RAW_VALUES = ['1e309', '-1e309', '9007199254740992', '9007199254740993', '-9007199254740993', '1e-400', '-0', '0.1e1', '2e0', '123456789012345678901234567890', '"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', '"a\\u0000b"'];
const ODD_VALUES: unknown[] = [
  null, true, false, 0, -1, 1.5, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, '', ' ', '2', '-1.00', '19.999', '0x10', 'NaN', 'Infinity',
  '\u202eRTL', '\ud83d\ude00', 'e\u0301', '\u200b', '\ufeff', '\u{10ffff}', '\r\n', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', 'x'.repeat(6000),
  [], [null], [1, 2], {}, { sku: 'TEE-RED-M' }, { __proto__x: 1 }, 'ZZZ', 'us', 'USA', 'TEE-RED-M', 'MUG-BLUE', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z',
];

/** Every path in the value: ['lines', 0, 'quantity'], ['customer'], … */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

function mutate(rand: () => number): string {
  const o = orderBody([{ sku: 'TEE-RED-M', quantity: 1, unit_price: '19.99' }, { sku: 'MUG-BLUE', quantity: 2, unit_price: '8.50' }]) as unknown as Record<string, unknown>;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const spliced: string[] = [];
  const changes = 1 + Math.floor(rand() * 3);
  for (let n = 0; n < changes; n++) {
    const all = paths(o);
    if (all.length === 0) break;
    const path = pick(all);
    const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((v, k) => v[k] as Record<string | number, unknown>, o as Record<string | number, unknown>);
    const key = path[path.length - 1] as string | number;
    const op = rand();
    if (op < 0.2) delete parent[key];
    else if (op < 0.3) parent[`x_${n}`] = 1;
    else if (op < 0.5) {
      parent[key] = `@@RAW${spliced.length}@@`;
      spliced.push(pick(RAW_VALUES));
    } else parent[key] = structuredClone(pick(ODD_VALUES));
  }
  return spliced.reduce((text, value, i) => text.replace(`"@@RAW${i}@@"`, value), JSON.stringify(o));
}

describe('fuzz: no mutation of a valid order is answered 500', () => {
  test('200 deterministic mutations each answer 2xx or a 4xx problem+json', async () => {
    const rand = prng(0x0de7);
    const seen = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      const body = mutate(rand);
      const res = await t.call('POST', '/v1/orders', body);
      const context = `iteration ${i}: ${body.slice(0, 400)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
      assert.ok(res.statusCode < 500, context);
      if (res.statusCode >= 300) assertProblem(res, { status: res.statusCode });
      else assert.ok(!isProblem(res) && typeof res.json().id === 'string', context);
      seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
    }
    // The mutations must exercise both paths, or the fuzz proves nothing.
    assert.ok((seen.get(400) ?? 0) > 50, JSON.stringify([...seen]));
    assert.ok([...seen.keys()].some((s) => s < 300), JSON.stringify([...seen]));
  });
});
