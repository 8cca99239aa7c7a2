import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { deliveredOrder as deliveredOrderAt, shippedOrder as shippedOrderAt, shippingWarehouse } from '../support/surveys.js';

// The satisfaction survey after delivery (ADR 0037): a delivered order is offered a signed link,
// the customer answers on a server-rendered page, GET /v1/nps counts the answers.
let t: TestApp;
let now = new Date();
let warehouse: string;

before(async () => {
  t = await buildTestApp({ clock: () => now });
  warehouse = await shippingWarehouse(t);
});
after(() => t.close());

const shippedOrder = (overrides: Record<string, unknown> = {}) => shippedOrderAt(t, warehouse, overrides);
const deliveredOrder = (overrides: Record<string, unknown> = {}) => deliveredOrderAt(t, warehouse, now, overrides);

const form = (score: string | number | undefined, comment?: string) => {
  const p = new URLSearchParams();
  if (score !== undefined) p.set('score', String(score));
  if (comment !== undefined) p.set('comment', comment);
  return p.toString();
};
const getPage = (token: string, lang = 'en') => t.app.inject({ method: 'GET', url: `/survey/${token}`, headers: { 'accept-language': lang } });
const postPage = (token: string, payload: string, lang = 'en') => t.app.inject({ method: 'POST', url: `/survey/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': lang }, payload });
const surveyEvents = async (orderId: string) => ((await t.call('GET', `/v1/orders/${orderId}/events`)).json().data as { type: string; actor: string; data: Record<string, unknown> }[]).filter((e) => e.type === 'survey.answered');

describe('the link', () => {
  test('no link before delivery; after it a link valid 30 days after the delivery', async () => {
    const { order, shipmentId } = await shippedOrder();
    const before = (await t.call('GET', `/v1/orders/${order.id}/survey`)).json();
    assert.deepEqual([before.url, before.delivered_at, before.response], [null, null, null], 'a shipped order is not offered the survey');
    const deliveredAt = new Date(now.getTime() - 7200_000).toISOString();
    assert.equal((await t.call('POST', `/v1/shipments/${shipmentId}/events`, { status: 'delivered', occurred_at: deliveredAt })).statusCode, 200);
    const after = (await t.call('GET', `/v1/orders/${order.id}/survey`)).json();
    assert.equal(after.delivered_at, deliveredAt);
    assert.equal(after.expires_at, new Date(Date.parse(deliveredAt) + 30 * 86400_000).toISOString());
    assert.match(after.url, /\/survey\/ten_[0-9a-z]{26}\.ord_[0-9a-z]{26}\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    assert.equal((await t.call('GET', '/v1/orders/ord_00000000000000000000000000/survey')).statusCode, 404);
  });

  test('a tampered, forged or garbage link is a 403 page; an expired one 410; nothing is written', async () => {
    const { order, token } = await deliveredOrder();
    const [tenant, id, expiry, signature] = token.split('.') as [string, string, string, string];
    const longer = `${tenant}.${id}.${(parseInt(expiry, 36) + 86400).toString(36)}.${signature}`;
    const flipped = `${tenant}.${id}.${expiry}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const otherOrder = `${tenant}.ord_00000000000000000000000000.${expiry}.${signature}`;
    for (const bad of [longer, flipped, otherOrder, 'not-a-token-at-all', '%3Cscript%3E']) {
      for (const res of [await getPage(bad), await postPage(bad, form(9))]) {
        assert.equal(res.statusCode, 403, `${bad}: ${res.body.slice(0, 200)}`);
        assert.match(res.body, /This link does not work/);
        assert.ok(!res.body.includes('<script>'), 'the token is not echoed as markup');
      }
    }
    const saved = now;
    now = new Date(now.getTime() + 31 * 86400_000);
    try {
      const [shown, posted] = [await getPage(token, 'de'), await postPage(token, form(9), 'de')];
      for (const res of [shown, posted]) {
        assert.equal(res.statusCode, 410);
        assert.match(res.body, /<html lang="de">/);
        assert.match(res.body, /Diese Umfrage ist beendet/);
      }
      assert.equal((await t.call('GET', `/v1/orders/${order.id}/survey`)).json().url, null, 'an expired link is not offered');
    } finally {
      now = saved;
    }
    assert.equal((await t.call('GET', `/v1/orders/${order.id}/survey`)).json().response, null);
    assert.deepEqual(await surveyEvents(order.id), []);
  });
});

