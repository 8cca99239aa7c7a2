// test-files: database server (two workers lease one queue; bounces and suppressions through the API)
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { queryRows } from '../../src/platform/db/database.js';
import { outboundFetch } from '../../src/platform/http/outbound.js';
import { notificationSubscriber, sendNotifications, type NotificationJobOptions } from '../../src/flows/notifications/jobs/notifications.js';
import { emlPath, fileMailer, fileSms, smsPath, smtpMailer, suppressionAggregateId, twilioSms, verpKey, type DkimKey, type Mailer } from '../../src/modules/notifications/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { arf, dsn } from '../support/bounce-reports.js';
import { relayAll } from '../support/relay.js';
import { startSmsProvider } from '../support/twilio-server.js';
import { adjust, createLocation, createProduct, createTenant, placeOrder } from '../support/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

// Delivery (ADR 0035): one send per message even with two workers; retries on 4xx, none on 5xx;
// DKIM signatures a verifier accepts; VERP return paths, bounces and complaints posted to the
// intake, the suppression list; SMS through a provider speaking Twilio's Messages API; erasure
// reaching the files of the embedded default.

const FROM = 'orders@acme-shop.test';
const BOUNCES = 'bounces.acme-shop.test';
const sku = 'ND-MUG';

let t: TestApp;
let smtp: TestSmtpServer;
let mailer: Mailer;
let dataDir: string;
let dkim: DkimKey;
let dkimRecord: string;
let job: NotificationJobOptions;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oms-delivery-'));
  t = await buildTestApp({ config: { bounceDomain: BOUNCES, dataDir } });
  smtp = await startSmtpServer();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  dkim = { domainName: 'acme-shop.test', keySelector: 'oms2026', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  dkimRecord = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
  mailer = smtpMailer(smtp.url, { dkim });
  job = { mailer, fromAddress: FROM, bounce: { domain: BOUNCES, key: verpKey(t.config.secretKey as Buffer) }, random: () => 0.5 };
  await createLocation(t, 'ND-WH', { address: { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' } });
  await createProduct(t, sku, { name: 'Enamel mug', weight_grams: 300 });
  await adjust(t, sku, 'ND-WH', 1000);
});

after(async () => {
  mailer.close();
  await smtp.close();
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface Row {
  id: string;
  channel: string;
  status: string;
  attempts: number;
  recipient: string;
  last_error: string | null;
  message_id: string | null;
  transport: string | null;
  text_body: string;
}

async function rowsOf(orderId: string): Promise<Row[]> {
  return queryRows<Row>(t.database.db, sql`select id, channel, status, attempts, recipient, last_error, message_id, transport, text_body from notifications where order_id = ${orderId} order by id`);
}

function order(email: string | null, overrides: Record<string, unknown> = {}) {
  return placeOrder(t, [{ sku, quantity: 1, unit_price: '12.50' }], { customer: { email, name: 'Ada Lovelace', phone: null }, ...overrides });
}

/** Relays pending events, then runs the job at `at` (default: now, after the relay queued its messages) until it has nothing due. */
async function deliver(at?: Date, options: Partial<NotificationJobOptions> = {}): Promise<void> {
  await relayAll(t.database.db, [notificationSubscriber]);
  const now = at ?? new Date();
  for (let i = 0; i < 20; i++) if (!(await sendNotifications(t.database.db, now, { ...job, ...options })).more) break;
}

const sentTo = (address: string) => smtp.envelopes.filter((e) => e.to.includes(address)).length;

/** The raw bytes the SMTP server received for a Message-ID, with its envelope. */
function received(messageId: string | null) {
  const i = smtp.raw.findIndex((r) => r.toString('latin1').includes(`Message-ID: ${messageId}`));
  assert.ok(i >= 0, `no message ${messageId} arrived`);
  return { raw: smtp.raw[i] as Buffer, envelope: smtp.envelopes[i] as { from: string; to: string[] } };
}

function postBounce(raw: string, key?: string) {
  return t.call('POST', '/v1/notifications/bounces', raw, { ...(key ? { key } : {}), headers: { 'content-type': 'message/rfc822' } });
}

describe('exactly once', () => {
  test('two workers leasing the same queue send each message once', async () => {
    const emails = Array.from({ length: 12 }, (_, i) => `pair-${i}@customers.test`);
    const orders = [];
    for (const email of emails) orders.push(await order(email));
    await relayAll(t.database.db, [notificationSubscriber]);
    const worker = async () => {
      for (let i = 0; i < 20; i++) if (!(await sendNotifications(t.database.db, new Date(), { ...job, batch: 3, concurrency: 2 })).more) break;
    };
    await Promise.all([worker(), worker()]);
    for (const [i, email] of emails.entries()) {
      assert.equal(sentTo(email), 1, `${email} got ${sentTo(email)} messages`);
      const [row] = await rowsOf(orders[i]?.id ?? '');
      assert.deepEqual([row?.status, row?.attempts], ['sent', 1]);
    }
  });

  test('a 451 is retried with backoff and then sent once; the attempts and the last error are recorded', async () => {
    smtp.refuseRecipient.set('grey@customers.test', { code: 451, message: '4.7.1 Greylisted, try again later', times: 1 });
    const placed = await order('grey@customers.test');
    await relayAll(t.database.db, [notificationSubscriber]);
    const first = new Date();
    await deliver(first);
    const [queued] = await queryRows<{ status: string; attempts: number; last_error: string; next_attempt_at: Date }>(t.database.db, sql`select status, attempts, last_error, next_attempt_at from notifications where order_id = ${placed.id}`);
    assert.deepEqual([queued?.status, queued?.attempts], ['queued', 1]);
    assert.match(queued?.last_error ?? '', /^451: .*Greylisted/);
    // 30 s ±20 % after the first failure (random 0.5: exactly 30 s).
    assert.equal(new Date(queued?.next_attempt_at ?? 0).getTime() - first.getTime() > 29_000, true, 'retried later, not at once');
    await deliver(first); // not due yet: nothing happens
    assert.equal(sentTo('grey@customers.test'), 0);
    await deliver(new Date(first.getTime() + 60_000));
    const [sent] = await rowsOf(placed.id);
    assert.deepEqual([sent?.status, sent?.attempts], ['sent', 2]);
    assert.equal(sentTo('grey@customers.test'), 1);
  });

  test('a 550 for one recipient fails that message at once and is never retried', async () => {
    smtp.refuseRecipient.set('nobody@customers.test', { code: 550, message: '5.1.1 No such user' });
    const placed = await order('nobody@customers.test');
    const other = await order('somebody@customers.test');
    await deliver();
    await deliver(new Date(Date.now() + 86_400_000));
    const [failed] = await rowsOf(placed.id);
    assert.deepEqual([failed?.status, failed?.attempts], ['failed', 1]);
    assert.match(failed?.last_error ?? '', /^550: .*No such user/);
    assert.equal((await rowsOf(other.id))[0]?.status, 'sent', 'the other recipient was not affected');
  });
});

describe('DKIM', () => {
  const resolver = async (name: string, type: string) => {
    if (type === 'TXT' && name === 'oms2026._domainkey.acme-shop.test') return [[dkimRecord]];
    throw Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' });
  };

  test('the message arrives signed; the signature verifies against the published key, and fails once the message is changed', async () => {
    const placed = await order('signed@customers.test');
    await deliver();
    const [row] = await rowsOf(placed.id);
    const { raw } = received(row?.message_id ?? null);
    assert.match(raw.toString('latin1'), /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=acme-shop\.test;\s+q=dns\/txt; s=oms2026;/m);
    const good = await dkimVerify(raw, { resolver });
    assert.equal(good.results[0]?.status.result, 'pass', JSON.stringify(good.results[0]?.status));
    const tampered = Buffer.from(raw.toString('latin1').replace(/Subject: Order #(\d+) confirmed/, 'Subject: Order #$1 refunded'), 'latin1');
    assert.notEqual(tampered.toString('latin1'), raw.toString('latin1'));
    const bad = await dkimVerify(tampered, { resolver });
    assert.equal(bad.results[0]?.status.result, 'fail');
  });
});

describe('bounces and the suppression list', () => {
  test('the envelope sender is the signed VERP address; a hard bounce posted to the intake suppresses the address; later messages are suppressed, not sent, until an admin removes it', async () => {
    const first = await order('gone@customers.test');
    await deliver();
    const [row] = await rowsOf(first.id);
    const { envelope } = received(row?.message_id ?? null);
    assert.match(envelope.from, new RegExp(`^bounces\\+${row?.id}\\.[0-9a-f]{20}@bounces\\.acme-shop\\.test$`));

    const res = await postBounce(dsn(envelope.from, '5.1.1', 'failed', 'gone@customers.test'));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { result: 'hard_bounce', notification_id: row?.id, recipient: 'gone@customers.test', suppressed: true, detail: res.json().detail });
    const shown = (await t.call('GET', `/v1/notifications/${row?.id}`)).json() as { bounce: string; bounce_detail: string; bounced_at: string };
    assert.equal(shown.bounce, 'hard_bounce');
    assert.match(shown.bounce_detail, /Status: 5\.1\.1/);
    const listed = (await t.call('GET', '/v1/suppressions')).json().data as { address: string; reason: string; notification_id: string }[];
    assert.deepEqual(listed.find((s) => s.address === 'gone@customers.test'), { ...listed.find((s) => s.address === 'gone@customers.test'), reason: 'hard_bounce', notification_id: row?.id });

    // The same mailbox in another case: suppressed, recorded, not sent.
    const second = await order('Gone@Customers.test');
    await deliver();
    const [suppressed] = await rowsOf(second.id);
    assert.equal(suppressed?.status, 'suppressed');
    assert.match(suppressed?.last_error ?? '', /suppression list \(hard bounce on \d{4}-\d\d-\d\d\)/);
    assert.equal(smtp.envelopes.filter((e) => e.to.some((a) => a.toLowerCase() === 'gone@customers.test')).length, 1, 'only the first message went out');
    const bySuppressed = (await t.call('GET', `/v1/notifications?status=suppressed&order_id=${second.id}`)).json().data as { id: string }[];
    assert.deepEqual(bySuppressed.map((n) => n.id), [suppressed?.id]);

    const removed = await t.call('DELETE', `/v1/suppressions/${encodeURIComponent('GONE@customers.test')}?reason=${encodeURIComponent('customer confirmed the mailbox by phone')}`);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().address, 'gone@customers.test');
    // Who lifted it, when and why is recorded; the event names the entry by a keyed hash, never the address.
    const lifted = await queryRows<{ actor: string; data: Record<string, unknown> }>(t.database.db, sql`select actor, data from events where tenant_id = ${t.tenantId} and type = 'suppression.removed' and aggregate_id = ${suppressionAggregateId(t.tenantId, 'gone@customers.test')}`);
    assert.equal(lifted.length, 1);
    assert.deepEqual({ ...lifted[0]?.data, suppressed_at: undefined }, { suppressed_for: 'hard_bounce', suppressed_at: undefined, notification_id: row?.id, reason: 'customer confirmed the mailbox by phone' });
    assert.notEqual(lifted[0]?.actor, '');
    assert.doesNotMatch(JSON.stringify(lifted), /gone@/i, 'the address is not kept in the event');
    assert.equal((await t.call('DELETE', `/v1/suppressions/${encodeURIComponent('gone@customers.test')}`)).json().code, 'SUPPRESSION_NOT_FOUND');
    const third = await order('gone@customers.test');
    await deliver();
    assert.equal((await rowsOf(third.id))[0]?.status, 'sent');
  });

  test('a soft bounce is recorded on the message and suppresses nothing', async () => {
    const placed = await order('full@customers.test');
    await deliver();
    const [row] = await rowsOf(placed.id);
    const res = await postBounce(dsn(received(row?.message_id ?? null).envelope.from, '4.2.2', 'delayed', 'full@customers.test'));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().result, res.json().suppressed], ['soft_bounce', false]);
    const listed = (await t.call('GET', '/v1/suppressions?limit=500')).json().data as { address: string }[];
    assert.ok(!listed.some((s) => s.address === 'full@customers.test'), 'a soft bounce suppressed the address');
    assert.equal(((await t.call('GET', `/v1/notifications/${row?.id}`)).json() as { bounce: string }).bounce, 'soft_bounce');
  });

  test('a spam complaint (ARF) names the message by the return path of the copy it returns, and suppresses the address', async () => {
    const placed = await order('annoyed@customers.test');
    await deliver();
    const [row] = await rowsOf(placed.id);
    const res = await postBounce(arf(received(row?.message_id ?? null).envelope.from));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().result, res.json().recipient, res.json().suppressed], ['complaint', 'annoyed@customers.test', true]);
    const listed = (await t.call('GET', '/v1/suppressions?limit=500')).json().data as { address: string; reason: string }[];
    assert.equal(listed.find((s) => s.address === 'annoyed@customers.test')?.reason, 'complaint');
  });

  test('a forged bounce, one without a report, and one for another tenant record nothing', async () => {
    const placed = await order('victim@customers.test');
    await deliver();
    const [row] = await rowsOf(placed.id);
    const returnPath = received(row?.message_id ?? null).envelope.from;
    const before = (await t.call('GET', '/v1/suppressions?limit=500')).json().data;
    // A forger knows the id (it is in the Message-ID) but not the key.
    const forged = await postBounce(dsn(`bounces+${row?.id}.00000000000000000000@${BOUNCES}`, '5.1.1', 'failed', 'victim@customers.test'));
    assert.deepEqual([forged.statusCode, forged.json().code], [422, 'NOTIFICATION_BOUNCE_UNVERIFIED']);
    const prose = await postBounce(`To: ${returnPath}\r\nSubject: out of office\r\n\r\nI am away.\r\n`);
    assert.deepEqual([prose.statusCode, prose.json().code], [422, 'NOTIFICATION_BOUNCE_UNREADABLE']);
    const other = await createTenant(t);
    const theirs = await postBounce(dsn(returnPath, '5.1.1', 'failed'), other.key);
    assert.deepEqual([theirs.statusCode, theirs.json().code], [422, 'NOTIFICATION_BOUNCE_UNVERIFIED']);
    const json = await t.call('POST', '/v1/notifications/bounces', { raw: 'x' });
    assert.deepEqual([json.statusCode, json.json().errors?.[0]?.field], [400, '(body)'], json.body);
    assert.deepEqual((await t.call('GET', '/v1/suppressions?limit=500')).json().data, before, 'nothing was suppressed');
    assert.equal(((await t.call('GET', `/v1/notifications/${row?.id}`)).json() as { bounce: string | null }).bounce, null);
  });

  test('without a bounce domain the intake says so', async () => {
    const off = await buildTestApp();
    try {
      const res = await off.call('POST', '/v1/notifications/bounces', dsn('x@b.test', '5.1.1', 'failed'), { headers: { 'content-type': 'message/rfc822' } });
      assert.deepEqual([res.statusCode, res.json().code], [409, 'NOTIFICATION_BOUNCES_OFF']);
    } finally {
      await off.close();
    }
  });
});

