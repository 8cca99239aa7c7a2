import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { orderTotals, type OrderCharges } from '../../src/modules/orders/index.js';
import { paymentSummary, type TransactionKind } from '../../src/modules/payments/index.js';
import type { LedgerEntry } from '../../src/modules/payments/domain/financial-status.js';
import type { ReturnStatus } from '../../src/modules/returns/index.js';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, orderBody, stockedProduct } from '../support/factories.js';
import { checkBooks, type OrderBooks } from '../support/order-books.js';

/**
 * Issue 14 §3, the flows half: the kinds of sequences test/property/money-and-returns.property.test.ts
 * runs over the pure domain (partial cancels, payments of every kind with replays of their
 * Idempotency-Key and gateway reference, shipments, returns through request, approve, decline,
 * cancel, receipts with every disposition, refunds), here through the API on the embedded database.
 * After every step the books are read back from the database (order lines, adjustments, ledger rows,
 * returns, dispositions, refunds, stock levels, inventory movements) and held to the same
 * invariants (test/support/order-books.ts); no request may answer 5xx, and a replayed request must
 * record nothing twice. PROPERTY_API_RUNS overrides the number of sequences.
 */
const RUNS = Number(process.env.PROPERTY_API_RUNS ?? 50);
const LOC = 'PROP-WH';
const ON_HAND = 50;
let t: TestApp;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, LOC, { address: { name: 'Prop DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' });
  assert.equal((await t.call('PUT', '/v1/boxes/PROP-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  const policy = await t.call('PUT', '/v1/return-policy', { window_days: 30, assumed_transit_days: 5, final_sale_skus: [], restocking_fee_bps: 1000, return_shipping: 'charged', allowed_outcomes: ['refund'], keep_item_threshold_minor: 0, return_locations: [LOC], overrides: [] });
  assert.equal(policy.statusCode, 200, policy.body);
});
after(() => t.close());

const money = (minor: number) => (minor / 100).toFixed(2);
const dispositions = ['restock', 'quarantine', 'refurbish', 'return_to_vendor', 'scrap', 'missing'] as const;
const reasons = ['defective', 'damaged_in_transit', 'changed_mind', 'size_too_small'] as const;

// ---- the order as captured: discounts, taxes, shipping lines, duties, prices with or without tax ----

const orderArb = fc.record({
  taxesIncluded: fc.boolean(),
  lines: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 4 }), price: fc.integer({ min: 1, max: 9_999 }), d: fc.integer({ min: 0, max: 500 }), t: fc.integer({ min: 0, max: 250 }) }), { minLength: 1, maxLength: 2 }),
  shipping: fc.option(fc.record({ price: fc.integer({ min: 0, max: 1_500 }), d: fc.integer({ min: 0, max: 1000 }), t: fc.integer({ min: 0, max: 300 }) }), { freq: 4 }),
  duties: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 900 })),
  /** The channel sends its sale with the order (`transactions` on the canonical order). */
  paidAtCapture: fc.boolean(),
});
type OrderSpec = typeof orderArb extends fc.Arbitrary<infer O> ? O : never;

/** A shipping line's tax; inside a price that includes it, at most the price after discounts (capture refuses more). */
function shippingTax(spec: OrderSpec): number {
  const s = spec.shipping;
  if (!s) return 0;
  const tax = Math.floor((s.price * s.t) / 1000);
  return spec.taxesIncluded ? Math.min(tax, s.price - Math.floor((s.price * s.d) / 1000)) : tax;
}

