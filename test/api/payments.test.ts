import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiKey, createChannel, createLocation, orderBody, placeOrder, stockedProduct, type OrderJson } from '../support/factories.js';

/**
 * GET/POST /v1/orders/{id}/transactions and the order view's `payment`: the ledger records each
 * transaction once, refuses what would move money that is not there, and the financial status and
 * balance follow the order's current total.
 */
let t: TestApp;
let viewer: string;
let operator: { id: string; key: string };

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'PAY-WH');
  viewer = (await createApiKey(t, 'viewer')).key;
  operator = await createApiKey(t, 'operator');
});
after(() => t.close());

interface Summary {
  financial_status: string;
  authorized: string;
  paid: string;
  refunded: string;
  balance: string;
  refund_owed: string;
  amount_due: string;
  capturable: string;
  refundable: string;
  net_paid: string;
  total: string;
}
interface Txn {
  id: string;
  kind: string;
  status: string;
  amount: string;
  currency: string;
  gateway: string;
  gateway_reference: string | null;
  parent_id: string | null;
  source: string;
  reason: string | null;
  actor: string;
}

/** An order of 2 × 10.00 + 5.00 shipping = 25.00 USD (or the given lines). */
const newOrder = async (overrides: Record<string, unknown> = {}, quantity = 2): Promise<OrderJson> => placeOrder(t, [{ sku: await stockedProduct(t, { 'PAY-WH': 10 }), quantity }], overrides);
const record = (orderId: string, body: Record<string, unknown>, options: { key?: string; headers?: Record<string, string> } = {}) => t.call('POST', `/v1/orders/${orderId}/transactions`, body, options);
const recorded = async (orderId: string, body: Record<string, unknown>): Promise<{ transaction: Txn; summary: Summary }> => {
  const res = await record(orderId, body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
};
const ledger = async (orderId: string, key?: string) => (await t.call('GET', `/v1/orders/${orderId}/transactions`, undefined, key ? { key } : {})).json() as { data: Txn[]; summary: Summary };
const orderPayment = async (orderId: string) => ((await t.call('GET', `/v1/orders/${orderId}`)).json() as { payment: Record<string, string> }).payment;
const problem = (res: { statusCode: number; json(): unknown }) => {
  const p = res.json() as { code: string; errors?: { field: string; message: string }[] };
  return [res.statusCode, p.code, p.errors?.map((e) => e.field)];
};

describe('recording and deriving', () => {
  test('a new order is pending with the whole total due', async () => {
    const order = await newOrder();
    assert.deepEqual(await orderPayment(order.id), { financial_status: 'pending', authorized: '0.00', paid: '0.00', refunded: '0.00', balance: '-25.00', refund_owed: '0.00', amount_due: '25.00' });
    assert.deepEqual((await ledger(order.id)).data, []);
  });

  test('authorize, capture part, capture the rest: authorized → partially paid → paid, each on the timeline', async () => {
    const order = await newOrder();
    const auth = await recorded(order.id, { kind: 'authorization', amount: '25.00', gateway: 'stripe', gateway_reference: 'pi_1', reason: 'checkout' });
    assert.match(auth.transaction.id, /^txn_[0-9a-z]{26}$/);
    assert.deepEqual([auth.transaction.source, auth.transaction.currency, auth.transaction.status], ['api', 'USD', 'success']);
    assert.deepEqual([auth.summary.financial_status, auth.summary.capturable], ['authorized', '25.00']);
    const part = await recorded(order.id, { kind: 'capture', amount: '10.00', gateway: 'stripe', gateway_reference: 'ch_1', parent_id: auth.transaction.id });
    assert.deepEqual([part.summary.financial_status, part.summary.paid, part.summary.balance, part.summary.capturable], ['partially_paid', '10.00', '-15.00', '15.00']);
    const rest = await recorded(order.id, { kind: 'capture', amount: '15.00', gateway: 'stripe', gateway_reference: 'ch_2', parent_id: auth.transaction.id });
    assert.deepEqual([rest.summary.financial_status, rest.summary.balance, rest.summary.amount_due], ['paid', '0.00', '0.00']);
    assert.deepEqual((await ledger(order.id)).data.map((x) => [x.kind, x.amount]), [['authorization', '25.00'], ['capture', '10.00'], ['capture', '15.00']]);
    assert.equal((await orderPayment(order.id)).financial_status, 'paid');

    const events = ((await t.call('GET', `/v1/orders/${order.id}/events`)).json() as { data: { type: string; actor: string; data: Record<string, unknown> }[] }).data.filter((e) => e.type === 'order.transaction_recorded');
    assert.deepEqual(events.map((e) => [e.data.kind, e.data.amount_minor, e.data.financial_status]), [['authorization', 2500, 'authorized'], ['capture', 1000, 'partially_paid'], ['capture', 1500, 'paid']]);
    assert.equal(events[0]?.data.reason, 'checkout');
  });

  test('a refund appends refund.created in the shape accounting reads, and the status follows', async () => {
    const order = await newOrder();
    const sale = await recorded(order.id, { kind: 'sale', amount: '25.00', gateway: 'shopify_payments', gateway_reference: 's1' });
    const refund = await recorded(order.id, { kind: 'refund', amount: '5.00', gateway: 'shopify_payments', parent_id: sale.transaction.id, reason: 'late delivery' });
    assert.deepEqual([refund.summary.financial_status, refund.summary.refunded, refund.summary.balance, refund.summary.amount_due], ['partially_refunded', '5.00', '-5.00', '5.00']);
    const rows = await queryRows<{ aggregate_type: string; data: Record<string, unknown> }>(
      t.database.db,
      sql`select aggregate_type, data from events where tenant_id = ${t.tenantId} and type = 'refund.created' and aggregate_id = ${refund.transaction.id}`,
    );
    assert.deepEqual(rows.map((r) => [r.aggregate_type, r.data]), [
      ['refund', { order_id: order.id, refund_id: refund.transaction.id, currency: 'USD', amount_minor: 500, lines: [], shipping_minor: 0, tax_minor: 0, reason: 'late delivery' }],
    ]);
    const all = await recorded(order.id, { kind: 'refund', amount: '20.00', gateway: 'shopify_payments' });
    assert.deepEqual([all.summary.financial_status, all.summary.net_paid], ['refunded', '0.00']);
  });

  test('when the total goes down after payment (a partial cancel), the order shows the refund owed', async () => {
    const order = await newOrder({}, 3); // 3 × 10.00 + 5.00
    await recorded(order.id, { kind: 'sale', amount: '35.00', gateway: 'stripe' });
    assert.deepEqual([(await orderPayment(order.id)).financial_status, (await orderPayment(order.id)).balance], ['paid', '0.00']);
    // One unit cancelled: the total drops by its 10.00 (the money model), and the paid 35.00 now owes it back.
    const lineId = order.lines[0]?.id as string;
    const cancelled = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'one unit out of stock', lines: [{ line_id: lineId, quantity: 1 }] });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.equal((cancelled.json() as { totals: { total: string } }).totals.total, '25.00');
    assert.deepEqual(await orderPayment(order.id), { financial_status: 'paid', authorized: '0.00', paid: '35.00', refunded: '0.00', balance: '10.00', refund_owed: '10.00', amount_due: '0.00' });
    assert.deepEqual(problem(await record(order.id, { kind: 'refund', amount: '35.01', gateway: 'stripe' })), [409, 'PAYMENT_AMOUNT_EXCEEDS_REMAINING', ['amount']]);
    const refund = await recorded(order.id, { kind: 'refund', amount: '10.00', gateway: 'stripe', reason: 'one unit cancelled' });
    assert.deepEqual([refund.summary.financial_status, refund.summary.balance, refund.summary.refund_owed], ['partially_refunded', '0.00', '0.00']);
  });

  test('a void releases an un-captured authorization; status voided; a second void or a void after capture is refused', async () => {
    const order = await newOrder();
    const auth = await recorded(order.id, { kind: 'authorization', amount: '25.00', gateway: 'stripe' });
    const voided = await recorded(order.id, { kind: 'void', amount: '25.00', gateway: 'stripe', parent_id: auth.transaction.id });
    assert.deepEqual([voided.summary.financial_status, voided.summary.capturable], ['voided', '0.00']);
    assert.deepEqual(problem(await record(order.id, { kind: 'void', amount: '25.00', gateway: 'stripe', parent_id: auth.transaction.id })), [409, 'PAYMENT_VOID_NOT_ALLOWED', ['parent_id']]);
    const other = await newOrder();
    const auth2 = await recorded(other.id, { kind: 'authorization', amount: '25.00', gateway: 'stripe' });
    await recorded(other.id, { kind: 'capture', amount: '1.00', gateway: 'stripe', parent_id: auth2.transaction.id });
    assert.deepEqual(problem(await record(other.id, { kind: 'void', amount: '25.00', gateway: 'stripe', parent_id: auth2.transaction.id })), [409, 'PAYMENT_VOID_NOT_ALLOWED', ['parent_id']]);
  });

  test('failed and pending transactions are listed but move no money', async () => {
    const order = await newOrder();
    const failed = await recorded(order.id, { kind: 'sale', status: 'failure', amount: '25.00', gateway: 'stripe', gateway_reference: 'f1', reason: 'card declined' });
    assert.deepEqual([failed.transaction.status, failed.summary.financial_status, failed.summary.paid], ['failure', 'pending', '0.00']);
    assert.equal((await ledger(order.id)).data.length, 1);
  });
});

