import { parseExpression, Parser as SchemaParser, type Expr, type FieldSchema, type ParseOptions, type RuleError } from '../../../platform/kernel/expression.js';
import { FIELDS } from './schema.js';

/**
 * The rule condition language (ADR 0029) over the signal schema: the parser is the shared one in
 * platform/kernel/expression.ts (automation rules use it over their own facts, ADR 0038). Amounts
 * may name their currency (`order.total > 200 USD`, ADR 0030 "Money in rules"): screening passes
 * the order's currency to every condition.
 */
export { amountsOf, attempt, compile, fail, fieldsOf, LIMITS, majorToMinor, tokenize, type Amount, type Condition, type Expr, type ParseOptions, type RuleError, type RuleErrorCode, type Truth } from '../../../platform/kernel/expression.js';

const SIGNALS: FieldSchema = { fields: FIELDS, help: 'see the risk module README for the list', currencies: true };

/** A parser over the signal schema; `options.currency` is the rule set's currency of amounts written without one. */
export class Parser extends SchemaParser {
  constructor(tokens: ConstructorParameters<typeof SchemaParser>[0], options: ParseOptions = {}) {
    super(tokens, SIGNALS, options);
  }
}

/** Parses and type-checks a condition over the signals. */
export function parseCondition(text: string, options: ParseOptions = {}): { ok: true; value: Expr } | { ok: false; error: RuleError } {
  return parseExpression(text, SIGNALS, options);
}
