import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screeningInput } from '../../../../test/support/risk-corpus.js';
import { backtest } from './backtest.js';
import { decisionSignals, prepareScreening, screen, type Decision, type Screening } from './decide.js';
import { DEFAULT_RULE_SET } from './default-rules.js';
import { cidrCountryReader } from './ip-country.js';
import { compileRuleSet, MAX_RULES, type RuleSet } from './rules.js';
import { DEFAULT_SETTINGS, type ScreeningSettings } from './signals.js';
import { MAX_LIST_ENTRIES } from './tenant-lists.js';

function screening(set: RuleSet, settings: Partial<ScreeningSettings> = {}): Screening {
  const compiled = compileRuleSet(set);
  assert.ok(compiled.ok, compiled.ok ? '' : JSON.stringify(compiled.problems));
  return prepareScreening(compiled.value, { ...DEFAULT_SETTINGS, ...settings });
}

const rules = (...texts: string[]): RuleSet => ({ version: 't1', rules: texts.map((rule, i) => ({ id: `r${i + 1}`, rule })) });

describe('decision', () => {
  test('precedence allow > reject > review > verify, and every matched rule is recorded', () => {
    const set = rules('verify if order.total > 1', 'review if order.total > 1', 'reject if order.total > 1', 'allow if order.total > 1');
    const input = screeningInput({ total: 10, history: [2, 10, 10, '2025-01-01T00:00:00Z'] });
    const all = screen(input, screening(set));
    assert.equal(all.action, 'allow');
    assert.deepEqual(all.matched.map((m) => `${m.id}:${m.action}`), ['r1:verify', 'r2:review', 'r3:reject', 'r4:allow']);
    assert.deepEqual(all.decidedBy.map((m) => m.id), ['r4']);
    assert.equal(screen(input, screening({ ...set, rules: set.rules.slice(0, 3) })).action, 'reject');
    assert.equal(screen(input, screening({ ...set, rules: set.rules.slice(0, 2) })).action, 'review');
    assert.equal(screen(input, screening({ ...set, rules: set.rules.slice(0, 1) })).action, 'verify');
    assert.equal(screen(input, screening({ ...set, rules: [] })).action, 'allow');
  });

  test('the score thresholds act as rules of their class: review ≥ 65, reject ≥ 75 by default, tenant-tunable', () => {
    const none = rules('verify if order.total > 1000000');
    const at65 = screeningInput({ total: 50, email: 'a@mailinator.com', ship: 'myus' }); // 30 + 30 + 5
    const d = screen(at65, screening(none));
    assert.equal(d.score, 65);
    assert.equal(d.action, 'review');
    assert.deepEqual(d.decidedBy, [{ id: 'score-review', action: 'review', rule: 'review if score >= 65' }]);
    assert.equal(screen(at65, screening(none, { thresholds: { review: 70, reject: 90 } })).action, 'allow');
    assert.equal(screen(at65, screening(none, { thresholds: { review: 50, reject: 60 } })).action, 'reject');
    assert.equal(screen(at65, screening(rules('allow if email.disposable'))).action, 'allow', 'an allow rule outranks the score');
    assert.equal(screen(screeningInput({ total: 50 }), screening(rules('review if score >= 5'))).action, 'review', 'rules may read the score');
  });

  test('records the rule-set version, score, signals and explains itself in sentences', () => {
    const d = screen(screeningInput({ total: 250, email: 'bob@mailinator.com' }), screening(DEFAULT_RULE_SET));
    assert.equal(d.action, 'review');
    assert.equal(d.ruleSetVersion, 'default-1');
    assert.equal(d.score, 35);
    assert.deepEqual(d.matched.map((m) => m.id), ['disposable-email']);
    assert.deepEqual(d.explanation.slice(0, 2), [
      'Held for review: A throwaway e-mail address on an order over 200.',
      'Risk score 35 of 100 (review at 65, reject at 75): a throwaway mailbox +30, first order +5.',
    ]);
    assert.ok(d.explanation.includes('The e-mail domain mailinator.com gives out throwaway mailboxes.'), d.explanation.join('\n'));
    assert.ok(d.explanation.includes('The order total is 250.00 USD.'), d.explanation.join('\n'));
    assert.equal(d.values['email.disposable'], true, 'the disposable signal is stored as a value');
    assert.ok(!Object.values(d.values).includes(null), 'unknown signals are left out of what is stored');
    const described = decisionSignals(d);
    assert.ok(described.some((s) => s.name === 'email.disposable' && s.value === true && s.source === 'email_lists' && s.sentence === 'The e-mail domain mailinator.com gives out throwaway mailboxes.'), 'read back with its source and sentence');
    const stored = JSON.parse(JSON.stringify(d)) as Decision;
    assert.deepEqual(decisionSignals(stored), described, 'the same sentences from the stored JSON');
    const older = { ...stored, signals: [{ name: 'order.total', value: 1, source: 'order' as const, sentence: 'old' }] };
    assert.deepEqual(decisionSignals(older), older.signals, 'a decision stored with its signals described is read as stored');
  });

  test('an allowed order says why, and outranked matches are named', () => {
    const clean = screen(screeningInput({ total: 20, history: [2, 10, 10, '2025-01-01T00:00:00Z'] }), screening(DEFAULT_RULE_SET));
    assert.deepEqual(clean.explanation.slice(0, 2), ['Allowed: no rule matched and the risk score 0 is below the review threshold 65.', 'Risk score 0 of 100: no risky signal.']);
    const listed = screen(screeningInput({ total: 5, email: 'vip@shop.test', velocity: { email: { '1h': { orders: 9 } } } }), screening({ ...DEFAULT_RULE_SET, lists: { allow: { emails: ['vip@shop.test'] } } }));
    assert.equal(listed.action, 'allow');
    assert.ok(listed.explanation.includes('Also matched, outranked by allow: email-burst (reject) — More than three orders on one e-mail address within an hour.'), listed.explanation.join('\n'));
    assert.ok(listed.explanation.includes('On the shop’s allow list: the e-mail address vip@shop.test.'), listed.explanation.join('\n'));
  });

  test('block lists reject through the default rule set', () => {
    const blocked = screen(screeningInput({ total: 5, ip: '198.51.100.77' }), screening({ ...DEFAULT_RULE_SET, lists: { block: { ips: ['198.51.100.0/24'] } } }));
    assert.equal(blocked.action, 'reject');
    assert.deepEqual(blocked.decidedBy.map((m) => m.id), ['block-listed']);
  });

  test('the default rule set has at least 10 rules and compiles', () => {
    assert.ok(DEFAULT_RULE_SET.rules.length >= 10, 'at least 10 default rules');
    assert.ok(compileRuleSet(DEFAULT_RULE_SET).ok, 'the default rule set compiles');
  });
});

