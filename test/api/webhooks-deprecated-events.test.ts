import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { deliverWebhooks, relayOutbox } from '../../src/modules/integrations/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct } from '../support/factories.js';
import { startWebhookReceiver, type ReceivedWebhook } from '../support/webhook-receiver.js';

/**
 * ADR 0015: checkout reservation events were `hold.*` and are `checkout_reservation.*` now. An
 * endpoint that still names the old types keeps receiving them under the old name, body as
 * before, marked deprecated (Deprecation and Sunset headers) until the removal date; an endpoint
 * naming the new types, or everything, gets the new names only.
 */
describe('webhooks: renamed event types keep reaching subscribers of the old name', () => {
  let t: TestApp;
  const receivers: Record<string, Awaited<ReturnType<typeof startWebhookReceiver>>> = {};
  const secrets: Record<string, string> = {};
  const clock = new Date(Math.floor(Date.now() / 1000) * 1000);
  const endpointIds: Record<string, string> = {};

  const subscriptions = {
    oldExact: ['hold.created', 'hold.released'],
    oldFamily: ['hold.*'],
    newFamily: ['checkout_reservation.*'],
    everything: ['*'],
  };

  before(async () => {
    t = await buildTestApp({ secrets: { OMS_WEBHOOK_ALLOW_PRIVATE: '1' } });
    for (const [name, events] of Object.entries(subscriptions)) {
      receivers[name] = await startWebhookReceiver();
      const res = await t.call('POST', '/v1/webhook-endpoints', { url: receivers[name].url, events });
      assert.equal(res.statusCode, 201, res.body);
      secrets[name] = res.json().secret as string;
      endpointIds[name] = res.json().id as string;
    }
  });
  after(async () => {
    for (const r of Object.values(receivers)) await r.close();
    await t.close();
  });

  const relayAndDeliver = async (now = clock) => {
    while ((await relayOutbox(t.database.db, now, { subscribers: [], broker: false })).more);
    for (let round = 0; round < 10; round++) {
      const sent = await deliverWebhooks(t.database.db, now, { secretKey: t.config.secretKey as Buffer, allowPrivate: true, random: () => 0.5, clock: () => now, timeoutMs: 2_000 });
      if (sent.handled === 0) break;
    }
  };
  const verified = (name: string, hook: ReceivedWebhook) =>
    new Webhook(secrets[name] as string).verify(hook.body, hook.headers as Record<string, string>) as { type: string; data: { object_type: string; object_id: string; sku: string } };
  const reservationHooks = (name: string) => (receivers[name]?.received ?? []).map((h) => ({ hook: h, payload: verified(name, h) })).filter((r) => /^(hold|checkout_reservation)\./.test(r.payload.type));

  let reservationId = '';

  it('delivers under the name each endpoint asked for; the old name is marked deprecated with its sunset', async () => {
    await createLocation(t, 'DEP-WH');
    await createProduct(t, 'DEP-SKU');
    await adjust(t, 'DEP-SKU', 'DEP-WH', 5);
    const created = await t.call('POST', '/v1/reservations', { sku: 'DEP-SKU', quantity: 2, ttl_seconds: 600 });
    assert.equal(created.statusCode, 201, created.body);
    reservationId = created.json().id as string;
    assert.equal((await t.call('DELETE', `/v1/reservations/${reservationId}`)).statusCode, 204);
    await relayAndDeliver();

    for (const name of ['oldExact', 'oldFamily']) {
      const hooks = reservationHooks(name);
      assert.deepEqual(hooks.map((h) => h.payload.type), ['hold.created', 'hold.released'], `${name} gets the old names, in order`);
      for (const { hook, payload } of hooks) {
        assert.equal(payload.data.object_type, 'hold', `${name}: the body the old name always had`);
        assert.equal(payload.data.object_id, reservationId, `${name}: the checkout reservation's id`);
        assert.equal(payload.data.sku, 'DEP-SKU', `${name}: the event's data as it is`);
        assert.equal(hook.headers['deprecation'], '@1796428800', `${name}: Deprecation says since 2026-12-05 (RFC 9745)`);
        assert.equal(hook.headers['sunset'], 'Wed, 30 Jun 2027 00:00:00 GMT', `${name}: Sunset says when the old name stops (RFC 8594)`);
      }
    }
    for (const name of ['newFamily', 'everything']) {
      const hooks = reservationHooks(name);
      assert.deepEqual(hooks.map((h) => h.payload.type), ['checkout_reservation.created', 'checkout_reservation.released'], `${name} gets the new names, once each`);
      for (const { hook, payload } of hooks) {
        assert.equal(payload.data.object_type, 'checkout_reservation', `${name}: the new object type`);
        assert.equal(hook.headers['deprecation'], undefined, `${name}: nothing deprecated`);
        assert.equal(hook.headers['sunset'], undefined, `${name}: no sunset`);
      }
    }
  });

  it('lists the deliveries of a renamed event by either of its names', async () => {
    for (const type of ['hold.created', 'checkout_reservation.created']) {
      const res = await t.call('GET', `/v1/webhook-deliveries?event_type=${type}`);
      assert.equal(res.statusCode, 200, res.body);
      const found = (res.json().data as { endpoint_id: string; event_type: string }[]).map((d) => `${d.endpoint_id} ${d.event_type}`).sort();
      const expected = [
        `${endpointIds.oldExact} hold.created`,
        `${endpointIds.oldFamily} hold.created`,
        `${endpointIds.newFamily} checkout_reservation.created`,
        `${endpointIds.everything} checkout_reservation.created`,
      ].sort();
      assert.deepEqual(found, expected, `?event_type=${type} finds every endpoint's delivery of the event`);
    }
  });

  it('recovery replays past events to an endpoint of the old name under the old name', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const res = await t.call('POST', '/v1/webhook-endpoints', { url: receiver.url, events: ['hold.*'] });
      assert.equal(res.statusCode, 201, res.body);
      const { id, secret } = res.json() as { id: string; secret: string };
      const recovered = await t.call('POST', `/v1/webhook-endpoints/${id}/recover`, { since: new Date(clock.getTime() - 3_600_000).toISOString() });
      assert.equal(recovered.statusCode, 202, recovered.body);
      assert.equal(recovered.json().created, 2, 'the created and released events of the checkout reservation');
      await relayAndDeliver(new Date(Date.now() + 1_000));
      const types = receiver.received.map((h) => (new Webhook(secret).verify(h.body, h.headers as Record<string, string>) as { type: string }).type);
      assert.deepEqual(types, ['hold.created', 'hold.released'], 'under the name the endpoint asked for');
      assert.ok(receiver.received.every((h) => h.headers['deprecation'] === '@1796428800'), 'marked deprecated');
    } finally {
      await receiver.close();
    }
  });
});