describe('SMS', () => {
  test('an order with a phone and no e-mail is texted through the provider: Twilio\'s request format, a 429 retried with backoff, then sent once', async () => {
    const provider = await startSmsProvider([429]);
    const sms = twilioSms({ baseUrl: provider.url, accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'test-token', from: '+15005550006' }, outboundFetch({ allowPrivate: true }));
    try {
      const placed = await order(null, { customer: { email: null, name: 'Text Me', phone: '+1 (217) 555-0100' } });
      await relayAll(t.database.db, [notificationSubscriber]);
      const first = new Date();
      await deliver(first, { sms });
      const [queued] = await rowsOf(placed.id);
      assert.deepEqual([queued?.channel, queued?.recipient, queued?.status, queued?.attempts], ['sms', '+12175550100', 'queued', 1]);
      assert.match(queued?.last_error ?? '', /^429: 20429 Too Many Requests/);
      await deliver(new Date(first.getTime() + 60_000), { sms });
      const [sent] = await rowsOf(placed.id);
      assert.deepEqual([sent?.status, sent?.attempts, sent?.transport], ['sent', 2, 'sms']);
      assert.equal(provider.requests.length, 2);
      const request = provider.requests[1];
      assert.equal(request?.path, '/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json');
      assert.equal(request?.authorization, `Basic ${Buffer.from('AC0123456789abcdef0123456789abcdef:test-token').toString('base64')}`);
      assert.match(request?.contentType ?? '', /^application\/x-www-form-urlencoded/);
      assert.equal(request?.form.get('To'), '+12175550100');
      assert.equal(request?.form.get('From'), '+15005550006');
      assert.match(request?.form.get('Body') ?? '', /: Order #\d+ confirmed$/);
      assert.equal(request?.form.get('Body'), sent?.text_body);
    } finally {
      await provider.close();
    }
  });

  test('a 400 from the provider (an invalid number) fails the message without a retry', async () => {
    const provider = await startSmsProvider([400]);
    const sms = twilioSms({ baseUrl: provider.url, accountSid: 'AC1', authToken: 'x', from: '+15005550006' }, outboundFetch({ allowPrivate: true }));
    try {
      const placed = await order(null, { customer: { email: null, name: 'Bad Number', phone: '+1 555 0100 999' } });
      await deliver(undefined, { sms });
      await deliver(new Date(Date.now() + 86_400_000), { sms });
      const [row] = await rowsOf(placed.id);
      assert.deepEqual([row?.status, row?.attempts], ['failed', 1]);
      assert.match(row?.last_error ?? '', /^400: 21211 The 'To' number is not a valid phone number\./);
      assert.equal(provider.requests.length, 1);
    } finally {
      await provider.close();
    }
  });

  test('the provider is reached through the guarded outbound client: a private address is refused unless allowed', async () => {
    const provider = await startSmsProvider([]);
    const sms = twilioSms({ baseUrl: provider.url, accountSid: 'AC1', authToken: 'x', from: '+15005550006' }, outboundFetch({ allowPrivate: false }));
    try {
      const outcome = await sms.send({ id: 'ntf_x', tenantId: t.tenantId, to: '+12175550100', body: 'hello' });
      assert.equal(outcome.kind, 'transient');
      assert.match(outcome.kind === 'transient' ? outcome.error : '', /not https|private network/);
      assert.equal(provider.requests.length, 0, 'nothing reached the provider');
    } finally {
      await provider.close();
    }
  });
});

describe('erasure and the embedded default', () => {
  test('erasing a customer deletes the .eml and SMS .txt files kept for their orders, and their bodies in the database', async () => {
    const files = fileMailer(dataDir, { dkim });
    const texts = fileSms(dataDir);
    try {
      const mailed = await order('erase-files@customers.test');
      const texted = await order(null, { customer: { email: null, name: 'Erase Files', phone: '+12175550177' } });
      const kept = await order('keep-files@customers.test');
      await deliver(undefined, { mailer: files, sms: texts });
      const [eml] = await rowsOf(mailed.id);
      const [txt] = await rowsOf(texted.id);
      const [other] = await rowsOf(kept.id);
      assert.deepEqual([eml?.transport, txt?.transport, other?.transport], ['file', 'file', 'file']);
      assert.match(await readFile(emlPath(dataDir, t.tenantId, eml?.id ?? ''), 'latin1'), /erase-files@customers\.test/);
      assert.match(await readFile(smsPath(dataDir, t.tenantId, txt?.id ?? ''), 'utf8'), /^To: \+12175550177/);

      for (const o of [mailed, texted]) {
        const customerId = ((await t.call('GET', `/v1/orders/${o.id}`)).json() as { customer_id: string }).customer_id;
        const res = await t.call('POST', `/v1/customers/${customerId}/erase`, { reason: 'GDPR request' });
        assert.equal(res.statusCode, 200, res.body);
      }
      const gone = async (path: string) => access(path).then(() => false, () => true);
      assert.ok(await gone(emlPath(dataDir, t.tenantId, eml?.id ?? '')), 'the .eml of the erased customer is still on disk');
      assert.ok(await gone(smsPath(dataDir, t.tenantId, txt?.id ?? '')), 'the SMS of the erased customer is still on disk');
      assert.equal(await gone(emlPath(dataDir, t.tenantId, other?.id ?? '')), false, "another customer's file was deleted");
      const [erased] = await queryRows<{ recipient: string; subject: string; html: string; text_body: string }>(t.database.db, sql`select recipient, subject, html, text_body from notifications where id = ${eml?.id}`);
      assert.deepEqual([erased?.recipient.startsWith('erased:'), erased?.subject, erased?.html, erased?.text_body], [true, '(erased)', '', '']);
    } finally {
      files.close();
    }
  });

  test('a customer erased while their message is being sent: the message stays erased and the file written meanwhile is deleted', async () => {
    const files = fileMailer(dataDir);
    try {
      const placed = await order('mid-send@customers.test');
      const customerId = ((await t.call('GET', `/v1/orders/${placed.id}`)).json() as { customer_id: string }).customer_id;
      // The erasure commits after the job leased the message and before it settles.
      const erasing: Mailer = {
        transport: 'file',
        async send(message) {
          const erased = await t.call('POST', `/v1/customers/${customerId}/erase`, { reason: 'GDPR request' });
          assert.equal(erased.statusCode, 200, erased.body);
          return files.send(message);
        },
        discard: (tenantId, id) => files.discard?.(tenantId, id) ?? Promise.resolve(),
        close: () => files.close(),
      };
      await deliver(undefined, { mailer: erasing });
      const [row] = await rowsOf(placed.id);
      assert.deepEqual([row?.status, row?.recipient.startsWith('erased:'), row?.last_error], ['failed', true, 'customer erased before it was sent']);
      assert.ok(await access(emlPath(dataDir, t.tenantId, row?.id ?? '')).then(() => false, () => true), 'the .eml written after the erasure is still on disk');
    } finally {
      files.close();
    }
  });
});
