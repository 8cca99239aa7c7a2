// test-files: database server (the outbox relay and two delivery workers racing: leases and SKIP LOCKED)
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { deliverWebhooks, pruneDeliveries, relayOutbox } from '../../src/modules/integrations/index.js';
import { queryRows } from '../../src/platform/db/database.js';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation } from '../support/factories.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

const HOUR = 3_600_000;

const METRICS_TOKEN = 'oms_metrics_token_webhook_tests_0123456789ab';

/**
 * One app for the file; each test has its own receiver and endpoint, and deletes the endpoint when
 * it ends (its deliveries go with it). The relay and the delivery worker take every due row, so a
 * test's counts are its own only because no other test leaves anything queued.
 */
let shared: TestApp;
before(async () => {
  shared = await buildTestApp({ secrets: { OMS_WEBHOOK_ALLOW_PRIVATE: '1', OMS_METRICS_TOKEN: METRICS_TOKEN } });
  await relayOutbox(shared.database.db, new Date(), { subscribers: [], broker: false }); // the tenant's first events, before any endpoint
});
after(() => shared.close());

async function webhookWorld(tc: TestContext) {
  const t = shared;
  const receiver = await startWebhookReceiver();
  const endpoints: string[] = [];
  tc.after(async () => {
    for (const id of endpoints) await t.call('DELETE', `/v1/webhook-endpoints/${id}`);
    await relayOutbox(t.database.db, new Date(), { subscribers: [], broker: false }); // their webhook_endpoint.deleted events
    await receiver.close();
  });
  // Real time: the Standard Webhooks verifier refuses timestamps more than 5 minutes off.
  const clock = new Date(Math.floor(Date.now() / 1000) * 1000);
  const relay = () => relayOutbox(t.database.db, clock, { subscribers: [], broker: false });
  return {
    t,
    receiver,
    clock,
    at: (ms: number) => new Date(clock.getTime() + ms),
    relay,
    deliver: (now = clock) => deliverWebhooks(t.database.db, now, { secretKey: t.config.secretKey as Buffer, allowPrivate: true, random: () => 0.5, clock: () => now, timeoutMs: 2_000 }),
    delivery: async (id: string) => (await t.call('GET', `/v1/webhook-deliveries/${id}`)).json(),
    /** The deliveries of this test's endpoint(s). */
    deliveries: async (query = '') => {
      const own = endpoints.length === 1 && !query.includes('endpoint_id=') ? `${query ? '&' : '?'}endpoint_id=${endpoints[0]}` : '';
      return (await t.call('GET', `/v1/webhook-deliveries${query}${own}`)).json().data as { id: string; event_type: string; status: string; event_id: string; ordering_key: string }[];
    },
    /** An endpoint on the receiver for location.* events (deleted when the test ends); its id and whsec_ secret. */
    async endpoint(): Promise<{ endpointId: string; secret: string }> {
      const res = await t.call('POST', '/v1/webhook-endpoints', { url: receiver.url, events: ['location.*'], description: 'ERP' });
      assert.equal(res.statusCode, 201, res.body);
      endpoints.push(res.json().id);
      return { endpointId: res.json().id, secret: res.json().secret };
    },
    /** Deleted with the test's endpoints when it ends. */
    own: (endpointId: string) => endpoints.push(endpointId),
  };
}

