import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CORPUS } from '../../../../test/support/risk-corpus.js';
import { backtest } from './backtest.js';
import { prepareScreening, screen } from './decide.js';
import { DEFAULT_RULE_SET } from './default-rules.js';
import { compileRuleSet } from './rules.js';
import { DEFAULT_SETTINGS } from './signals.js';

// The pinned corpus (issue 15 §3): the default rule set must give every order its expected decision,
// so a rule or score change that lets fraud through or holds honest buyers fails here by name.
describe('screening corpus under the default rule set', () => {
  const compiled = compileRuleSet(DEFAULT_RULE_SET);
  assert.ok(compiled.ok, 'the default rule set compiles');
  const screening = prepareScreening(compiled.value, DEFAULT_SETTINGS);

  test('holds at least 50 fraudulent-looking and 50 benign orders, each id once', () => {
    assert.ok(CORPUS.filter((c) => c.kind === 'fraud').length >= 50, 'at least 50 fraudulent-looking orders');
    assert.ok(CORPUS.filter((c) => c.kind === 'benign').length >= 50, 'at least 50 benign orders');
    assert.equal(new Set(CORPUS.map((c) => c.id)).size, CORPUS.length);
  });

  test('no fraudulent-looking order is allowed, no benign one is stopped', () => {
    for (const c of CORPUS) assert.equal(c.kind === 'fraud' ? c.expected !== 'allow' : c.expected === 'allow', true, `${c.id} pins ${c.expected}`);
  });

  for (const c of CORPUS) {
    test(`${c.id}: ${c.story} → ${c.expected}`, () => {
      const decision = screen(c.input, screening);
      assert.equal(decision.action, c.expected, decision.explanation.join('\n'));
    });
  }

  test('the backtest over the corpus gives the pinned totals', () => {
    const report = backtest(screening, CORPUS.map((c) => ({ orderId: c.id, input: c.input, previous: c.expected })));
    assert.deepEqual(report.changed, []);
    assert.deepEqual(report.counts, {
      allow: CORPUS.filter((c) => c.expected === 'allow').length,
      reject: CORPUS.filter((c) => c.expected === 'reject').length,
      review: CORPUS.filter((c) => c.expected === 'review').length,
      verify: CORPUS.filter((c) => c.expected === 'verify').length,
    });
    for (const rule of DEFAULT_RULE_SET.rules.filter((r) => r.id !== 'allow-listed' && r.id !== 'block-listed')) {
      assert.ok((report.ruleHits[rule.id] ?? 0) > 0, `the corpus exercises ${rule.id}`);
    }
  });
});
