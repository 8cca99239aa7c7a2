import { currencyExponent } from '../../../platform/kernel/money.js';
import type { ScreeningInput } from './input.js';
import type { Action, CompiledRuleSet } from './rules.js';
import { scoreSignals, type ScoreBreakdown } from './score.js';
import { computeSignals, describeSignals, prepareSettings, sentence, type PreparedSettings, type ScreeningSettings, type Signal, type SignalNotes, type SignalValues } from './signals.js';

/** Precedence: the first class with a matching rule decides. */
export const PRECEDENCE: readonly Action[] = ['allow', 'reject', 'review', 'verify'];

export interface MatchedRule {
  id: string;
  action: Action;
  rule: string;
}

/** What screening decided about one order, and why — stored with the order later (issue 15 §4). */
export interface Decision {
  action: Action;
  ruleSetVersion: string;
  score: number;
  thresholds: { review: number; reject: number };
  /** The rules (and score thresholds, ids `score-reject`/`score-review`) of the deciding class. */
  decidedBy: MatchedRule[];
  /** Every rule that matched, in rule-set order, the score thresholds last. */
  matched: MatchedRule[];
  scoreParts: ScoreBreakdown['parts'];
  /**
   * Every signal screening knew, as values only (nulls left out): the sentences are written when
   * the decision is read (`decisionSignals`), not at capture — they were two thirds of the stored
   * decision and a share of capture's CPU (ADR 0030).
   */
  values: SignalValues;
  notes: SignalNotes;
  /** The decision in sentences, most important first. */
  explanation: string[];
}

/** A tenant's compiled rule set and prepared settings: build once, screen many orders. */
export interface Screening {
  rules: CompiledRuleSet;
  settings: PreparedSettings;
}

export function prepareScreening(rules: CompiledRuleSet, settings: ScreeningSettings): Screening {
  return { rules, settings: prepareSettings(settings) };
}

const VERDICT: Record<Action, string> = {
  allow: 'Allowed',
  reject: 'Rejected',
  review: 'Held for review',
  verify: 'Held until the customer confirms the order',
};

/** Screens one order: signals, score, every rule, the decision with its explanation. Pure. */
export function screen(input: ScreeningInput, screening: Screening): Decision {
  const { rules, settings } = screening;
  const { values, notes } = computeSignals(input, settings, rules);
  const breakdown = scoreSignals(values);
  values.score = breakdown.score;
  const exponent = currencyExponent(input.order.currency) ?? 2;
  const thresholds = settings.settings.thresholds;

  const matched: MatchedRule[] = [];
  const descriptions = new Map<string, string>();
  const read = new Set<string>();
  for (const rule of rules.rules) {
    if (rule.condition(values, exponent, input.order.currency) !== true) continue;
    matched.push({ id: rule.id, action: rule.action, rule: rule.text });
    descriptions.set(rule.id, rule.description ?? rule.text);
    for (const field of rule.fields) read.add(field);
  }
  if (breakdown.score >= thresholds.reject) matched.push({ id: 'score-reject', action: 'reject', rule: `reject if score >= ${thresholds.reject}` });
  else if (breakdown.score >= thresholds.review) matched.push({ id: 'score-review', action: 'review', rule: `review if score >= ${thresholds.review}` });

  const action = PRECEDENCE.find((a) => matched.some((m) => m.action === a)) ?? 'allow';
  const decidedBy = matched.filter((m) => m.action === action);
  return {
    action,
    ruleSetVersion: rules.version,
    score: breakdown.score,
    thresholds,
    decidedBy,
    matched,
    scoreParts: breakdown.parts,
    values: knownValues(values),
    notes,
    explanation: explain(action, decidedBy, matched, breakdown, thresholds, values, read, descriptions, notes),
  };
}

function knownValues(values: SignalValues): SignalValues {
  const known: SignalValues = {};
  for (const [name, value] of Object.entries(values)) if (value !== null) known[name] = value;
  return known;
}

/**
 * A stored decision's signals with their sentences. Decisions stored before the values were kept
 * carry their `signals` already described.
 */
export function decisionSignals(decision: Decision | (Omit<Decision, 'values' | 'notes'> & { signals: Signal[] })): Signal[] {
  if ('signals' in decision) return decision.signals;
  return describeSignals(decision.values, decision.notes);
}

function explain(
  action: Action,
  decidedBy: MatchedRule[],
  matched: MatchedRule[],
  breakdown: ScoreBreakdown,
  thresholds: Decision['thresholds'],
  values: SignalValues,
  read: Set<string>,
  descriptions: Map<string, string>,
  notes: Parameters<typeof sentence>[2],
): string[] {
  const why = (m: MatchedRule) =>
    m.id === 'score-reject' || m.id === 'score-review'
      ? `the risk score ${breakdown.score} is at or above the ${m.id === 'score-reject' ? 'reject' : 'review'} threshold ${m.id === 'score-reject' ? thresholds.reject : thresholds.review}`
      : (descriptions.get(m.id) ?? m.rule).replace(/\.$/, '');
  const lines: string[] = [];
  lines.push(decidedBy.length > 0 ? `${VERDICT[action]}: ${decidedBy.map(why).join('; ')}.` : `${VERDICT[action]}: no rule matched and the risk score ${breakdown.score} is below the review threshold ${thresholds.review}.`);
  const overruled = matched.filter((m) => m.action !== action);
  for (const m of overruled) lines.push(`Also matched, outranked by ${action}: ${m.id} (${m.action}) — ${why(m)}.`);
  lines.push(
    breakdown.parts.length > 0
      ? `Risk score ${breakdown.score} of 100 (review at ${thresholds.review}, reject at ${thresholds.reject}): ${breakdown.parts.map((p) => `${p.reason} +${p.points}`).join(', ')}.`
      : `Risk score 0 of 100: no risky signal.`,
  );
  const mentioned = new Set<string>([...read, ...breakdown.parts.map((p) => p.signal)]);
  for (const name of mentioned) {
    if (values[name] === null || values[name] === undefined || name === 'score') continue;
    lines.push(sentence(name, values, notes));
  }
  return lines;
}
