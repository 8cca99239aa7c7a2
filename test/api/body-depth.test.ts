import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MAX_JSON_DEPTH } from '../../src/platform/http/json-body.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { assertProblem } from '../support/bad-input.js';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

/** `{"a":{"a":…1…}}`, `levels` objects deep. */
const objects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
/** `[[[…]]]`, `levels` arrays deep. */
const arrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

test('a body nested 20,000 levels deep, or an 800 KB [[[…]]], is a 400 naming the limit, not a stack overflow', async () => {
  for (const [name, body] of [['20,000 objects', objects(20_000)], ['20,000 arrays', arrays(20_000)], ['800 KB of arrays', arrays(400_000)], ['unclosed', '['.repeat(70)]] as const) {
    const res = await t.call('POST', '/v1/orders', body);
    const problem = assertProblem(res, { status: 400, code: 'REQUEST_TOO_DEEP', field: '(body)' });
    assert.match(String(problem.detail), new RegExp(`more than ${MAX_JSON_DEPTH} levels`), name);
  }
});

test('the raw-body webhook routes refuse it before their signature is checked', async () => {
  const shop = (await t.call('POST', '/v1/channels', { type: 'shopify', name: 'Deep shop' })).json().id as string;
  for (const url of [`/v1/channels/${shop}/webhooks/shopify`, `/v1/channels/${shop}/webhooks/woocommerce`, '/v1/carriers/car_00000000000000000000000000/webhooks/tracking']) {
    const res = await t.call('POST', url, objects(20_000), { key: null });
    assertProblem(res, { status: 400, code: 'REQUEST_TOO_DEEP' });
  }
});

test(`${MAX_JSON_DEPTH} levels are read, stored and answered; brackets inside strings do not count`, async () => {
  // The body is level 1 and settings level 2: 62 more objects make 64.
  let deep: unknown = { end: '[[[[{{{{ not nesting ]]}}' };
  for (let i = 0; i < MAX_JSON_DEPTH - 3; i++) deep = { a: deep };
  const res = await t.call('POST', '/v1/channels', { type: 'csv', name: 'Deep settings', settings: { deep } });
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual(res.json().settings, { deep });
  const again = await t.call('GET', `/v1/channels/${res.json().id}`);
  assert.deepEqual(again.json().settings, { deep }, 'stored as sent');

  const oneMore = await t.call('POST', '/v1/channels', { type: 'csv', name: 'Too deep settings', settings: { deep: { a: deep } } });
  assertProblem(oneMore, { status: 400, code: 'REQUEST_TOO_DEEP' });
});
