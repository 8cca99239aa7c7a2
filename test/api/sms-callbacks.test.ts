// test-files: database server (messages relayed and sent by the notifications job; suppressions read by the next lease)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { outboundFetch } from '../../src/platform/http/outbound.js';
import { notificationSubscriber, sendNotifications } from '../../src/flows/notifications/jobs/notifications.js';
import { fileMailer, smsStatusUrl, twilioSms, type SmsSender } from '../../src/modules/notifications/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { relayAll } from '../support/relay.js';
import { adjust, createLocation, createProduct, placeOrder } from '../support/factories.js';
import { startSmsProvider } from '../support/twilio-server.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Twilio's callbacks (ADR 0035, amended): each text names its StatusCallback; the provider posts
 * delivery receipts there and inbound texts to the number's webhook, form-encoded and signed with
 * X-Twilio-Signature. Unsigned or forged posts are 403 and change nothing; receipts are recorded
 * on the message; 21610 and an inbound STOP suppress the number, so the next text is not sent.
 */
const PUBLIC = 'https://oms.example.test';
const TOKEN = 'twilio-auth-token-for-tests';
const SID = 'AC0123456789abcdef0123456789abcdef';
let t: TestApp;
let provider: Awaited<ReturnType<typeof startSmsProvider>>;
let sms: SmsSender;
let dataDir: string;
const sku = 'SMS-MUG';

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oms-sms-'));
  provider = await startSmsProvider([], TOKEN);
  t = await buildTestApp({ config: { publicUrl: PUBLIC, dataDir, sms: { baseUrl: provider.url, accountSid: SID, authToken: TOKEN, from: '+15005550006' } } });
  sms = twilioSms({ baseUrl: provider.url, accountSid: SID, authToken: TOKEN, from: '+15005550006' }, outboundFetch({ allowPrivate: true }), { statusCallback: smsStatusUrl(PUBLIC) });
  await createLocation(t, 'SMS-WH', { address: { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' } });
  await createProduct(t, sku, { name: 'Enamel mug' });
  await adjust(t, sku, 'SMS-WH', 100);
});
after(async () => {
  await provider.close();
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** An order texted (a phone, no e-mail); its confirmation's notification id and the StatusCallback it named. */
async function texted(phone: string): Promise<{ id: string; callback: string }> {
  const o = await placeOrder(t, [{ sku, quantity: 1 }], { customer: { email: null, name: 'Text Me', phone } });
  await relayAll(t.database.db, [notificationSubscriber]);
  for (let i = 0; i < 10; i++) if (!(await sendNotifications(t.database.db, new Date(), { mailer: fileMailer(dataDir), sms, fromAddress: 'orders@shop.test' })).more) break;
  const [row] = await queryRows<{ id: string; status: string }>(t.database.db, sql`select id, status from notifications where order_id = ${o.id} and channel = 'sms'`);
  assert.equal(row?.status, 'sent');
  const request = provider.requests.find((r) => r.form.get('StatusCallback')?.endsWith(`/${row?.id}`));
  assert.ok(request, 'the text named its StatusCallback');
  return { id: row?.id ?? '', callback: request.form.get('StatusCallback') ?? '' };
}

/** Posts `params` to `url` (a full public URL) as Twilio does; `signature` null sends none. */
function post(url: string, params: Record<string, string>, signature?: string | null) {
  const form = new URLSearchParams(params);
  const sig = signature === undefined ? provider.sign(url, form) : signature;
  return t.app.inject({ method: 'POST', url: new URL(url).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(sig ? { 'x-twilio-signature': sig } : {}) }, payload: form.toString() });
}

const stateOf = async (id: string) =>
  (await queryRows<{ delivery_status: string | null; delivery_error_code: string | null }>(t.database.db, sql`select delivery_status, delivery_error_code from notifications where id = ${id}`))[0];

test('each text names its StatusCallback; signed receipts are recorded, never moving back; unsigned and forged ones are 403 and change nothing', async () => {
  const { id, callback } = await texted('+1 217 555 0101');
  assert.equal(callback, `${PUBLIC}/v1/notifications/sms/${t.tenantId}/status/${id}`);
  const base = { AccountSid: SID, MessageSid: `SM${'1'.repeat(32)}`, From: '+15005550006', To: '+12175550101' };
  const sent = await post(callback, { ...base, MessageStatus: 'sent' });
  assert.equal(sent.statusCode, 200, sent.body);
  assert.deepEqual(await stateOf(id), { delivery_status: 'sent', delivery_error_code: null });

  const forgedParams = { ...base, MessageStatus: 'undelivered', ErrorCode: '30003' };
  for (const signature of [null, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', provider.sign(callback, new URLSearchParams({ ...base, MessageStatus: 'delivered' }))]) {
    const res = await post(callback, forgedParams, signature);
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().code, 'NOTIFICATION_SMS_SIGNATURE_INVALID');
  }
  // A signature for another message's URL does not carry over.
  const elsewhere = callback.replace(/ntf_[0-9a-z]+$/, 'ntf_00000000000000000000000000');
  assert.equal((await post(callback, forgedParams, provider.sign(elsewhere, new URLSearchParams(forgedParams)))).statusCode, 403);
  assert.deepEqual(await stateOf(id), { delivery_status: 'sent', delivery_error_code: null }, 'nothing changed');

  const failed = await post(callback, forgedParams);
  assert.equal(failed.statusCode, 200, failed.body);
  assert.deepEqual(failed.json(), { notification_id: id, delivery_status: 'undelivered', error_code: '30003', suppressed: false, applied: true });
  const late = await post(callback, { ...base, MessageStatus: 'sending' });
  assert.equal(late.json().applied, false, 'an older status arriving late changes nothing');
  assert.deepEqual(await stateOf(id), { delivery_status: 'undelivered', delivery_error_code: '30003' });
  const view = (await t.call('GET', `/v1/notifications/${id}`)).json();
  assert.deepEqual([view.delivery_status, view.delivery_error_code], ['undelivered', '30003'], 'the API shows the receipt');
});

test('error 21610 (the recipient replied STOP) suppresses the number: the next text to it is not sent', async () => {
  const { id, callback } = await texted('+1 217 555 0102');
  const res = await post(callback, { AccountSid: SID, MessageSid: `SM${'2'.repeat(32)}`, MessageStatus: 'failed', ErrorCode: '21610' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().suppressed, true);
  const listed = (await t.call('GET', '/v1/suppressions')).json().data as { address: string; reason: string; notification_id: string | null }[];
  assert.deepEqual(listed.find((s) => s.address === '+12175550102'), { ...listed.find((s) => s.address === '+12175550102'), reason: 'sms_opt_out', notification_id: id });
  const before = provider.requests.length;
  const o = await placeOrder(t, [{ sku, quantity: 1 }], { customer: { email: null, name: 'Text Me', phone: '+12175550102' } });
  await relayAll(t.database.db, [notificationSubscriber]);
  await sendNotifications(t.database.db, new Date(), { mailer: fileMailer(dataDir), sms, fromAddress: 'orders@shop.test' });
  const [next] = await queryRows<{ status: string }>(t.database.db, sql`select status from notifications where order_id = ${o.id}`);
  assert.equal(next?.status, 'suppressed');
  assert.equal(provider.requests.length, before, 'nothing went to the provider');
});

test('an inbound STOP suppresses the sender; START lifts it; other texts and unsigned posts change nothing', async () => {
  const inbound = `${PUBLIC}/v1/notifications/sms/${t.tenantId}/inbound`;
  const from = '+12175550103';
  const text = (body: string) => ({ AccountSid: SID, MessageSid: `SM${'3'.repeat(32)}`, From: from, To: '+15005550006', Body: body });
  const suppressed = async () => ((await t.call('GET', '/v1/suppressions')).json().data as { address: string }[]).some((s) => s.address === from);
  const unsigned = await post(inbound, text('STOP'), null);
  assert.equal(unsigned.statusCode, 403);
  assert.equal(await suppressed(), false, 'unsigned: nothing recorded');
  assert.equal((await post(inbound, text('Where is my parcel?'))).statusCode, 200);
  assert.equal(await suppressed(), false, 'an ordinary text changes nothing');
  const stop = await post(inbound, text(' stop '));
  assert.equal(stop.statusCode, 200, stop.body);
  assert.match(String(stop.headers['content-type']), /^text\/xml/);
  assert.equal(stop.body, '<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  assert.equal(await suppressed(), true, 'STOP suppresses the number');
  assert.equal((await post(inbound, text('START'))).statusCode, 200);
  assert.equal(await suppressed(), false, 'START lifts the opt-out');
});
