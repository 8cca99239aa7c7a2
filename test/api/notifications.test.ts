// test-files: database server (messages queued by the outbox relay, leased and settled by the notifications job)
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import type { RelayedEvent } from '../../src/platform/outbox/subscribers.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { notificationSubscriber, sendNotifications } from '../../src/flows/notifications/jobs/notifications.js';
import { emlPath, fileMailer, smtpMailer, type Mailer } from '../../src/modules/notifications/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { relayAll } from '../support/relay.js';
import { adjust, createLocation, createProduct, createTenant, placeOrder } from '../support/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

// Customer messages end to end: an order's events are relayed, the subscriber queues one message
// per event × template × recipient, and the job sends it over a real SMTP conversation to a server
// in this process (or keeps an .eml file when no SMTP server is configured).

const FROM = 'orders@acme-shop.test';
const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };

let t: TestApp;
let smtp: TestSmtpServer;
let mailer: Mailer;
const sku = 'NT-MUG';

interface Row {
  id: string;
  template: string;
  status: string;
  attempts: number;
  recipient: string;
  last_error: string | null;
  message_id: string | null;
  next_attempt_at: string | null;
  transport: string | null;
}

let dataDir: string;

before(async () => {
  // The app's data directory: where the file transport keeps .eml files the API serves.
  dataDir = await mkdtemp(join(tmpdir(), 'oms-mail-'));
  t = await buildTestApp({ config: { dataDir } });
  smtp = await startSmtpServer();
  mailer = smtpMailer(smtp.url);
  assert.equal((await t.call('PUT', '/v1/boxes/NT-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'NT-WH', { address: NEWARK, cutoff_time: '23:59' });
  await createProduct(t, sku, { name: 'Enamel mug', dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 300 });
  await adjust(t, sku, 'NT-WH', 100);
});

after(async () => {
  mailer.close();
  await smtp.close();
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Relays every pending event through the notifications subscriber, then runs the job until it has nothing due. */
async function deliver(at?: Date): Promise<void> {
  await relayAll(t.database.db, [notificationSubscriber]);
  // After the relay: the messages it queued are due from the moment it ran.
  const now = at ?? new Date();
  for (let i = 0; i < 10; i++) if (!(await sendNotifications(t.database.db, now, { mailer, fromAddress: FROM, random: () => 0.5 })).more) break;
}

async function rowsOf(orderId: string): Promise<Row[]> {
  return queryRows<Row>(
    t.database.db,
    sql`select id, template, status, attempts, recipient, last_error, message_id, next_attempt_at::text, transport from notifications where order_id = ${orderId} order by id`,
  );
}

function order(email: string, overrides: Record<string, unknown> = {}) {
  return placeOrder(t, [{ sku, quantity: 2, unit_price: '12.50' }], { customer: { email, name: 'Ada Lovelace', phone: null }, ...overrides });
}

describe('an order confirmation over SMTP', () => {
  test('From, To, Subject, multipart/alternative, Message-ID, the lines and total; HTML from order data is escaped', async () => {
    const placed = await order('ada@customers.test', { shipping_address: { name: '<script>alert(1)</script> Ada', line1: '12 Analytical Way', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' } });
    await deliver();
    const [row] = await rowsOf(placed.id);
    assert.equal(row?.template, 'order_confirmation');
    assert.equal(row?.status, 'sent', row?.last_error ?? '');
    const mail = smtp.messages.find((m) => m.messageId === row?.message_id);
    assert.ok(mail, `no message with Message-ID ${row?.message_id} among ${smtp.messages.map((m) => m.messageId).join(', ')}`);
    assert.equal(mail.from?.value[0]?.address, FROM);
    const [tenant] = await queryRows<{ name: string }>(t.database.db, sql`select name from tenants where id = ${t.tenantId}`);
    assert.equal(mail.from?.value[0]?.name, tenant?.name, 'the sender is the tenant by name');
    assert.deepEqual(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : [], ['ada@customers.test']);
    assert.match(mail.subject ?? '', /^Order #\d+ confirmed$/);
    assert.match(row?.message_id ?? '', /^<ntf_[0-9a-z]{26}@acme-shop\.test>$/);
    const raw = smtp.raw[smtp.messages.indexOf(mail)]?.toString('utf8') ?? '';
    assert.match(raw, /Content-Type: multipart\/alternative/i);
    assert.match(mail.text ?? '', /2 × Enamel mug: 25\.00 USD/);
    assert.match(mail.text ?? '', /Total: 30\.00 USD/);
    assert.ok(typeof mail.html === 'string' && mail.html.includes('Enamel mug'), 'the HTML part lacks the product');
    assert.ok(!(mail.html as string).includes('<script>'), 'the address name was not escaped');
    assert.ok((mail.html as string).includes('&lt;script&gt;'), 'the address name is not shown escaped');
  });

  test('the same event relayed three times queues and sends one message', async () => {
    const placed = await order('three@customers.test');
    const before = smtp.messages.length;
    await relayAll(t.database.db, [notificationSubscriber]);
    const [stored] = await queryRows<{ id: string; type: string; aggregate_type: string; aggregate_id: string; data: Record<string, unknown> }>(
      t.database.db,
      sql`select id, type, aggregate_type, aggregate_id, data from events where aggregate_id = ${placed.id} and type = 'order.created'`,
    );
    assert.ok(stored, 'no order.created event');
    const replay = { seq: 0, tenantId: t.tenantId, id: stored.id, type: stored.type, aggregateType: stored.aggregate_type, aggregateId: stored.aggregate_id, actor: 'test', at: new Date(), data: stored.data } as unknown as RelayedEvent;
    for (let i = 0; i < 2; i++) await inTransaction(t.database.db, (tx) => notificationSubscriber.handle(tx, replay, new Date()));
    await deliver();
    assert.equal((await rowsOf(placed.id)).length, 1);
    assert.equal(smtp.messages.filter((m) => m.subject?.includes(`#${(placed as unknown as { number: number }).number} `)).length, 1);
    assert.equal(smtp.messages.length, before + 1);
  });

  test('an order without an e-mail or phone sends nothing; with a phone, a text is queued instead (ADR 0035)', async () => {
    const placed = await order('', { customer: { email: null, name: 'No Mail', phone: null } });
    await deliver();
    assert.deepEqual(await rowsOf(placed.id), []);
    const texted = await order('', { customer: { email: null, name: 'No Mail', phone: '+1 217 555 0100' } });
    await relayAll(t.database.db, [notificationSubscriber]);
    assert.deepEqual((await rowsOf(texted.id)).map((r) => [r.template, r.recipient, r.status]), [['order_confirmation', '+12175550100', 'queued']]);
  });
});

describe('shipping and cancelling', () => {
  test('shipping confirmation with carrier and tracking; a cancel sends its own message', async () => {
    const shipped = await order('ship@customers.test');
    const fos = (await t.call('GET', `/v1/fulfillment-orders?order_id=${shipped.id}`)).json().data as { id: string }[];
    for (const fo of fos) {
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
      const res = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
      assert.equal(res.statusCode, 201, res.body);
    }
    const cancelled = await order('cancel@customers.test');
    assert.equal((await t.call('POST', `/v1/orders/${cancelled.id}/cancel`, { reason: 'customer asked' })).statusCode, 200);
    await deliver();
    const shipping = (await rowsOf(shipped.id)).find((r) => r.template === 'shipping_confirmation');
    assert.equal(shipping?.status, 'sent');
    const mail = smtp.messages.find((m) => m.messageId === shipping?.message_id);
    assert.match(mail?.subject ?? '', /^Order #\d+ is on its way$/);
    const shipment = ((await t.call('GET', `/v1/shipments?order_id=${shipped.id}`)).json().data as { tracking_number: string }[])[0];
    assert.ok(shipment && (mail?.text ?? '').includes(shipment.tracking_number), mail?.text);
    assert.deepEqual((await rowsOf(cancelled.id)).map((r) => [r.template, r.status]), [['order_confirmation', 'sent'], ['order_cancelled', 'sent']]);
  });
});

describe('verification', () => {
  test('a verification hold e-mails the customer the signed link, and the link opens the confirmation page', async () => {
    const placed = await order('verify@customers.test');
    assert.equal((await t.call('POST', `/v1/orders/${placed.id}/holds`, { type: 'verification', reason: 'first order, high value' })).statusCode, 201);
    await deliver();
    const row = (await rowsOf(placed.id)).find((r) => r.template === 'verification_request');
    assert.equal(row?.status, 'sent', row?.last_error ?? 'no verification message');
    const mail = smtp.messages.find((m) => m.messageId === row?.message_id);
    assert.match(mail?.subject ?? '', /^Please confirm your order #\d+$/);
    const url = /(https?:\/\/\S+\/verify\/[A-Za-z0-9_.-]+)/.exec(mail?.text ?? '')?.[1];
    assert.ok(url, `no link in ${mail?.text}`);
    assert.ok((mail?.html as string).includes(`href="${url}"`), 'the HTML part links to the same address');
    const opened = await t.app.inject({ method: 'GET', url: new URL(url).pathname });
    assert.equal(opened.statusCode, 200, opened.body);
    assert.match(opened.body, /Please confirm your order/);
  });
});

describe('erasure', () => {
  test('erasing the customer erases their messages; one still queued is never sent', async () => {
    const placed = await order('forget-me@customers.test');
    await relayAll(t.database.db, [notificationSubscriber]);
    const customerId = ((await t.call('GET', `/v1/orders/${placed.id}`)).json() as { customer_id: string }).customer_id;
    assert.equal((await t.call('POST', `/v1/customers/${customerId}/erase`, { reason: 'GDPR request' })).statusCode, 200);
    const before = smtp.messages.length;
    await deliver();
    const [row] = await rowsOf(placed.id);
    assert.equal(row?.status, 'failed');
    assert.match(row?.recipient ?? '', /^erased:ntf_/);
    assert.equal(smtp.messages.length, before, 'a message went to an erased customer');
    const shown = (await t.call('GET', `/v1/notifications/${row?.id}`)).json() as { subject: string; html: string; text: string };
    assert.deepEqual([shown.subject, shown.html, shown.text], ['(erased)', '', '']);
  });
});

describe('failures', () => {
  test('a 4xx is retried later with the same Message-ID; a 5xx fails at once and is never retried', async () => {
    smtp.refuseWith = { code: 451, message: '4.7.1 Greylisted, try again later' };
    const later = await order('greylisted@customers.test');
    await deliver();
    const now = new Date();
    const [queued] = await rowsOf(later.id);
    assert.deepEqual([queued?.status, queued?.attempts], ['queued', 1]);
    assert.match(queued?.last_error ?? '', /^451: .*Greylisted/);
    assert.ok(queued?.next_attempt_at && new Date(queued.next_attempt_at).getTime() > now.getTime() + 10_000, 'retried later, not at once');

    smtp.refuseWith = { code: 550, message: '5.1.1 No such user' };
    const never = await order('nobody@customers.test');
    // Now, after the relay queued it (deliver's default): a time taken before the relay ran is before the message was due.
    await deliver();
    const [failed] = await rowsOf(never.id);
    assert.deepEqual([failed?.status, failed?.attempts], ['failed', 1]);
    assert.match(failed?.last_error ?? '', /^550: .*No such user/);

    smtp.refuseWith = null;
    await deliver(new Date(now.getTime() + 3_600_000));
    const [sent] = await rowsOf(later.id);
    assert.deepEqual([sent?.status, sent?.attempts, sent?.message_id], ['sent', 2, queued?.message_id]);
    assert.equal((await rowsOf(never.id))[0]?.attempts, 1, 'a permanent failure was tried again');
  });

  test('an SMTP server that is down is a transient failure', async () => {
    const down = smtpMailer('smtp://127.0.0.1:1');
    try {
      const placed = await order('down@customers.test');
      await relayAll(t.database.db, [notificationSubscriber]);
      await sendNotifications(t.database.db, new Date(), { mailer: down, fromAddress: FROM, random: () => 0.5 });
      const [row] = await rowsOf(placed.id);
      assert.deepEqual([row?.status, row?.attempts], ['queued', 1]);
      assert.match(row?.last_error ?? '', /ECONNREFUSED|connect/i);
    } finally {
      down.close();
    }
  });
});

describe('without SMTP: .eml files in the data directory', () => {
  test('the message is kept as an .eml a mail client opens; the API lists it with transport file and serves the file', async () => {
    const files = fileMailer(dataDir);
    try {
      const placed = await order('eml@customers.test');
      await relayAll(t.database.db, [notificationSubscriber]);
      await sendNotifications(t.database.db, new Date(), { mailer: files, fromAddress: FROM });
      const [row] = await rowsOf(placed.id);
      assert.deepEqual([row?.status, row?.transport], ['sent', 'file']);
      const kept = await readFile(emlPath(dataDir, t.tenantId, row?.id ?? ''));
      const parsed = await simpleParser(kept);
      assert.match(parsed.subject ?? '', /confirmed$/);
      assert.equal(parsed.messageId, row?.message_id);
      const listed = (await t.call('GET', `/v1/notifications?order_id=${placed.id}`)).json().data as { id: string; transport: string; template: string }[];
      assert.deepEqual(listed.map((n) => [n.id, n.transport, n.template]), [[row?.id, 'file', 'order_confirmation']]);
      const one = (await t.call('GET', `/v1/notifications/${row?.id}`)).json() as { html: string; text: string };
      assert.match(one.text, /Enamel mug/);
      assert.match(one.html, /<html/);
      const eml = await t.call('GET', `/v1/notifications/${row?.id}/message.eml`);
      assert.equal(eml.statusCode, 200, eml.body);
      assert.equal(eml.headers['content-type'], 'message/rfc822');
      assert.equal(eml.headers['content-disposition'], `attachment; filename="${row?.id}.eml"`);
      assert.ok(eml.rawPayload.equals(kept), 'the download is the kept file, byte for byte');
      const other = await createTenant(t);
      const theirs = await t.call('GET', `/v1/notifications/${row?.id}/message.eml`, undefined, { key: other.key });
      assert.deepEqual([theirs.statusCode, theirs.json().code], [404, 'NOTIFICATION_NOT_FOUND']);
    } finally {
      files.close();
    }
  });

  test('a message sent over SMTP has no .eml to download: 404 naming why', async () => {
    const placed = await order('smtp-no-eml@customers.test');
    await deliver();
    const [row] = await rowsOf(placed.id);
    assert.deepEqual([row?.status, row?.transport], ['sent', 'smtp']);
    const res = await t.call('GET', `/v1/notifications/${row?.id}/message.eml`);
    assert.equal(res.statusCode, 404, res.body);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().code, 'NOTIFICATION_FILE_NOT_KEPT');
  });
});

describe('the API', () => {
  test('filters by status, pages with a cursor; another tenant sees none of it; bad filters are 400 naming the field', async () => {
    const sent = (await t.call('GET', '/v1/notifications?status=sent&limit=1')).json() as { data: { status: string }[]; next_cursor: string | null };
    assert.equal(sent.data.length, 1);
    assert.equal(sent.data[0]?.status, 'sent');
    assert.ok(sent.next_cursor, 'one sent message only: no next page');
    const next = (await t.call('GET', `/v1/notifications?status=sent&limit=1&cursor=${sent.next_cursor}`)).json() as { data: { id: string }[] };
    assert.equal(next.data.length, 1);
    const other = await createTenant(t);
    assert.deepEqual((await t.call('GET', '/v1/notifications', undefined, { key: other.key })).json().data, []);
    const mine = (await t.call('GET', '/v1/notifications?limit=1')).json().data as { id: string }[];
    const theirs = await t.call('GET', `/v1/notifications/${mine[0]?.id}`, undefined, { key: other.key });
    assert.equal(theirs.statusCode, 404);
    assert.equal(theirs.json().code, 'NOTIFICATION_NOT_FOUND');
    const bad = await t.call('GET', '/v1/notifications?status=bounced');
    assert.equal(bad.statusCode, 400);
    assert.match(JSON.stringify(bad.json().errors), /status/);
  });

  test('filters by template, channel and recipient (the whole address, any case); bad values are 400 naming the field', async () => {
    const placed = await order('Filter.Me@Customers.test');
    await deliver();
    const [row] = await rowsOf(placed.id);
    assert.ok(row, 'the order confirmation was queued');
    const ids = async (query: string) => ((await t.call('GET', `/v1/notifications?limit=500&${query}`)).json().data as { id: string }[]).map((n) => n.id);
    assert.deepEqual(await ids('recipient=filter.me%40customers.test'), [row.id]);
    assert.deepEqual(await ids('recipient=me%40customers.test'), [], 'a part of an address matches nothing');
    assert.ok((await ids('template=order_confirmation&channel=email')).includes(row.id), 'listed under its template and channel');
    assert.ok(!(await ids('template=order_cancelled')).includes(row.id), 'not listed under another template');
    assert.ok(!(await ids('channel=sms')).includes(row.id), 'not listed under sms');
    assert.deepEqual(await ids(`recipient=filter.me%40customers.test&order_id=${placed.id}&status=sent&template=order_confirmation&channel=email`), [row.id]);
    for (const [query, field] of [['template=no_such_template', 'template'], ['channel=fax', 'channel'], ['recipient=ab', 'recipient']] as const) {
      const bad = await t.call('GET', `/v1/notifications?${query}`);
      assert.equal(bad.statusCode, 400, `${query}: ${bad.body}`);
      assert.match(JSON.stringify(bad.json().errors), new RegExp(field));
    }
  });
});