describe('the page', () => {
  test('asks the question with 11 labelled choices and a comment field, in English or German, escaped, never cached', async () => {
    const { token } = await deliveredOrder({ channel_order_name: '#<b>S1</b>' });
    const en = await getPage(token, 'fr-CH, de;q=0.5, en;q=0.9');
    assert.equal(en.statusCode, 200, en.body);
    assert.match(en.body, /<html lang="en">/);
    assert.match(en.body, /How likely are you to recommend .+ to a friend\?/);
    assert.equal(en.body.match(/<input type="radio" name="score"/g)?.length, 11);
    assert.match(en.body, /<fieldset[^>]*>\s*<legend>/);
    assert.match(en.body, /<label class="block" for="comment">/);
    assert.match(en.body, /maxlength="2000"/);
    assert.ok(en.body.includes('#&lt;b&gt;S1&lt;/b&gt;') && !en.body.includes('<b>S1'), 'the order name is escaped');
    assert.equal(en.headers['cache-control'], 'no-store');
    assert.equal(en.headers['referrer-policy'], 'no-referrer');
    assert.match(String(en.headers['content-security-policy']), /default-src 'none'/);
    const de = await getPage(token, 'de-DE,de;q=0.9');
    assert.match(de.body, /<html lang="de">/);
    assert.match(de.body, /Wie wahrscheinlich ist es, dass Sie .+ einem Freund empfehlen\?/);
  });

  test('answering records one response per order; a different answer replaces it, the same again changes nothing', async () => {
    const { order, token } = await deliveredOrder();
    const first = await postPage(token, form(6, '  Late by two days.\r\nBox was fine.  '));
    assert.equal(first.statusCode, 200, first.body);
    assert.match(first.body, /We received your answer: 6 out of 10\./);
    let r = (await t.call('GET', `/v1/orders/${order.id}/survey`)).json().response;
    assert.deepEqual([r.score, r.category, r.comment, r.answers, r.channel], [6, 'detractor', 'Late by two days.\nBox was fine.', 1, 'web']);
    const shown = await getPage(token);
    assert.match(shown.body, /id="score-6" value="6" checked/, 'the page shows the answer given');
    assert.match(shown.body, /You answered 6 on/);

    const same = await postPage(token, form(6, 'Late by two days.\nBox was fine.'));
    assert.match(same.body, /nothing changed/);
    assert.equal((await surveyEvents(order.id)).length, 1, 'a double submit appends nothing');

    const changed = await postPage(token, form(9));
    assert.match(changed.body, /replaces the answer you gave before/);
    r = (await t.call('GET', `/v1/orders/${order.id}/survey`)).json().response;
    assert.deepEqual([r.score, r.category, r.comment, r.answers], [9, 'promoter', null, 2]);
    const events = await surveyEvents(order.id);
    assert.deepEqual(events.map((e) => [e.data.score, e.data.category, e.data.replaced, e.data.has_comment, e.data.channel]), [[6, 'detractor', false, true, 'web'], [9, 'promoter', true, false, 'web']]);
    assert.ok(events.every((e) => !JSON.stringify(e.data).includes('Late')), 'no comment text in the event');
    assert.equal(events[0]?.actor, `customer:survey:${order.id}`);
  });

  test('a bad answer shows the form again (422) naming the problem; nothing is written', async () => {
    const { order, token } = await deliveredOrder();
    for (const [payload, field] of [[form(undefined, 'no score'), 'score'], [form(11), 'score'], [form('7.5'), 'score'], [form(8, 'x'.repeat(2001)), 'comment'], [form(8, 'bell\u0007'), 'comment']] as const) {
      const res = await postPage(token, payload);
      assert.equal(res.statusCode, 422, payload.slice(0, 60));
      assert.match(res.body, /role="alert"/);
      assert.match(res.body, new RegExp(`id="${field}-error"`), payload.slice(0, 60));
    }
    assert.equal((await postPage(token, form(8, 'é'.repeat(2000)))).statusCode, 200, '2000 characters (not bytes) are accepted');
    assert.equal((await surveyEvents(order.id)).length, 1);
  });
});

