import { currencyExponent } from '../../../platform/kernel/money.js';
import { amountsOf, attempt, compile, fail, fieldsOf, Parser, tokenize, type Amount, type Condition, type ParseOptions, type RuleError } from './expression.js';
import { compileList, validateLists, type CompiledList, type RiskLists } from './tenant-lists.js';

/** What a rule decides. Precedence when several classes match: allow > reject > review > verify. */
export const ACTIONS = ['allow', 'reject', 'review', 'verify'] as const;
export type Action = (typeof ACTIONS)[number];

/** A rule as stored: `{ id: "disposable-big", rule: "review if email.disposable and order.total > 200" }`. */
export interface RuleData {
  id: string;
  rule: string;
  /** Optional words for the decision's explanation; the rule text is used without it. */
  description?: string;
}

/** A versioned rule set: rules, allow/block lists. Thresholds are the tenant's settings. */
export interface RuleSet {
  version: string;
  rules: RuleData[];
  lists?: RiskLists;
  /**
   * The currency of amounts written without one (`order.total > 200` is `> 200 USD`); null or
   * absent: such an amount is in each order's own currency (ADR 0030 "Money in rules").
   */
  currency?: string | null;
}

export interface CompiledRule {
  id: string;
  action: Action;
  text: string;
  description: string | null;
  /** The fields its condition reads, for the explanation. */
  fields: string[];
  /** The amounts it compares money with, each with its currency (null: the order's own). */
  amounts: Amount[];
  condition: Condition;
}

export interface CompiledRuleSet {
  version: string;
  /** The currency of amounts written without one; null: each order's own. */
  currency: string | null;
  rules: CompiledRule[];
  allow: CompiledList;
  block: CompiledList;
}

export const MAX_RULES = 200;

/** A problem with a rule set, naming the field as the API will (`rules[3].rule`) and the column. */
export interface RuleSetProblem {
  field: string;
  code: RuleError['code'] | 'RULE_SET_INVALID' | 'RULE_CURRENCY_AMBIGUOUS';
  message: string;
  fix: string;
  position?: number;
}

/** Parses `<action> if <condition>`; `options.currency`: the currency of amounts written without one. */
export function parseRule(text: string, options: ParseOptions = {}): { ok: true; value: { action: Action; fields: string[]; amounts: Amount[]; condition: Condition } } | { ok: false; error: RuleError } {
  return attempt(() => {
    const tokens = tokenize(text);
    const parser = new Parser(tokens, options);
    const head = parser.next();
    const word = head.text.toLowerCase();
    if (head.kind !== 'name' || !(ACTIONS as readonly string[]).includes(word)) {
      fail('RULE_UNKNOWN_ACTION', head.pos, head.kind === 'end' ? 'the rule is empty' : `"${head.text}" is not an action`, `start with one of ${ACTIONS.join(', ')}: e.g. review if email.disposable`);
    }
    const ifWord = parser.next();
    if (!parser.isKeyword(ifWord, 'if')) fail('RULE_MISSING_IF', ifWord.pos, `expected "if" after "${word}"`, `write "${word} if <condition>"`);
    const expr = parser.expression();
    parser.expectEnd();
    return { action: word as Action, fields: fieldsOf(expr), amounts: amountsOf(expr), condition: compile(expr) };
  });
}

/**
 * Validates and compiles a whole rule set: every problem is reported (not just the first), each
 * naming its field; with none, the compiled set evaluates without parsing again.
 */
