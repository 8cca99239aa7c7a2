// test-files: database server (tenant templates, locales and preferences; messages relayed, sent over SMTP and parsed)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { notificationSubscriber, sendNotifications } from '../../src/flows/notifications/jobs/notifications.js';
import { smtpMailer, type Mailer } from '../../src/modules/notifications/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { relayAll } from '../support/relay.js';
import { adjust, createLocation, createProduct, createTenant, placeOrder } from '../support/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

// Issue 16 §1: the tenant's templates per locale, the customer's language and opt-outs, staff's
// no_notification, and the new templates end to end through a real SMTP conversation.

const FROM = 'orders@acme-shop.test';
const sku = 'NTT-MUG';
let t: TestApp;
let smtp: TestSmtpServer;
let mailer: Mailer;

before(async () => {
  t = await buildTestApp();
  smtp = await startSmtpServer();
  mailer = smtpMailer(smtp.url);
  assert.equal((await t.call('PUT', '/v1/boxes/NTT-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'NTT-WH', { address: { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' });
  await createProduct(t, sku, { name: 'Enamel mug', dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 300 });
  await adjust(t, sku, 'NTT-WH', 500);
});

after(async () => {
  mailer.close();
  await smtp.close();
  await t.close();
});

async function deliver(): Promise<void> {
  await relayAll(t.database.db, [notificationSubscriber]);
  for (let i = 0; i < 10; i++) if (!(await sendNotifications(t.database.db, new Date(), { mailer, fromAddress: FROM, random: () => 0.5 })).more) break;
}

interface Row { id: string; template: string; status: string; locale: string | null; last_error: string | null; message_id: string | null; subject: string }
async function rowsOf(orderId: string): Promise<Row[]> {
  return queryRows<Row>(t.database.db, sql`select id, template, status, locale, last_error, message_id, subject from notifications where order_id = ${orderId} order by id`);
}
const mailOf = (row: Row | undefined) => smtp.messages.find((m) => m.messageId === row?.message_id);

function order(email: string, name = 'Ada Lovelace', quantity = 2) {
  return placeOrder(t, [{ sku, quantity, unit_price: '12.50' }], { customer: { email, name, phone: null } });
}
async function customerOf(orderId: string): Promise<string> {
  return ((await t.call('GET', `/v1/orders/${orderId}`)).json() as { customer_id: string }).customer_id;
}

describe('the template routes', () => {
  test('the list has every template with its events and the shipped locales', async () => {
    const res = await t.call('GET', '/v1/notification-templates');
    assert.equal(res.statusCode, 200, res.body);
    const data = res.json().data as { key: string; events: string[]; locales: { locale: string; source: string }[]; overridden: boolean; enabled: boolean }[];
    assert.equal(data.length, 16);
    const delivered = data.find((d) => d.key === 'delivered');
    assert.deepEqual(delivered?.events, ['shipment.delivered']);
    assert.deepEqual(delivered?.locales.map((l) => [l.locale, l.source]), [['en', 'shipped'], ['de', 'shipped']]);
  });

  test('bad templates answer 422 naming the part and what to do; nothing is written', async () => {
    const put = (body: Record<string, unknown>) => t.call('PUT', '/v1/notification-templates/out_for_delivery/en', body);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ html: '<p>{% if order.name %}unclosed</p>' }, 'body.html', /not closed|unclosed|tag/i],
      [{ text: 'Hello {{ customer.nickname }}' }, 'body.text', /undefined variable/],
      [{ text: 'Refund {{ refund.amount }}' }, 'body.text', /undefined variable: refund/],
      [{ subject: 'Order {{ order.name }}\r\nBcc: victim@customers.test' }, 'body.subject', /line break/],
      [{ text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' }, 'body.text', /limit/i],
      // 1,100 × 100 bytes: over 100 KB in few iterations, far from the render-time limit even on a loaded machine.
      [{ html: `{% for i in (1..1100) %}<p>${'x'.repeat(93)}</p>{% endfor %}` }, 'body.html', /at most 100000/],
    ];
    for (const [body, field, message] of cases) {
      const res = await put(body);
      assert.equal(res.statusCode, 422, `${JSON.stringify(body)}: ${res.body}`);
      assert.equal(res.json().code, 'NOTIFICATION_TEMPLATE_INVALID');
      const errors = res.json().errors as { field: string; message: string }[];
      assert.equal(errors[0]?.field, field, res.body);
      assert.match(errors[0]?.message ?? '', message);
      assert.match(res.json().fix, /Preview with POST/);
    }
    assert.equal((await put({ html: 'x'.repeat(100_001) })).statusCode, 400, 'over the size limit: refused by the schema');
    assert.equal((await t.call('PUT', '/v1/notification-templates/nope/en', { enabled: false })).statusCode, 400);
    assert.equal((await t.call('PUT', '/v1/notification-templates/delivered/EN_us', { enabled: false })).statusCode, 400);
    const now = (await t.call('GET', '/v1/notification-templates/out_for_delivery/en')).json();
    assert.equal(now.source, 'shipped', 'a refused template was written');
    const [versions] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from notification_template_versions where tenant_id = ${t.tenantId} and template = 'out_for_delivery'`);
    assert.equal(versions?.n, 0);
  });

  test('save, read, preview with warnings, reset; a second reset is 404', async () => {
    const saved = await t.call('PUT', '/v1/notification-templates/out_for_delivery/fr', { subject: 'Commande {{ order.name }} : livraison aujourd’hui' });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual([saved.json().source, saved.json().version, saved.json().enabled], ['tenant', 1, true]);
    assert.ok((saved.json().variables as string[]).includes('shipment.tracking_url'), 'the variables lack shipment.tracking_url');
    const listed = ((await t.call('GET', '/v1/notification-templates')).json().data as { key: string; overridden: boolean; locales: { locale: string }[] }[]).find((d) => d.key === 'out_for_delivery');
    assert.deepEqual([listed?.overridden, listed?.locales.map((l) => l.locale)], [true, ['en', 'de', 'fr']]);
    const preview = await t.call('POST', '/v1/notification-templates/out_for_delivery/fr/preview', { subject: 'Livraison aujourd’hui' });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual([preview.json().subject, preview.json().source], ['Livraison aujourd’hui', 'draft']);
    assert.match((preview.json().warnings as string[]).join(), /does not name the order/);
    const bad = await t.call('POST', '/v1/notification-templates/out_for_delivery/fr/preview', { html: '{{ order.name | shout }}' });
    assert.deepEqual([bad.statusCode, bad.json().errors?.[0]?.field], [422, 'body.html']);
    assert.equal((await t.call('DELETE', '/v1/notification-templates/out_for_delivery/fr')).statusCode, 204);
    assert.equal((await t.call('DELETE', '/v1/notification-templates/out_for_delivery/fr')).json().code, 'NOTIFICATION_TEMPLATE_NOT_OVERRIDDEN');
    const [versions] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from notification_template_versions where tenant_id = ${t.tenantId} and template = 'out_for_delivery' and locale = 'fr'`);
    assert.equal(versions?.n, 2, 'the save and the reset are both in the history');
  });

  test('the history lists every save and reset newest first, pages with a cursor; another tenant sees none of it', async () => {
    const url = '/v1/notification-templates/delivered/fr';
    assert.equal((await t.call('PUT', url, { subject: 'Livré {{ order.name }}' })).statusCode, 200);
    assert.equal((await t.call('PUT', url, { subject: 'Livré ! {{ order.name }}', enabled: false })).statusCode, 200);
    assert.equal((await t.call('DELETE', url)).statusCode, 204);
    const res = await t.call('GET', `${url}/versions`);
    assert.equal(res.statusCode, 200, res.body);
    const versions = res.json().data as { version: number; change: string; subject: string | null; html: string | null; enabled: boolean | null; updated_by: string }[];
    assert.deepEqual(versions.map((v) => [v.version, v.change, v.subject, v.enabled]), [[3, 'reset', null, null], [2, 'saved', 'Livré ! {{ order.name }}', false], [1, 'saved', 'Livré {{ order.name }}', true]]);
    assert.match(versions[1]?.html ?? '', /<html|\{\{|\{%/, 'a saved version carries its HTML');
    assert.ok(versions.every((v) => v.updated_by.length > 0), 'each version names who made it');
    const first = (await t.call('GET', `${url}/versions?limit=2`)).json() as { data: { version: number }[]; next_cursor: string };
    assert.deepEqual(first.data.map((v) => v.version), [3, 2]);
    const rest = (await t.call('GET', `${url}/versions?limit=2&cursor=${first.next_cursor}`)).json() as { data: { version: number }[]; next_cursor: string | null };
    assert.deepEqual([rest.data.map((v) => v.version), rest.next_cursor], [[1], null]);
    assert.deepEqual((await t.call('GET', '/v1/notification-templates/delivered/en/versions')).json().data, [], 'no history in a locale never saved');
    const other = await createTenant(t);
    assert.deepEqual((await t.call('GET', `${url}/versions`, undefined, { key: other.key })).json().data, []);
    const bad = await t.call('GET', `${url}/versions?cursor=${Buffer.from('x').toString('base64url')}`);
    assert.deepEqual([bad.statusCode, bad.json().code], [400, 'CURSOR_INVALID']);
  });

  test('a preview with an order escapes the order’s data in the HTML', async () => {
    const placed = await order('preview@customers.test', '<script>alert(1)</script> Eve');
    const res = await t.call('POST', '/v1/notification-templates/order_confirmation/en/preview', { order_id: placed.id });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!(res.json().html as string).includes('<script>'), 'the order’s name reached the HTML unescaped');
    assert.ok((res.json().html as string).includes('&lt;script&gt;'), 'the escaped name is not shown');
    assert.equal((await t.call('POST', '/v1/notification-templates/order_confirmation/en/preview', { order_id: 'ord_00000000000000000000000000' })).statusCode, 404);
  });

  test('a test send goes only to an allowed address, and arrives over SMTP', async () => {
    const refused = await t.call('POST', '/v1/notification-templates/delivered/de/test-send', { to: 'stranger@customers.test' });
    assert.deepEqual([refused.statusCode, refused.json().code, refused.json().errors?.[0]?.field], [422, 'NOTIFICATION_TEST_RECIPIENT_NOT_ALLOWED', 'body.to']);
    assert.equal((await t.call('PATCH', '/v1/settings', { notification_test_recipients: ['qa@acme-shop.test'] })).statusCode, 200);
    const sent = await t.call('POST', '/v1/notification-templates/delivered/de/test-send', { to: 'qa@acme-shop.test' });
    assert.equal(sent.statusCode, 202, sent.body);
    await deliver();
    const mail = smtp.messages.find((m) => m.subject === sent.json().subject);
    assert.ok(mail, 'the test message did not arrive');
    assert.equal(mail.subject, '[Test] Bestellung #1042 wurde zugestellt');
    assert.match(mail.text ?? '', /Ihr Paket wurde zugestellt/);
  });
});

describe('messages in the customer’s language, with the tenant’s own templates', () => {
  test('a German customer gets German; a tenant template is used; one turned off is kept as skipped', async () => {
    const first = await order('de@customers.test', 'Grete Müller');
    const customer = await customerOf(first.id);
    const prefs = await t.call('PATCH', `/v1/customers/${customer}/notification-preferences`, { locale: 'de-AT' });
    assert.deepEqual([prefs.statusCode, prefs.json().locale], [200, 'de-AT']);
    await relayAll(t.database.db, [notificationSubscriber]);
    const second = await order('de@customers.test', 'Grete Müller');
    await deliver();
    const [row] = await rowsOf(second.id);
    assert.deepEqual([row?.template, row?.locale, row?.status], ['order_confirmation', 'de', 'sent']);
    assert.match(mailOf(row)?.subject ?? '', /^Bestellung #\d+ bestätigt$/);

    assert.equal((await t.call('PUT', '/v1/notification-templates/order_confirmation/de', { subject: 'Danke! {{ order.name }}' })).statusCode, 200);
    const third = await order('de@customers.test', 'Grete Müller');
    await deliver();
    assert.match(mailOf((await rowsOf(third.id))[0])?.subject ?? '', /^Danke! #\d+$/);

    assert.equal((await t.call('PUT', '/v1/notification-templates/order_confirmation/de', { enabled: false })).statusCode, 200);
    const before = smtp.messages.length;
    const fourth = await order('de@customers.test', 'Grete Müller');
    await deliver();
    const [skipped] = await rowsOf(fourth.id);
    assert.deepEqual([skipped?.status, skipped?.last_error], ['skipped', 'not sent: the tenant turned order_confirmation off in locale de']);
    assert.equal(smtp.messages.length, before);
    assert.equal((await t.call('DELETE', '/v1/notification-templates/order_confirmation/de')).statusCode, 204);
  });

  test('an opted-out customer’s message is kept as skipped, not sent', async () => {
    const first = await order('optout@customers.test');
    const customer = await customerOf(first.id);
    assert.equal((await t.call('PATCH', `/v1/customers/${customer}/notification-preferences`, { email_opt_out: true })).statusCode, 200);
    assert.deepEqual((await t.call('GET', `/v1/customers/${customer}/notification-preferences`)).json().email_opt_out, true);
    await deliver();
    const [row] = await rowsOf(first.id);
    assert.deepEqual([row?.status, row?.last_error], ['skipped', 'not sent: the customer opted out of e-mail']);
    const listed = (await t.call('GET', `/v1/notifications/${row?.id}`)).json();
    assert.deepEqual([listed.status, listed.locale, listed.last_error], ['skipped', 'en', 'not sent: the customer opted out of e-mail']);
    const skippedOnes = (await t.call('GET', `/v1/notifications?status=skipped&order_id=${first.id}`)).json().data as { id: string }[];
    assert.deepEqual(skippedOnes.map((n) => n.id), [row?.id]);
    assert.equal((await t.call('PATCH', `/v1/customers/${customer}/notification-preferences`, { locale: 'xx_YY' })).statusCode, 400);
    assert.equal((await t.call('PATCH', '/v1/customers/cus_00000000000000000000000000/notification-preferences', { email_opt_out: true })).statusCode, 404);
  });
});

describe('the new templates end to end', () => {
  test('a partial cancel tells which units; a whole cancel with no_notification is kept as skipped', async () => {
    const placed = await order('partial@customers.test', 'Ada Lovelace', 3);
    const line = ((await t.call('GET', `/v1/orders/${placed.id}`)).json() as { lines: { id: string }[] }).lines[0];
    assert.equal((await t.call('POST', `/v1/orders/${placed.id}/cancel`, { reason: 'customer asked', lines: [{ line_id: line?.id, quantity: 1 }] })).statusCode, 200);
    await deliver();
    const cancelled = (await rowsOf(placed.id)).find((r) => r.template === 'order_cancelled');
    assert.equal(cancelled?.status, 'sent', cancelled?.last_error ?? 'no cancel message');
    const mail = mailOf(cancelled);
    assert.match(mail?.subject ?? '', /^Part of order #\d+ has been cancelled$/);
    assert.match(mail?.text ?? '', /- 1 × Enamel mug/);
    assert.match(mail?.text ?? '', /New total: 30\.00 USD/);
    // A second partial cancel names its own unit, not the line's cancelled units all told.
    assert.equal((await t.call('POST', `/v1/orders/${placed.id}/cancel`, { reason: 'customer asked again', lines: [{ line_id: line?.id, quantity: 1 }] })).statusCode, 200);
    await deliver();
    const second = (await rowsOf(placed.id)).filter((r) => r.template === 'order_cancelled')[1];
    assert.match(mailOf(second)?.text ?? '', /cancelled:\n\n- 1 × Enamel mug\n/);

    const quiet = await order('quiet@customers.test');
    assert.equal((await t.call('POST', `/v1/orders/${quiet.id}/cancel`, { reason: 'fraud', no_notification: true })).statusCode, 200);
    await deliver();
    const row = (await rowsOf(quiet.id)).find((r) => r.template === 'order_cancelled');
    assert.deepEqual([row?.status, row?.last_error], ['skipped', 'not sent: the staff action asked for no_notification']);
  });

  test('shipped, out for delivery, delivered: three messages with carrier and tracking', async () => {
    const placed = await order('parcel@customers.test');
    const fos = (await t.call('GET', `/v1/fulfillment-orders?order_id=${placed.id}`)).json().data as { id: string }[];
    for (const fo of fos) {
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {})).statusCode, 201);
    }
    const shipment = ((await t.call('GET', `/v1/shipments?order_id=${placed.id}`)).json().data as { id: string; tracking_number: string }[])[0];
    assert.ok(shipment, 'no shipment');
    const at = Date.now();
    for (const [status, offset] of [['out_for_delivery', 1], ['delivered', 2]] as const) {
      const res = await t.call('POST', `/v1/shipments/${shipment.id}/events`, { status, occurred_at: new Date(at + offset * 1000).toISOString(), location: 'Springfield' });
      assert.equal(res.statusCode, 200, res.body);
    }
    await deliver();
    const rows = await rowsOf(placed.id);
    const byTemplate = (name: string) => rows.find((r) => r.template === name);
    for (const name of ['shipping_confirmation', 'out_for_delivery', 'delivered']) assert.equal(byTemplate(name)?.status, 'sent', `${name}: ${byTemplate(name)?.last_error ?? 'missing'}`);
    assert.match(mailOf(byTemplate('shipping_confirmation'))?.text ?? '', /In this parcel:\n\n- 2 × Enamel mug/);
    const out = mailOf(byTemplate('out_for_delivery'));
    assert.match(out?.subject ?? '', /^Order #\d+ arrives today$/);
    assert.ok((out?.text ?? '').includes(shipment.tracking_number), 'no tracking number in the text');
    const delivered = mailOf(byTemplate('delivered'));
    assert.match(delivered?.subject ?? '', /^Order #\d+ has been delivered$/);
    assert.match(delivered?.text ?? '', /\(Springfield\)/);
    assert.match(String(delivered?.html), /<html lang="en">/);
    // The satisfaction survey's signed link, which opens the survey page for this order (ADR 0037).
    const survey = /https?:\/\/[^\s"<>]+\/survey\/[A-Za-z0-9._~-]+/.exec(delivered?.text ?? '')?.[0];
    assert.ok(survey, `a survey link in the text: ${delivered?.text ?? ''}`);
    const page = await t.call('GET', new URL(survey).pathname, undefined, { key: null });
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    assert.match(page.body, /How likely are you to recommend/);
  });

  test('an order held for fraud review gets the review notice, which accuses no one', async () => {
    const placed = await order('review@customers.test');
    const held = await t.call('POST', `/v1/orders/${placed.id}/holds`, { type: 'fraud_review', reason: 'card and IP in different countries' });
    assert.equal(held.statusCode, 201, held.body);
    await deliver();
    const row = (await rowsOf(placed.id)).find((r) => r.template === 'review_notice');
    assert.equal(row?.status, 'sent', row?.last_error ?? 'no review notice');
    const mail = mailOf(row);
    assert.match(mail?.subject ?? '', /a quick check before we ship$/);
    assert.doesNotMatch(`${mail?.subject} ${mail?.text}`, /fraud|suspicious|card and IP/i);
  });

  test('an address edit tells the customer what changed; one with no_notification is kept as skipped', async () => {
    const placed = await order('edit@customers.test');
    const address = { name: 'Ada Lovelace', line1: '7 New Road', city: 'Springfield', region: 'IL', postal_code: '62704', country: 'US' };
    const edited = await t.call('PATCH', `/v1/orders/${placed.id}`, { shipping_address: address, reason: 'customer moved' });
    assert.equal(edited.statusCode, 200, edited.body);
    const quiet = await t.call('PATCH', `/v1/orders/${placed.id}`, { notes: 'internal only' });
    assert.equal(quiet.statusCode, 200, quiet.body);
    const silenced = await t.call('PATCH', `/v1/orders/${placed.id}`, { shipping_address: { ...address, line1: '9 New Road' }, no_notification: true });
    assert.equal(silenced.statusCode, 200, silenced.body);
    await deliver();
    const edits = (await rowsOf(placed.id)).filter((r) => r.template === 'order_edited');
    assert.deepEqual(edits.map((r) => [r.status, r.last_error]), [['sent', null], ['skipped', 'not sent: the staff action asked for no_notification']], 'a notes-only edit sends nothing');
    const mail = mailOf(edits[0]);
    assert.match(mail?.subject ?? '', /^Order #\d+ has been updated$/);
    assert.match(mail?.text ?? '', /New shipping address: 12 Analytical Way, 62701 Springfield, US → 7 New Road, 62704 Springfield, US/);
    assert.doesNotMatch(mail?.text ?? '', /still to be paid|refund/, 'an edit that changed no money speaks of none');
  });

  test('a backordered order gets the backorder notice with the expected date', async () => {
    await createProduct(t, 'NTT-LATE', { name: 'Walnut tray', backorderable: true });
    const po = await t.call('POST', '/v1/inbound', { reference: 'NTT-PO-1', location: 'NTT-WH', expected_date: '2027-01-15', lines: [{ sku: 'NTT-LATE', quantity: 10 }] });
    assert.equal(po.statusCode, 201, po.body);
    const placed = await placeOrder(t, [{ sku: 'NTT-LATE', quantity: 2, unit_price: '30.00' }, { sku, quantity: 1, unit_price: '12.50' }], { customer: { email: 'late@customers.test', name: 'Ada Lovelace', phone: null } });
    await deliver();
    const row = (await rowsOf(placed.id)).find((r) => r.template === 'backorder_notice');
    assert.equal(row?.status, 'sent', row?.last_error ?? `no backorder notice: ${JSON.stringify(await rowsOf(placed.id))}`);
    const mail = mailOf(row);
    assert.match(mail?.subject ?? '', /^Some items of order #\d+ will ship later$/);
    assert.match(mail?.text ?? '', /- 2 × Walnut tray: expected 2027-01-15/);
    assert.match(mail?.text ?? '', /ship everything by 2027-01-15/);
  });

  test('a return from request to refund: requested, approved, received, refund issued', async () => {
    const placed = await order('returns@customers.test');
    assert.equal((await t.call('POST', `/v1/orders/${placed.id}/transactions`, { kind: 'sale', amount: '30.00', gateway: 'stripe' })).statusCode, 201);
    for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${placed.id}`)).json().data as { id: string }[]) {
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {})).statusCode, 201);
    }
    const lineId = placed.lines[0]?.id as string;
    const requested = await t.call('POST', `/v1/orders/${placed.id}/returns`, { lines: [{ order_line_id: lineId, quantity: 1, reason: 'defective' }] });
    assert.equal(requested.statusCode, 201, requested.body);
    const ret = requested.json() as { id: string; lines: { id: string }[] };
    assert.equal((await t.call('POST', `/v1/returns/${ret.id}/approve`, { location: 'NTT-WH' })).statusCode, 200);
    const received = await t.call('POST', `/v1/returns/${ret.id}/receipts`, { received_at: new Date().toISOString(), lines: [{ return_line_id: ret.lines[0]?.id, quantity: 1, disposition: 'restock' }] });
    assert.equal(received.statusCode, 201, received.body);
    assert.equal((await t.call('POST', `/v1/returns/${ret.id}/refunds`, {})).statusCode, 201);
    await deliver();
    const rows = await rowsOf(placed.id);
    const mail = (template: string) => {
      const row = rows.find((r) => r.template === template);
      assert.equal(row?.status, 'sent', `${template}: ${row?.last_error ?? 'missing'}`);
      return mailOf(row);
    };
    assert.match(mail('return_requested')?.text ?? '', new RegExp(`return ${ret.id}\\):\\n\\n- 1 × Enamel mug: defective`));
    assert.match(mail('return_approved')?.subject ?? '', /^Your return for order #\d+ is approved$/);
    assert.match(mail('return_received')?.subject ?? '', /^We received your return for order #\d+$/);
    // One mug (12.50) and, for a merchant's-fault reason (defective), the shipping (5.00).
    assert.match(mail('refund_issued')?.subject ?? '', /^Your refund of 17\.50 USD for order #\d+$/);
  });
});

describe('the portal link', () => {
  test('with a portal, every message links to the order’s portal page; the link opens it', async () => {
    const slug = `ntt-${Date.now().toString(36)}`;
    assert.equal((await t.call('PATCH', '/v1/settings', { portal_slug: slug })).statusCode, 200);
    try {
      const placed = await order('portal@customers.test');
      await deliver();
      const confirmation = mailOf((await rowsOf(placed.id)).find((r) => r.template === 'order_confirmation'));
      const link = new RegExp(`https?://[^\\s"<>]+/portal/${slug}/link/[A-Za-z0-9._~-]+`).exec(confirmation?.text ?? '')?.[0];
      assert.ok(link, `a portal link in the text: ${confirmation?.text ?? ''}`);
      assert.match(String(confirmation?.html), /View your order/);
      const opened = await t.call('GET', new URL(link).pathname, undefined, { key: null });
      assert.ok([302, 303].includes(opened.statusCode), `the magic link starts a session and redirects: ${opened.statusCode} ${opened.body.slice(0, 200)}`);
      const preview = await t.call('POST', '/v1/notification-templates/order_confirmation/en/preview', { order_id: placed.id });
      assert.equal(preview.statusCode, 200, preview.body);
      assert.ok(!String(preview.json().text).includes(`/portal/${slug}/link/`), 'a preview never carries a working link to the customer’s page');
    } finally {
      assert.equal((await t.call('PATCH', '/v1/settings', { portal_slug: null })).statusCode, 200);
    }
  });
});
