import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { categoryOf, countScores, npsOf } from './nps.js';
import { readSurveyToken, signSurveyToken } from './survey-token.js';

describe('NPS from counts', () => {
  const cases: [string, number[], number | null][] = [
    ['nobody answered: null, not 0', [], null],
    ['all passives: 0', [7, 8, 7, 8], 0],
    ['all promoters: 100', [9, 10], 100],
    ['all detractors: -100', [0, 6, 3], -100],
    ['one of each: 0', [10, 7, 6], 0],
    ['1 promoter, 2 passives: 33.3', [9, 7, 8], 33.3],
    ['2 promoters, 1 passive: 66.7 (rounded half up from 66.66…)', [9, 10, 8], 66.7],
    ['1 detractor of 6: -16.7 (away from zero, not -16.6)', [6, 7, 7, 7, 7, 7], -16.7],
    ['3 promoters, 1 detractor, 4 passives: 25', [9, 9, 10, 0, 7, 7, 8, 8], 25],
    ['1 promoter in 8: 12.5 exactly', [10, 7, 7, 7, 7, 7, 7, 7], 12.5],
  ];
  for (const [name, scores, expected] of cases) {
    test(name, () => {
      const n = npsOf(countScores(scores));
      assert.equal(n.nps, expected, JSON.stringify(n));
      assert.equal(n.responses, scores.length);
      assert.equal(n.promoters + n.passives + n.detractors, scores.length);
    });
  }

  test('the boundaries: 6 detractor, 7 and 8 passive, 9 promoter; outside 0–10 or fractional is refused', () => {
    assert.deepEqual([0, 6, 7, 8, 9, 10].map(categoryOf), ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    for (const bad of [-1, 11, 7.5, Number.NaN]) assert.throws(() => categoryOf(bad), RangeError, String(bad));
    assert.throws(() => npsOf({ promoters: -1, passives: 0, detractors: 0 }), RangeError);
  });

  test('-0 never appears: equal promoters and detractors give 0', () => {
    assert.ok(Object.is(npsOf({ promoters: 2, passives: 0, detractors: 2 }).nps, 0), 'positive zero');
  });
});

describe('survey link tokens', () => {
  const key = Buffer.alloc(32, 7);
  const link = { tenantId: 'ten_0000000000aaaaaa0000000001', orderId: 'ord_0000000000bbbbbb0000000002', expiresAt: new Date('2027-01-04T10:00:00Z') };

  test('a signed token reads back as its tenant, order and expiry (whole seconds), and fits a URL segment', () => {
    const token = signSurveyToken(key, link);
    assert.deepEqual(readSurveyToken(key, token), link);
    assert.ok(token.length <= 120 && /^[A-Za-z0-9_.-]+$/.test(token), token);
  });

  test('changing any part, or another key, is tampered; garbage is malformed', () => {
    const token = signSurveyToken(key, link);
    const [tenant, order, expiry, signature] = token.split('.') as [string, string, string, string];
    const otherOrder = `${tenant}.ord_0000000000bbbbbb0000000003.${expiry}.${signature}`;
    const otherTenant = `ten_0000000000aaaaaa0000000009.${order}.${expiry}.${signature}`;
    const longer = `${tenant}.${order}.${(parseInt(expiry, 36) + 86400).toString(36)}.${signature}`;
    const flipped = `${tenant}.${order}.${expiry}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    for (const t of [otherOrder, otherTenant, longer, flipped]) assert.equal(readSurveyToken(key, t), 'tampered', t);
    assert.equal(readSurveyToken(Buffer.alloc(32, 8), token), 'tampered', 'another installation’s key');
    for (const t of ['', 'not-a-token', `${token}x`, token.replace('ord_', 'vfl_')]) assert.equal(readSurveyToken(key, t), 'malformed', t);
  });
});
