import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { locales } from '../../src/apps/portal/portal-i18n.js';
import { portalLinkFor } from '../../src/flows/portal/steps/portal-links.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, placeOrder, stockedProduct, uniqueCode, type OrderJson } from '../support/factories.js';

/**
 * The customer portal over HTTP (ADR 0036): lookup without enumeration, its rate limits, magic
 * links (good, tampered, another tenant's, expired), the session's CSRF token on every POST, and
 * the customer's cancel and address change through the order's own use cases.
 */
let t: TestApp;
let now = new Date('2026-12-01T10:00:00Z');
let wh: string;
let addressSeq = 10;

before(async () => {
  t = await buildTestApp({ clock: () => now });
  const settings = await t.call('PATCH', '/v1/settings', { portal_slug: 'acme', portal_brand_colour: '#7a1fa2', fulfillment_release: 'review' });
  assert.equal(settings.statusCode, 200, settings.body);
  assert.equal((await t.call('PUT', '/v1/boxes/PT-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  wh = (await createLocation(t, uniqueCode('PWH'), { address: { name: 'Portal DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' })).code;
});
after(() => t.close());

/** A browser: its own address and cookies, following nothing (each answer is asserted). */
function visitor(address = `198.51.100.${(addressSeq += 1)}`) {
  const jar = new Map<string, string>();
  const keep = (res: LightMyRequestResponse) => {
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair = ''] = c.split(';');
      const [name = '', ...value] = pair.split('=');
      jar.set(name, value.join('='));
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    get: async (url: string, headers: Record<string, string> = {}) => keep(await t.app.inject({ method: 'GET', url, remoteAddress: address, headers: { cookie: cookie(), ...headers } })),
    post: async (url: string, form: Record<string, string>) =>
      keep(await t.app.inject({ method: 'POST', url, remoteAddress: address, headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() })),
    /** The CSRF token of the form on this page. */
    csrf: (res: LightMyRequestResponse) => /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? assert.fail(`no CSRF token on ${res.body.slice(0, 300)}`),
  };
}

async function order(overrides: Record<string, unknown> = {}): Promise<OrderJson> {
  const sku = await stockedProduct(t, { [wh]: 5 }, { name: 'Walnut desk lamp' });
  return placeOrder(t, [{ sku, quantity: 2, unit_price: '10.00' }], { channel_order_name: `#P${uniqueCode('').slice(-6)}`, ...overrides });
}

const nameOf = (o: OrderJson) => (o as unknown as { channel_order_name: string }).channel_order_name;

/** Finds `o` through the lookup form; the visitor's session then opens it. */
async function lookUp(o: OrderJson, proof = 'ada@example.com', v = visitor()) {
  const form = await v.get('/portal/acme');
  assert.equal(form.statusCode, 200, form.body);
  const res = await v.post('/portal/acme/lookup', { _csrf: v.csrf(form), number: nameOf(o), proof });
  return { v, res };
}

/** Runs `fn` with the clock moved on by `ms`, then puts it back. */
async function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const saved = now;
  now = new Date(now.getTime() + ms);
  try {
    return await fn();
  } finally {
    now = saved;
  }
}

/** The page without its per-response CSP nonce. */
const withoutNonce = (body: string) => body.replace(/nonce="[^"]+"/g, 'nonce=""');

describe('finding an order', () => {
  test('order number + e-mail (any case) or postal code opens the order page; it shows items, money and the address', async () => {
    const o = await order();
    for (const proof of ['ada@example.com', ' ADA@Example.com ', '62701']) {
      const { v, res } = await lookUp(o, proof);
      assert.deepEqual([res.statusCode, res.headers.location], [303, '/portal/acme/order'], `${proof}: ${res.body}`);
      const cookie = String(res.headers['set-cookie']);
      assert.match(cookie, /oms_portal=ord_[0-9a-z]{26}\./, 'the session names the order');
      assert.match(cookie, /Path=\/portal\/acme; HttpOnly; SameSite=Lax; Max-Age=1800/);
      const page = await v.get('/portal/acme/order');
      assert.equal(page.statusCode, 200, page.body);
      assert.ok(page.body.includes(`Order ${nameOf(o)}`), 'the order number is the title');
      assert.ok(page.body.includes('Walnut desk lamp'), 'items by product name');
      assert.ok(page.body.includes('$25.00'), 'the total, 2 × 10.00 + 5.00 shipping, in the locale’s format');
      assert.ok(page.body.includes('12 Analytical Way'), 'the shipping address');
      assert.match(String(page.headers['content-security-policy']), /default-src 'none'; style-src 'nonce-/);
      assert.equal(page.headers['cache-control'], 'no-store');
    }
  });

  test('an unknown order number and a wrong e-mail get the same answer, word for word (no enumeration)', async () => {
    const o = await order();
    const v = visitor();
    const form = await v.get('/portal/acme');
    const csrf = v.csrf(form);
    const wrongEmail = await v.post('/portal/acme/lookup', { _csrf: csrf, number: nameOf(o), proof: 'eve@example.com' });
    const unknown = await v.post('/portal/acme/lookup', { _csrf: csrf, number: nameOf(o), proof: 'eve@example.com' });
    const noSuch = await v.post('/portal/acme/lookup', { _csrf: csrf, number: '#NOPE-404', proof: 'ada@example.com' });
    assert.deepEqual([wrongEmail.statusCode, unknown.statusCode, noSuch.statusCode], [404, 404, 404]);
    assert.equal(withoutNonce(noSuch.body).replace('#NOPE-404', 'X'), withoutNonce(wrongEmail.body).replace(nameOf(o), 'X'), 'the pages differ only by the number typed');
    assert.ok(wrongEmail.body.includes('We could not find an order with these details'), 'the not-found sentence');
    assert.equal(wrongEmail.headers['set-cookie'], undefined, 'no session for a failed lookup');
  });

  test('another tenant’s order is not found under this portal, with the right e-mail', async () => {
    const b = await t.call('POST', '/v1/tenants', { name: 'Tenant B' });
    const keyB = b.json().api_key.key as string;
    assert.equal((await t.call('PATCH', '/v1/settings', { fraud_screening: false, portal_slug: 'bravo' }, { key: keyB })).statusCode, 200);
    const whB = (await createLocation(t, uniqueCode('BWH'), {}, keyB)).code;
    const sku = await stockedProduct(t, { [whB]: 2 }, {}, keyB);
    const oB = await placeOrder(t, [{ sku, quantity: 1 }], { channel_order_name: '#B-777' }, keyB);
    const { res } = await lookUp(oB);
    assert.equal(res.statusCode, 404, 'acme’s portal does not find bravo’s order');
    const v = visitor();
    const form = await v.get('/portal/bravo');
    assert.equal((await v.post('/portal/bravo/lookup', { _csrf: v.csrf(form), number: '#B-777', proof: 'ada@example.com' })).statusCode, 303, 'bravo’s portal does');
    const taken = await t.call('PATCH', '/v1/settings', { portal_slug: 'acme' }, { key: keyB });
    assert.equal(taken.statusCode, 409, taken.body);
    assert.equal(taken.json().code, 'SETTINGS_PORTAL_SLUG_TAKEN');
    assert.deepEqual(taken.json().errors, [{ field: 'portal_slug', message: 'is used by another tenant: choose another' }]);
  });

  test('portal settings are checked: a slug of lower-case letters, digits and hyphens, an https logo, a #rrggbb colour', async () => {
    for (const body of [{ portal_slug: 'Acme Shop' }, { portal_slug: '-acme' }, { portal_logo_url: 'http://shop.test/logo.png' }, { portal_logo_url: 'javascript:alert(1)' }, { portal_brand_colour: 'red' }]) {
      const res = await t.call('PATCH', '/v1/settings', body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
    }
    assert.equal((await t.call('GET', '/v1/settings')).json().portal_slug, 'acme', 'unchanged');
  });

  test('a slug that names no portal is a 404 page', async () => {
    const res = await visitor().get('/portal/nobody-here');
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /There is no order page at this address/);
  });

  test('order data is escaped in the page', async () => {
    const o = await order({ shipping_address: { name: '<script>alert(1)</script>', line1: '1 "Quote" St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' } });
    const { v } = await lookUp(o);
    const page = await v.get('/portal/acme/order');
    assert.ok(!page.body.includes('<script>alert(1)'), 'no markup from order data');
    assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the name shown as text');
  });
});

describe('the lookup’s rate limits', () => {
  test('per order number: after 5 failures, that number is refused (429, Retry-After) from every address, even with the right e-mail; other numbers are not', async () => {
    const o = await order();
    const other = await order();
    const attacker = visitor();
    const form = await attacker.get('/portal/acme');
    for (let i = 0; i < 5; i++) assert.equal((await attacker.post('/portal/acme/lookup', { _csrf: attacker.csrf(form), number: nameOf(o), proof: `guess${i}@example.com` })).statusCode, 404);
    const { res } = await lookUp(o);
    assert.equal(res.statusCode, 429, 'the customer, from elsewhere, is refused for now too');
    assert.ok(Number(res.headers['retry-after']) > 0, `Retry-After: ${res.headers['retry-after']}`);
    assert.match(res.body, /Too many attempts\. Please wait 15 minutes/);
    assert.equal((await lookUp(other)).res.statusCode, 303, 'another order number is looked up as usual');
    now = new Date(now.getTime() + 16 * 60_000);
    assert.equal((await lookUp(o)).res.statusCode, 303, 'after the window the order is found again');
  });

  test('per address: after 20 failed lookups of any numbers, the address is refused; another address is not', async () => {
    const o = await order();
    const attacker = visitor();
    const form = await attacker.get('/portal/acme');
    for (let i = 0; i < 20; i++) assert.equal((await attacker.post('/portal/acme/lookup', { _csrf: attacker.csrf(form), number: `#GUESS-${i}`, proof: 'ada@example.com' })).statusCode, 404);
    const refused = await attacker.post('/portal/acme/lookup', { _csrf: attacker.csrf(form), number: nameOf(o), proof: 'ada@example.com' });
    assert.equal(refused.statusCode, 429, 'even the right details, from this address');
    assert.equal((await lookUp(o)).res.statusCode, 303, 'another address finds it');
  });
});

describe('magic links', () => {
  test('a link from portalLinkFor opens the order page and starts a session for that order', async () => {
    const o = await order();
    const url = await portalLinkFor(t.database.db, t.tenantId, o.id, now);
    assert.ok(url, 'the tenant has a portal');
    const path = new URL(url).pathname;
    assert.match(path, /^\/portal\/acme\/link\/ord_[0-9a-z]{26}\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    const v = visitor();
    const opened = await v.get(path);
    assert.deepEqual([opened.statusCode, opened.headers.location], [303, '/portal/acme/order']);
    const page = await v.get('/portal/acme/order');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`Order ${nameOf(o)}`), 'the order page of the linked order');
  });

  test('a tampered link (signature, order, expiry) or one under another portal is refused: 403, and no session', async () => {
    const o = await order();
    const other = await order();
    const path = new URL((await portalLinkFor(t.database.db, t.tenantId, o.id, now)) as string).pathname;
    const [orderId, exp, sig] = path.split('/').at(-1)?.split('.') ?? [];
    const flip = (s: string) => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`;
    const forged = [`${orderId}.${exp}.${flip(sig ?? '')}`, `${other.id}.${exp}.${sig}`, `${orderId}.${(parseInt(exp ?? '0', 36) + 86_400 * 30).toString(36)}.${sig}`, 'garbage'];
    for (const token of forged) {
      const v = visitor();
      const res = await v.get(`/portal/acme/link/${token}`);
      assert.equal(res.statusCode, 403, token);
      assert.match(res.body, /This link does not work/);
      assert.equal((await v.get('/portal/acme/order')).statusCode, 403, 'the visitor’s session opens no order');
    }
    const elsewhere = await visitor().get(path.replace('/portal/acme/', '/portal/bravo/'));
    assert.equal(elsewhere.statusCode, 403, 'signed for acme: refused under bravo');
  });

  test('an expired link is 410 with the lookup form', async () => {
    const o = await order();
    const path = new URL((await portalLinkFor(t.database.db, t.tenantId, o.id, now)) as string).pathname;
    const res = await later(7 * 86_400_000 + 1000, () => visitor().get(path));
    assert.equal(res.statusCode, 410);
    assert.match(res.body, /This link has expired/);
    assert.match(res.body, /data-testid="lookup-form"/);
  });
});

describe('CSRF and the session', () => {
  test('a POST without the token, with a wrong one, or with another session’s token is refused (403) and changes nothing', async () => {
    const o = await order();
    const { v } = await lookUp(o);
    const page = await v.get('/portal/acme/order');
    const good = v.csrf(page);
    const { v: other } = await lookUp(await order());
    const otherToken = other.csrf(await other.get('/portal/acme/order'));
    for (const form of [{}, { _csrf: 'x'.repeat(43) }, { _csrf: otherToken }] as Record<string, string>[]) {
      const res = await v.post('/portal/acme/order/cancel', form);
      assert.equal(res.statusCode, 403, JSON.stringify(form));
      assert.match(res.body, /The form had expired/);
    }
    const stranger = visitor();
    assert.equal((await stranger.post('/portal/acme/order/cancel', { _csrf: good })).statusCode, 403, 'the token without its cookie');
    assert.equal((await stranger.post('/portal/acme/lookup', { number: nameOf(o), proof: 'ada@example.com' })).statusCode, 403, 'the lookup form needs its token too');
    assert.equal((await t.call('GET', `/v1/orders/${o.id}`)).json().status, 'allocated', 'not cancelled');
  });

  test('the session expires after 30 minutes: the order page asks to find the order again', async () => {
    const { v } = await lookUp(await order());
    const res = await later(31 * 60_000, () => v.get('/portal/acme/order'));
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /Your visit has timed out/);
  });
  test('sign-out (a POST with the token) ends the cookie; the order page then asks to find the order again; without the token nothing ends', async () => {
    const { v } = await lookUp(await order());
    const page = await v.get('/portal/acme/order');
    assert.match(page.body, /action="\/portal\/acme\/signout"/, 'the order page offers sign-out');
    const forged = await v.post('/portal/acme/signout', {});
    assert.equal(forged.statusCode, 403, 'no token: refused');
    assert.equal((await v.get('/portal/acme/order')).statusCode, 200, 'still signed in');
    const out = await v.post('/portal/acme/signout', { _csrf: v.csrf(page) });
    assert.deepEqual([out.statusCode, out.headers.location], [303, '/portal/acme?done=signed_out']);
    assert.match(String(out.headers['set-cookie']), /oms_portal=; Path=\/portal\/acme; HttpOnly; SameSite=Lax; Max-Age=0/);
    assert.equal(v.jar.get('oms_portal'), '', 'the browser holds no session');
    const after = await v.get('/portal/acme/order');
    assert.equal(after.statusCode, 403);
    assert.match(after.body, /Your visit has timed out|find your order again/i);
    const landing = await v.get('/portal/acme?done=signed_out');
    assert.match(landing.body, /You are signed out/);
    assert.doesNotMatch(landing.body, /data-testid="sign-out"/, 'nothing to sign out of');
  });
});

describe('what the customer does', () => {
  test('cancel before release: through the cancel step, recorded as the customer’s; after release it is no longer offered', async () => {
    const o = await order();
    const { v } = await lookUp(o);
    const page = await v.get('/portal/acme/order');
    assert.match(page.body, /data-testid="cancel-order"/);
    const res = await v.post('/portal/acme/order/cancel', { _csrf: v.csrf(page) });
    assert.deepEqual([res.statusCode, res.headers.location], [303, '/portal/acme/order?done=cancelled']);
    assert.equal((await t.call('GET', `/v1/orders/${o.id}`)).json().status, 'cancelled');
    const events = (await t.call('GET', `/v1/orders/${o.id}/events`)).json().data as { type: string; actor: string; data: { reason?: string } }[];
    const cancelled = events.find((e) => e.type === 'order.cancelled');
    assert.deepEqual([cancelled?.actor, cancelled?.data.reason], [`customer:portal:${o.id}`, 'cancelled by the customer in the portal']);
    const after = await v.get('/portal/acme/order?done=cancelled');
    assert.match(after.body, /Your order is cancelled/);
    assert.match(after.body, /Order cancelled/, 'the timeline says so');
    assert.doesNotMatch(after.body, /Items cancelled/, 'a whole cancellation is one entry of the timeline');
    assert.match(after.body, /Quantity: 2 \(2 cancelled\)/);
    assert.match(after.body, /Cancelled, not charged<\/dt><dd>\$25\.00/);

    const released = await order();
    for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${released.id}`)).json().data as { id: string }[]) {
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/release`, {})).statusCode, 200);
    }
    const { v: w } = await lookUp(released);
    const releasedPage = await w.get('/portal/acme/order');
    assert.doesNotMatch(releasedPage.body, /data-testid="cancel-order"/, 'no cancel button once the warehouse has it');
    const refused = await w.post('/portal/acme/order/cancel', { _csrf: w.csrf(await w.get('/portal/acme/order/address')) });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /can no longer be cancelled here/);
    assert.equal((await t.call('GET', `/v1/orders/${released.id}`)).json().status, 'allocated');
  });

  test('change the address: problems next to their fields (nothing written), then the change through an order edit', async () => {
    const o = await order();
    const { v } = await lookUp(o);
    const form = await v.get('/portal/acme/order/address');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="12 Analytical Way"/, 'prefilled');
    const bad = await v.post('/portal/acme/order/address', { _csrf: v.csrf(form), name: 'Ada Lovelace', line1: '5 New Rd', city: '', postal_code: '62704', country: 'USA' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="f-city" name="city" value=""[^>]*aria-invalid="true" aria-describedby="f-city-error"/);
    assert.match(bad.body, /id="f-city-error"[^>]*>Please fill this in\./);
    assert.match(bad.body, /id="f-country-error"[^>]*>Enter the two-letter country code/);
    assert.equal((await t.call('GET', `/v1/orders/${o.id}`)).json().shipping_address.line1, '12 Analytical Way');

    const good = await v.post('/portal/acme/order/address', { _csrf: v.csrf(bad), name: 'Ada Lovelace', line1: '5 New Rd', city: 'Springfield', postal_code: '62704', country: 'us' });
    assert.deepEqual([good.statusCode, good.headers.location], [303, '/portal/acme/order?done=address'], good.body);
    const stored = (await t.call('GET', `/v1/orders/${o.id}`)).json().shipping_address;
    assert.deepEqual([stored.line1, stored.postal_code, stored.country], ['5 New Rd', '62704', 'US']);
    const edited = ((await t.call('GET', `/v1/orders/${o.id}/events`)).json().data as { type: string; actor: string }[]).find((e) => e.type === 'order.edited');
    assert.equal(edited?.actor, `customer:portal:${o.id}`);
    assert.match((await v.get('/portal/acme/order')).body, /Shipping address changed/, 'the timeline names the change');
  });
});

describe('returns', () => {
  /** An order of `sku` (default: a new product, 5 on hand), released, packed and shipped on a sample USPS card. */
  async function shipped(given?: string): Promise<OrderJson> {
    const sku = given ?? (await stockedProduct(t, { [wh]: 5 }, { name: 'Oak shelf', dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 }));
    const o = await placeOrder(t, [{ sku, quantity: given ? 1 : 2, unit_price: '10.00' }], { channel_order_name: `#R${uniqueCode('').slice(-6)}` });
    for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${o.id}`)).json().data as { id: string }[]) {
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/release`, {})).statusCode, 200);
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
      const res = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, { carrier: 'usps' });
      assert.equal(res.statusCode, 201, res.body);
    }
    return o;
  }

  test('a return started in the portal is the returns module’s return, by the customer; its label is only this order’s', async () => {
    const o = await shipped();
    const { v } = await lookUp(o);
    const page = await v.get('/portal/acme/order');
    assert.match(page.body, /Returns are accepted until/);
    const form = await v.get('/portal/acme/order/return');
    assert.equal(form.statusCode, 200);
    const none = await v.post('/portal/acme/order/return', { _csrf: v.csrf(form), line_0: o.lines[0]?.id ?? '', qty_0: '0', reason_0: 'defective', outcome: 'refund' });
    assert.equal(none.statusCode, 422);
    assert.match(none.body, /Choose at least one item to return/);
    const noted = await v.post('/portal/acme/order/return', { _csrf: v.csrf(form), line_0: o.lines[0]?.id ?? '', qty_0: '1', reason_0: 'other', outcome: 'refund' });
    assert.equal(noted.statusCode, 422, '“other” needs a note');
    const res = await v.post('/portal/acme/order/return', { _csrf: v.csrf(form), line_0: o.lines[0]?.id ?? '', qty_0: '1', reason_0: 'defective', outcome: 'store_credit' });
    assert.deepEqual([res.statusCode, res.headers.location], [303, '/portal/acme/order?done=return'], res.body);
    const [ret] = (await t.call('GET', `/v1/orders/${o.id}/returns`)).json().data as { id: string; outcome: string; created_by: string; lines: { quantity: number; reason: string }[] }[];
    assert.deepEqual([ret?.outcome, ret?.created_by, ret?.lines.map((l) => [l.quantity, l.reason])], ['store_credit', `customer:portal:${o.id}`, [[1, 'defective']]]);
    assert.match((await v.get('/portal/acme/order')).body, /Requested: the shop is looking at it/);

    const { v: w } = await lookUp(await shipped());
    assert.equal((await w.get(`/portal/acme/order/returns/${ret?.id}/label.pdf`)).statusCode, 404, 'another order’s session cannot fetch this return’s label');
  });

  test('the return policy says why not, in sentences, and offers no form', async () => {
    const sku = uniqueCode('FINAL');
    const policy = (await t.call('GET', '/v1/return-policy')).json();
    assert.equal((await t.call('PUT', '/v1/return-policy', { ...policy, final_sale_skus: [sku] })).statusCode, 200);
    try {
      assert.equal((await t.call('PUT', `/v1/products/${sku}`, { name: 'Clearance stool', price: '10.00', currency: 'USD', dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 })).statusCode, 201);
      const adjust = await t.call('POST', '/v1/inventory/adjustments', { sku, location: wh, delta: 3, reason: 'received' });
      assert.equal(adjust.statusCode, 201, adjust.body);
      const { v } = await lookUp(await shipped(sku));
      const page = await v.get('/portal/acme/order');
      assert.match(page.body, /A return is not possible:/);
      assert.ok(page.body.includes('Clearance stool was sold as final sale and cannot be returned.'), 'the policy’s sentence, naming the product');
      assert.doesNotMatch(page.body, /data-testid="start-return"/);
      assert.equal((await v.get('/portal/acme/order/return')).statusCode, 303, 'the form sends back to the order');
    } finally {
      assert.equal((await t.call('PUT', '/v1/return-policy', policy)).statusCode, 200);
    }
  });
  test('in German, the policy’s refusals, the return form’s reasons and its errors are German: no English sentence on the page', async () => {
    const sku = uniqueCode('FINDE');
    const policy = (await t.call('GET', '/v1/return-policy')).json();
    assert.equal((await t.call('PUT', '/v1/return-policy', { ...policy, final_sale_skus: [sku], return_shipping: 'charged', restocking_fee_bps: 1000 })).statusCode, 200);
    try {
      assert.equal((await t.call('PUT', `/v1/products/${sku}`, { name: 'Hocker', price: '10.00', currency: 'USD', dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 })).statusCode, 201);
      assert.equal((await t.call('POST', '/v1/inventory/adjustments', { sku, location: wh, delta: 3, reason: 'received' })).statusCode, 201);
      const { v } = await lookUp(await shipped(sku));
      const de = { 'accept-language': 'de' };
      const refused = await v.get('/portal/acme/order', de);
      assert.ok(refused.body.includes('Eine Rücksendung ist nicht möglich:'), 'the German lead-in');
      assert.ok(refused.body.includes('Hocker wurde als Endverkauf verkauft und ist von der Rückgabe ausgeschlossen.'), 'the policy’s refusal, worded in German with the product’s name');
      assert.doesNotMatch(refused.body, /final sale|cannot be returned/, 'not the module’s English sentence');
      // Later than the window, too: the closed window is said in German, with German dates.
      const lateOrder = await shipped(sku);
      const late = await later(60 * 86_400_000, async () => (await lookUp(lateOrder)).v.get('/portal/acme/order', de));
      assert.match(late.body, /Die Rückgabefrist von 30 Tagen für Hocker, gerechnet ab dem Versand am 01\.12\.2026 zuzüglich 5 Tagen Laufzeit, endete am 05\.01\.2027\./);

      // A returnable order: notes, reason labels and a refused form in German.
      const o = await shipped();
      const { v: w } = await lookUp(o);
      const page = await w.get('/portal/acme/order?lang=de'); // remembered: the form's answers are German too
      assert.ok(page.body.includes('Die Kosten für den Rückversand tragen Sie.'), 'the policy’s note in German');
      assert.ok(page.body.includes('Für Oak shelf fällt eine Wiedereinlagerungsgebühr von 10'), 'the restocking fee in German');
      const form = await w.get('/portal/acme/order/return', de);
      assert.match(form.body, />Defekt<\/option>/, 'the default reasons in German');
      const noNote = await w.post('/portal/acme/order/return', { _csrf: w.csrf(form), line_0: o.lines[0]?.id ?? '', qty_0: '1', reason_0: 'other', outcome: 'refund' });
      assert.equal(noNote.statusCode, 422);
      assert.ok(noNote.body.includes('Bitte erläutern Sie den gewählten Grund'), 'the missing note in German');
      const tooMany = await w.post('/portal/acme/order/return', { _csrf: w.csrf(form), line_0: o.lines[0]?.id ?? '', qty_0: '9', reason_0: 'defective', outcome: 'refund' });
      assert.equal(tooMany.statusCode, 422);
      assert.ok(tooMany.body.includes('Sie haben mehr Artikel gewählt'), 'too many units in German');
      // Every English sentence of the catalogue (those that differ in German) is absent from the German pages.
      const english = (Object.keys(locales.en) as (keyof typeof locales.en)[]).filter((k) => locales.en[k] !== locales.de[k] && locales.en[k].split(' ').length >= 3).map((k) => locales.en[k].replace(/\{\w+\}.*$/, '').trim()).filter((s) => s.length >= 12);
      for (const body of [refused.body, late.body, page.body, form.body, noNote.body, tooMany.body]) {
        for (const sentence of english) assert.ok(!body.includes(sentence), `no English “${sentence}” on a German page`);
        assert.doesNotMatch(body, /Return shipping|restocking fee|is required when|at most \d/, 'no sentence of the returns module');
      }
    } finally {
      assert.equal((await t.call('PUT', '/v1/return-policy', policy)).statusCode, 200);
    }
  });

  test('in German, a refused cancel and a refused address field are German', async () => {
    const released = await order();
    for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${released.id}`)).json().data as { id: string }[]) {
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/release`, {})).statusCode, 200);
    }
    const { v } = await lookUp(released);
    const page = await v.get('/portal/acme/order/address?lang=de');
    const refused = await v.post('/portal/acme/order/cancel', { _csrf: v.csrf(page) });
    assert.equal(refused.statusCode, 409);
    assert.ok(refused.body.includes('Diese Bestellung kann hier nicht mehr storniert werden.'), refused.body.slice(0, 200));
    assert.doesNotMatch(refused.body, /can no longer be cancelled/);
    const o = await order();
    const { v: w } = await lookUp(o);
    const form = await w.get('/portal/acme/order/address?lang=de');
    const bad = await w.post('/portal/acme/order/address', { _csrf: w.csrf(form), name: 'Ada', line1: '', city: 'Berlin', postal_code: '10115', country: 'Deutschland' });
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.body.includes('Bitte ausfüllen.') && bad.body.includes('Geben Sie den zweistelligen Ländercode ein'), 'field errors in German');
    assert.doesNotMatch(bad.body, /Please fill this in|two-letter/);
  });
});

describe('languages', () => {
  test('Accept-Language chooses German; ?lang= switches and is remembered; amounts follow the locale', async () => {
    const o = await order();
    const { v } = await lookUp(o);
    const de = await v.get('/portal/acme/order', { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    assert.match(de.body, /<html lang="de">/);
    assert.ok(de.body.includes(`Bestellung ${nameOf(o)}`), 'the German title');
    assert.ok(de.body.includes('25,00\u00a0$'), 'German writes the amount 25,00 $ (a no-break space)');
    const en = await v.get('/portal/acme/order?lang=en', { 'accept-language': 'de' });
    assert.match(en.body, /<html lang="en">/);
    const remembered = await v.get('/portal/acme/order', { 'accept-language': 'de' });
    assert.match(remembered.body, /<html lang="en">/, 'the choice outlasts the header');
  });
});
