import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currenciesByExponent, currencyExponent, formatMoney, parseMoney } from './money.js';

describe('money', () => {
  test('currency exponents come from ISO 4217', () => {
    assert.equal(currencyExponent('USD'), 2);
    assert.equal(currencyExponent('JPY'), 0);
    assert.equal(currencyExponent('KWD'), 3);
    assert.equal(currencyExponent('XXY'), undefined);
    assert.equal(currencyExponent('usd'), undefined);
  });

  const cases: [string, number, ReturnType<typeof parseMoney>][] = [
    ['19.99', 2, { ok: true, minor: 1999 }],
    ['19.9', 2, { ok: true, minor: 1990 }],
    ['19', 2, { ok: true, minor: 1900 }],
    ['0', 2, { ok: true, minor: 0 }],
    ['0.10', 2, { ok: true, minor: 10 }],
    ['500', 0, { ok: true, minor: 500 }],
    ['1.234', 3, { ok: true, minor: 1234 }],
    ['19.999', 2, { ok: false, error: 'too_many_decimals' }],
    ['100.5', 0, { ok: false, error: 'too_many_decimals' }],
    ['-1.00', 2, { ok: false, error: 'format' }],
    ['1e3', 2, { ok: false, error: 'format' }],
    ['01.00', 2, { ok: false, error: 'format' }],
    ['1.', 2, { ok: false, error: 'format' }],
    ['.5', 2, { ok: false, error: 'format' }],
    [' 1', 2, { ok: false, error: 'format' }],
    ['999999999999999', 2, { ok: false, error: 'too_large' }],
  ];
  for (const [text, exponent, expected] of cases) {
    test(`parse "${text}" with exponent ${exponent}`, () => assert.deepEqual(parseMoney(text, exponent), expected));
  }

  test('format is the inverse of parse', () => {
    assert.equal(formatMoney(1999, 2), '19.99');
    assert.equal(formatMoney(5, 2), '0.05');
    assert.equal(formatMoney(500, 0), '500');
    assert.equal(formatMoney(1234, 3), '1.234');
    for (const minor of [0, 1, 10, 99, 100, 123456789]) {
      const parsed = parseMoney(formatMoney(minor, 2), 2);
      assert.deepEqual(parsed, { ok: true, minor });
    }
  });

  test('currencies whose exponent is not 2, by exponent, agree with currencyExponent', () => {
    const map = currenciesByExponent();
    assert.ok(map.get(0)?.includes('JPY') && map.get(3)?.includes('KWD') && map.get(4)?.includes('CLF'), JSON.stringify([...map]));
    assert.equal(map.has(2), false, 'two decimals is the default, not listed');
    for (const [exponent, codes] of map) for (const code of codes) assert.equal(currencyExponent(code), exponent, code);
  });
});