describe('outbound webhooks (Standard Webhooks) through the outbox relay', () => {
  it('creates an endpoint whose whsec_ secret is shown once and stored only sealed', async (tc) => {
    const { t, receiver, own } = await webhookWorld(tc);
    const res = await t.call('POST', '/v1/webhook-endpoints', { url: receiver.url, events: ['location.*'], description: 'ERP' });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    own(body.id);
    assert.match(body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.deepEqual(body.events, ['location.*']);
    assert.equal(body.enabled, true);
    const endpointId = body.id as string;
    const secret = body.secret as string;
    const shown = (await t.call('GET', `/v1/webhook-endpoints/${endpointId}`)).json();
    assert.equal(shown.secret, undefined, 'the secret is never shown again');
    const [row] = await queryRows<{ s: string }>(t.database.db, sql`select encode(secret_sealed, 'escape') as s from webhook_endpoints where id = ${endpointId}`);
    assert.ok(row && !row.s.includes(secret.slice(6, 30)), 'the database does not hold the secret in clear');
  });

  it('refuses bad endpoints with the field named and stores nothing', async (tc) => {
    const { t } = await webhookWorld(tc);
    const cases: [Record<string, unknown>, string, number][] = [
      [{ url: 'ftp://example.com/x', events: ['*'] }, 'url', 422],
      [{ url: 'not a url', events: ['*'] }, 'url', 422],
      [{ url: 'https://user:pw@example.com/x', events: ['*'] }, 'url', 422],
      [{ url: 'https://example.com/x', events: ['*'], secret: 'whsec_c2hvcnQ=' }, 'secret', 422],
      [{ url: 'https://example.com/x', events: ['*'], secret: 'plain-secret-1234567890' }, 'secret', 422],
      [{ url: 'https://example.com/x', events: ['Order Created'] }, 'events', 400],
      [{ url: 'https://example.com/x', events: [] }, 'events', 400],
      [{ events: ['*'] }, 'url', 400],
    ];
    for (const [body, field, status] of cases) {
      const res = await t.call('POST', '/v1/webhook-endpoints', body);
      assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${JSON.stringify(body)}: problem+json`);
      assert.ok((res.json().errors as { field: string }[]).some((e) => e.field.includes(field)), res.body);
    }
    const refusedUrls = new Set(cases.map(([body]) => body.url));
    const stored = ((await t.call('GET', '/v1/webhook-endpoints?limit=500')).json().data as { url: string }[]).filter((e) => refusedUrls.has(e.url));
    assert.deepEqual(stored, [], 'none of the refused endpoints was stored');
  });

  it('delivers a signed event the Standard Webhooks verifier accepts, once', async (tc) => {
    const { t, receiver, at, relay, deliver, delivery, deliveries, endpoint } = await webhookWorld(tc);
    const { secret } = await endpoint();
    const location = await createLocation(t, 'WH-A');
    assert.deepEqual(await relay(), { handled: 2, more: false }, 'location.created and the endpoint’s own webhook_endpoint.created');
    const [pending] = await deliveries();
    assert.equal(pending?.event_type, 'location.created', 'only the subscribed family gets a delivery');
    assert.equal(pending?.status, 'pending');
    assert.equal((await deliver()).succeeded, 1, 'one delivery succeeded');

    assert.equal(receiver.received.length, 1, 'the receiver got one request');
    const hook = receiver.received[0]!;
    const payload = new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>) as { type: string; data: { object_id: string; object_type: string } };
    assert.equal(payload.type, 'location.created');
    assert.equal(payload.data.object_id, location.id);
    assert.equal(payload.data.object_type, 'location');
    assert.equal(hook.headers['webhook-id'], pending?.event_id);
    assert.throws(() => new Webhook(secret).verify(hook.body.replace('WH-A', 'WH-B'), hook.headers as Record<string, string>), 'a tampered body fails verification');

    const detail = await delivery(pending!.id);
    assert.equal(detail.status, 'succeeded');
    assert.equal(detail.attempt_log.length, 1);
    assert.equal(detail.attempt_log[0].status_code, 200);
    assert.equal((await deliver(at(60_000))).handled, 0, 'a delivered event is not sent again');
    assert.deepEqual(await relay(), { handled: 0, more: false }, 'the outbox is empty');
  });

  it('retries on the schedule, keeps one order’s deliveries in order, and gives up after ~24 h', async (tc) => {
    const { t, receiver, clock, at, relay, deliver, delivery, deliveries, endpoint } = await webhookWorld(tc);
    const { endpointId } = await endpoint();
    receiver.answerWith(() => 503);
    const location = await createLocation(t, 'WH-B');
    const patched = await t.call('PATCH', `/v1/locations/${location.id}`, { name: 'Renamed' });
    assert.equal(patched.statusCode, 200, patched.body);
    await relay();
    const [second, first] = await deliveries('?status=pending');
    assert.equal(first?.event_type, 'location.created');
    assert.equal(second?.event_type, 'location.updated');
    assert.equal(first?.ordering_key, location.id);

    assert.equal((await deliver()).handled, 1, 'the later event waits while the earlier one of the same location is pending');
    let detail = await delivery(first!.id);
    assert.equal(detail.status, 'pending');
    assert.equal(detail.last_status_code, 503);
    assert.equal(detail.next_attempt_at, at(5_000).toISOString(), 'the first retry comes 5 s later (jitter fixed at its midpoint)');
    assert.equal((await deliver(at(4_000))).handled, 0, 'not before it is due');

    // Every further attempt fails until the schedule is spent: 8 attempts over ~23.6 h.
    let now = clock;
    for (let attempt = 2; attempt <= 8; attempt++) {
      detail = await delivery(first!.id);
      now = new Date(detail.next_attempt_at);
      // After the 8th try is given up, the location's next event is no longer held back and goes in the same round.
      assert.equal((await deliver(now)).handled, attempt < 8 ? 1 : 2, `attempt ${attempt}`);
    }
    detail = await delivery(first!.id);
    assert.equal(detail.status, 'failed', 'given up after the schedule');
    assert.equal(detail.attempts, 8);
    assert.equal(detail.attempt_log.length, 8, 'every attempt is logged');
    assert.ok(now.getTime() - clock.getTime() > 23 * HOUR && now.getTime() - clock.getTime() < 24 * HOUR, 'the last try is about a day after the first');
    assert.deepEqual(receiver.received.map((h) => h.headers['webhook-id']), [...Array(8).fill(first!.event_id), second!.event_id], 'the later event was held back until the earlier one was given up');
    assert.equal(new Set(receiver.received.slice(0, 8).map((h) => h.headers['webhook-signature'])).size, 8, 'each attempt is signed with its own timestamp');

    // The order's next event failed too; its retry comes more than a day after the endpoint
    // started failing: the endpoint is disabled and says so.
    const next = new Date(clock.getTime() + 24 * HOUR + 1_000);
    assert.equal((await deliver(next)).handled, 1, 'the held event is tried');
    const disabledEndpoint = (await t.call('GET', `/v1/webhook-endpoints/${endpointId}`)).json();
    assert.equal(disabledEndpoint.enabled, false, 'the endpoint is disabled');
    assert.match(disabledEndpoint.disabled_reason, /every delivery failed since/);
    const [disabled] = await queryRows<{ type: string }>(t.database.db, sql`select type from events where aggregate_id = ${endpointId} and type = 'webhook_endpoint.disabled'`);
    assert.equal(disabled?.type, 'webhook_endpoint.disabled');
    const metrics = (await t.call('GET', '/metrics', undefined, { key: METRICS_TOKEN })).body;
    assert.match(metrics, /oms_relay_backlog\{queue="endpoints_disabled"\} 1\b/, 'operators see the disabled endpoint');
    assert.match(metrics, /oms_relay_backlog\{queue="webhooks_pending"\} [1-9]/, 'and the deliveries waiting for it');
    const retry = await t.call('POST', `/v1/webhook-deliveries/${first!.id}/retry`);
    assert.equal(retry.statusCode, 409, retry.body);
    assert.equal(retry.json().code, 'WEBHOOK_ENDPOINT_DISABLED');

    // Enabled again and replayed by hand: the failed event arrives, then the held one.
    receiver.received.length = 0;
    receiver.answerWith(() => 204);
    assert.equal((await t.call('PATCH', `/v1/webhook-endpoints/${endpointId}`, { enabled: true })).json().consecutive_failures, 0);
    assert.equal((await t.call('POST', `/v1/webhook-deliveries/${first!.id}/retry`)).statusCode, 202);
    const later = new Date(next.getTime() + 10 * HOUR);
    assert.equal((await deliver(later)).succeeded, 2, 'the replay, then the held-back event that was still waiting for its retry');
    assert.deepEqual(receiver.received.map((h) => h.headers['webhook-id']), [first!.event_id, second!.event_id]);
  });

  it('sends each delivery once when two workers race, and replays one by hand with the same webhook-id', async (tc) => {
    const { t, receiver, relay, deliver, delivery, deliveries, endpoint } = await webhookWorld(tc);
    await endpoint();
    for (let i = 0; i < 6; i++) await createLocation(t, `WH-R${i}`);
    await relay();
    const [a, b] = await Promise.all([deliver(), deliver()]);
    assert.equal(a.handled + b.handled, 6, 'the two workers handled six deliveries between them');
    assert.equal(receiver.received.length, 6, 'six requests reached the receiver');
    assert.equal(new Set(receiver.received.map((h) => h.headers['webhook-id'])).size, 6, 'one per event');

    const [latest] = await deliveries('?status=succeeded&limit=1');
    const replay = await t.call('POST', `/v1/webhook-deliveries/${latest!.id}/retry`);
    assert.equal(replay.statusCode, 202, replay.body);
    assert.equal(replay.json().status, 'pending');
    await deliver(new Date()); // the replay is due from the API's (real) clock
    assert.equal(receiver.received.at(-1)?.headers['webhook-id'], latest!.event_id, 'the replay keeps the webhook-id');
    assert.equal((await delivery(latest!.id)).attempt_log.length, 2, 'two attempts logged');
  });

  it('rotates the secret: both secrets sign for a day, then only the new one; a hanging receiver times out', async (tc) => {
    const { t, receiver, clock, relay, delivery, deliveries, endpoint } = await webhookWorld(tc);
    const { endpointId, secret } = await endpoint();
    const rotated = await t.call('POST', `/v1/webhook-endpoints/${endpointId}/rotate-secret`);
    assert.equal(rotated.statusCode, 200, rotated.body);
    const fresh = rotated.json().secret as string;
    assert.notEqual(fresh, secret);
    receiver.received.length = 0;
    receiver.answerWith(() => 'hang');
    await createLocation(t, 'WH-T');
    await relay();
    const started = Date.now();
    await deliverWebhooks(t.database.db, clock, { secretKey: t.config.secretKey as Buffer, allowPrivate: true, timeoutMs: 300 });
    assert.ok(Date.now() - started < 5_000, `the hanging receiver was given up on after ${Date.now() - started} ms (timeout 300 ms)`);
    const hook = receiver.received[0]!;
    assert.doesNotThrow(() => new Webhook(fresh).verify(hook.body, hook.headers as Record<string, string>));
    assert.doesNotThrow(() => new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>), 'a receiver still on the old secret keeps accepting for a day');
    assert.equal(String(hook.headers['webhook-signature']).split(' ').length, 2, 'two signatures during the overlap');
    const [pending] = await deliveries('?status=pending');
    assert.match((await delivery(pending!.id)).last_error, /no answer within 300 ms/);

    receiver.received.length = 0;
    receiver.answerWith(() => 200);
    await deliverWebhooks(t.database.db, new Date(clock.getTime() + 25 * HOUR), { secretKey: t.config.secretKey as Buffer, allowPrivate: true });
    const late = receiver.received[0]!;
    assert.doesNotThrow(() => new Webhook(fresh).verify(late.body, late.headers as Record<string, string>));
    assert.throws(() => new Webhook(secret).verify(late.body, late.headers as Record<string, string>), 'a day later only the new secret signs');
    assert.equal(String(late.headers['webhook-signature']).split(' ').length, 1, 'one signature after it');
  });

  it('does not call into private networks unless the installation allows it, even by a name that resolves there', async (tc) => {
    const { t, receiver, clock, relay, delivery, deliveries, own } = await webhookWorld(tc);
    const byName = receiver.url.replace('http://127.0.0.1', 'https://localhost');
    const endpoint = await t.call('POST', '/v1/webhook-endpoints', { url: byName, events: ['location.created'] });
    assert.equal(endpoint.statusCode, 201, endpoint.body);
    own(endpoint.json().id);
    await createLocation(t, 'WH-SSRF');
    await relay();
    const [pending] = await deliveries(`?endpoint_id=${endpoint.json().id}`);
    await deliverWebhooks(t.database.db, clock, { secretKey: t.config.secretKey as Buffer, allowPrivate: false });
    assert.equal(receiver.received.length, 0, 'nothing left the OMS');
    assert.match((await delivery(pending!.id)).last_error, /resolves to (127\.0\.0\.1|::1), inside a private network/);
    assert.equal((await t.call('DELETE', `/v1/webhook-endpoints/${endpoint.json().id}`)).statusCode, 204);
  });

  it('recovers after an outage: events missed while disabled are queued once, in order', async (tc) => {
    const { t, receiver, relay, deliver, deliveries, endpoint } = await webhookWorld(tc);
    const { endpointId } = await endpoint();
    assert.equal((await t.call('PATCH', `/v1/webhook-endpoints/${endpointId}`, { enabled: false })).statusCode, 200);
    const missed = await createLocation(t, 'WH-REC');
    // From the missed event on: the app is shared, so earlier moments hold other tests' events.
    const [created] = await queryRows<{ at: Date }>(t.database.db, sql`select at from events where aggregate_id = ${missed.id} and type = 'location.created'`);
    assert.ok(created, 'the missed location.created event is stored');
    const since = new Date(created.at).toISOString();
    await relay();
    assert.equal((await deliveries(`?endpoint_id=${endpointId}&event_type=location.created`)).filter((d) => d.ordering_key === missed.id).length, 0, 'a disabled endpoint gets no deliveries');
    const refused = await t.call('POST', `/v1/webhook-endpoints/${endpointId}/recover`, { since });
    assert.equal(refused.statusCode, 409, 'enable it first');

    assert.equal((await t.call('PATCH', `/v1/webhook-endpoints/${endpointId}`, { enabled: true })).statusCode, 200);
    const recovered = await t.call('POST', `/v1/webhook-endpoints/${endpointId}/recover`, { since });
    assert.equal(recovered.statusCode, 202, recovered.body);
    assert.equal(recovered.json().created, 1, 'location.created of WH-REC; webhook_endpoint.* events do not match location.*');
    assert.equal(recovered.json().more, false);
    await deliver(new Date());
    assert.ok(receiver.received.some((h) => JSON.parse(h.body).data.object_id === missed.id), 'the missed event arrived');
    const again = await t.call('POST', `/v1/webhook-endpoints/${endpointId}/recover`, { since });
    assert.equal(again.json().created, 0, 'recovering twice queues nothing twice');
    const empty = await t.call('POST', `/v1/webhook-endpoints/${endpointId}/recover`, { since: new Date(Date.now() + 60_000).toISOString() });
    assert.equal(empty.statusCode, 400, `a since in the future: ${empty.body}`);
    assert.equal(empty.json().errors[0].field, 'since');
  });

  it('forgets finished deliveries after the retention period, never pending ones', async (tc) => {
    const { t, receiver, clock, relay, deliver, endpoint } = await webhookWorld(tc);
    const { endpointId } = await endpoint();
    // One delivery that succeeded, then one left pending by a receiver that answers 503.
    await createLocation(t);
    await relay();
    assert.equal((await deliver()).succeeded, 1, 'the first delivery succeeded');
    receiver.answerWith(() => 503);
    await createLocation(t);
    await relay();
    await deliver();
    const count = async (status: string) => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from webhook_deliveries where status = ${status} and endpoint_id = ${endpointId}`))[0]?.n ?? 0;
    const [succeeded, failed, pending] = [await count('succeeded'), await count('failed'), await count('pending')];
    assert.deepEqual([succeeded, pending], [1, 1], `one succeeded and one pending delivery (failed: ${failed})`);
    assert.deepEqual(await pruneDeliveries(t.database.db, new Date(clock.getTime() + 29 * 24 * HOUR), 30), { handled: 0, more: false }, 'nothing is old enough yet');
    assert.deepEqual(await pruneDeliveries(t.database.db, new Date(clock.getTime() + 31 * 24 * HOUR), 30), { handled: succeeded + failed, more: false });
    assert.equal(await count('pending'), pending, 'the pending delivery stays');
    const [attempts] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from webhook_attempts a where not exists (select 1 from webhook_deliveries d where d.tenant_id = a.tenant_id and d.id = a.delivery_id)`);
    assert.equal(attempts?.n, 0, 'their attempts went with them');
  });

  it('deletes an endpoint with its log', async (tc) => {
    const { t, relay, deliver, deliveries, endpoint } = await webhookWorld(tc);
    const { endpointId } = await endpoint();
    await createLocation(t);
    await relay();
    await deliver();
    assert.equal((await deliveries(`?endpoint_id=${endpointId}`)).length, 1, 'the endpoint has a delivery in its log');
    assert.equal((await t.call('DELETE', `/v1/webhook-endpoints/${endpointId}`)).statusCode, 204);
    assert.equal((await t.call('GET', `/v1/webhook-endpoints/${endpointId}`)).statusCode, 404);
    assert.deepEqual(await deliveries(), [], 'its deliveries went with it');
  });
});
