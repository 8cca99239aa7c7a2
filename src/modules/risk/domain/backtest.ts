import type { ScreeningInput } from './input.js';
import { screen, type Screening } from './decide.js';
import type { Action } from './rules.js';

/** How far back a backtest over stored decisions reaches, and how many orders it screens at most. */
export const BACKTEST_MAX_DAYS = 90;
export const BACKTEST_MAX_ORDERS = 10_000;

/** One past order in a backtest: its id and what screening saw then. */
export interface BacktestCase {
  orderId: string;
  input: ScreeningInput;
  /** What was decided at the time, when known: the report then lists what would change. */
  previous?: Action | null;
}

export interface BacktestOutcome {
  orderId: string;
  action: Action;
  score: number;
  /** Ids of the rules (or score thresholds) that decided. */
  decidedBy: string[];
  previous: Action | null;
}

export interface BacktestReport {
  ruleSetVersion: string;
  total: number;
  counts: Record<Action, number>;
  /** The orders per action, in input order. */
  orders: Record<Action, BacktestOutcome[]>;
  /** Orders whose action differs from `previous` (only those that had one). */
  changed: BacktestOutcome[];
  /** How many orders each rule matched (deciding or not), by rule id. */
  ruleHits: Record<string, number>;
}

/**
 * Runs a proposed rule set over past orders (pure; the caller fetches the last N days). Answers how
 * many would have been allowed, reviewed, rejected or verified, and which.
 */
export function backtest(screening: Screening, cases: readonly BacktestCase[]): BacktestReport {
  const counts: Record<Action, number> = { allow: 0, reject: 0, review: 0, verify: 0 };
  const orders: Record<Action, BacktestOutcome[]> = { allow: [], reject: [], review: [], verify: [] };
  const changed: BacktestOutcome[] = [];
  const ruleHits: Record<string, number> = Object.fromEntries(screening.rules.rules.map((r) => [r.id, 0]));
  for (const c of cases) {
    const decision = screen(c.input, screening);
    const outcome: BacktestOutcome = { orderId: c.orderId, action: decision.action, score: decision.score, decidedBy: decision.decidedBy.map((m) => m.id), previous: c.previous ?? null };
    counts[decision.action]++;
    orders[decision.action].push(outcome);
    if (outcome.previous && outcome.previous !== outcome.action) changed.push(outcome);
    for (const m of decision.matched) ruleHits[m.id] = (ruleHits[m.id] ?? 0) + 1;
  }
  return { ruleSetVersion: screening.rules.version, total: cases.length, counts, orders, changed, ruleHits };
}
