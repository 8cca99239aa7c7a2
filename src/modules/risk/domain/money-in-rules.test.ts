import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screeningInput } from '../../../../test/support/risk-corpus.js';
import { parseExpression, type FieldSchema } from '../../../platform/kernel/expression.js';
import { currencyExponent } from '../../../platform/kernel/money.js';
import { backtest } from './backtest.js';
import { prepareScreening, screen, type Screening } from './decide.js';
import { DEFAULT_RULE_SET } from './default-rules.js';
import { amountsOf, compile, parseCondition, type ParseOptions, type RuleErrorCode, type Truth } from './expression.js';
import { compileRuleSet, type RuleSet } from './rules.js';
import { DEFAULT_SETTINGS, type ScreeningSettings } from './signals.js';

// Money in rules (ADR 0030 "Money in rules"): amounts that name their currency, the rule set's
// currency for amounts that do not, and the refusals that keep both exact and unambiguous.

/** Evaluates a condition on an order of `total` minor units in `currency` (every other field unknown). */
function evaluate(text: string, total: number, currency: string, options: ParseOptions = {}): Truth {
  const parsed = parseCondition(text, options);
  assert.ok(parsed.ok, `"${text}" parses: ${parsed.ok ? '' : parsed.error.message}`);
  return compile(parsed.value)({ 'order.total': total, 'order.currency': currency, 'customer.max_order': null }, currencyExponent(currency) ?? 2, currency);
}

function errorOf(text: string, options: ParseOptions = {}): { code: RuleErrorCode; position: number; message: string; fix: string } {
  const parsed = parseCondition(text, options);
  assert.ok(!parsed.ok, `"${text}" is refused`);
  return parsed.error;
}

describe('amounts with a currency: order.total > 200 USD', () => {
  const cases: [string, number, string, Truth, string][] = [
    ['order.total > 200 USD', 20_001, 'USD', true, '200.01 USD > 200 USD'],
    ['order.total > 200 USD', 20_000, 'USD', false, '200.00 USD is not > 200 USD'],
    ['order.total > 200 USD', 3_000_000, 'JPY', null, 'a JPY order has no amount in USD: unknown, the rule does not fire'],
    ['order.total > 200USD', 20_001, 'USD', true, 'the code may follow the number without a space'],
    ['order.total >= 30000 JPY', 30_000, 'JPY', true, 'JPY has no minor unit: 30000 is 30000'],
    ['order.total >= 30000 JPY', 29_999, 'JPY', false, '29999 JPY is below'],
    ['order.total > 61.5 KWD', 61_501, 'KWD', true, 'KWD has three decimals: 61.5 is 61500'],
    ['order.total > 61.5 KWD', 61_500, 'KWD', false, '61.500 KWD is not above'],
    ['order.total = 199.99 EUR', 19_999, 'EUR', true, 'exact: 199.99 is 19999 minor units'],
    ['order.total = 199.990 EUR', 19_999, 'EUR', true, 'trailing zeros are no extra precision'],
    ['order.total > -5 USD', 0, 'USD', true, 'negative amounts'],
    ['200 USD < order.total', 20_001, 'USD', true, 'the amount may come first'],
    ['not order.total > 200 USD', 100, 'JPY', null, 'not unknown is unknown: a JPY order does not fire "not > 200 USD"'],
    ['order.total > 200 USD or order.total > 30000 JPY', 30_000, 'USD', true, 'one threshold per currency, joined with or'],
    ['order.total > 200 USD or order.total > 30000 JPY', 35_000, 'JPY', true, 'the JPY threshold decides a JPY order'],
    ['order.total > 200 USD or order.total > 30000 JPY', 20_000, 'JPY', null, 'below the JPY threshold, no USD amount: does not fire'],
    ['order.total > 200 USD or order.total > 30000 JPY', 1_000_000, 'EUR', null, 'a currency the rule does not name never fires it'],
    ['order.total > 200 USD and order.total < 300 USD', 25_000, 'USD', true, 'a range in one currency'],
    ['order.total > 200 and order.total > 100 USD', 20_001, 'USD', true, '"and" after a number is the keyword, not a currency'],
    ['order.total in [100 USD, 15000 JPY]', 10_000, 'USD', true, 'lists of amounts: the USD member'],
    ['order.total in [100 USD, 15000 JPY]', 15_000, 'JPY', true, 'lists of amounts: the JPY member'],
    ['order.total in [100 USD, 15000 JPY]', 5_000, 'USD', null, 'no match and a member in another currency: unknown, as SQL’s IN with a null'],
    ['order.total not in [100 USD, 200 USD]', 5_000, 'USD', true, 'not in, all members in the order’s currency'],
    ['order.total not in [100 USD]', 5_000, 'EUR', null, 'not in, no member in the order’s currency: unknown'],
  ];
  for (const [text, total, currency, expected, why] of cases) {
    test(`${text} on ${total} minor units of ${currency} → ${String(expected)}`, () => assert.equal(evaluate(text, total, currency), expected, why));
  }
});

