import { attempt, compile, fail, fieldsOf, Parser, tokenize, type Condition, type RuleError } from './expression.js';
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
}

export interface CompiledRule {
  id: string;
  action: Action;
  text: string;
  description: string | null;
  /** The fields its condition reads, for the explanation. */
  fields: string[];
  condition: Condition;
}

export interface CompiledRuleSet {
  version: string;
  rules: CompiledRule[];
  allow: CompiledList;
  block: CompiledList;
}

export const MAX_RULES = 200;

/** A problem with a rule set, naming the field as the API will (`rules[3].rule`) and the column. */
export interface RuleSetProblem {
  field: string;
  code: RuleError['code'] | 'RULE_SET_INVALID';
  message: string;
  fix: string;
  position?: number;
}

/** Parses `<action> if <condition>`. */
export function parseRule(text: string): { ok: true; value: { action: Action; fields: string[]; condition: Condition } } | { ok: false; error: RuleError } {
  return attempt(() => {
    const tokens = tokenize(text);
    const parser = new Parser(tokens);
    const head = parser.next();
    const word = head.text.toLowerCase();
    if (head.kind !== 'name' || !(ACTIONS as readonly string[]).includes(word)) {
      fail('RULE_UNKNOWN_ACTION', head.pos, head.kind === 'end' ? 'the rule is empty' : `"${head.text}" is not an action`, `start with one of ${ACTIONS.join(', ')}: e.g. review if email.disposable`);
    }
    const ifWord = parser.next();
    if (!parser.isKeyword(ifWord, 'if')) fail('RULE_MISSING_IF', ifWord.pos, `expected "if" after "${word}"`, `write "${word} if <condition>"`);
    const expr = parser.expression();
    parser.expectEnd();
    return { action: word as Action, fields: fieldsOf(expr), condition: compile(expr) };
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
  const seen = new Set<string>();
  const rules: CompiledRule[] = [];
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
    const parsed = parseRule(rule.rule);
    if (!parsed.ok) {
      problems.push({ field: `rules[${i}].rule`, code: parsed.error.code, message: parsed.error.message, fix: parsed.error.fix, position: parsed.error.position });
      return;
    }
    rules.push({ id: rule.id, action: parsed.value.action, text: rule.rule, description: rule.description ?? null, fields: parsed.value.fields, condition: parsed.value.condition });
  });
  for (const p of validateLists(set.lists ?? {})) problems.push({ ...p, code: 'RULE_SET_INVALID' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { version: set.version, rules, allow: compileList(set.lists?.allow), block: compileList(set.lists?.block) } };
}