describe('GET /v1/nps and GET /v1/survey-responses', () => {
  test('per channel, month and week: the counts and the NPS from them; none → null', async () => {
    const from = new Date(now.getTime() - 1000).toISOString();
    const answers: [string, number][] = [['nps-a', 10], ['nps-a', 9], ['nps-a', 7], ['nps-a', 3], ['nps-b', 8], ['nps-b', 7]];
    for (const [channel, score] of answers) {
      const { token } = await deliveredOrder({ channel });
      assert.equal((await postPage(token, form(score))).statusCode, 200);
    }
    const to = new Date(now.getTime() + 1000).toISOString();
    const byChannel = await t.call('GET', `/v1/nps?group_by=channel&from=${from}&to=${to}`);
    assert.equal(byChannel.statusCode, 200, byChannel.body);
    const groups = (byChannel.json().groups as { key: string }[]).filter((g) => g.key.startsWith('nps-'));
    assert.deepEqual(groups, [
      { key: 'nps-a', responses: 4, promoters: 2, passives: 1, detractors: 1, nps: 25 },
      { key: 'nps-b', responses: 2, promoters: 0, passives: 2, detractors: 0, nps: 0 },
    ]);
    const month = (await t.call('GET', `/v1/nps?group_by=month&from=${from}&to=${to}`)).json();
    assert.equal(month.group_by, 'month');
    assert.ok(month.groups.every((g: { key: string }) => /^\d{4}-\d{2}$/.test(g.key)), JSON.stringify(month.groups));
    assert.ok(month.total.responses >= 6, JSON.stringify(month.total));
    const week = (await t.call('GET', `/v1/nps?group_by=week&from=${from}&to=${to}`)).json();
    assert.ok(week.groups.every((g: { key: string }) => /^\d{4}-W\d{2}$/.test(g.key)), JSON.stringify(week.groups));
    const empty = (await t.call('GET', '/v1/nps?from=2001-01-01T00:00:00Z&to=2001-02-01T00:00:00Z')).json();
    assert.deepEqual([empty.group_by, empty.groups, empty.total], ['channel', [], { responses: 0, promoters: 0, passives: 0, detractors: 0, nps: null }]);

    const aByWeek = (await t.call('GET', `/v1/nps?group_by=week&channel=nps-a&from=${from}&to=${to}`)).json();
    assert.deepEqual(aByWeek.total, { responses: 4, promoters: 2, passives: 1, detractors: 1, nps: 25 }, 'one channel over time: only its answers');
    assert.equal(aByWeek.groups.reduce((n: number, g: { responses: number }) => n + g.responses, 0), 4);

    const passives = await t.call('GET', `/v1/survey-responses?channel=nps-a&score_min=7&score_max=8&from=${from}`);
    assert.deepEqual(passives.json().data.map((r: { score: number }) => r.score), [7], 'a score band: 7 to 8');
    const promoters = await t.call('GET', `/v1/survey-responses?channel=nps-a&score_min=9&from=${from}`);
    assert.deepEqual(promoters.json().data.map((r: { score: number }) => r.score), [9, 10], 'score_min 9: the promoters, newest first');
    const detractors = await t.call('GET', `/v1/survey-responses?channel=nps-a&score_max=6&from=${from}`);
    assert.equal(detractors.statusCode, 200, detractors.body);
    assert.deepEqual(detractors.json().data.map((r: { score: number; order_name: string }) => r.score), [3]);
    const paged = await t.call('GET', `/v1/survey-responses?channel=nps-a&limit=3`);
    assert.equal(paged.json().data.length, 3);
    const rest = await t.call('GET', `/v1/survey-responses?channel=nps-a&limit=3&cursor=${paged.json().next_cursor}`);
    assert.deepEqual([rest.json().data.length, rest.json().next_cursor], [1, null]);
    assert.deepEqual(rest.json().data.map((r: { score: number }) => r.score), [10], 'newest first: the first answered comes last');
  });

  test('bad query input is a problem naming the parameter', async () => {
    const cases: [string, number, string][] = [
      ['/v1/nps?group_by=year', 400, 'group_by'],
      ['/v1/nps?from=yesterday', 400, 'from'],
      ['/v1/nps?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', 422, 'to'],
      ['/v1/nps?colour=red', 400, 'colour'],
      ['/v1/survey-responses?score_max=11', 400, 'score_max'],
      ['/v1/survey-responses?score_min=-1', 400, 'score_min'],
      ['/v1/nps?channel=', 400, 'channel'],
      ['/v1/survey-responses?cursor=garbage', 400, 'cursor'],
    ];
    for (const [url, status, param] of cases) {
      const res = await t.call('GET', url);
      assert.equal(res.statusCode, status, `${url}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /problem\+json/);
      assert.ok((res.json().errors as { field: string }[]).some((e) => e.field.includes(param)), `${url} names ${param}: ${res.body}`);
    }
  });

  test('erasing the customer blanks the comment and keeps the score', async () => {
    const { order, token } = await deliveredOrder();
    assert.equal((await postPage(token, form(4, 'Call me on +1 217 555 0100'))).statusCode, 200);
    const erased = await t.call('POST', `/v1/customers/${order.customer_id}/erase`, { reason: 'GDPR request' });
    assert.equal(erased.statusCode, 200, erased.body);
    const r = (await t.call('GET', `/v1/orders/${order.id}/survey`)).json().response;
    assert.deepEqual([r.score, r.comment, r.comment_erased], [4, null, true]);
  });
});