describe('refusals name the field and change nothing', () => {
  test('a refund over what was paid: 409 naming amount, nothing recorded', async () => {
    const order = await newOrder();
    await recorded(order.id, { kind: 'sale', amount: '25.00', gateway: 'stripe' });
    const res = await record(order.id, { kind: 'refund', amount: '25.01', gateway: 'stripe' });
    assert.deepEqual(problem(res), [409, 'PAYMENT_AMOUNT_EXCEEDS_REMAINING', ['amount']]);
    assert.match(res.json().errors[0].message, /25\.00 USD/);
    assert.equal((await ledger(order.id)).data.length, 1);
  });

  test('a capture above its authorization’s remainder: 409 naming amount', async () => {
    const order = await newOrder();
    const auth = await recorded(order.id, { kind: 'authorization', amount: '20.00', gateway: 'stripe' });
    assert.deepEqual(problem(await record(order.id, { kind: 'capture', amount: '20.01', gateway: 'stripe', parent_id: auth.transaction.id })), [409, 'PAYMENT_AMOUNT_EXCEEDS_REMAINING', ['amount']]);
  });

  test('another currency, too many decimals, zero, a parent of another order or gateway: 422 naming the field', async () => {
    const order = await newOrder();
    const elsewhere = await newOrder();
    const foreign = await recorded(elsewhere.id, { kind: 'sale', amount: '1.00', gateway: 'stripe' });
    const sale = await recorded(order.id, { kind: 'sale', amount: '25.00', gateway: 'stripe' });
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'sale', amount: '1.00', currency: 'EUR', gateway: 'stripe' }, 'currency'],
      [{ kind: 'sale', amount: '1.234', gateway: 'stripe' }, 'amount'],
      [{ kind: 'sale', amount: '0.00', gateway: 'stripe' }, 'amount'],
      [{ kind: 'sale', amount: '-1.00', gateway: 'stripe' }, 'amount'],
      [{ kind: 'refund', amount: '1.00', gateway: 'stripe', parent_id: foreign.transaction.id }, 'parent_id'],
      [{ kind: 'refund', amount: '1.00', gateway: 'paypal', parent_id: sale.transaction.id }, 'gateway'],
      [{ kind: 'capture', amount: '1.00', gateway: 'stripe', parent_id: sale.transaction.id }, 'parent_id'],
      [{ kind: 'void', amount: '1.00', gateway: 'stripe' }, 'parent_id'],
    ];
    for (const [body, field] of cases) {
      const res = await record(order.id, body);
      assert.equal(res.statusCode, 422, `${JSON.stringify(body)}: ${res.body}`);
      assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field), [field], JSON.stringify(body));
    }
    assert.equal((await ledger(order.id)).data.length, 1, 'only the sale is recorded');
  });

  test('a kind or status outside the lists, or an unknown order: 400/404', async () => {
    const order = await newOrder();
    assert.equal((await record(order.id, { kind: 'gift', amount: '1.00', gateway: 'stripe' })).statusCode, 400);
    assert.equal((await record(order.id, { kind: 'sale', status: 'done', amount: '1.00', gateway: 'stripe' })).statusCode, 400);
    assert.deepEqual(problem(await record('ord_00000000000000000000000000', { kind: 'sale', amount: '1.00', gateway: 'stripe' })).slice(0, 2), [404, 'ORDER_NOT_FOUND']);
    assert.equal((await t.call('GET', '/v1/orders/ord_00000000000000000000000000/transactions')).statusCode, 404);
  });
});

