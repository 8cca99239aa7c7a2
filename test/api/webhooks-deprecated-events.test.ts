// test-files: database server (the outbox relay fans events out to subscriptions)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { deliverWebhooks, relayOutbox } from '../../src/modules/integrations/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, stockedProduct } from '../support/factories.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

/**
 * ADR 0015: checkout reservation events were `hold.*` and are `checkout_reservation.*` now. An
 * endpoint that still names the old types keeps receiving them under the old name, body as
 * before, marked deprecated (Deprecation and Sunset headers) until the removal date; an endpoint
 * naming the new types, or everything, gets the new names only. Each test subscribes endpoints
 * of its own, reserves a SKU of its own and removes its endpoints when it ends.
 */
describe('webhooks: renamed event types keep reaching subscribers of the old name', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ secrets: { OMS_WEBHOOK_ALLOW_PRIVATE: '1' } });
  });
  after(() => t.close());

  interface Subscriber {
    id: string;
    secret: string;
    receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  }

  /** Endpoints for these subscriptions, each with its own receiver; removed after `body`. */
  async function withEndpoints<K extends string>(subscriptions: Record<K, string[]>, body: (subscribers: Record<K, Subscriber>) => Promise<void>): Promise<void> {
    const subscribers = {} as Record<K, Subscriber>;
    try {
      for (const [name, events] of Object.entries(subscriptions) as [K, string[]][]) {
        const receiver = await startWebhookReceiver();
        const res = await t.call('POST', '/v1/webhook-endpoints', { url: receiver.url, events });
        assert.equal(res.statusCode, 201, res.body);
        subscribers[name] = { id: res.json().id as string, secret: res.json().secret as string, receiver };
      }
      await body(subscribers);
    } finally {
      for (const s of Object.values(subscribers) as Subscriber[]) {
        await t.call('DELETE', `/v1/webhook-endpoints/${s.id}`);
        await s.receiver.close();
      }
    }
  }

  /** A checkout reservation of a new SKU, made and released: its `created` and `released` events. */
  async function reserveAndRelease(): Promise<string> {
    const { code } = await createLocation(t);
    const sku = await stockedProduct(t, { [code]: 5 });
    const created = await t.call('POST', '/v1/reservations', { sku, quantity: 2, ttl_seconds: 600 });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    const released = await t.call('DELETE', `/v1/reservations/${id}`);
    assert.equal(released.statusCode, 204, released.body);
    return id;
  }

  /** Relays the outbox and sends what is due, at `now` (real time: the verifier refuses stale timestamps). */
  async function relayAndDeliver(now = new Date(Date.now() + 1_000)): Promise<void> {
    while ((await relayOutbox(t.database.db, now, { subscribers: [], broker: false })).more);
    for (let round = 0; round < 10; round++) {
      const sent = await deliverWebhooks(t.database.db, now, { secretKey: t.config.secretKey as Buffer, allowPrivate: true, random: () => 0.5, clock: () => now, timeoutMs: 2_000 });
      if (sent.handled === 0) break;
    }
  }

  /** The verified webhooks about one checkout reservation a subscriber received, in order. */
  function hooksAbout(s: Subscriber, reservationId: string) {
    return s.receiver.received
      .map((hook) => ({ hook, payload: new Webhook(s.secret).verify(hook.body, hook.headers as Record<string, string>) as { type: string; data: { object_type: string; object_id: string } } }))
      .filter((r) => r.payload.data.object_id === reservationId);
  }

  it('delivers under the name each endpoint asked for; the old name is marked deprecated with its sunset', async () => {
    await withEndpoints({ oldExact: ['hold.created', 'hold.released'], oldFamily: ['hold.*'], newFamily: ['checkout_reservation.*'], everything: ['*'] }, async (s) => {
      const id = await reserveAndRelease();
      await relayAndDeliver();
      for (const name of ['oldExact', 'oldFamily'] as const) {
        const hooks = hooksAbout(s[name], id);
        assert.deepEqual(hooks.map((h) => h.payload.type), ['hold.created', 'hold.released'], `${name} gets the old names, in order`);
        for (const { hook, payload } of hooks) {
          assert.equal(payload.data.object_type, 'hold', `${name}: the body the old name always had`);
          assert.equal(hook.headers['deprecation'], '@1796428800', `${name}: Deprecation says since 2026-12-05 (RFC 9745)`);
          assert.equal(hook.headers['sunset'], 'Wed, 30 Jun 2027 00:00:00 GMT', `${name}: Sunset says when the old name stops (RFC 8594)`);
        }
      }
      for (const name of ['newFamily', 'everything'] as const) {
        const hooks = hooksAbout(s[name], id);
        assert.deepEqual(hooks.map((h) => h.payload.type), ['checkout_reservation.created', 'checkout_reservation.released'], `${name} gets the new names, once each`);
        for (const { hook, payload } of hooks) {
          assert.equal(payload.data.object_type, 'checkout_reservation', `${name}: the new object type`);
          assert.equal(hook.headers['deprecation'], undefined, `${name}: nothing deprecated`);
          assert.equal(hook.headers['sunset'], undefined, `${name}: no sunset`);
        }
      }
    });
  });

  it('lists the deliveries of a renamed event by either of its names', async () => {
    await withEndpoints({ old: ['hold.*'], current: ['checkout_reservation.*'] }, async (s) => {
      await reserveAndRelease();
      while ((await relayOutbox(t.database.db, new Date(), { subscribers: [], broker: false })).more);
      const expected = { old: 'hold.created', current: 'checkout_reservation.created' };
      for (const name of ['old', 'current'] as const) {
        for (const asked of ['hold.created', 'checkout_reservation.created']) {
          const res = await t.call('GET', `/v1/webhook-deliveries?endpoint_id=${s[name].id}&event_type=${asked}`);
          assert.equal(res.statusCode, 200, res.body);
          assert.deepEqual((res.json().data as { event_type: string }[]).map((d) => d.event_type), [expected[name]], `${name} endpoint, ?event_type=${asked}: its one delivery, under the name it asked for`);
        }
      }
    });
  });

  it('recovery replays past events to an endpoint of the old name under the old name', async () => {
    const since = new Date().toISOString();
    const id = await reserveAndRelease();
    while ((await relayOutbox(t.database.db, new Date(), { subscribers: [], broker: false })).more);
    await withEndpoints({ late: ['hold.*'] }, async (s) => {
      const recovered = await t.call('POST', `/v1/webhook-endpoints/${s.late.id}/recover`, { since });
      assert.equal(recovered.statusCode, 202, recovered.body);
      assert.equal(recovered.json().created, 2, 'the created and released events of the checkout reservation');
      await relayAndDeliver();
      const hooks = hooksAbout(s.late, id);
      assert.deepEqual(hooks.map((h) => h.payload.type), ['hold.created', 'hold.released'], 'under the name the endpoint asked for');
      assert.ok(hooks.every((h) => h.hook.headers['deprecation'] === '@1796428800'), 'marked deprecated');
    });
  });
});
