import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { sql } from 'drizzle-orm';
import { connectNats, publishToBroker, relayOutbox, type BrokerPublisher } from '../../src/modules/integrations/index.js';
import { BROKER_LEASE_MS } from '../../src/modules/integrations/use-cases/broker.js';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct } from '../support/factories.js';
import { startNats, startPrivateNats, type PrivateNats } from '../support/nats.js';

/**
 * The relay against a real NATS JetStream server: every event reaches a subscriber once, two
 * relays and two publishers working at the same time publish each event once, and an event
 * published again after a crash (before the relay committed) is dropped by the stream.
 */
describe('outbox relay → NATS JetStream', async () => {
  const nats = await startNats();
  let t: TestApp;
  let nc: NatsConnection;
  let publishers: BrokerPublisher[] = [];
  const suffix = randomBytes(4).toString('hex');
  const stream = `OMS_TEST_${suffix}`;
  const prefix = `omstest${suffix}`;
  const received: { subject: string; id: string | undefined; body: { id: string; type: string; tenant_id: string } }[] = [];

  before(async () => {
    assert.ok(nats, 'these tests need a NATS server with JetStream: set TEST_NATS_URL, or install nats-server (Debian package nats-server)');
    t = await buildTestApp();
    nc = await connect({ servers: nats?.url });
    const sub = nc.subscribe(`${prefix}.>`);
    void (async () => {
      for await (const m of sub) received.push({ subject: m.subject, id: m.headers?.get('Nats-Msg-Id'), body: m.json() });
    })();
    publishers = await Promise.all([0, 1].map(() => connectNats({ url: nats?.url ?? '', stream, prefix, duplicateWindowMs: 120_000 })));
  });
  after(async () => {
    for (const p of publishers) await p.close();
    if (nc) {
      await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
      await nc.close();
    }
    await t?.close();
    await nats?.stop();
  });

  const storedEvents = async () => queryRows<{ id: string; type: string }>(t.database.db, sql`select id, type from events where tenant_id = ${t.tenantId} order by seq`);
  const streamCount = async () => Number((await (await jetstreamManager(nc)).streams.info(stream)).state.messages);
  const settle = async (count: number) => {
    for (let i = 0; i < 100 && received.length < count; i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('publishes every event once and creates one webhook delivery per event, with two relays and two publishers racing', async () => {
    const endpoint = await t.call('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/nats-test', events: ['location.*'] });
    assert.equal(endpoint.statusCode, 201, endpoint.body);
    for (let i = 0; i < 25; i++) await createLocation(t, `NATS-${i}`);
    const now = new Date();
    const relays = await Promise.all([0, 1].map(() => relayOutbox(t.database.db, now, { subscribers: [], broker: true, batch: 10 }).then(async (first) => {
      let handled = first.handled;
      for (let more = first.more; more; ) {
        const next = await relayOutbox(t.database.db, now, { subscribers: [], broker: true, batch: 10 });
        handled += next.handled;
        more = next.more;
      }
      return handled;
    })));
    const events = await storedEvents();
    assert.equal(relays[0]! + relays[1]!, events.length, 'each outbox row relayed by exactly one of the two relays');
    const deliveries = await queryRows<{ event_type: string; n: number }>(t.database.db, sql`select event_type, count(*)::int as n from webhook_deliveries group by event_type`);
    assert.deepEqual(deliveries, [{ event_type: 'location.created', n: 25 }], 'one delivery per subscribed event, none twice');

    const drain = async (publisher: BrokerPublisher) => {
      let total = 0;
      for (let round = 0; round < 50; round++) {
        const r = await publishToBroker(t.database.db, publisher, { prefix, batch: 7 });
        total += r.handled;
        if (!r.more) break;
      }
      return total;
    };
    const published = await Promise.all(publishers.map(drain));
    assert.equal(published[0]! + published[1]!, events.length);
    await settle(events.length);

    assert.equal(await streamCount(), events.length, 'the stream holds each event once');
    assert.deepEqual(received.map((m) => m.id).sort(), events.map((e) => e.id).sort(), 'the subscriber got each event once, its id as the message id');
    const created = received.find((m) => m.body.type === 'location.created');
    assert.equal(created?.subject, `${prefix}.${t.tenantId}.location.created`);
    assert.equal(created?.body.tenant_id, t.tenantId);
    const [left] = await queryRows<{ n: number }>(t.database.db, sql`select (select count(*) from outbox)::int + (select count(*) from broker_outbox)::int as n`);
    assert.equal(left?.n, 0, 'both queues are empty');
  });

  it('relays starting at once all find or create the one stream (the loser of the create race does not fail)', async () => {
    const racing = `OMS_TEST_RACE_${randomBytes(4).toString('hex')}`;
    const many = await Promise.all(Array.from({ length: 6 }, () => connectNats({ url: nats?.url ?? '', stream: racing, prefix: `omsrace${racing.slice(-8)}`, duplicateWindowMs: 60_000 })));
    try {
      const info = await (await jetstreamManager(nc)).streams.info(racing);
      assert.equal(info.config.name, racing, 'one stream, created once');
    } finally {
      for (const p of many) await p.close();
      await (await jetstreamManager(nc)).streams.delete(racing).catch(() => false);
    }
  });

  it('a failure after the broker’s ack publishes again; the stream drops the copy', async () => {
    await createLocation(t, 'NATS-CRASH');
    await relayOutbox(t.database.db, new Date(), { subscribers: [], broker: true });
    const before = await streamCount();
    const real = publishers[0]!;
    const crashing: BrokerPublisher = {
      publish: async (subject, body, id) => {
        await real.publish(subject, body, id);
        throw new Error('process killed after the ack');
      },
      close: async () => {},
    };
    await assert.rejects(publishToBroker(t.database.db, crashing, { prefix }));
    assert.equal(await streamCount(), before + 1, 'the broker has it');
    const [queued] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from broker_outbox`);
    assert.equal(queued?.n, 1, 'our side still has it queued: the round failed before forgetting it');

    const again = await publishToBroker(t.database.db, real, { prefix });
    assert.equal(again.handled, 1);
    assert.equal(again.duplicates, 1, 'JetStream recognised the message id');
    assert.equal(await streamCount(), before + 1, 'and kept one copy');
  });

  it('a worker that died holding a lease: its rows wait for the lease to expire, then go out once', async () => {
    await createLocation(t, 'NATS-DEAD');
    const now = new Date();
    await relayOutbox(t.database.db, now, { subscribers: [], broker: true });
    const before = await streamCount();
    // What a worker killed mid-publish leaves behind: rows leased for a minute, nothing deleted.
    await t.database.db.execute(sql`update broker_outbox set leased_until = ${new Date(now.getTime() + BROKER_LEASE_MS)}`);
    assert.equal((await publishToBroker(t.database.db, publishers[1]!, { now, prefix })).handled, 0, 'held by the dead worker');
    const later = new Date(now.getTime() + BROKER_LEASE_MS + 1_000);
    const taken = await publishToBroker(t.database.db, publishers[1]!, { now: later, prefix });
    assert.equal(taken.handled, 1);
    assert.equal(await streamCount(), before + 1);
    const [left] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from broker_outbox`);
    assert.equal(left?.n, 0);
  });

  it('a renamed event goes out under its new subject, and marked deprecated under the old one until the sunset (ADR 0015)', async () => {
    await createLocation(t, 'NATS-CR');
    await createProduct(t, 'NATS-CR-SKU');
    await adjust(t, 'NATS-CR-SKU', 'NATS-CR', 3);
    const res = await t.call('POST', '/v1/reservations', { sku: 'NATS-CR-SKU', quantity: 1, ttl_seconds: 600 });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as string;
    await relayOutbox(t.database.db, new Date(), { subscribers: [], broker: true });
    const [event] = await queryRows<{ id: string }>(t.database.db, sql`select id from events where aggregate_id = ${id}`);
    assert.ok(event, 'the checkout reservation has its event');
    while ((await publishToBroker(t.database.db, publishers[0]!, { prefix })).more);
    const ofEvent = () => received.filter((m) => m.body.id === event.id);
    for (let i = 0; i < 100 && ofEvent().length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    const mine = ofEvent();
    const bySubject = new Map(mine.map((m) => [m.subject, m]));
    const current = bySubject.get(`${prefix}.${t.tenantId}.checkout_reservation.created`);
    const old = bySubject.get(`${prefix}.${t.tenantId}.hold.created`) as (typeof mine)[number] & { body: { aggregate_type: string; deprecated?: { replaced_by: string; sunset: string } } } | undefined;
    assert.equal(mine.length, 2, 'the event and its deprecated copy');
    assert.equal(current?.id, event.id, 'the new subject carries the event id as message id');
    assert.equal(current?.body.type, 'checkout_reservation.created', 'under the new name');
    assert.equal(old?.id, `${event.id}:hold.created`, 'the copy has its own message id, so the stream keeps both');
    assert.equal(old?.body.type, 'hold.created', 'the copy has the old type');
    assert.equal(old?.body.aggregate_type, 'hold', 'and the old aggregate type');
    assert.deepEqual(old?.body.deprecated, { replaced_by: 'checkout_reservation.created', sunset: '2027-06-30' }, 'marked deprecated with its sunset');
  });
});

/**
 * NATS going away and coming back, with a server of the test's own (stopping the machine's would
 * disturb the tests beside it). While it is down the OMS keeps capturing: events wait in
 * broker_outbox, and a publish round fails and gives its rows back. Once it is back, the same
 * connection (it reconnects without end) publishes every waiting event, and the stream holds each once.
 */
describe('NATS going away and coming back', async () => {
  const nats = await startPrivateNats();
  let t: TestApp;
  let publisher: BrokerPublisher | undefined;
  let nc: NatsConnection | undefined;
  const suffix = randomBytes(4).toString('hex');
  const stream = `OMS_AWAY_${suffix}`;
  const prefix = `omsaway${suffix}`;

  before(async () => {
    assert.ok(nats, 'this test needs nats-server installed (Debian package nats-server): it stops and starts a server of its own');
    t = await buildTestApp();
  });
  after(async () => {
    await publisher?.close().catch(() => undefined);
    await nc?.close();
    await t?.close();
    await nats?.dispose();
  });

  it('events captured while NATS is down wait, and each is published once after it returns', { timeout: 120_000 }, async () => {
    const server = nats as PrivateNats;
    const db = t.database.db;
    publisher = await connectNats({ url: server.url, stream, prefix, duplicateWindowMs: 120_000 });
    const relay = () => relayOutbox(db, new Date(), { subscribers: [], broker: true });
    const publish = () => publishToBroker(db, publisher as BrokerPublisher, { prefix });
    const queued = async () => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from broker_outbox`))[0]?.n;

    await createLocation(t, 'AWAY-BEFORE');
    await relay();
    await publish();
    assert.equal(await queued(), 0, 'published while NATS is up');

    await server.stop();
    for (let i = 0; i < 3; i++) await createLocation(t, `AWAY-${i}`); // 201 while NATS is down
    await relay();
    await assert.rejects(publish(), 'the publish round fails while NATS is down');
    assert.equal(await queued(), 3, 'the events wait in broker_outbox');
    const [leased] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from broker_outbox where leased_until > now()`);
    assert.equal(leased?.n, 0, 'the failed round gave its rows back: the next round takes them');

    await server.start();
    for (let round = 0; round < 20 && (await queued()) !== 0; round++) await publish().catch(() => undefined);
    assert.equal(await queued(), 0, 'the same connection published them once NATS was back');

    nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    const ids: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) ids.push((await jsm.streams.getMessage(stream, { seq }))?.json<{ id: string }>().id ?? `missing ${seq}`);
    const events = await queryRows<{ id: string }>(db, sql`select id from events where tenant_id = ${t.tenantId} order by seq`);
    assert.deepEqual(ids.sort(), events.map((e) => e.id).sort(), 'the stream holds every event once: those before, and the three captured while NATS was away');
  });
});