describe('nothing is recorded twice', () => {
  test('the same gateway reference again: 200 with the first; with other details: 409 naming gateway_reference', async () => {
    const order = await newOrder();
    const body = { kind: 'sale', amount: '25.00', gateway: 'stripe', gateway_reference: 'ch_dup' };
    const first = await recorded(order.id, body);
    const again = await record(order.id, body);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().transaction.id, first.transaction.id);
    assert.deepEqual(problem(await record(order.id, { ...body, amount: '24.00' })), [409, 'PAYMENT_REFERENCE_CONFLICT', ['gateway_reference']]);
    // The same reference on another gateway is another transaction.
    assert.equal((await record(order.id, { ...body, gateway: 'paypal' })).statusCode, 201);
    assert.equal((await ledger(order.id)).data.length, 2);
  });

  test('an Idempotency-Key replays the first answer; with another body it is refused', async () => {
    const order = await newOrder();
    const headers = { 'idempotency-key': `pay-${order.id}` };
    const body = { kind: 'sale', amount: '25.00', gateway: 'stripe' };
    const first = await record(order.id, body, { headers });
    const second = await record(order.id, body, { headers });
    assert.deepEqual([first.statusCode, second.statusCode], [201, 201]);
    assert.deepEqual(second.json(), first.json());
    assert.deepEqual(problem(await record(order.id, { ...body, amount: '1.00' }, { headers }))[1], 'REQUEST_IDEMPOTENCY_KEY_REUSED');
    assert.equal((await ledger(order.id)).data.length, 1);
  });
});