describe('rule sets: validation names every problem', () => {
  test('bad rules, duplicate ids, bad list entries, too many rules', () => {
    const result = compileRuleSet({
      version: '',
      rules: [
        { id: 'ok', rule: 'review if email.disposable' },
        { id: 'ok', rule: 'review if order.totl > 5' },
        { id: 'Bad Id', rule: 'hold if email.free' },
      ],
      lists: { block: { ips: ['10.0.0.0/33', '203.0.113.1'], domains: ['not a domain'], emails: ['nobody'] }, allow: { addresses: ['#1'] } },
    });
    assert.ok(!result.ok, 'the rule set is refused');
    assert.deepEqual(
      result.problems.map((p) => [p.field, p.code, p.position]),
      [
        ['version', 'RULE_SET_INVALID', undefined],
        ['rules[1].id', 'RULE_SET_INVALID', undefined],
        ['rules[1].rule', 'RULE_UNKNOWN_FIELD', 10],
        ['rules[2].id', 'RULE_SET_INVALID', undefined],
        ['rules[2].rule', 'RULE_UNKNOWN_ACTION', 0],
        ['lists.allow.addresses[0]', 'RULE_SET_INVALID', undefined],
        ['lists.block.emails[0]', 'RULE_SET_INVALID', undefined],
        ['lists.block.domains[0]', 'RULE_SET_INVALID', undefined],
        ['lists.block.ips[0]', 'RULE_SET_INVALID', undefined],
      ],
    );
    for (const p of result.problems) assert.ok(p.fix.length > 5, `${p.field} has a fix`);
    const many = compileRuleSet({ version: 'x', rules: Array.from({ length: MAX_RULES + 1 }, (_, i) => ({ id: `r${i}`, rule: 'review if email.free' })) });
    assert.ok(!many.ok && many.problems[0]?.field === 'rules', 'more than MAX_RULES rules are refused as a whole');
    const huge = compileRuleSet({ version: 'x', rules: [], lists: { block: { cards: Array.from({ length: MAX_LIST_ENTRIES + 1 }, (_, i) => `fp_${i}`) } } });
    assert.ok(!huge.ok && huge.problems[0]?.field === 'lists.block.cards', 'an oversized list is refused by name');
  });
});