describe('amounts without a currency', () => {
  test('with the rule set’s currency they are amounts in it: other currencies are unknown', () => {
    assert.equal(evaluate('order.total > 200', 20_001, 'USD', { currency: 'USD' }), true);
    assert.equal(evaluate('order.total > 200', 20_000, 'USD', { currency: 'USD' }), false);
    assert.equal(evaluate('order.total > 200', 30_000, 'JPY', { currency: 'USD' }), null, '200 means 200 USD, not 200 JPY');
    assert.equal(evaluate('order.total > 200 or order.total > 30000 JPY', 30_001, 'JPY', { currency: 'USD' }), true, 'a named currency still wins over the set’s');
    assert.equal(evaluate('order.total in [10, 20.5]', 2_050, 'USD', { currency: 'USD' }), true);
  });
  test('without it they are in each order’s own currency, as before currency codes (the default rule set)', () => {
    assert.equal(evaluate('order.total > 200', 20_001, 'USD'), true);
    assert.equal(evaluate('order.total > 200', 201, 'JPY'), true, '200 JPY on a JPY order');
    assert.equal(evaluate('order.total > 200', 200_001, 'KWD'), true, '200.000 KWD on a KWD order');
  });
  test('amountsOf lists every amount with its currency (null: the order’s own)', () => {
    const parsed = parseCondition('order.total > 200 or (order.total >= 30000 JPY and order.lines > 2) or order.total in [5, 7 EUR]');
    assert.ok(parsed.ok, 'the condition parses');
    assert.deepEqual(amountsOf(parsed.value).map((a) => [a.text, a.currency, a.pos]), [['200', null, 14], ['30000', 'JPY', 37], ['5', null, 87], ['7', 'EUR', 90]]);
    const withSet = parseCondition('order.total > 200', { currency: 'GBP' });
    assert.ok(withSet.ok, 'the condition parses with a set currency');
    assert.deepEqual(amountsOf(withSet.value).map((a) => [a.text, a.currency]), [['200', 'GBP']]);
  });
});

