// test-files: database server (two admins revoking each other at once: row locks decide who stays)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { actions, isAllowed, keyKinds, type Action, type KeyKind, type Role } from '../../src/modules/tenancy/domain/roles.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, orderBody, type OrderJson } from '../support/factories.js';

type Reply = Awaited<ReturnType<TestApp['call']>>;

let t: TestApp;
const keys = {} as Record<KeyKind, { id: string; key: string }>;
let channelId: string;

function problem(res: Reply, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  const body = res.json();
  assert.equal(body.status, status);
  assert.equal(body.code, code);
  assert.equal(typeof body.title, 'string');
  assert.equal(typeof body.detail, 'string');
}

async function issue(role: Role, name = `${role} key`, key?: string, binding: { channel?: string; location?: string } = {}) {
  const res = await t.call('POST', '/v1/api-keys', { name, role, ...binding }, key ? { key } : {});
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json() as { id: string; key: string; role: Role; key_prefix: string };
  assert.equal(body.role, role);
  assert.match(body.key, /^oms_/);
  assert.ok(body.key.startsWith(body.key_prefix), `${body.key_prefix} is the key's prefix`);
  return body;
}

async function newTenant(name: string) {
  const res = await t.call('POST', '/v1/tenants', { name });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; name: string; api_key: { id: string; key: string; role: Role } };
}

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'AUTH-WH');
  channelId = (await t.call('POST', '/v1/channels', { type: 'api', name: 'auth-channel' })).json().id;
  for (const role of ['admin', 'operator', 'viewer'] as const) keys[role] = await issue(role);
  // The bounce intake's key (ADR 0035): it may post bounces and nothing else.
  keys.bounces = await issue('bounces');
  keys.channel = await issue('channel', 'channel key', undefined, { channel: channelId });
  keys.location = await issue('channel', 'location key', undefined, { location: 'AUTH-WH' });
  // A channel key from before keys were bound (migration 0031 leaves it bound to nothing).
  keys.unbound_channel = await issue('channel', 'legacy channel key', undefined, { channel: channelId });
  await t.database.db.execute(sql`update api_keys set channel_id = null where id = ${keys.unbound_channel.id}`);
  await createProduct(t, 'AUTH-SKU', { dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 500 });
  assert.equal((await t.call('PUT', '/v1/boxes/AUTH-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 9000, tare_grams: 200, cost: '1.00' })).statusCode, 201);
  await adjust(t, 'AUTH-SKU', 'AUTH-WH', 1000);
});
after(() => t.close());

describe('authentication', () => {
  test('no Authorization header answers 401 problem', async () => {
    const res = await t.call('GET', '/v1/orders', undefined, { key: null });
    problem(res, 401, 'AUTH_MISSING');
  });

  test('a 401 tells the client how to authenticate (WWW-Authenticate, RFC 9110 §11.6.1)', async () => {
    for (const res of [await t.call('GET', '/v1/orders', undefined, { key: null }), await t.call('GET', '/v1/orders', undefined, { key: 'oms_unknown' })]) {
      assert.equal(res.statusCode, 401, res.body);
      assert.match(String(res.headers['www-authenticate'] ?? ''), /^Bearer\b/i);
    }
  });

  test('RFC 7235 allows several spaces after the scheme', async () => {
    const res = await t.call('GET', '/v1/orders', undefined, { key: null, headers: { authorization: `Bearer  ${t.rootKey}` } });
    assert.equal(res.statusCode, 200, res.body);
  });

  test('malformed Authorization headers answer 401', async () => {
    const malformed = [
      `Basic ${Buffer.from('user:pass').toString('base64')}`,
      'Bearer',
      'Bearer ',
      `Bearer ${t.rootKey} extra`,
      `Token ${t.rootKey}`,
      t.rootKey,
      `Bearer ${'x'.repeat(201)}`,
      'Bearer käse',
    ];
    for (const header of malformed) {
      const res = await t.call('GET', '/v1/orders', undefined, { key: null, headers: { authorization: header } });
      assert.equal(res.statusCode, 401, `${header}: ${res.body}`);
      assert.equal(res.json().code, 'AUTH_INVALID', header);
    }
  });

  test('the scheme name is case-insensitive (RFC 9110 §11.1): "bearer <key>" authenticates', async () => {
    const res = await t.call('GET', '/v1/settings', undefined, { key: null, headers: { authorization: `bearer ${t.rootKey}` } });
    assert.equal(res.statusCode, 200, res.body);
  });

  test('an unknown key answers 401', async () => {
    problem(await t.call('GET', '/v1/orders', undefined, { key: 'oms_this_key_was_never_issued_000000000000000000' }), 401, 'AUTH_INVALID');
    // Almost a real key: one character changed.
    const almost = `${t.rootKey.slice(0, -1)}${t.rootKey.endsWith('0') ? '1' : '0'}`;
    problem(await t.call('GET', '/v1/orders', undefined, { key: almost }), 401, 'AUTH_INVALID');
  });

  test('a revoked key answers 401 on the very next request', async () => {
    const k = await issue('operator', 'short-lived');
    assert.equal((await t.call('GET', '/v1/orders', undefined, { key: k.key })).statusCode, 200); // now cached
    assert.equal((await t.call('DELETE', `/v1/api-keys/${k.id}`)).statusCode, 204);
    problem(await t.call('GET', '/v1/orders', undefined, { key: k.key }), 401, 'AUTH_INVALID');
    const listed = ((await t.call('GET', '/v1/api-keys?limit=500')).json().data as { id: string; revoked_at: string | null }[]).find((x) => x.id === k.id);
    assert.ok(listed?.revoked_at, 'the list shows it revoked');
    // Revoking again is harmless.
    assert.equal((await t.call('DELETE', `/v1/api-keys/${k.id}`)).statusCode, 204);
  });

  test('revoking an unknown key answers 404', async () => {
    problem(await t.call('DELETE', '/v1/api-keys/key_00000000000000000000000000'), 404, 'API_KEY_NOT_FOUND');
  });

  test('public routes need no key', async () => {
    for (const url of ['/health', '/ready', '/openapi.json']) {
      const res = await t.call('GET', url, undefined, { key: null });
      assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
    }
  });

  test('the API docs (/docs) need no key', async () => {
    const docs = await t.call('GET', '/docs', undefined, { key: null });
    assert.ok(docs.statusCode === 200 || docs.statusCode === 302, `/docs: ${docs.statusCode} ${docs.body.slice(0, 200)}`);
    // The UI's page and its assets are served without a key too (swagger-ui redirects index.html to /docs/).
    const page = await t.call('GET', '/docs/', undefined, { key: null });
    assert.equal(page.statusCode, 200, `/docs/: ${page.statusCode} ${page.body.slice(0, 200)}`);
    assert.match(String(page.headers['content-type']), /text\/html/);
    const asset = await t.call('GET', '/docs/static/swagger-ui.css', undefined, { key: null });
    assert.equal(asset.statusCode, 200, asset.body);
  });
});

describe('authorisation by role', () => {
  // The policy written out: a change to roles.ts must be reviewed here too.
  const expected: Record<KeyKind, readonly Action[]> = {
    admin: [...actions],
    operator: ['read', 'orders:read', 'fulfillment:read', 'shipments:read', 'locations:write', 'catalog:write', 'inventory:write', 'orders:write', 'orders:cancel', 'orders:hold', 'orders:edit', 'reviews:read', 'reviews:work', 'routing:write', 'fulfillment:write', 'fulfillment:respond', 'fulfillment:pack', 'shipping:write', 'shipping:ship', 'shipping:scan', 'channels:import', 'returns:write', 'customers:read', 'customers:write', 'returns:counter', 'notifications:read', 'notification_templates:read', 'risk:read', 'surveys:read', 'automations:read'],
    viewer: ['read', 'orders:read', 'fulfillment:read', 'shipments:read', 'customers:read', 'notifications:read', 'automations:read'],
    channel: ['orders:read', 'orders:write', 'returns:counter'],
    location: ['fulfillment:read', 'shipments:read', 'fulfillment:respond', 'fulfillment:pack', 'shipping:ship', 'shipping:scan'],
    unbound_channel: [],
    bounces: ['notifications:bounces'],
  };

  test('the written-out policy is the one in roles.ts', () => {
    for (const kind of keyKinds) for (const action of actions) assert.equal(isAllowed(kind, action), expected[kind].includes(action), `${kind} ${action}`);
  });

  let seq = 0;
  /** One representative request per action; answers the response and whether it had an effect. */
  const representative: Record<Action, { allowed: number[]; run: (key: string) => Promise<{ res: Reply; effect: () => Promise<boolean> }> }> = {
    read: {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/settings', undefined, { key }), effect: async () => false }),
    },
    'orders:read': {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/orders', undefined, { key }), effect: async () => false }),
    },
    'fulfillment:read': {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/fulfillment-orders', undefined, { key }), effect: async () => false }),
    },
    'shipments:read': {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/shipments', undefined, { key }), effect: async () => false }),
    },
    'shipping:scan': {
      allowed: [404],
      run: async (key) => ({ res: await t.call('POST', '/v1/shipments/shp_00000000000000000000000000/events', { status: 'in_transit', occurred_at: '2026-01-01T00:00:00Z' }, { key }), effect: async () => false }),
    },
    'fulfillment:pack': {
      allowed: [200],
      run: async (key) => {
        const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'AUTH-SKU', quantity: 1 }]))).json() as OrderJson;
        const fo = ((await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[])[0];
        const res = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/pack`, {}, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/fulfillment-orders/${fo?.id}`)).json().status === 'packed' };
      },
    },
    'orders:write': {
      allowed: [201],
      run: async (key) => {
        const externalId = `AUTH-ORDER-${++seq}`;
        const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'AUTH-SKU', quantity: 1 }], { external_id: externalId, channel: channelId }), { key });
        const found = (await t.call('GET', '/v1/orders?limit=500')).json().data as { external_id?: string; id: string }[];
        return { res, effect: async () => (res.statusCode === 201 ? true : found.some((o) => o.external_id === externalId)) };
      },
    },
    'orders:cancel': {
      allowed: [200],
      run: async (key) => {
        const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'AUTH-SKU', quantity: 1 }]))).json() as OrderJson;
        const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'role matrix' }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/orders/${order.id}`)).json().status === 'cancelled' };
      },
    },
    'orders:hold': {
      allowed: [201],
      run: async (key) => {
        const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'AUTH-SKU', quantity: 1 }]))).json() as OrderJson;
        const res = await t.call('POST', `/v1/orders/${order.id}/holds`, { type: 'manual', reason: 'role matrix' }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/orders/${order.id}`)).json().held === true };
      },
    },
    'reviews:read': {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/reviews', undefined, { key }), effect: async () => false }),
    },
    'reviews:work': {
      allowed: [200],
      run: async (key) => {
        const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'AUTH-SKU', quantity: 1 }]))).json() as OrderJson;
        await t.call('POST', `/v1/orders/${order.id}/holds`, { type: 'fraud_review', reason: 'role matrix' });
        const [c] = (await t.call('GET', `/v1/reviews?order_id=${order.id}`)).json().data as { id: string }[];
        const res = await t.call('POST', `/v1/reviews/${c?.id}/close`, { resolution: 'approved', reason: 'role matrix' }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/orders/${order.id}`)).json().held === false };
      },
    },
    'orders:edit': {
      allowed: [200],
      run: async (key) => {
        const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'AUTH-SKU', quantity: 1 }]))).json() as OrderJson;
        const res = await t.call('PATCH', `/v1/orders/${order.id}`, { notes: 'role matrix' }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/orders/${order.id}`)).json().notes === 'role matrix' };
      },
    },
    'inventory:write': {
      allowed: [201],
      run: async (key) => {
        const sku = `AUTH-INV-${++seq}`;
        await createProduct(t, sku);
        const res = await t.call('POST', '/v1/inventory/adjustments', { sku, location: 'AUTH-WH', delta: 3, reason: 'received' }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/inventory/${sku}`)).json().available_to_promise === 3 };
      },
    },
    'catalog:write': {
      allowed: [201],
      run: async (key) => {
        const sku = `AUTH-CAT-${++seq}`;
        const res = await t.call('PUT', `/v1/products/${sku}`, { name: 'role matrix', price: '1.00', currency: 'USD' }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/products/${sku}`)).statusCode === 200 };
      },
    },
    'locations:write': {
      allowed: [201],
      run: async (key) => {
        const code = `AUTH-LOC-${++seq}`;
        const res = await t.call('POST', '/v1/locations', { code, name: 'role matrix', type: 'warehouse' }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/locations/${code}`)).statusCode === 200 };
      },
    },
    'settings:write': {
      allowed: [200],
      run: async (key) => {
        const before = (await t.call('GET', '/v1/settings')).json().accept_unfillable_orders_on_hold as boolean;
        const res = await t.call('PATCH', '/v1/settings', { accept_unfillable_orders_on_hold: !before }, { key });
        const changed = (await t.call('GET', '/v1/settings')).json().accept_unfillable_orders_on_hold !== before;
        await t.call('PATCH', '/v1/settings', { accept_unfillable_orders_on_hold: false });
        return { res, effect: async () => changed };
      },
    },
    'routing:write': {
      allowed: [201],
      run: async (key) => {
        const name = `auth-policy-${++seq}`;
        const res = await t.call('PUT', `/v1/routing/policies/${name}`, { position: 999, scope: { channels: ['no-such-channel'] }, rules: [{ name: 'r' }] }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/routing/policies/${name}`)).statusCode === 200 };
      },
    },
    'keys:manage': {
      allowed: [201],
      run: async (key) => {
        const name = `made-by-matrix-${++seq}`;
        const res = await t.call('POST', '/v1/api-keys', { name, role: 'viewer' }, { key });
        return { res, effect: async () => ((await t.call('GET', '/v1/api-keys?limit=500')).json().data as { name: string }[]).some((k) => k.name === name) };
      },
    },
    'users:manage': {
      allowed: [201],
      run: async (key) => {
        const email = `made-by-matrix-${++seq}@staff.test`;
        const res = await t.call('POST', '/v1/users', { email, name: 'Matrix', role: 'viewer' }, { key });
        return { res, effect: async () => ((await t.call('GET', '/v1/users?limit=500')).json().data as { email: string }[]).some((u) => u.email === email) };
      },
    },
    'fulfillment:respond': {
      allowed: [200],
      run: async (key) => {
        const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'AUTH-SKU', quantity: 1 }]))).json() as OrderJson;
        const fo = ((await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[])[0];
        const res = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/accept`, {}, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/fulfillment-orders/${fo?.id}`)).json().status !== 'released' };
      },
    },
    'carriers:write': {
      allowed: [201],
      run: async (key) => {
        const code = `auth-carrier-${++seq}`;
        const res = await t.call('PUT', `/v1/carriers/${code}`, { name: code, kind: 'easypost', easypost: { api_key: 'EZTK_auth_matrix' } }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/carriers/${code}`)).statusCode === 200 };
      },
    },
    'channels:write': {
      allowed: [201],
      run: async (key) => {
        const name = `auth-channel-${++seq}`;
        const res = await t.call('POST', '/v1/channels', { type: 'api', name }, { key });
        return { res, effect: async () => ((await t.call('GET', '/v1/channels?limit=500')).json().data as { name: string }[]).some((c) => c.name === name) };
      },
    },
    'channels:import': {
      allowed: [201],
      run: async (key) => {
        const channel = (await t.call('POST', '/v1/channels', { type: 'csv', name: `auth-import-${++seq}` })).json() as { id: string };
        const csv = `Name,Currency,Lineitem quantity,Lineitem price,Lineitem sku\nAUTH-IMPORT-${seq},USD,1,1.00,AUTH-SKU\n`;
        const res = await t.call('POST', `/v1/channels/${channel.id}/imports?format=csv`, csv, { key, headers: { 'content-type': 'text/csv' } });
        return { res, effect: async () => (await t.call('GET', `/v1/orders?channel=${channel.id}`)).json().data.length > 0 };
      },
    },
    'returns:write': {
      // Past authorisation the order is looked up: a key allowed to request returns is told it does not exist.
      allowed: [404],
      run: async (key) => ({ res: await t.call('POST', '/v1/orders/ord_00000000000000000000000000/returns', { lines: [{ order_line_id: 'oln_00000000000000000000000000', quantity: 1, reason: 'defective' }] }, { key }), effect: async () => false }),
    },
    'notifications:read': {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/notifications', undefined, { key }), effect: async () => false }),
    },
    'notifications:bounces': {
      // Past authorisation: no bounce domain is configured in this app.
      allowed: [409],
      run: async (key) => ({ res: await t.call('POST', '/v1/notifications/bounces', 'From: x@b.test\r\n\r\nx', { key, headers: { 'content-type': 'message/rfc822' } }), effect: async () => false }),
    },
    'notifications:suppressions': {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/suppressions', undefined, { key }), effect: async () => false }),
    },
    'notification_templates:read': {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/notification-templates', undefined, { key }), effect: async () => false }),
    },
    'notification_templates:write': {
      allowed: [200],
      run: async (key) => {
        const subject = `Role matrix ${++seq}: order {{ order.name }}`;
        const res = await t.call('PUT', '/v1/notification-templates/delivered/en', { subject }, { key });
        return { res, effect: async () => (await t.call('GET', '/v1/notification-templates/delivered/en')).json().subject === subject };
      },
    },
    'customers:read': {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/customers', undefined, { key }), effect: async () => false }),
    },
    'customers:write': {
      allowed: [200],
      run: async (key) => {
        const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'AUTH-SKU', quantity: 1 }], { customer: { email: `auth-${++seq}@customers.test` } }))).json() as OrderJson & { customer_id: string };
        const note = `role matrix ${seq}`;
        const res = await t.call('PATCH', `/v1/customers/${order.customer_id}`, { note }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/customers/${order.customer_id}`)).json().note === note };
      },
    },
    'customers:erase': {
      allowed: [200],
      run: async (key) => {
        const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'AUTH-SKU', quantity: 1 }], { customer: { email: `auth-${++seq}@customers.test` } }))).json() as OrderJson & { customer_id: string };
        const res = await t.call('POST', `/v1/customers/${order.customer_id}/erase`, { reason: 'role matrix' }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/customers/${order.customer_id}`)).json().erased_at !== null };
      },
    },
    'automations:read': {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/automations', undefined, { key }), effect: async () => false }),
    },
    'automations:write': {
      allowed: [201],
      run: async (key) => {
        const name = `role matrix ${++seq}`;
        const res = await t.call('POST', '/v1/automations', { name, trigger: 'order.created', actions: [{ type: 'add_tag', tag: 'matrix' }], enabled: false }, { key });
        return { res, effect: async () => ((await t.call('GET', '/v1/automations?limit=500')).json().data as { name: string }[]).some((r) => r.name === name) };
      },
    },
    'risk:read': {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/risk/rule-sets/active', undefined, { key }), effect: async () => false }),
    },
    'surveys:read': {
      allowed: [200],
      run: async (key) => ({ res: await t.call('GET', '/v1/nps', undefined, { key }), effect: async () => false }),
    },
    'risk:write': {
      allowed: [201],
      run: async (key) => {
        const note = `role matrix ${++seq}`;
        const res = await t.call('POST', '/v1/risk/rule-sets', { rules: [{ id: 'r', rule: 'review if order.total > 1000' }], note }, { key });
        return { res, effect: async () => ((await t.call('GET', '/v1/risk/rule-sets')).json().data as { note: string | null }[]).some((r) => r.note === note) };
      },
    },
    'returns:counter': {
      // Past authorisation the channel is looked up: an allowed key is told it does not exist (or is not its own).
      allowed: [404],
      run: async (key) => ({ res: await t.call('POST', '/v1/channels/chn_00000000000000000000000000/pos-returns', { order: '1', location: 'X', lines: [{ sku: 'AUTH-SKU', quantity: 1, reason: 'defective', disposition: 'restock' }] }, { key }), effect: async () => false }),
    },
    'webhooks:write': {
      allowed: [201],
      run: async (key) => {
        const url = `https://hooks.example.com/auth-${++seq}`;
        const res = await t.call('POST', '/v1/webhook-endpoints', { url, events: ['*'] }, { key });
        return { res, effect: async () => ((await t.call('GET', '/v1/webhook-endpoints?limit=500')).json().data as { url: string }[]).some((e) => e.url === url) };
      },
    },
    'shipping:write': {
      allowed: [404],
      run: async (key) => ({ res: await t.call('POST', '/v1/shipments/shp_00000000000000000000000000/void', {}, { key }), effect: async () => false }),
    },
    'shipping:ship': {
      // A fulfillment order that is not packed: allowed callers reach the flow (409), others are stopped first.
      allowed: [409],
      run: async (key) => {
        const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'AUTH-SKU', quantity: 1 }]))).json() as OrderJson;
        const fo = ((await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[])[0];
        const res = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/ship`, { tracking_numbers: ['1Z999AA10123456784'] }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/shipments?fulfillment_order_id=${fo?.id}`)).json().data.length > 0 };
      },
    },
    'fulfillment:write': {
      allowed: [200],
      run: async (key) => {
        const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'AUTH-SKU', quantity: 1 }]))).json() as OrderJson;
        const fo = ((await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[])[0];
        const res = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/cancel`, { reason: 'role matrix' }, { key });
        return { res, effect: async () => (await t.call('GET', `/v1/fulfillment-orders/${fo?.id}`)).json().status !== 'released' };
      },
    },
    'tenants:manage': {
      allowed: [201],
      run: async (key) => {
        const name = `Tenant by matrix ${++seq}`;
        const res = await t.call('POST', '/v1/tenants', { name }, { key });
        const events = await t.database.db.execute(sql`select 1 from events where type = 'tenant.created' and data->>'name' = ${name}`);
        return { res, effect: async () => (events as unknown as { rows: unknown[] }).rows.length > 0 };
      },
    },
  };

  test('every action has a representative request', () => {
    assert.deepEqual(Object.keys(representative).sort(), [...actions].sort());
  });

  for (const kind of keyKinds) {
    for (const action of actions) {
      const allowed = expected[kind].includes(action);
      test(`a ${kind} key ${allowed ? 'may' : 'may not'} ${action}`, async () => {
        const { res, effect } = await representative[action].run(keys[kind].key);
        if (allowed) {
          assert.ok(representative[action].allowed.includes(res.statusCode), `${res.statusCode} ${res.body}`);
        } else {
          problem(res, 403, 'AUTH_FORBIDDEN');
          assert.equal(await effect(), false, 'a refused request changed something');
        }
      });
    }
  }

  test('GET /v1/api-keys and DELETE /v1/api-keys/{id} are keys:manage too', async () => {
    for (const kind of keyKinds) {
      const list = await t.call('GET', '/v1/api-keys', undefined, { key: keys[kind].key });
      const victim = await issue('viewer', `victim of ${kind}`);
      const del = await t.call('DELETE', `/v1/api-keys/${victim.id}`, undefined, { key: keys[kind].key });
      if (kind === 'admin') {
        assert.equal(list.statusCode, 200, list.body);
        assert.equal(del.statusCode, 204, del.body);
      } else {
        problem(list, 403, 'AUTH_FORBIDDEN');
        problem(del, 403, 'AUTH_FORBIDDEN');
        assert.equal((await t.call('GET', '/v1/settings', undefined, { key: victim.key })).statusCode, 200, 'the key survived');
      }
    }
  });

  test('an admin key of a tenant that is not the root tenant may not create tenants', async () => {
    const other = await newTenant('Not root');
    const res = await t.call('POST', '/v1/tenants', { name: 'Grandchild' }, { key: other.api_key.key });
    problem(res, 403, 'TENANT_ROOT_ONLY');
    const created = await t.database.db.execute(sql`select 1 from events where type = 'tenant.created' and data->>'name' = 'Grandchild'`);
    assert.equal((created as unknown as { rows: unknown[] }).rows.length, 0);
  });
});

describe('key management', () => {
  test('the last admin key of a tenant cannot be revoked', async () => {
    const tenant = await newTenant('One admin');
    const first = tenant.api_key;
    problem(await t.call('DELETE', `/v1/api-keys/${first.id}`, undefined, { key: first.key }), 409, 'API_KEY_LAST_ADMIN');
    assert.equal((await t.call('GET', '/v1/settings', undefined, { key: first.key })).statusCode, 200);

    // A non-admin key may go while one admin remains.
    const viewer = await issue('viewer', 'viewer', first.key);
    assert.equal((await t.call('DELETE', `/v1/api-keys/${viewer.id}`, undefined, { key: first.key })).statusCode, 204);

    // With a second admin the first may go; then the second is the last.
    const second = await issue('admin', 'second admin', first.key);
    assert.equal((await t.call('DELETE', `/v1/api-keys/${first.id}`, undefined, { key: second.key })).statusCode, 204);
    problem(await t.call('GET', '/v1/settings', undefined, { key: first.key }), 401, 'AUTH_INVALID');
    problem(await t.call('DELETE', `/v1/api-keys/${second.id}`, undefined, { key: second.key }), 409, 'API_KEY_LAST_ADMIN');
  });

  test('two admins revoking each other at once leave one admin', async () => {
    const tenant = await newTenant('Racing admins');
    const a = tenant.api_key;
    const b = await issue('admin', 'b', a.key);
    const results = await Promise.all([
      t.call('DELETE', `/v1/api-keys/${b.id}`, undefined, { key: a.key }),
      t.call('DELETE', `/v1/api-keys/${a.id}`, undefined, { key: b.key }),
    ]);
    // One wins; the other is refused as the last admin, or, if it started after the first finished, its key is already revoked.
    const codes = results.map((r) => r.statusCode).sort();
    assert.ok(codes[0] === 204 && (codes[1] === 409 || codes[1] === 401), String(codes));
    const alive = [];
    for (const k of [a, b]) if ((await t.call('GET', '/v1/settings', undefined, { key: k.key })).statusCode === 200) alive.push(k.id);
    assert.equal(alive.length, 1);
  });

  test('GET /v1/api-keys never returns secrets or hashes', async () => {
    const issued = [await issue('viewer', 'secret check 1'), await issue('channel', 'secret check 2', undefined, { channel: channelId })];
    const secrets = [t.rootKey, ...issued.map((k) => k.key), ...Object.values(keys).map((k) => k.key)];
    const hashes = secrets.map((s) => createHash('sha256').update(s).digest('hex'));
    const res = await t.call('GET', '/v1/api-keys?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    const data = res.json().data as Record<string, unknown>[];
    assert.ok(data.length >= issued.length + keyKinds.length + 1, `${data.length} keys listed: at least the root key, one per kind and the two just issued`);
    for (const row of data) {
      assert.deepEqual(Object.keys(row).sort(), ['channel_id', 'created_at', 'id', 'key_prefix', 'location_id', 'name', 'revoked_at', 'role']);
      for (const [field, value] of Object.entries(row)) {
        for (const secret of secrets) assert.ok(!String(value).includes(secret), `${field} holds a secret`);
        for (const hash of hashes) assert.ok(!String(value).includes(hash), `${field} holds a hash`);
        // The prefix is a short, non-secret part of the key.
        if (field === 'key_prefix') assert.ok(String(value).length <= 12, `key_prefix ${String(value)} is at most 12 characters`);
      }
    }
    for (const secret of secrets) assert.ok(!res.body.includes(secret), 'the answer holds a secret');
    for (const hash of hashes) assert.ok(!res.body.includes(hash), 'the answer holds a hash');
  });

  test('keys are stored hashed: the raw key appears nowhere in the database rows', async () => {
    const k = await issue('operator', 'stored hashed');
    const hashes = await t.database.db.execute(sql`select key_hash from api_keys`);
    const hashRows = (hashes as unknown as { rows: { key_hash: string }[] }).rows;
    assert.ok(hashRows.length >= 2, `${hashRows.length} key rows: at least the root key and this test's`);
    for (const secret of [t.rootKey, k.key]) {
      assert.ok(!hashRows.some((r) => r.key_hash.includes(secret)), 'a key_hash holds the raw key');
      assert.ok(hashRows.some((r) => r.key_hash === createHash('sha256').update(secret).digest('hex')), 'the hash is stored');
    }
    // Nor in any other column of api_keys, nor in the event log.
    for (const table of [sql`select row_to_json(k)::text as line from api_keys k`, sql`select row_to_json(e)::text as line from events e`]) {
      const rows = (await t.database.db.execute(table)) as unknown as { rows: { line: string }[] };
      for (const row of rows.rows) for (const secret of [t.rootKey, k.key]) assert.ok(!row.line.includes(secret), row.line);
    }
  });

  test('a channel key is bound to exactly one channel or one location; other roles to neither', async () => {
    const count = async () => (await t.call('GET', '/v1/api-keys?limit=500')).json().data.length as number;
    const before = await count();
    problem(await t.call('POST', '/v1/api-keys', { name: 'x', role: 'channel' }), 422, 'API_KEY_BINDING_INVALID');
    problem(await t.call('POST', '/v1/api-keys', { name: 'x', role: 'channel', channel: channelId, location: 'AUTH-WH' }), 422, 'API_KEY_BINDING_INVALID');
    problem(await t.call('POST', '/v1/api-keys', { name: 'x', role: 'viewer', channel: channelId }), 422, 'API_KEY_BINDING_INVALID');
    problem(await t.call('POST', '/v1/api-keys', { name: 'x', role: 'channel', channel: 'chn_00000000000000000000000000' }), 422, 'CHANNEL_UNKNOWN');
    const other = await newTenant('Channel elsewhere');
    const foreign = (await t.call('POST', '/v1/channels', { type: 'api', name: 'foreign' }, { key: other.api_key.key })).json().id as string;
    problem(await t.call('POST', '/v1/api-keys', { name: 'x', role: 'channel', channel: foreign }), 422, 'CHANNEL_UNKNOWN');
    assert.equal(await count(), before, 'a refused key was stored');
    const bound = await t.call('POST', '/v1/api-keys', { name: 'bound', role: 'channel', channel: channelId });
    assert.equal(bound.statusCode, 201, bound.body);
    assert.equal(bound.json().channel_id, channelId);
    const listed = ((await t.call('GET', '/v1/api-keys?limit=500')).json().data as { id: string; channel_id: string | null }[]).find((k) => k.id === bound.json().id);
    assert.equal(listed?.channel_id, channelId);
  });

  test('a channel key bound to nothing (issued before keys were bound) is refused everywhere and told why', async () => {
    for (const [method, url] of [['GET', '/v1/orders'], ['POST', '/v1/orders'], ['GET', '/v1/settings'], ['GET', '/v1/fulfillment-orders']] as const) {
      const res = await t.call(method, url, method === 'POST' ? orderBody([{ sku: 'AUTH-SKU', quantity: 1 }], { channel: channelId }) : undefined, { key: keys.unbound_channel.key });
      problem(res, 403, 'AUTH_FORBIDDEN');
      assert.match(res.json().detail, /bound to no channel/);
    }
  });

  test('POST /v1/api-keys refuses unknown roles and fields', async () => {
    problem(await t.call('POST', '/v1/api-keys', { name: 'x', role: 'superuser' }), 400, 'REQUEST_INVALID');
    problem(await t.call('POST', '/v1/api-keys', { name: 'x', role: 'viewer', key: 'oms_chosen_by_client' }), 400, 'REQUEST_INVALID');
  });
});