describe('backtest', () => {
  test('counts and lists the orders per action under a proposed rule set, with changes and rule hits', () => {
    const cases = [
      { orderId: 'o1', input: screeningInput({ total: 20 }), previous: 'allow' as const },
      { orderId: 'o2', input: screeningInput({ total: 250, email: 'b@mailinator.com' }), previous: 'allow' as const },
      { orderId: 'o3', input: screeningInput({ total: 9, velocity: { email: { '1h': { orders: 5 } } } }) },
      { orderId: 'o4', input: screeningInput({ total: 700, ship: 'seattle', bill: 'toronto' }), previous: 'verify' as const },
    ];
    const report = backtest(screening(DEFAULT_RULE_SET), cases);
    assert.equal(report.total, 4);
    assert.deepEqual(report.counts, { allow: 1, reject: 1, review: 1, verify: 1 });
    assert.deepEqual(
      Object.fromEntries(Object.entries(report.orders).map(([a, list]) => [a, list.map((o) => o.orderId)])),
      { allow: ['o1'], reject: ['o3'], review: ['o2'], verify: ['o4'] },
    );
    assert.deepEqual(report.changed.map((o) => `${o.orderId}:${o.previous}->${o.action}`), ['o2:allow->review']);
    assert.equal(report.ruleHits['email-burst'], 1);
    assert.equal(report.ruleHits['card-testing'], 0);
    const stricter = backtest(screening({ ...DEFAULT_RULE_SET, version: 'p2', rules: [...DEFAULT_RULE_SET.rules, { id: 'all-review', rule: 'review if order.total > 10' }] }), cases);
    assert.deepEqual(stricter.counts, { allow: 0, reject: 1, review: 3, verify: 0 }, 'o4 now matches a review rule, which outranks verify');
    assert.equal(stricter.ruleSetVersion, 'p2');
  });
});

describe('IP country reader (in-memory)', () => {
  test('most specific range wins; IPv6 and mapped IPv4; unknown and malformed answer null', () => {
    const reader = cidrCountryReader({ '203.0.113.0/24': 'ng', '203.0.113.128/25': 'GH', '2001:db8::/32': 'DE' });
    assert.equal(reader.country('203.0.113.5'), 'NG');
    assert.equal(reader.country('203.0.113.200'), 'GH');
    assert.equal(reader.country('::ffff:203.0.113.5'), 'NG');
    assert.equal(reader.country('2001:db8::1'), 'DE');
    assert.equal(reader.country('198.51.100.1'), null);
    assert.equal(reader.country('not an ip'), null);
  });
});