let captures = 0;
function captureBody(spec: OrderSpec, skus: string[]) {
  const lines = spec.lines.map((l, i) => {
    const gross = l.price * l.quantity;
    const discount = Math.floor((gross * l.d) / 1000);
    const raw = Math.floor(((gross - discount) * l.t) / 1000);
    // Tax inside the price fits in the price after discounts, with ADR 0019's one-minor-unit-per-unit margin.
    const tax = spec.taxesIncluded ? Math.max(0, Math.min(raw, gross - discount - 2 * l.quantity)) : raw;
    return {
      sku: skus[i] as string,
      quantity: l.quantity,
      unit_price: money(l.price),
      ...(discount > 0 ? { discounts: [{ code: 'PROP', source: 'discount_code', amount: money(discount) }] } : {}),
      ...(tax > 0 ? { taxes: [{ title: 'State', amount: money(tax) }] } : {}),
    };
  });
  const s = spec.shipping;
  const shippingLines = s
    ? [{ title: 'Ground', service_level: 'standard', price: money(s.price), ...(s.d > 0 ? { discounts: [{ title: 'Promo', source: 'automatic', amount: money(Math.floor((s.price * s.d) / 1000)) }] } : {}), ...(shippingTax(spec) > 0 ? { taxes: [{ title: 'State', amount: money(shippingTax(spec)) }] } : {}) }]
    : [];
  const moneyLines = lines.map((l, i) => ({ quantity: l.quantity, cancelled: 0, unitPriceMinor: spec.lines[i]!.price, discountMinor: Math.round(Number(l.discounts?.[0]?.amount ?? 0) * 100), taxMinor: Math.round(Number(l.taxes?.[0]?.amount ?? 0) * 100) }));
  const shippingCharges = shippingLines.map((x) => ({ priceMinor: Math.round(Number(x.price) * 100), discountMinor: Math.round(Number(x.discounts?.[0]?.amount ?? 0) * 100), taxMinor: Math.round(Number(x.taxes?.[0]?.amount ?? 0) * 100) }));
  const total = orderTotals(moneyLines, { shipping: shippingCharges, dutiesMinor: spec.duties, taxesIncluded: spec.taxesIncluded }).total;
  const transactions = spec.paidAtCapture && total > 0 ? [{ kind: 'sale', amount: money(total), gateway: 'stripe', gateway_reference: `capture-${process.pid}-${++captures}` }] : [];
  return orderBody([], { transactions, lines, shipping: null, shipping_lines: shippingLines, duties: spec.duties > 0 ? [{ title: 'Duty', amount: money(spec.duties) }] : [], taxes_included: spec.taxesIncluded });
}

// ---- the steps ----------------------------------------------------------------------------------

const mostly = fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
const returnLines = fc.uniqueArray(fc.record({ line: fc.nat({ max: 1 }), n: fc.integer({ min: 1, max: 4 }), reason: fc.constantFrom(...reasons) }), { minLength: 1, maxLength: 2, selector: (l) => l.line });
const stepArb = fc.oneof(
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), line: fc.nat({ max: 1 }), n: fc.integer({ min: 1, max: 3 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('pay' as const),
      kind: fc.constantFrom<TransactionKind>('authorization', 'capture', 'sale', 'sale', 'refund', 'void'),
      status: fc.constantFrom('success', 'success', 'success', 'failure'),
      parent: fc.option(fc.nat({ max: 5 }), { freq: 4 }),
      amount: fc.oneof(fc.constant('due' as const), fc.constant('over' as const), fc.integer({ min: 1, max: 100 })),
      reference: fc.option(fc.constantFrom('r1', 'r2', 'r3'), { freq: 2 }),
      replay: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('ship' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('request' as const), clamp: mostly, lines: returnLines }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('move' as const), to: fc.constantFrom('approve', 'approve', 'in-transit', 'decline', 'cancel') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('receive' as const), clamp: mostly, parts: fc.array(fc.record({ line: fc.nat({ max: 1 }), qty: fc.integer({ min: 1, max: 3 }), disposition: fc.constantFrom(...dispositions) }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('refund' as const), replay: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('whole-return' as const), lines: returnLines, dispositions: fc.array(fc.constantFrom(...dispositions), { minLength: 8, maxLength: 8 }), replay: fc.boolean() }) },
);
const beforeShipping = fc.oneof(
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), line: fc.nat({ max: 1 }), n: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pay' as const), kind: fc.constantFrom<TransactionKind>('authorization', 'sale'), status: fc.constant('success'), parent: fc.constant(null), amount: fc.constantFrom<'due' | 'over'>('due', 'due', 'over'), reference: fc.option(fc.constantFrom('r1', 'r2'), { freq: 2 }), replay: fc.boolean() }) },
);
type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

// ---- the books, read back from the database ----------------------------------------------------

interface Books {
  books: OrderBooks;
  storedTotal: number;
  lineIds: string[];
  returnIds: string[];
  returnLineIds: string[][];
  quarantinedLedger: number[];
}