describe('amounts: refusals name the column and a fix', () => {
  const cases: [string, ParseOptions, RuleErrorCode, number, RegExp][] = [
    ['order.total > 200 XYZ', {}, 'RULE_UNKNOWN_CURRENCY', 18, /not an ISO 4217 currency code/],
    ['order.total > 200 usd', {}, 'RULE_UNKNOWN_CURRENCY', 18, /capitals/],
    ['order.total > 200.5 JPY', {}, 'RULE_AMOUNT_INVALID', 14, /more than 0 decimal places, the most JPY has/],
    ['order.total > 1.234 USD', {}, 'RULE_AMOUNT_INVALID', 14, /more than 2 decimal places/],
    ['order.total > 999999999999999 KWD', {}, 'RULE_AMOUNT_INVALID', 14, /too large/],
    ['order.total > 200.5', { currency: 'JPY' }, 'RULE_AMOUNT_INVALID', 14, /the most JPY has/],
    ['velocity.orders_per_email_1h > 3 USD', {}, 'RULE_TYPE_MISMATCH', 31, /cannot be compared/],
    ['order.lines in [1 USD]', {}, 'RULE_TYPE_MISMATCH', 16, /cannot be in a list/],
    ['order.total > 200 foo', {}, 'RULE_UNEXPECTED_TOKEN', 18, /expected "and", "or"/],
    ['order.total > USD', {}, 'RULE_UNKNOWN_FIELD', 14, /unknown field "USD"/],
  ];
  for (const [text, options, code, position, message] of cases) {
    test(`${code}: ${text}${options.currency ? ` (set currency ${options.currency})` : ''}`, () => {
      const error = errorOf(text, options);
      assert.equal(error.code, code, error.message);
      assert.equal(error.position, position, error.message);
      assert.match(error.message, message);
      assert.match(error.message, new RegExp(`^column ${position + 1}: `), 'the message says the column');
      assert.ok(error.fix.length > 10, 'the error says how to fix it');
    });
  }
  test('the fix of an amount too precise for its currency shows the amount it can be', () => {
    assert.match(errorOf('order.total > 200.5 JPY').fix, /200 JPY/);
    assert.match(errorOf('order.total > 1.234 USD').fix, /1\.23 USD/);
    assert.match(errorOf('order.total > 200 usd').fix, /200 USD/);
  });
  test('a schema without currencies (automation facts) reads no code after a number', () => {
    const facts: FieldSchema = { fields: { 'order.total': { type: 'money' } }, help: 'the facts' };
    const parsed = parseExpression('order.total > 200 USD', facts);
    assert.ok(!parsed.ok, 'refused where the condition is not given the record’s currency');
    assert.equal(parsed.error.code, 'RULE_UNEXPECTED_TOKEN');
  });
});

const set = (rules: string[], currency?: string | null): RuleSet => ({ version: 't1', rules: rules.map((rule, i) => ({ id: `r${i + 1}`, rule })), ...(currency !== undefined ? { currency } : {}) });

function screeningOf(s: RuleSet, settings: Partial<ScreeningSettings> = {}): Screening {
  const compiled = compileRuleSet(s);
  assert.ok(compiled.ok, compiled.ok ? '' : JSON.stringify(compiled.problems));
  return prepareScreening(compiled.value, { ...DEFAULT_SETTINGS, currency: s.currency ?? null, ...settings });
}

describe('rule sets: the currency of amounts', () => {
  test('a set that names currencies in some amounts and not in others, without a currency of its own, is refused naming each bare amount', () => {
    const compiled = compileRuleSet(set(['review if order.total > 200 USD', 'verify if email.free', 'review if email.disposable and order.total > 100', 'reject if order.total in [1, 2]']));
    assert.ok(!compiled.ok, 'the mixed set is refused');
    assert.deepEqual(compiled.problems.map((p) => [p.field, p.code, p.position]), [
      ['rules[2].rule', 'RULE_CURRENCY_AMBIGUOUS', 45],
      ['rules[3].rule', 'RULE_CURRENCY_AMBIGUOUS', 26],
      ['rules[3].rule', 'RULE_CURRENCY_AMBIGUOUS', 29],
    ]);
    const first = compiled.problems[0];
    assert.match(first?.message ?? '', /^column 46: 100 names no currency, while rule "r1" compares with 200 USD/);
    assert.match(first?.fix ?? '', /write 100 USD .*or set settings\.currency/);
  });
  test('the same set with a currency of its own, or with every amount named, compiles', () => {
    assert.ok(compileRuleSet(set(['review if order.total > 200 USD', 'review if email.disposable and order.total > 100'], 'USD')).ok, 'with a set currency it compiles');
    assert.ok(compileRuleSet(set(['review if order.total > 200 USD', 'review if email.disposable and order.total > 100 EUR'])).ok, 'with every amount named it compiles');
    assert.ok(compileRuleSet(set(['review if order.total > 200', 'review if email.disposable and order.total > 100'])).ok, 'no code anywhere: each order’s own currency, as before');
  });
  test('an unknown set currency is a problem of its own; amounts too precise for it are named by rule', () => {
    const unknown = compileRuleSet(set(['review if order.total > 200'], 'XYZ'));
    assert.ok(!unknown.ok, 'an unknown set currency is refused');
    assert.deepEqual(unknown.problems.map((p) => p.field), ['currency']);
    const lower = compileRuleSet(set(['review if order.total > 200'], 'usd'));
    assert.ok(!lower.ok, 'a lower-case set currency is refused');
    assert.deepEqual(lower.problems.map((p) => [p.field, p.fix]), [['currency', 'write "USD"']]);
    const jpy = compileRuleSet(set(['review if order.total > 199.99'], 'JPY'));
    assert.ok(!jpy.ok, '199.99 in a JPY set is refused');
    assert.deepEqual(jpy.problems.map((p) => [p.field, p.code]), [['rules[0].rule', 'RULE_AMOUNT_INVALID']]);
  });
  test('the default rule set compiles without a currency: its amounts stay in each order’s own', () => {
    const compiled = compileRuleSet(DEFAULT_RULE_SET);
    assert.ok(compiled.ok, 'the default set compiles');
    assert.equal(compiled.value.currency, null);
    assert.deepEqual(compiled.value.rules.flatMap((r) => r.amounts.map((a) => `${r.id} ${a.text} ${String(a.currency)}`)), ['cvv-mismatch-first-order 100 null', 'disposable-email 200 null', 'cross-border-first-order 250 null']);
  });
});

