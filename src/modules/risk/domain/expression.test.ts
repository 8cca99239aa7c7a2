import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LIMITS, compile, majorToMinor, parseCondition, type RuleErrorCode, type Truth } from './expression.js';
import { parseRule } from './rules.js';
import type { SignalValues } from './signals.js';

/** Evaluates a condition over a few values (every other field unknown), at exponent 2 unless told. */
function evaluate(text: string, values: SignalValues, exponent = 2): Truth {
  const parsed = parseCondition(text);
  assert.ok(parsed.ok, `"${text}" parses: ${parsed.ok ? '' : parsed.error.message}`);
  return compile(parsed.value)(values, exponent);
}

function errorOf(text: string): { code: RuleErrorCode; position: number; message: string; fix: string } {
  const parsed = parseCondition(text);
  assert.ok(!parsed.ok, `"${text.slice(0, 60)}" is refused`);
  return parsed.error;
}

describe('rule conditions: operators', () => {
  const v: SignalValues = { 'order.total': 25_000, 'order.lines': 3, 'email.disposable': true, 'email.free': false, 'ip.country': 'NG', 'email.domain': "o'brien.test" };
  const cases: [string, Truth][] = [
    ['order.lines = 3', true],
    ['order.lines == 3', true],
    ['order.lines != 3', false],
    ['order.lines < 4', true],
    ['order.lines <= 3', true],
    ['order.lines > 3', false],
    ['order.lines >= 3', true],
    ['order.lines > -1', true],
    ['email.disposable', true],
    ['email.free', false],
    ['email.disposable = true', true],
    ['email.free != false', false],
    ['not email.free', true],
    ['not not email.disposable', true],
    ['email.disposable and email.free', false],
    ['email.disposable or email.free', true],
    ['email.free or email.free or order.lines = 3', true],
    ['email.disposable and (email.free or order.lines > 2)', true],
    ['(email.disposable and email.free) or order.lines > 5', false],
    ['email.free and email.free or email.disposable', true],
    ['ip.country in ["NG", "GH"]', true],
    ['ip.country in []', false],
    ["ip.country in ['GH']", false],
    ['ip.country not in ["GH", "RU"]', true],
    ['not ip.country in ["NG"]', false],
    ['order.lines in [1, 2, 3]', true],
    ['ip.country = "NG"', true],
    ['ip.country = "ng"', false],
    ["email.domain = 'o\\'brien.test'", true],
    ['"NG" = ip.country', true],
    ['email.disposable AND NOT email.free', true],
    ['true', true],
    ['false or email.disposable', true],
  ];
  for (const [text, expected] of cases) {
    test(`${text} → ${String(expected)}`, () => assert.equal(evaluate(text, v), expected));
  }
});

describe('rule conditions: money in major units of the order’s currency', () => {
  test('order.total > 200 is 200.00 on a two-digit currency and 200 on JPY', () => {
    assert.equal(evaluate('order.total > 200', { 'order.total': 20_001 }), true, '200.01 USD > 200');
    assert.equal(evaluate('order.total > 200', { 'order.total': 20_000 }), false, '200.00 USD is not > 200');
    assert.equal(evaluate('order.total > 200', { 'order.total': 201 }, 0), true, '201 JPY > 200');
    assert.equal(evaluate('order.total > 200', { 'order.total': 20_000 }, 3), false, '20.000 KWD is not > 200');
  });
  test('decimals are exact: 199.99 is 19999 minor units, not 19999.000000000004', () => {
    assert.equal(evaluate('order.total >= 199.99', { 'order.total': 19_999 }), true);
    assert.equal(evaluate('order.total = 0.1', { 'order.total': 10 }), true);
    assert.equal(majorToMinor('199.99', 2), 19_999);
    assert.equal(majorToMinor('199.995', 2), 19_999.5);
    assert.equal(majorToMinor('-1.5', 2), -150);
    assert.equal(majorToMinor('7', 0), 7);
  });
  test('money in a list converts each value; money compares with money fields in minor units', () => {
    assert.equal(evaluate('order.total in [10, 20.5]', { 'order.total': 2050 }), true);
    assert.equal(evaluate('order.total > customer.max_order', { 'order.total': 2050, 'customer.max_order': 2000 }), true);
  });
});

describe('rule conditions: unknown values follow three-valued logic', () => {
  const cases: [string, Truth][] = [
    ['ip.country = "NG"', null],
    ['not ip.country = "NG"', null],
    ['ip.country in ["NG"]', null],
    ['ip.country_mismatch', null],
    ['ip.country_mismatch and email.free', false],
    ['ip.country_mismatch and email.disposable', null],
    ['ip.country_mismatch or email.disposable', true],
    ['ip.country_mismatch or email.free', null],
  ];
  for (const [text, expected] of cases) {
    test(`${text} → ${String(expected)} when ip is unknown`, () => assert.equal(evaluate(text, { 'email.free': false, 'email.disposable': true, 'ip.country': null, 'ip.country_mismatch': null }), expected));
  }
});