export function compileRuleSet(set: RuleSet): { ok: true; value: CompiledRuleSet } | { ok: false; problems: RuleSetProblem[] } {
  const problems: RuleSetProblem[] = [];
  if (typeof set.version !== 'string' || set.version.trim() === '' || set.version.length > 64) {
    problems.push({ field: 'version', code: 'RULE_SET_INVALID', message: 'must be 1 to 64 characters', fix: 'name the version, e.g. "2026-12-05.1"' });
  }
  if (!Array.isArray(set.rules) || set.rules.length > MAX_RULES) {
    problems.push({ field: 'rules', code: 'RULE_SET_INVALID', message: `must be a list of at most ${MAX_RULES} rules`, fix: 'remove rules or merge them with or / in [...]' });
    return { ok: false, problems };
  }
  const currency = typeof set.currency === 'string' && currencyExponent(set.currency) !== undefined ? set.currency : null;
  if (set.currency !== undefined && set.currency !== null && currency === null) {
    const written = String(set.currency).slice(0, 20);
    const capitals = currencyExponent(written.toUpperCase()) !== undefined;
    problems.push({
      field: 'currency',
      code: 'RULE_SET_INVALID',
      message: capitals ? `currency codes are written in capitals, not "${written}"` : `"${written}" is not an ISO 4217 currency code`,
      fix: capitals ? `write "${written.toUpperCase()}"` : 'name the currency amounts without a code are in, e.g. "USD", or leave it out',
    });
  }
  const seen = new Set<string>();
  const rules: CompiledRule[] = [];
  const indexes: number[] = [];
  set.rules.forEach((rule, i) => {
    if (typeof rule.id !== 'string' || !/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(rule.id)) {
      problems.push({ field: `rules[${i}].id`, code: 'RULE_SET_INVALID', message: 'must be 1 to 64 lower-case letters, digits, _ . -', fix: 'name the rule, e.g. "disposable-big"' });
    } else if (seen.has(rule.id)) {
      problems.push({ field: `rules[${i}].id`, code: 'RULE_SET_INVALID', message: `"${rule.id}" is used by an earlier rule`, fix: 'give each rule its own id' });
    }
    seen.add(rule.id);
    if (typeof rule.rule !== 'string') {
      problems.push({ field: `rules[${i}].rule`, code: 'RULE_SET_INVALID', message: 'must be text such as "review if email.disposable"', fix: 'write the rule as text' });
      return;
    }
    const parsed = parseRule(rule.rule, { currency });
    if (!parsed.ok) {
      problems.push({ field: `rules[${i}].rule`, code: parsed.error.code, message: parsed.error.message, fix: parsed.error.fix, position: parsed.error.position });
      return;
    }
    indexes.push(i);
    rules.push({ id: rule.id, action: parsed.value.action, text: rule.rule, description: rule.description ?? null, fields: parsed.value.fields, amounts: parsed.value.amounts, condition: parsed.value.condition });
  });
  if (currency === null) problems.push(...mixedAmounts(rules.map((rule, k) => ({ rule, index: indexes[k] ?? k }))));
  for (const p of validateLists(set.lists ?? {})) problems.push({ ...p, code: 'RULE_SET_INVALID' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { version: set.version, currency, rules, allow: compileList(set.lists?.allow), block: compileList(set.lists?.block) } };
}

/**
 * Without a rule-set currency, an amount with no code is in each order's own currency. Beside
 * amounts that name one (`200 USD`) that reading is almost never what the writer meant, so a set
 * that mixes the two is refused, each bare amount named, until it names them all or sets its
 * currency.
 */
function mixedAmounts(rules: readonly { rule: CompiledRule; index: number }[]): RuleSetProblem[] {
  const named = rules.flatMap(({ rule }) => rule.amounts.filter((a) => a.currency !== null).map((a) => ({ rule, amount: a })));
  const first = named[0];
  if (!first) return [];
  const problems: RuleSetProblem[] = [];
  for (const { rule, index } of rules) {
    for (const a of rule.amounts.filter((x) => x.currency === null)) {
      problems.push({
        field: `rules[${index}].rule`,
        code: 'RULE_CURRENCY_AMBIGUOUS',
        message: `column ${a.pos + 1}: ${a.text} names no currency, while rule "${first.rule.id}" compares with ${first.amount.text} ${first.amount.currency ?? ''}; without settings.currency it would be ${a.text} in each order's own currency (${a.text} USD and ${a.text} JPY alike)`,
        fix: `write ${a.text} ${first.amount.currency ?? 'USD'} (or the currency you mean), or set settings.currency to the currency amounts without a code are in`,
        position: a.pos,
      });
    }
  }
  return problems;
}