describe('screening and backtest read amounts alike', () => {
  const orders = [
    { id: 'usd-250', input: screeningInput({ total: 250 }), expected: 'review' },
    { id: 'usd-150', input: screeningInput({ total: 150 }), expected: 'allow' },
    { id: 'jpy-35000', input: screeningInput({ total: 35_000, currency: 'JPY' }), expected: 'review' },
    { id: 'jpy-25000', input: screeningInput({ total: 25_000, currency: 'JPY' }), expected: 'allow' },
    { id: 'jpy-250', input: screeningInput({ total: 250, currency: 'JPY' }), expected: 'allow' },
    { id: 'eur-5000', input: screeningInput({ total: 5_000, currency: 'EUR' }), expected: 'allow' },
  ] as const;
  for (const [name, s] of [
    ['named currencies', set(['review if order.total > 200 USD or order.total > 30000 JPY'])],
    ['the set’s currency and a named one', set(['review if order.total > 200 or order.total > 30000 JPY'], 'USD')],
  ] as const) {
    test(`${name}: each order meets the threshold of its own currency; backtest gives what screen gives`, () => {
      const screening = screeningOf(s);
      for (const o of orders) assert.equal(screen(o.input, screening).action, o.expected, o.id);
      const report = backtest(screening, orders.map((o) => ({ orderId: o.id, input: o.input, previous: o.expected })));
      assert.deepEqual(report.changed, [], 'the backtest decides each order as screening does');
      assert.deepEqual(report.ruleHits, { r1: 2 });
    });
  }
  test('without a currency the old reading holds: 200 is 200 JPY on a JPY order (what a backtest shows before the fix)', () => {
    const legacy = screeningOf(set(['review if order.total > 200']));
    assert.equal(screen(orders[4].input, legacy).action, 'review', '250 JPY > "200"');
  });
  test('the set’s currency is also the high-value amount’s: other currencies do not know it', () => {
    const s = screeningOf(set(['review if order.high_value'], 'USD'), { highValue: '500' });
    assert.equal(screen(screeningInput({ total: 600 }), s).values['order.high_value'], true);
    assert.equal(screen(screeningInput({ total: 400 }), s).values['order.high_value'], false);
    const yen = screen(screeningInput({ total: 600_000, currency: 'JPY' }), s);
    assert.equal(yen.values['order.high_value'], undefined, 'unknown (left out of the stored values)');
    assert.equal(yen.action, 'allow');
    const legacy = screeningOf(set(['review if order.high_value']), { highValue: '500' });
    assert.equal(screen(screeningInput({ total: 600, currency: 'JPY' }), legacy).values['order.high_value'], true, 'without a currency: 500 in the order’s own');
  });
});
