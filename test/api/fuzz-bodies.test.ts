import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, orderBody } from '../support/factories.js';

// Every route that takes a body, read from the OpenAPI document (so routes added later are
// fuzzed too), is sent generated bodies: shaped by its schema with hostile values mixed in
// (NUL, lone surrogates, RTL and combining marks, U+2028, huge and odd numbers, wrong types,
// deep nesting, prototype keys), and whole hostile bodies (empty, not JSON, invalid UTF-8,
// 20,000 levels deep, near the size limit). Every answer must be 2xx or a 4xx problem+json with
// a code: a 5xx is a bug. Reproducible: the seed is fixed (FUZZ_SEED overrides it).

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
/** Bodies per route. */
const RUNS = 18;
const SECRET = 'fuzz-webhook-secret-0001';

/**
 * Routes whose handler the fuzz cannot reach, each with the reason. Anything else that only ever
 * answers "not looked at" (401, 415, malformed) fails the test: a route nobody fuzzes is a hole.
 */
const NOT_EXERCISED: Record<string, string> = {
  'DELETE /v1/session': 'authenticated by the session cookie only (a Bearer key gets 401 AUTH_MISSING) and reads no body; signing out is covered by test/api/staff-sign-in.test.ts',
  'POST /v1/carriers/{id}/webhooks/tracking': 'authenticated by an HMAC with a secret the installation names per carrier; fuzzed unsigned, so only up to the signature check',
};

/** A route's answer that says its body was never looked at. */
const UNREAD = new Set(['AUTH_MISSING', 'AUTH_INVALID', 'AUTH_FORBIDDEN', 'REQUEST_UNSUPPORTED_MEDIA_TYPE', 'REQUEST_MALFORMED_JSON', 'REQUEST_INVALID_ENCODING', 'REQUEST_TOO_DEEP', 'REQUEST_TOO_LARGE', 'CHANNEL_SIGNATURE_INVALID', 'CARRIER_SIGNATURE_INVALID', 'ROUTE_NOT_FOUND']);

// ---- JSON text with what JSON.stringify cannot write: raw number tokens, "__proto__" keys ----
type J = null | boolean | number | string | J[] | { obj: [string, J][] } | { raw: string };

