import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verificationUrl } from '../../src/modules/reviews/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, placeOrder, stockedProduct } from '../support/factories.js';

// Customer verification (ADR 0031): a verification hold sends a signed, expiring link; the
// customer confirms it (public route, the token is the credential) and the hold is released.
let t: TestApp;
let now = new Date('2026-12-01T10:00:00Z');

before(async () => {
  t = await buildTestApp({ clock: () => now });
  await createLocation(t, 'VF-WH');
});
after(() => t.close());

interface Requested {
  type: string;
  actor: string;
  data: { verification_id: string; expires_at: string; case_id: string };
}
const events = async (orderId: string) => ((await t.call('GET', `/v1/orders/${orderId}/events`)).json().data as Requested[]);
/** The events name the link; the link is made again as the notifications make it to send it. */
const links = async (orderId: string) =>
  (await events(orderId))
    .filter((e) => e.type === 'verification.requested')
    .map((e) => {
      assert.deepEqual(Object.keys(e.data).sort(), ['case_id', 'expires_at', 'links_voided', 'verification_id'], 'the event carries no token or link: they confirm the order');
      const url = verificationUrl(e.data.verification_id, new Date(e.data.expires_at));
      return { ...e.data, url, token: url.slice(url.lastIndexOf('/') + 1) };
    });
const page = (token: string) => t.call('GET', `/v1/verify/${token}`, undefined, { key: null });
const confirm = (token: string) => t.call('POST', `/v1/verify/${token}`, undefined, { key: null });
const activeHolds = async (orderId: string) => ((await t.call('GET', `/v1/orders/${orderId}/holds`)).json().data as { type: string; active: boolean }[]).filter((h) => h.active).map((h) => h.type);

async function verifiedOrder() {
  const order = await placeOrder(t, [{ sku: await stockedProduct(t, { 'VF-WH': 3 }), quantity: 1, unit_price: '19.99' }], { channel_order_name: '#V1001' });
  const res = await t.call('POST', `/v1/orders/${order.id}/holds`, { type: 'verification', reason: 'first order, high value' });
  assert.equal(res.statusCode, 201, res.body);
  const [link] = await links(order.id);
  assert.ok(link, 'verification.requested carries the link');
  return { order, link };
}

