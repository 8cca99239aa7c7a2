import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiKey, createLocation, placeOrder, stockedProduct } from '../support/factories.js';

// Notes and tags people put on an order from the console: each on the timeline with its actor.
let t: TestApp;
let operator: { id: string; key: string };
let viewer: string;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'NT-WH');
  operator = await createApiKey(t, 'operator');
  viewer = (await createApiKey(t, 'viewer')).key;
});
after(() => t.close());

interface Timeline {
  data: { type: string; actor: string; data: Record<string, unknown> }[];
}

const newOrder = async () => placeOrder(t, [{ sku: await stockedProduct(t, { 'NT-WH': 5 }), quantity: 1 }], { notes: 'Leave at the door', tags: ['web', 'gift'] });
const timeline = async (id: string) => ((await t.call('GET', `/v1/orders/${id}/events`)).json() as Timeline).data;

describe('notes', () => {
  test('a note is appended to notes_log and the timeline with its actor; the channel’s note stays', async () => {
    const order = await newOrder();
    const first = await t.call('POST', `/v1/orders/${order.id}/notes`, { text: 'Customer called: wants it by Friday' }, { key: operator.key });
    assert.equal(first.statusCode, 201, first.body);
    const second = await t.call('POST', `/v1/orders/${order.id}/notes`, { text: 'Promised Friday' });
    assert.equal(second.statusCode, 201, second.body);
    const view = second.json() as { notes: string | null; notes_log: { id: string; text: string; actor: string; at: string }[] };
    assert.equal(view.notes, 'Leave at the door', 'the note that came with the order is unchanged');
    assert.deepEqual(view.notes_log.map((n) => [n.text, n.actor === operator.id]), [['Customer called: wants it by Friday', true], ['Promised Friday', false]]);
    assert.match(view.notes_log[0]?.id ?? '', /^ont_[0-9a-z]{26}$/);
    const added = (await timeline(order.id)).filter((e) => e.type === 'order.note_added');
    assert.deepEqual(added.map((e) => [e.actor === operator.id, e.data.text]), [[true, 'Customer called: wants it by Friday'], [false, 'Promised Friday']]);
    assert.deepEqual(((await t.call('GET', `/v1/orders/${order.id}`)).json() as typeof view).notes_log, view.notes_log, 'GET shows the same notes');
  });

  test('an empty or too long note, or an unknown order, changes nothing', async () => {
    const order = await newOrder();
    for (const [body, field] of [[{ text: '' }, 'text'], [{ text: 'x'.repeat(5001) }, 'text'], [{}, 'text'], [{ text: 'a', extra: 1 }, 'extra']] as const) {
      const res = await t.call('POST', `/v1/orders/${order.id}/notes`, body);
      assert.equal(res.statusCode, 400, res.body);
      assert.ok((res.json().errors as { field: string }[]).some((e) => e.field.includes(field)), `${field} named: ${res.body}`);
    }
    assert.equal((await t.call('POST', '/v1/orders/ord_00000000000000000000000000/notes', { text: 'hi' })).statusCode, 404);
    assert.deepEqual((await timeline(order.id)).filter((e) => e.type === 'order.note_added'), []);
  });

  test('a viewer may read notes but not write them', async () => {
    const order = await newOrder();
    const res = await t.call('POST', `/v1/orders/${order.id}/notes`, { text: 'nope' }, { key: viewer });
    assert.deepEqual([res.statusCode, res.json().code], [403, 'AUTH_FORBIDDEN']);
    assert.deepEqual(((await t.call('GET', `/v1/orders/${order.id}`, undefined, { key: viewer })).json() as { notes_log: unknown[] }).notes_log, []);
  });
});

describe('tags', () => {
  test('tags are replaced, and the timeline says before and after and who', async () => {
    const order = await newOrder();
    const res = await t.call('PUT', `/v1/orders/${order.id}/tags`, { tags: ['gift', 'vip', 'vip'] }, { key: operator.key });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().tags, ['gift', 'vip'], 'duplicates are kept once');
    const [changed] = (await timeline(order.id)).filter((e) => e.type === 'order.tags_changed');
    assert.ok(changed, 'an order.tags_changed event');
    assert.equal(changed.actor, operator.id);
    assert.deepEqual(changed.data, { before: ['web', 'gift'], after: ['gift', 'vip'], added: ['vip'], removed: ['web'] });
    const tagged = (await t.call('GET', `/v1/orders?tag=vip&q=${order.id}`)).json() as { data: { id: string }[] };
    assert.deepEqual(tagged.data.map((o) => o.id), [order.id], 'the tag filter (and q by the order id) finds it');
    assert.deepEqual((await t.call('GET', `/v1/orders?tag=web&q=${order.id}`)).json().data, [], 'not under the tag it lost');
    const same = await t.call('PUT', `/v1/orders/${order.id}/tags`, { tags: ['gift', 'vip'] });
    assert.equal(same.statusCode, 200);
    assert.equal((await timeline(order.id)).filter((e) => e.type === 'order.tags_changed').length, 1, 'the same tags again record nothing');
    const cleared = await t.call('PUT', `/v1/orders/${order.id}/tags`, { tags: [] });
    assert.deepEqual(cleared.json().tags, []);
  });

  test('bad tags are refused naming the field; a viewer is refused', async () => {
    const order = await newOrder();
    for (const body of [{ tags: [''] }, { tags: ['x'.repeat(101)] }, { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, { tags: 'vip' }]) {
      const res = await t.call('PUT', `/v1/orders/${order.id}/tags`, body);
      assert.equal(res.statusCode, 400, res.body);
      assert.ok((res.json().errors as { field: string }[]).some((e) => e.field.startsWith('tags')), res.body);
    }
    const denied = await t.call('PUT', `/v1/orders/${order.id}/tags`, { tags: ['x'] }, { key: viewer });
    assert.deepEqual([denied.statusCode, denied.json().code], [403, 'AUTH_FORBIDDEN']);
    assert.deepEqual((await t.call('GET', `/v1/orders/${order.id}`)).json().tags, ['web', 'gift']);
  });
});