describe('the channel’s payments open the ledger at capture', () => {
  test('an order captured with its payments is paid; the timeline has them; the ledger answers them', async () => {
    const order = await newOrder({ transactions: [{ kind: 'authorization', amount: '25.00', gateway: 'stripe', gateway_reference: 'pi_cap_1', processed_at: '2026-03-01T10:00:00Z' }] });
    const payment = (order as unknown as { payment: Summary }).payment;
    assert.deepEqual([payment.financial_status, payment.authorized, payment.amount_due], ['authorized', '25.00', '25.00'], 'the capture answer shows it');
    const { data } = await ledger(order.id);
    assert.deepEqual(data.map((x) => [x.kind, x.amount, x.gateway, x.gateway_reference, x.source]), [['authorization', '25.00', 'stripe', 'pi_cap_1', 'channel']]);
    // The authorization is captured later through the API, naming it.
    const captured = await recorded(order.id, { kind: 'capture', amount: '25.00', gateway: 'stripe', gateway_reference: 'ch_cap_1', parent_id: data[0]?.id });
    assert.equal(captured.summary.financial_status, 'paid');
    const events = await queryRows<{ type: string }>(t.database.db, sql`select type from events where aggregate_id = ${order.id} and type = 'order.transaction_recorded'`);
    assert.equal(events.length, 2, 'each on the timeline');
  });

  const bad: [string, Record<string, unknown>[], string][] = [
    ['a zero amount', [{ kind: 'sale', amount: '0.00', gateway: 'stripe' }], 'transactions[0].amount'],
    ['more decimals than the currency has', [{ kind: 'sale', amount: '1.001', gateway: 'stripe' }], 'transactions[0].amount'],
    ['one gateway reference twice', [{ kind: 'sale', amount: '5.00', gateway: 'stripe', gateway_reference: 'r1' }, { kind: 'sale', amount: '5.00', gateway: 'stripe', gateway_reference: 'r1' }], 'transactions[1].gateway_reference'],
    ['a refund (it needs a parent: record it later)', [{ kind: 'refund', amount: '5.00', gateway: 'stripe' }], 'transactions[0].kind'],
  ];
  for (const [name, transactions, field] of bad) {
    test(`${name} is refused naming ${field}; no order is written`, async () => {
      const body = orderBody([{ sku: await stockedProduct(t, { 'PAY-WH': 10 }), quantity: 1 }], { transactions });
      const res = await t.call('POST', '/v1/orders', body);
      assert.equal(res.statusCode, 400, res.body);
      assert.ok((res.json().errors as { field: string }[]).some((e) => e.field === field), res.body);
      assert.equal((await t.call('GET', `/v1/orders?external_id=${body.external_id}`)).json().data.length, 0, 'nothing written');
    });
  }
});