describe('the link', () => {
  test('placing a verification hold requests a verification: a signed link valid 72 hours; the customer sees the order and confirms it once', async () => {
    const { order, link } = await verifiedOrder();
    assert.ok(link.url.endsWith(`/verify/${link.token}`), link.url);
    assert.equal(link.expires_at, '2026-12-04T10:00:00.000Z');
    const shown = await page(link.token);
    assert.equal(shown.statusCode, 200, shown.body);
    assert.deepEqual([shown.json().order_number, shown.json().total, shown.json().currency, shown.json().lines], ['#V1001', '24.99', 'USD', [{ sku: shown.json().lines[0].sku, quantity: 1 }]]);
    assert.ok(!shown.body.includes('@'), 'no e-mail on the public page');
    const res = await confirm(link.token);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(await activeHolds(order.id), [], 'the verification hold is released');
    const [c] = (await t.call('GET', `/v1/reviews?order_id=${order.id}`)).json().data as { resolution: string; closed_by: string }[];
    assert.equal(c?.resolution, 'approved');
    assert.match(c?.closed_by ?? '', /^customer:vfl_/);
    const confirmed = (await events(order.id)).find((e) => e.type === 'verification.confirmed');
    assert.match(confirmed?.actor ?? '', /^customer:vfl_/);
    const again = await confirm(link.token);
    assert.deepEqual([again.statusCode, again.json().code], [410, 'VERIFICATION_LINK_USED']);
  });

  test('a tampered or forged token is refused and changes nothing', async () => {
    const { order, link } = await verifiedOrder();
    const [id, expiry, signature] = link.token.split('.') as [string, string, string];
    const flipped = `${id}.${expiry}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const longer = `${id}.${(parseInt(expiry, 36) + 86400).toString(36)}.${signature}`;
    const otherLink = `vfl_00000000000000000000000000.${expiry}.${signature}`;
    for (const token of [flipped, longer, otherLink, 'not-a-token-at-all']) {
      for (const res of [await page(token), await confirm(token)]) assert.deepEqual([res.statusCode, res.json().code], [404, 'VERIFICATION_LINK_INVALID'], token);
    }
    assert.deepEqual(await activeHolds(order.id), ['verification'], 'still held');
  });

  test('an expired link is refused (410) and changes nothing', async () => {
    const { order, link } = await verifiedOrder();
    const saved = now;
    now = new Date(now.getTime() + 72 * 3600 * 1000);
    try {
      for (const res of [await page(link.token), await confirm(link.token)]) assert.deepEqual([res.statusCode, res.json().code], [410, 'VERIFICATION_LINK_EXPIRED']);
    } finally {
      now = saved;
    }
    assert.deepEqual(await activeHolds(order.id), ['verification']);
  });

  test('a resend voids the old link; the new one works', async () => {
    const { order, link } = await verifiedOrder();
    const resent = await t.call('POST', `/v1/orders/${order.id}/verification`);
    assert.equal(resent.statusCode, 201, resent.body);
    const newest = (await links(order.id)).at(-1);
    assert.ok(newest && newest.token !== link.token && resent.json().url === newest.url, 'a new link, answered and on the timeline');
    assert.deepEqual([(await confirm(link.token)).json().code], ['VERIFICATION_LINK_USED'], 'the old link is void');
    assert.equal((await confirm(newest.token)).statusCode, 200);
    const late = await t.call('POST', `/v1/orders/${order.id}/verification`);
    assert.deepEqual([late.statusCode, late.json().code], [409, 'VERIFICATION_NOT_PENDING'], 'nothing left to verify');
  });

  test('cancelling the order voids its link', async () => {
    const { order, link } = await verifiedOrder();
    assert.equal((await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'fraud confirmed' })).statusCode, 200);
    const res = await confirm(link.token);
    assert.deepEqual([res.statusCode, res.json().code], [410, 'VERIFICATION_LINK_USED']);
  });
});

describe('the customer’s page behind the link (no JavaScript)', () => {
  const html = (method: 'GET' | 'POST', token: string) =>
    t.app.inject({ method, url: `/verify/${token}`, headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}, payload: method === 'POST' ? '' : undefined });

  test('shows the order and a form; the form confirms; the used link says so; never cached, never a referrer', async () => {
    const { order, link } = await verifiedOrder();
    const shown = await html('GET', link.token);
    assert.equal(shown.statusCode, 200, shown.body);
    assert.match(String(shown.headers['content-type']), /^text\/html/);
    assert.equal(shown.headers['cache-control'], 'no-store');
    assert.equal(shown.headers['referrer-policy'], 'no-referrer');
    assert.match(shown.body, /Please confirm your order #V1001/);
    assert.match(shown.body, /Total: 24\.99 USD/);
    assert.ok(shown.body.includes(`<form method="post" action="/verify/${link.token}">`), 'no form posting to the link');
    assert.ok(!shown.body.includes('<script'), 'the page needs no JavaScript');
    const posted = await html('POST', link.token);
    assert.equal(posted.statusCode, 200, posted.body);
    assert.match(posted.body, /order #V1001 is confirmed/);
    assert.deepEqual(await activeHolds(order.id), [], 'the verification hold is released');
    const again = await html('POST', link.token);
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /Nothing left to confirm/);
  });

  test('a tampered token gets a page saying the link does not work, and changes nothing', async () => {
    const { order, link } = await verifiedOrder();
    const tampered = `${link.token.slice(0, -2)}xx`;
    for (const method of ['GET', 'POST'] as const) {
      const res = await html(method, tampered);
      assert.equal(res.statusCode, 404, res.body);
      assert.match(res.body, /This link does not work/);
    }
    assert.equal((await html('GET', 'not a token!')).statusCode, 404);
    assert.deepEqual(await activeHolds(order.id), ['verification']);
  });
});