function text(value: J): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(text).join(',')}]`;
  if ('raw' in value) return value.raw;
  return `{${value.obj.map(([k, v]) => `${JSON.stringify(k)}:${text(v)}`).join(',')}}`;
}

const deep = (levels: number, open = '[', close = ']'): J => ({ raw: open.repeat(levels) + (open === '{' ? '' : '1') + close.repeat(levels) });
const deepObject = (levels: number): J => ({ raw: '{"a":'.repeat(levels) + '1' + '}'.repeat(levels) });

const oddStrings = [
  '', ' ', 'a\u0000b', '\u0000', '\ud800', 'x\udfffy', '\u202eevil\u202c', '\u200f\u05e9\u05dc\u05d5\u05dd', 'e\u0301\u0301\u0301\u0301', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ', '😀👩‍👩‍👧‍👦🏳️‍🌈', 'line\u2028sep\u2029end',
  '\ufeffbom', '\t\n\r', 'İıßſ', '０１２３', '-1', '0', '1e309', 'NaN', 'null', 'true', '__proto__', 'constructor', '../../../etc/passwd', '%00', '<script>alert(1)</script>',
  "' or 1=1 --", '${7*7}', 'a'.repeat(300), 'ord_00000000000000000000000000',
];
const oddNumbers: J[] = [0, -1, 1.5, -0.0001, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e21, 1e308, -1e308, 5e-324, { raw: '-0' }, { raw: '1e999' }, { raw: '-1e999' }, { raw: '1E+2' }, { raw: '0.1e-400' }, { raw: '123456789012345678901234567890' }];

const hostileString: fc.Arbitrary<J> = fc.oneof(fc.constantFrom(...oddStrings), fc.string({ unit: 'binary', maxLength: 30 }), fc.constant('x'.repeat(200_000)));
const hostile: fc.Arbitrary<J> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: fc.oneof(fc.constantFrom(...oddNumbers), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), weight: 3 },
  { arbitrary: fc.constantFrom<J>(null, true, false, [], { obj: [] }), weight: 2 },
  { arbitrary: fc.constantFrom<J>(deep(70), deepObject(70), deep(20_000), { obj: [['__proto__', { obj: [['polluted', true]] }]] }, { obj: [['constructor', { obj: [['prototype', { obj: [['polluted', true]] }]] }]] }), weight: 1 },
  { arbitrary: fc.array(fc.constantFrom<J>(1, 'a', null), { maxLength: 5 }), weight: 1 },
  { arbitrary: fc.constant<J>(Array.from({ length: 20_000 }, (_, i) => i)), weight: 1 },
);

/** Whole bodies that are not a value of any schema. */
const hostileBodies: fc.Arbitrary<string | Buffer> = fc.constantFrom<string | Buffer>(
  '', ' ', 'null', '[]', '{}', '"text"', '1', '{', '{"a":1,}', '{"a":1,"a":2}', '\ufeff{}', '{"a":"\u0000"}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}',
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), text(deep(20_000)), text(deepObject(20_000)), '['.repeat(400_000) + ']'.repeat(400_000), `"${'x'.repeat(900_000)}"`,
);

// ---- bodies shaped by a route's JSON schema ----
type Schema = Record<string, unknown> & { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; enum?: unknown[]; const?: unknown; $ref?: string };

interface Context {
  components: Record<string, Schema>;
  /** Existing ids by prefix (`ord`, `chn`…), and codes, for ids the schema asks for. */
  ids: Map<string, string[]>;
  codes: string[];
}

/** Existing ids and codes that fit the pattern (so bodies reach the handlers), else strings it matches. */
function fromPattern(pattern: string, ctx: Context): fc.Arbitrary<J> {
  const prefix = /^\^([a-z]{3})_/.exec(pattern)?.[1];
  if (prefix) return fc.oneof(fc.constantFrom(...(ctx.ids.get(prefix) ?? [`${prefix}_00000000000000000000000000`])), fc.constant(`${prefix}_zzzzzzzzzzzzzzzzzzzzzzzzzz`));
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return fc.constantFrom(...ctx.codes);
  }
  const fitting = ctx.codes.filter((c) => regex.test(c));
  const matching = fc.stringMatching(regex, { size: 'xsmall' }) as fc.Arbitrary<J>;
  return fitting.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...fitting), weight: 3 }, { arbitrary: matching, weight: 1 }) : matching;
}

/**
 * `tame`: values of the schema, odd only in their free text (RTL, combining marks, emoji,
 * U+2028…), so they get past validation into the handlers. `wild`: anywhere, now and then,
 * something hostile instead (wrong types, odd numbers, NUL, deep nesting, prototype keys).
 */
type Mode = 'tame' | 'wild';

/** Values a field of that name usually takes here, so a tame body names things that exist. */
const HINTS: [RegExp, string[]][] = [
  [/sku/, ['FZ-A', 'FZ-B']],
  [/location/, ['FZ-WH']],
  [/country/, ['US', 'DE']],
  [/currency/, ['USD']],
  [/^channel$/, ['web']],
  [/price|amount|cost/, ['10.00', '0.99']],
];

function shaped(schema: Schema, ctx: Context, mode: Mode, depth = 0, key = ''): fc.Arbitrary<J> {
  const hint = mode === 'tame' && (schema.type === 'string' || schema.type === undefined) ? HINTS.find(([name]) => name.test(key))?.[1] : undefined;
  const plain = hint ? fc.oneof({ arbitrary: fc.constantFrom<J>(...hint), weight: 4 }, { arbitrary: plainShaped(schema, ctx, mode, depth), weight: 1 }) : plainShaped(schema, ctx, mode, depth);
  return mode === 'wild' ? fc.oneof({ arbitrary: plain, weight: 7 }, { arbitrary: hostile, weight: 1 }) : plain;
}

function plainShaped(schema: Schema, ctx: Context, mode: Mode, depth: number, key = ''): fc.Arbitrary<J> {
  if (schema.$ref) return shaped(ctx.components[schema.$ref.replace('#/components/schemas/', '')] ?? {}, ctx, mode, depth, key);
  const union = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (union && union.length > 0) return fc.oneof(...union.map((s) => shaped(s, ctx, mode, depth, key)));
  if (schema.const !== undefined) return fc.constant(schema.const as J);
  if (schema.enum) return fc.constantFrom(...(schema.enum as J[]));
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((t) => plainShaped({ ...schema, type: t }, ctx, mode, depth)));
  const n = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  switch (type[0]) {
    case 'object': {
      if (depth > 6) return fc.constant<J>({ obj: [] });
      const props = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      const fields = props.map(([key, s]) => (required.has(key) ? shaped(s, ctx, mode, depth + 1, key).map((v) => [[key, v]] as [string, J][]) : fc.option(shaped(s, ctx, mode, depth + 1, key), { nil: undefined }).map((v) => (v === undefined ? [] : [[key, v]]) as [string, J][])));
      const extra = schema.additionalProperties && typeof schema.additionalProperties === 'object' ? fc.array(fc.tuple(fc.string({ maxLength: 8 }), shaped(schema.additionalProperties as Schema, ctx, mode, depth + 1)), { maxLength: 2 }) : fc.constant([] as [string, J][]);
      return fc.tuple(fc.tuple(...fields, fc.constant([] as [string, J][])), extra).map(([parts, more]) => ({ obj: [...parts.flat(), ...more] }));
    }
    case 'array': {
      if (depth > 6) return fc.constant<J>([]);
      const minLength = Math.min(n('minItems') ?? 0, 3);
      return fc.array(shaped(schema.items ?? {}, ctx, mode, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(n('maxItems') ?? 3, 3)) });
    }
    case 'string': {
      if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'date') return fc.constantFrom('2026-01-31', '2026-02-29', '1999-12-31');
      if (schema.format === 'email') return fc.constantFrom('ada@example.com', 'a@b.co', 'Ünïcødé@exämple.com');
      if (schema.format === 'uri') return fc.constantFrom('https://127.0.0.1/hook', 'http://localhost/x', 'ftp://x');
      if (typeof schema.pattern === 'string') return fromPattern(schema.pattern, ctx);
      const minLength = n('minLength') ?? 0;
      const maxLength = n('maxLength') ?? 100_000;
      const fits = (v: string) => v.length >= minLength && v.length <= maxLength;
      const odd = oddStrings.filter((v) => fits(v) && v.isWellFormed() && !v.includes('\u0000'));
      return fc.oneof(fc.constantFrom(...ctx.codes.filter(fits)), ...(odd.length > 0 ? [fc.constantFrom(...odd)] : []), fc.string({ unit: 'grapheme', minLength, maxLength: Math.max(minLength, Math.min(maxLength, 20)) }).filter(fits));
    }
    case 'integer':
      return fc.integer({ min: Math.max(n('minimum') ?? -10, -1e6), max: Math.min(n('maximum') ?? 100, 1e6) });
    case 'number':
      return fc.double({ min: n('minimum') ?? -100, max: n('maximum') ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.oneof(fc.constant<J>({ obj: [] }), fc.string({ maxLength: 5 }), fc.integer());
  }
}

// ---- the routes ----
interface Route {
  method: string;
  path: string;
  params: { name: string; in: string; required?: boolean; schema?: Schema }[];
  body?: Schema;
}

function routesOf(doc: { paths: Record<string, Record<string, { parameters?: Route['params']; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> }): Route[] {
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content;
      // A route documented with only other media types (an X12 interchange) takes no JSON.
      if (content && !content['application/json']) continue;
      out.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], ...(content?.['application/json']?.schema ? { body: content['application/json'].schema } : {}) });
    }
  }
  // Deletions last, so what they delete served the other routes first.
  return out.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
}

/** Path and required query parameters, filled with existing ids and codes or ones of the right shape. */
function urlsFor(route: Route, ctx: Context): fc.Arbitrary<string> | string {
  const parts: fc.Arbitrary<[string, string, string]>[] = [];
  for (const p of route.params) {
    if (p.in !== 'path' && !(p.in === 'query' && p.required)) continue;
    const s = p.schema ?? {};
    const value = typeof s.pattern === 'string' && /^\^[a-z]{3}_/.test(s.pattern) ? fromPattern(s.pattern, ctx) : s.enum || s.anyOf ? plainShaped(s, ctx, 'tame', 0) : s.type === 'string' ? fc.constantFrom(...ctx.codes, ...[...ctx.ids.values()].flat().slice(0, 20)) : s.type === 'integer' ? plainShaped(s, ctx, 'tame', 0) : undefined;
    if (!value) return `cannot fill ${p.in} parameter ${p.name} (${JSON.stringify(s)})`;
    parts.push(value.map((v) => [p.in, p.name, String(v)]));
  }
  return fc.tuple(...parts).map((filled) => {
    let url = route.path;
    const query: string[] = [];
    for (const [where, name, v] of filled) {
      if (where === 'path') url = url.replace(`{${name}}`, encodeURIComponent(v));
      else query.push(`${name}=${encodeURIComponent(v)}`);
    }
    return query.length > 0 ? `${url}?${query.join('&')}` : url;
  });
}

/** Webhook routes authenticate the raw body: signed with the channel's secret, so the fuzz gets past the signature. */
const signers: Record<string, (body: Buffer) => Record<string, string>> = {
  'POST /v1/channels/{id}/webhooks/shopify': (body) => ({ 'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64'), 'x-shopify-topic': 'orders/create' }),
  'POST /v1/channels/{id}/webhooks/woocommerce': (body) => ({ 'x-wc-webhook-signature': createHmac('sha256', SECRET).update(body).digest('base64'), 'x-wc-webhook-topic': 'order.created' }),
};

let t: TestApp;
let ctx: Context;

before(async () => {
  t = await buildTestApp();
  const location = await createLocation(t, 'FZ-WH');
  for (const sku of ['FZ-A', 'FZ-B']) {
    await createProduct(t, sku, { dimensions_mm: { length: 100, width: 100, height: 50 }, weight_grams: 300 });
    await adjust(t, sku, 'FZ-WH', 1000);
  }
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  for (const type of ['shopify', 'woocommerce', 'pos', 'csv']) assert.equal((await t.call('POST', '/v1/channels', { type, name: `Fuzz ${type}`, secret: SECRET })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/orders', orderBody([{ sku: 'FZ-A', quantity: 2 }]))).statusCode, 201);
  // Every id the database now holds, by prefix: the ids the routes' parameters and bodies ask for.
  const tables = await queryRows<{ table_name: string }>(t.database.db, sql`select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'id' and data_type = 'text'`);
  const ids = new Map<string, string[]>();
  for (const { table_name } of tables) {
    for (const { id } of await queryRows<{ id: string }>(t.database.db, sql`select id from ${sql.identifier(table_name)} limit 5`)) {
      const prefix = /^([a-z]{3})_/.exec(id)?.[1];
      if (prefix) ids.set(prefix, [...(ids.get(prefix) ?? []), id]);
    }
  }
  ctx = { components: {}, ids, codes: ['FZ-A', 'FZ-B', 'FZ-WH', location.id, 'standard', 'web', 'NOPE-404', 'USD', 'US', '10.00', '0.99', 'default', '62701', 'Springfield'] };
});
after(() => t.close());

test('every route that takes a body answers generated bodies with 2xx or a 4xx problem, never 5xx', async () => {
  const doc = t.app.swagger() as unknown as Parameters<typeof routesOf>[0] & { components?: { schemas?: Record<string, Schema> } };
  ctx.components = doc.components?.schemas ?? {};
  const routes = routesOf(doc);
  assert.ok(routes.length >= 40, `the OpenAPI document lists ${routes.length} routes with bodies`);
  const failures: string[] = [];
  const unexercised: string[] = [];
  let sent = 0;
  for (const [index, route] of routes.entries()) {
    const name = `${route.method} ${route.path}`;
    const urls = urlsFor(route, ctx);
    if (typeof urls === 'string') {
      failures.push(`${name}: ${urls}`);
      continue;
    }
    const schema = route.body ?? {};
    const bodies: fc.Arbitrary<string | Buffer> = fc.oneof(
      { arbitrary: plainShaped(schema, ctx, 'tame', 0).map(text), weight: 3 },
      { arbitrary: plainShaped(schema, ctx, 'wild', 0).map(text), weight: 3 },
      { arbitrary: hostile.map(text), weight: 1 },
      { arbitrary: hostileBodies, weight: 1 },
    );
    const cases = fc.sample(fc.tuple(urls, bodies), { seed: SEED + index, numRuns: RUNS });
    let reached = false;
    for (const [url, body] of cases) {
      const payload = typeof body === 'string' ? Buffer.from(body) : body;
      const res = await t.app.inject({ method: route.method as 'POST', url, payload, headers: { authorization: `Bearer ${t.rootKey}`, 'content-type': 'application/json', ...signers[name]?.(payload) } });
      sent++;
      const where = `${name} ${url} (seed ${SEED + index}) body ${payload.length > 300 ? `${payload.subarray(0, 300).toString()}… (${payload.length} bytes)` : payload.toString()}`;
      if (res.statusCode >= 500 || res.statusCode < 200 || (res.statusCode >= 300 && res.statusCode < 400)) {
        failures.push(`${where}\n  → ${res.statusCode} ${res.body.slice(0, 300)}`);
        continue;
      }
      if (res.statusCode >= 400) {
        const problem = String(res.headers['content-type']).startsWith('application/problem+json') ? (res.json() as { code?: unknown }) : undefined;
        if (typeof problem?.code !== 'string') failures.push(`${where}\n  → ${res.statusCode} without a problem+json code: ${res.headers['content-type']} ${res.body.slice(0, 200)}`);
        else if (!UNREAD.has(problem.code)) reached = true;
      } else reached = true;
    }
    if (!reached && !NOT_EXERCISED[name]) unexercised.push(name);
  }
  assert.deepEqual(failures, [], `${failures.length} of ${sent} requests failed:\n${failures.join('\n')}`);
  assert.deepEqual(unexercised, [], 'routes no generated body got past authentication and parsing: make them reachable or list them in NOT_EXERCISED with the reason');
  for (const name of Object.keys(NOT_EXERCISED)) assert.ok(routes.some((r) => `${r.method} ${r.path}` === name), `NOT_EXERCISED lists ${name}, which is no longer a route`);
});