describe('who may do what', () => {
  test('a viewer reads the ledger but may not record; an operator records under its own id', async () => {
    const order = await newOrder();
    assert.deepEqual(problem(await record(order.id, { kind: 'sale', amount: '1.00', gateway: 'stripe' }, { key: viewer })).slice(0, 2), [403, 'AUTH_FORBIDDEN']);
    const res = await record(order.id, { kind: 'sale', amount: '1.00', gateway: 'stripe' }, { key: operator.key });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual([res.json().transaction.actor, res.json().transaction.source], [operator.id, 'api']);
    assert.equal((await ledger(order.id, viewer)).data.length, 1);
  });

  test('a channel key records for its own channel’s orders (source channel); another channel’s order is missing to it', async () => {
    const channel = await createChannel(t, 'api');
    const key = (await createApiKey(t, 'channel', { channel: channel.id })).key;
    const mine = await newOrder({ channel: channel.id });
    const theirs = await newOrder();
    const res = await record(mine.id, { kind: 'sale', amount: '25.00', gateway: 'shopify_payments', gateway_reference: 'x1' }, { key });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().transaction.source, 'channel');
    assert.deepEqual(problem(await record(theirs.id, { kind: 'sale', amount: '1.00', gateway: 'stripe' }, { key })).slice(0, 2), [404, 'ORDER_NOT_FOUND']);
    assert.equal((await t.call('GET', `/v1/orders/${theirs.id}/transactions`, undefined, { key })).statusCode, 404);
    assert.deepEqual((await ledger(theirs.id)).data, [], 'nothing was recorded on the other channel’s order');
  });
});

describe('the order list carries every order’s payment', () => {
  test('a page of orders shows each order’s own status', async () => {
    const tag = `pay-list-${Date.now()}`;
    const paid = await newOrder({ tags: [tag] });
    const unpaid = await newOrder({ tags: [tag] });
    await recorded(paid.id, { kind: 'sale', amount: '25.00', gateway: 'stripe' });
    const page = (await t.call('GET', `/v1/orders?tag=${tag}`)).json() as { data: { id: string; payment: { financial_status: string } }[] };
    assert.deepEqual(Object.fromEntries(page.data.map((o) => [o.id, o.payment.financial_status])), { [paid.id]: 'paid', [unpaid.id]: 'pending' });
  });
});