async function readBooks(orderId: string, skus: string[]): Promise<Books> {
  const db = t.database.db;
  const [order] = await queryRows<{ total_minor: number; taxes_included: boolean; shipping_minor: number }>(db, sql`select total_minor::int, taxes_included, shipping_minor::int from orders where id = ${orderId}`);
  assert.ok(order, `order ${orderId} is stored`);
  const lines = await queryRows<{ id: string; sku: string; quantity: number; cancelled: number; shipped: number; unit_price_minor: number; discount_minor: number; tax_minor: number }>(
    db,
    sql`select id, sku, quantity, cancelled, shipped, unit_price_minor::int, discount_minor::int, tax_minor::int from order_lines where order_id = ${orderId} order by line_no`,
  );
  const adjustments = await queryRows<{ kind: string; shipping_line: number | null; amount_minor: number }>(db, sql`select kind, shipping_line, amount_minor::int from order_adjustments where order_id = ${orderId}`);
  const shipping = adjustments
    .filter((a) => a.kind === 'shipping')
    .map((c) => {
      const sum = (kind: string) => adjustments.filter((a) => a.kind === kind && a.shipping_line === c.shipping_line).reduce((n, a) => n + a.amount_minor, 0);
      return { priceMinor: c.amount_minor, discountMinor: sum('discount'), taxMinor: sum('tax') };
    });
  const charges: OrderCharges = { shipping, dutiesMinor: adjustments.filter((a) => a.kind === 'duty').reduce((n, a) => n + a.amount_minor, 0), taxesIncluded: order.taxes_included };
  const ledger = await queryRows<{ id: string; kind: LedgerEntry['kind']; status: LedgerEntry['status']; amount_minor: number; parent_id: string | null; gateway: string; gateway_reference: string | null }>(
    db,
    sql`select id, kind, status, amount_minor::int, parent_id, gateway, gateway_reference from order_transactions where order_id = ${orderId} order by created_at, id`,
  );
  const returns = await queryRows<{ id: string; status: ReturnStatus }>(db, sql`select id, status from returns where order_id = ${orderId} order by created_at, id`);
  const returnIds = returns.map((r) => r.id);
  const rlines = await queryRows<{ id: string; return_id: string; order_line_id: string; quantity: number; reason: string; settled: number }>(
    db,
    sql`select l.id, l.return_id, l.order_line_id, l.quantity, l.reason, l.settled from return_lines l join returns r on r.tenant_id = l.tenant_id and r.id = l.return_id where r.order_id = ${orderId} order by l.id`,
  );
  const disp = await queryRows<{ return_line_id: string; sku: string; quantity: number; disposition: string }>(
    db,
    sql`select d.return_line_id, d.sku, d.quantity, d.disposition from return_dispositions d join returns r on r.tenant_id = d.tenant_id and r.id = d.return_id where r.order_id = ${orderId}`,
  );
  const refunds = await queryRows<{ return_id: string; transaction_id: string; amount_minor: number; shipping_minor: number; tax_minor: number; lines: { order_line_id: string; quantity: number; amount_minor: number; tax_minor: number; fee_minor: number }[] }>(
    db,
    sql`select return_id, transaction_id, amount_minor::int, shipping_minor::int, tax_minor::int, lines from return_refunds where order_id = ${orderId}`,
  );
  const lineIndex = (id: string) => lines.findIndex((l) => l.id === id);
  const stock = [];
  const quarantinedLedger = [];
  for (const sku of skus) {
    const [level] = await queryRows<{ on_hand: number; quarantined: number }>(db, sql`select coalesce(sum(on_hand), 0)::int as on_hand, coalesce(sum(quarantined), 0)::int as quarantined from stock_levels where sku = ${sku}`);
    const moves = await queryRows<{ delta: number; quarantined_delta: number }>(db, sql`select delta, quarantined_delta from inventory_movements where sku = ${sku} order by at, id`);
    const ofSku = disp.filter((d) => d.sku === sku);
    const units = (...kinds: string[]) => ofSku.filter((d) => kinds.includes(d.disposition)).reduce((n, d) => n + d.quantity, 0);
    // The first movement is the seeding adjustment (ON_HAND): the order's story starts after it.
    assert.equal(moves[0]?.delta, ON_HAND, `${sku}: seeded with ${ON_HAND}`);
    stock.push({ sku, initialOnHand: ON_HAND, onHand: level?.on_hand ?? 0, quarantined: level?.quarantined ?? 0, ledgerDelta: moves.slice(1).reduce((n, m) => n + m.delta, 0), restocked: units('restock'), kept: units('quarantine', 'refurbish') });
    quarantinedLedger.push(moves.reduce((n, m) => n + m.quarantined_delta, 0) - (level?.quarantined ?? 0));
  }
  const books: OrderBooks = {
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, cancelled: l.cancelled, shipped: l.shipped, unitPriceMinor: l.unit_price_minor, discountMinor: l.discount_minor, taxMinor: l.tax_minor })),
    charges,
    ledger: ledger.map((e) => ({ id: e.id, kind: e.kind, status: e.status, amountMinor: e.amount_minor, parentId: e.parent_id, gateway: e.gateway })),
    returns: returns.map((r) => ({
      status: r.status,
      lines: rlines
        .filter((l) => l.return_id === r.id)
        .map((l) => {
          const of = disp.filter((d) => d.return_line_id === l.id);
          return { line: lineIndex(l.order_line_id), quantity: l.quantity, reason: l.reason, settled: l.settled, received: of.filter((d) => d.disposition !== 'missing').reduce((n, d) => n + d.quantity, 0) };
        }),
    })),
    refunds: refunds.map((r) => ({
      ret: returnIds.indexOf(r.return_id),
      transactionId: r.transaction_id,
      amountMinor: r.amount_minor,
      shippingMinor: r.shipping_minor,
      taxMinor: r.tax_minor,
      lines: r.lines.map((l) => ({ line: lineIndex(l.order_line_id), quantity: l.quantity, amountMinor: l.amount_minor, taxMinor: l.tax_minor, feeMinor: l.fee_minor })),
    })),
    stock,
    gatewayReferences: ledger.filter((e) => e.gateway_reference !== null).map((e) => `${e.gateway}/${e.gateway_reference}`),
  };
  return { books, storedTotal: order.total_minor, lineIds: lines.map((l) => l.id), returnIds, returnLineIds: returns.map((r) => rlines.filter((l) => l.return_id === r.id).map((l) => l.id)), quarantinedLedger };
}

