import { parseExpression, Parser as SchemaParser, type Expr, type FieldSchema, type RuleError } from '../../../platform/kernel/expression.js';
import { FIELDS } from './schema.js';

/**
 * The rule condition language (ADR 0029) over the signal schema: the parser is the shared one in
 * platform/kernel/expression.ts (automation rules use it over their own facts, ADR 0038).
 */
export { attempt, compile, fail, fieldsOf, LIMITS, majorToMinor, tokenize, type Condition, type Expr, type RuleError, type RuleErrorCode, type Truth } from '../../../platform/kernel/expression.js';

const SIGNALS: FieldSchema = { fields: FIELDS, help: 'see the risk module README for the list' };

/** A parser over the signal schema. */
export class Parser extends SchemaParser {
  constructor(tokens: ConstructorParameters<typeof SchemaParser>[0]) {
    super(tokens, SIGNALS);
  }
}

/** Parses and type-checks a condition over the signals. */
export function parseCondition(text: string): { ok: true; value: Expr } | { ok: false; error: RuleError } {
  return parseExpression(text, SIGNALS);
}