describe('rule conditions: every error class names a position and a fix', () => {
  const cases: [string, RuleErrorCode, number][] = [
    ['order.total > 2 $', 'RULE_UNEXPECTED_CHARACTER', 16],
    ['email.disposable ! email.free', 'RULE_UNEXPECTED_CHARACTER', 17],
    ['ip.country = "NG', 'RULE_UNTERMINATED_STRING', 13],
    ['order.total > 1.2.3', 'RULE_BAD_NUMBER', 14],
    ['order.total > 1234567890123456', 'RULE_BAD_NUMBER', 14],
    ['order.total > 200 email.free', 'RULE_UNEXPECTED_TOKEN', 18],
    ['order.total >', 'RULE_UNEXPECTED_END', 13],
    ['(email.free', 'RULE_UNEXPECTED_END', 11],
    ['email.free and', 'RULE_UNEXPECTED_END', 14],
    ['order.totl > 5', 'RULE_UNKNOWN_FIELD', 0],
    ['email.free and velocity.orders_per_moon_1h > 1', 'RULE_UNKNOWN_FIELD', 15],
    ['order.total > "200"', 'RULE_TYPE_MISMATCH', 14],
    ['ip.country = 3', 'RULE_TYPE_MISMATCH', 13],
    ['order.total > order.lines', 'RULE_TYPE_MISMATCH', 14],
    ['ip.country in ["NG", 4]', 'RULE_TYPE_MISMATCH', 21],
    ['ip.country > "NG"', 'RULE_OPERATOR_NOT_ALLOWED', 11],
    ['email.free < true', 'RULE_OPERATOR_NOT_ALLOWED', 11],
    ['order.total', 'RULE_NOT_A_CONDITION', 0],
    ['email.free and ip.country', 'RULE_NOT_A_CONDITION', 15],
    ['ip.country in [ip.country]', 'RULE_UNEXPECTED_TOKEN', 15],
    ['ip.country in "NG"', 'RULE_UNEXPECTED_TOKEN', 14],
    ['ip.country in ["NG" "GH"]', 'RULE_UNEXPECTED_TOKEN', 20],
    ['email.free and and email.free', 'RULE_UNEXPECTED_TOKEN', 15],
    ['email.free or )', 'RULE_UNEXPECTED_TOKEN', 14],
    ['order.total > -x', 'RULE_UNEXPECTED_TOKEN', 15],
    [`${'('.repeat(LIMITS.maxDepth + 1)}email.free${')'.repeat(LIMITS.maxDepth + 1)}`, 'RULE_TOO_DEEP', LIMITS.maxDepth],
    [`${'not '.repeat(LIMITS.maxDepth + 1)}email.free`, 'RULE_TOO_DEEP', LIMITS.maxDepth * 4],
    [`ip.country in [${Array.from({ length: LIMITS.maxListSize + 1 }, () => '"X"').join(',')}]`, 'RULE_LIST_TOO_LONG', 15 + LIMITS.maxListSize * 4],
    [`email.free${' '.repeat(LIMITS.maxLength)}`, 'RULE_TOO_LONG', LIMITS.maxLength],
    [Array.from({ length: 310 }, () => 'x').join(' or '), 'RULE_TOO_MANY_TOKENS', -1],
  ];
  for (const [text, code, position] of cases) {
    test(`${code}: ${text.length > 50 ? `${text.slice(0, 40)}…` : text}`, () => {
      const error = errorOf(text);
      assert.equal(error.code, code, error.message);
      if (code !== 'RULE_TOO_MANY_TOKENS') assert.equal(error.position, position, error.message);
      assert.match(error.message, new RegExp(`^column ${error.position + 1}: `), 'the message says the column');
      assert.ok(error.fix.length > 10, 'the error says how to fix it');
    });
  }
  test('an unknown field suggests fields of the same family', () => {
    assert.match(errorOf('velocity.orders_per_moon_1h > 1').fix, /velocity\.orders_per_email_1h/);
  });
  test('a hostile rule is refused quickly, never loops', () => {
    const started = process.hrtime.bigint();
    for (const text of ['('.repeat(100_000), 'not '.repeat(100_000), '"'.repeat(3000), `ip.country in [${'"a",'.repeat(100_000)}]`]) errorOf(text);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 500, 'four hostile inputs refused within 500 ms');
  });
});

describe('rules: <action> if <condition>', () => {
  test('reads the action, the fields and the condition', () => {
    const parsed = parseRule('Review IF email.disposable and order.total > 200');
    assert.ok(parsed.ok, 'the rule parses');
    assert.equal(parsed.value.action, 'review');
    assert.deepEqual(parsed.value.fields, ['email.disposable', 'order.total']);
    assert.equal(parsed.value.condition({ 'email.disposable': true, 'order.total': 30_000 }, 2), true);
  });
  const cases: [string, RuleErrorCode, number][] = [
    ['', 'RULE_UNKNOWN_ACTION', 0],
    ['hold if email.free', 'RULE_UNKNOWN_ACTION', 0],
    ['review email.free', 'RULE_MISSING_IF', 7],
    ['review if', 'RULE_UNEXPECTED_END', 9],
    ['reject if velocity.orders_per_email_1h > 3 and', 'RULE_UNEXPECTED_END', 46],
  ];
  for (const [text, code, position] of cases) {
    test(`${code}: "${text}"`, () => {
      const parsed = parseRule(text);
      assert.ok(!parsed.ok, `"${text}" is refused`);
      assert.equal(parsed.error.code, code, parsed.error.message);
      assert.equal(parsed.error.position, position, parsed.error.message);
    });
  }
});