// ---- running a step through the API -------------------------------------------------------------

type Res = Awaited<ReturnType<TestApp['call']>>;
/** How often each step answered each status: the run's log shows what the sequences did. */
const answers = new Map<string, number>();
function answered(step: string, res: Res): Res {
  answers.set(`${step} ${res.statusCode}`, (answers.get(`${step} ${res.statusCode}`) ?? 0) + 1);
  assert.ok(res.statusCode < 500, `${step}: ${res.statusCode} ${res.body}`);
  return res;
}

async function run(orderId: string, state: Books, s: Step, seq: number): Promise<void> {
  const { books, returnIds, returnLineIds, lineIds } = state;
  const latest = returnIds.length - 1;
  const key = `prop-${process.pid}-${seq}`;
  switch (s.op) {
    case 'cancel': {
      const line = s.line % lineIds.length;
      answered('cancel', await t.call('POST', `/v1/orders/${orderId}/cancel`, { reason: 'property', lines: [{ line_id: lineIds[line], quantity: s.n }] }));
      return;
    }
    case 'pay': {
      const total = orderTotals(books.lines, books.charges).total;
      const summary = paymentSummary(books.ledger, total);
      const parents = books.ledger.filter((e) => (s.kind === 'capture' || s.kind === 'void' ? e.kind === 'authorization' : e.kind === 'capture' || e.kind === 'sale'));
      const parent = (s.kind === 'capture' || s.kind === 'void' || s.kind === 'refund') && s.parent !== null && parents.length > 0 ? parents[s.parent % parents.length] : undefined;
      if (s.kind === 'void' && !parent) return;
      const room = s.kind === 'void' && parent ? parent.amountMinor : s.kind === 'capture' ? summary.capturableMinor : s.kind === 'refund' ? summary.refundableMinor : Math.max(1, -summary.balanceMinor);
      const amount = s.amount === 'due' ? room : s.amount === 'over' ? room + 1 : Math.max(1, Math.floor((room * s.amount) / 100));
      const body = { kind: s.kind, status: s.status, amount: money(Math.max(1, amount)), gateway: parent?.gateway ?? 'stripe', ...(parent ? { parent_id: parent.id } : {}), ...(s.reference ? { gateway_reference: `${orderId}-${s.reference}` } : {}) };
      const first = answered(`pay ${s.kind}`, await t.call('POST', `/v1/orders/${orderId}/transactions`, body, { headers: { 'idempotency-key': key } }));
      if (s.replay && first.statusCode < 300) {
        const again = answered(`pay ${s.kind} (replay)`, await t.call('POST', `/v1/orders/${orderId}/transactions`, body, { headers: { 'idempotency-key': key } }));
        assert.equal(again.json().transaction?.id, first.json().transaction?.id, 'a replayed Idempotency-Key answers the first transaction');
        if (s.reference) {
          const byReference = answered(`pay ${s.kind} (same reference)`, await t.call('POST', `/v1/orders/${orderId}/transactions`, body));
          assert.equal(byReference.json().transaction?.id, first.json().transaction?.id, 'the same gateway reference with the same details answers the first transaction');
        }
      }
      return;
    }
    case 'ship': {
      for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${orderId}`)).json().data as { id: string; status: string }[]) {
        answered('pack', await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {}));
        answered('ship', await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {}));
      }
      return;
    }
    case 'request':
    case 'whole-return': {
      const lines = s.lines
        .filter((l) => l.line < lineIds.length)
        .map((l) => {
          const line = books.lines[l.line] as OrderBooks['lines'][number];
          const held = books.returns.filter((r) => r.status !== 'declined' && r.status !== 'cancelled').flatMap((r) => r.lines).filter((x) => x.line === l.line).reduce((n, x) => n + x.quantity, 0);
          const n = s.op === 'whole-return' || s.clamp ? Math.min(l.n, line.shipped - held) : l.n;
          return { order_line_id: lineIds[l.line], quantity: n, reason: l.reason };
        })
        .filter((l) => l.quantity > 0 || s.op === 'request');
      if (lines.length === 0) return;
      const requested = answered('request', await t.call('POST', `/v1/orders/${orderId}/returns`, { lines }));
      if (s.op === 'request' || requested.statusCode !== 201) return;
      const ret = requested.json() as { id: string; lines: { id: string; quantity: number }[] };
      answered('approve', await t.call('POST', `/v1/returns/${ret.id}/approve`, {}));
      let d = 0;
      const parts = ret.lines.flatMap((l) => Array.from({ length: l.quantity }, () => ({ return_line_id: l.id, quantity: 1, disposition: s.dispositions[d++ % s.dispositions.length] })));
      const received = answered('receive', await t.call('POST', `/v1/returns/${ret.id}/receipts`, { lines: parts }));
      assert.equal(received.json().status, 'inspected', received.body);
      await refund(ret.id, s.replay, key);
      return;
    }
    case 'move': {
      if (latest < 0) return;
      answered(`move ${s.to}`, await t.call('POST', `/v1/returns/${returnIds[latest]}/${s.to}`, s.to === 'decline' ? { reason: 'property' } : s.to === 'in-transit' ? { tracking_number: `1Z${seq}` } : {}));
      return;
    }
    case 'receive': {
      if (latest < 0) return;
      const ret = books.returns[latest] as OrderBooks['returns'][number];
      const ids = returnLineIds[latest] as string[];
      const left = ret.lines.map((l) => l.quantity - l.settled);
      const parts = s.parts
        .filter((p) => p.line < ids.length)
        .map((p) => {
          const qty = s.clamp ? Math.min(p.qty, left[p.line] as number) : p.qty;
          left[p.line] = (left[p.line] as number) - qty;
          return { return_line_id: ids[p.line] as string, quantity: qty, disposition: p.disposition };
        })
        .filter((p) => p.quantity > 0);
      if (parts.length > 0) answered('receive', await t.call('POST', `/v1/returns/${returnIds[latest]}/receipts`, { lines: parts }));
      return;
    }
    case 'refund':
      if (latest >= 0) await refund(returnIds[latest] as string, s.replay, key);
      return;
  }
}

async function refund(returnId: string, replay: boolean, key: string): Promise<void> {
  const first = answered('refund', await t.call('POST', `/v1/returns/${returnId}/refunds`, {}, { headers: { 'idempotency-key': `${key}-refund` } }));
  if (replay && first.statusCode === 201) {
    const again = answered('refund (replay)', await t.call('POST', `/v1/returns/${returnId}/refunds`, {}, { headers: { 'idempotency-key': `${key}-refund` } }));
    assert.equal(again.json().refund?.id, first.json().refund?.id, 'a replayed refund answers the first');
    answered('refund (again, new key)', await t.call('POST', `/v1/returns/${returnId}/refunds`, {}));
  }
}

async function checkDatabase(orderId: string, skus: string[]): Promise<Books> {
  const state = await readBooks(orderId, skus);
  checkBooks(state.books);
  assert.equal(state.storedTotal, orderTotals(state.books.lines, state.books.charges).total, 'the stored total is the money model’s total of the stored lines and charges');
  assert.deepEqual(state.quarantinedLedger, skus.map(() => 0), 'the inventory ledger explains the quarantined units');
  return state;
}

test(`money and returns through the API: ${RUNS} random sequences keep the books in the database`, async () => {
  const reached = { refund: 0, twoRefunds: 0, cancelAfterPay: 0, restocked: 0 };
  let seq = 0;
  await fc.assert(
    // Before shipping (cancels, payments), the shipment, then anything; every kind of step can come at any point in `after`.
    fc.asyncProperty(orderArb, fc.array(beforeShipping, { maxLength: 2 }), fc.array(stepArb, { minLength: 2, maxLength: 6, size: 'max' }), async (spec, early, later) => {
      const steps: Step[] = [...early, { op: 'ship' }, ...later];
      const skus: string[] = [];
      for (const _ of spec.lines) skus.push(await stockedProduct(t, { [LOC]: ON_HAND }, { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 }));
      const captured = answered('capture', await t.call('POST', '/v1/orders', captureBody(spec, skus)));
      assert.equal(captured.statusCode, 201, captured.body);
      const orderId = captured.json().id as string;
      let state = await checkDatabase(orderId, skus);
      let cancelAfterPay = false;
      for (const step of steps) {
        const before = state.books;
        await run(orderId, state, step, ++seq);
        state = await checkDatabase(orderId, skus);
        if (step.op === 'cancel' && before.ledger.length > 0 && state.books.lines.some((l, i) => l.cancelled > (before.lines[i]?.cancelled ?? 0))) cancelAfterPay = true;
      }
      const { books } = state;
      // What the API says about the order's money is what the books say.
      const summary = (await t.call('GET', `/v1/orders/${orderId}/transactions`)).json().summary as { balance: string; total: string; financial_status: string };
      const derived = paymentSummary(books.ledger, orderTotals(books.lines, books.charges).total);
      assert.deepEqual([summary.balance, summary.total, summary.financial_status], [money(derived.balanceMinor), money(derived.totalMinor), derived.financialStatus]);
      reached.refund += books.refunds.length > 0 ? 1 : 0;
      reached.twoRefunds += books.refunds.length > 1 ? 1 : 0;
      reached.cancelAfterPay += cancelAfterPay ? 1 : 0;
      reached.restocked += books.stock.some((s) => s.restocked > 0) ? 1 : 0;
    }),
    { numRuns: RUNS, includeErrorInReport: true },
  );
  console.log('sequences reaching', JSON.stringify(reached), 'answers', JSON.stringify(Object.fromEntries([...answers].sort())));
  // Coverage that 50 random sequences reach with near certainty (a refund and a restock each come in ~30% of them).
  if (RUNS >= 50) assert.ok(reached.refund > 0 && reached.restocked > 0, `the sequences reached too little: ${JSON.stringify(reached)}`);
});

test('capture refuses a tax-inclusive shipping line taxed above its price after discounts (its refund would go below zero)', async () => {
  const sku = await stockedProduct(t, { [LOC]: 5 });
  const before = (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from orders`))[0]?.n;
  const res = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1, unit_price: '10.00' }], { shipping: null, taxes_included: true, shipping_lines: [{ title: 'Ground', price: '0.07', discounts: [{ title: 'Promo', amount: '0.06' }], taxes: [{ title: 'VAT', amount: '0.02' }] }] }));
  assert.equal(res.statusCode, 400, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.ok((res.json() as { errors: { field: string }[] }).errors.some((e) => e.field === 'shipping_lines[0].taxes'), res.body);
  assert.equal((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from orders`))[0]?.n, before, 'nothing written');
  const ok = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1, unit_price: '10.00' }], { shipping: null, taxes_included: true, shipping_lines: [{ title: 'Ground', price: '0.07', discounts: [{ title: 'Promo', amount: '0.06' }], taxes: [{ title: 'VAT', amount: '0.01' }] }] }));
  assert.equal(ok.statusCode, 201, ok.body);
});
