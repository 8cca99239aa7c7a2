/**
 * The rule condition language shared by fraud screening (ADR 0029) and automation rules (ADR 0038):
 * a tokenizer and a recursive-descent parser that type-check against a field schema the caller
 * gives (risk's signals, automations' facts) and compile to closures — no `eval`, no `Function`.
 * Grammar:
 *
 *   expr     := or
 *   or       := and ("or" and)*
 *   and      := unary ("and" unary)*
 *   unary    := "not" unary | primary
 *   primary  := "(" expr ")" | operand [ compare | ["not"] "in" (list | listfield) ]
 *   compare  := ("=" | "==" | "!=" | "<" | "<=" | ">" | ">=") operand
 *   list     := "[" [ literal ("," literal)* ] "]"
 *   operand  := field | literal
 *   literal  := number [currency] | string | "true" | "false"
 *   currency := three capital letters, an ISO 4217 code (`200 USD`), where the schema allows it
 *   field    := name ("." name)*      -- must be in the caller's schema
 *
 * A `list` field (an order's tags) is a list of text: only `"vip" in order.tags` (or `not in`)
 * reads it.
 * A `money` field holds integer minor units of the evaluated record's currency. A number compared
 * with it is an amount in major units: with a currency code (`200 USD`) or the parser's `currency`
 * option it is that currency's amount, exact in its minor units, and a comparison with a record in
 * another currency is unknown; with neither it is shifted by the record currency's exponent
 * (`200` is 200.00 USD and 200 JPY alike: the language before currency codes, ADR 0030).
 * Keywords are case-insensitive; strings take "double" or 'single' quotes with \ escaping the quote
 * or a backslash. Unknown values (null) follow three-valued logic, as in SQL: a comparison with an
 * unknown field is unknown, `not unknown` is unknown, `false and unknown` is false, `true or
 * unknown` is true, and a rule fires only when its condition is true.
 */

import { currencyExponent } from './money.js';

/** Bounds that keep a hostile rule cheap to refuse: characters, words and symbols, nesting, list values. */
export const LIMITS = { maxLength: 2000, maxTokens: 600, maxDepth: 32, maxListSize: 256 } as const;

export type RuleErrorCode =
  | 'RULE_TOO_LONG'
  | 'RULE_TOO_MANY_TOKENS'
  | 'RULE_UNEXPECTED_CHARACTER'
  | 'RULE_UNTERMINATED_STRING'
  | 'RULE_BAD_NUMBER'
  | 'RULE_UNEXPECTED_TOKEN'
  | 'RULE_UNEXPECTED_END'
  | 'RULE_UNKNOWN_FIELD'
  | 'RULE_TYPE_MISMATCH'
  | 'RULE_OPERATOR_NOT_ALLOWED'
  | 'RULE_NOT_A_CONDITION'
  | 'RULE_TOO_DEEP'
  | 'RULE_LIST_TOO_LONG'
  | 'RULE_UNKNOWN_ACTION'
  | 'RULE_MISSING_IF'
  | 'RULE_UNKNOWN_CURRENCY'
  | 'RULE_AMOUNT_INVALID';

export interface RuleError {
  code: RuleErrorCode;
  /** 0-based offset into the rule text. */
  position: number;
  /** Says where (column, 1-based) and what is wrong. */
  message: string;
  fix: string;
}

/** Three-valued: null is unknown. */
export type Truth = boolean | null;

/** What a field holds: `money` is integer minor units (a rule writes major units); `list` is a list of text. */
export type FieldType = 'boolean' | 'number' | 'money' | 'string' | 'list';
/** The fields a language knows, by name; `help` ends the fix of an unknown field (where the list is). */
export interface FieldSchema {
  fields: Readonly<Record<string, { type: FieldType }>>;
  help: string;
  /** Whether a money literal may name its currency (`200 USD`): only where the caller passes the record's currency to the condition. */
  currencies?: boolean;
}

/** How a parser reads money literals. */
export interface ParseOptions {
  /**
   * The currency of an amount written without a code (a rule set's `currency`); null or absent:
   * such an amount is in each record's own currency.
   */
  currency?: string | null;
}
export type FieldValue = boolean | number | string | readonly string[] | null;
export type FieldValues = Readonly<Record<string, FieldValue>>;

/**
 * A compiled condition: field values, the record currency's exponent (for amounts without a
 * currency) and its ISO code (for amounts with one; absent: those comparisons are unknown) in,
 * truth out.
 */
export type Condition = (values: FieldValues, exponent: number, currency?: string) => Truth;

type TokenKind = 'name' | 'number' | 'string' | 'op' | 'punct' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  /** For strings: the unescaped value. */
  value?: string;
  pos: number;
}

class Failure extends Error {
  constructor(readonly error: RuleError) {
    super(error.message);
  }
}

/** Stops parsing with an error at `pos`; `attempt` turns it into a returned error. */
export function fail(code: RuleErrorCode, pos: number, what: string, fix: string): never {
  throw new Failure({ code, position: pos, message: `column ${pos + 1}: ${what}`, fix });
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/y;
const NUMBER = /[0-9][0-9.]*/y;

export function tokenize(text: string, offset = 0): Token[] {
  if (text.length > LIMITS.maxLength) fail('RULE_TOO_LONG', LIMITS.maxLength, `the rule is ${text.length} characters long, more than ${LIMITS.maxLength}`, 'split it into several rules');
  const tokens: Token[] = [];
  let i = offset;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (tokens.length >= LIMITS.maxTokens) fail('RULE_TOO_MANY_TOKENS', i, `more than ${LIMITS.maxTokens} words and symbols`, 'split it into several rules or use `in [...]`');
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      NAME.lastIndex = i;
      const m = NAME.exec(text) as RegExpExecArray;
      tokens.push({ kind: 'name', text: m[0], pos: start });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text) as RegExpExecArray;
      if (!/^[0-9]{1,15}(?:\.[0-9]{1,6})?$/.test(m[0])) fail('RULE_BAD_NUMBER', start, `"${m[0]}" is not a number`, 'write a number such as 200 or 199.99 (at most 15 digits, 6 after the point)');
      tokens.push({ kind: 'number', text: m[0], pos: start });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) fail('RULE_UNTERMINATED_STRING', start, 'the text started here has no closing quote', `end it with ${c}`);
        const d = text[i] as string;
        if (d === '\\' && (text[i + 1] === c || text[i + 1] === '\\')) {
          value += text[i + 1];
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ kind: 'string', text: text.slice(start, i), value, pos: start });
    } else if ('<>!='.includes(c)) {
      const two = text.slice(i, i + 2);
      const op = ['<=', '>=', '!=', '=='].includes(two) ? two : c;
      if (op === '!') fail('RULE_UNEXPECTED_CHARACTER', start, '"!" alone is not an operator', 'write != for "not equal" or `not` for negation');
      tokens.push({ kind: 'op', text: op === '==' ? '=' : op, pos: start });
      i += op.length;
    } else if ('()[],-'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, pos: start });
      i++;
    } else {
      fail('RULE_UNEXPECTED_CHARACTER', start, `unexpected character "${c}"`, 'use field names, numbers, "quoted text", and, or, not, in, ( ) [ ] and = != < <= > >=');
    }
  }
  tokens.push({ kind: 'end', text: '', pos: text.length });
  return tokens;
}

/**
 * A `money` literal is an amount in a named currency (`200 USD`, or a bare number read in the
 * parser's `currency`): `value` is its exact minor units, `text` the amount as written (no code).
 */
type Literal =
  | { kind: 'literal'; type: 'number' | 'string' | 'boolean'; value: number | string | boolean; text: string; pos: number }
  | { kind: 'literal'; type: 'money'; value: number; text: string; currency: string; pos: number };
type Field = { kind: 'field'; name: string; type: FieldType; pos: number };
type Operand = Literal | Field;
type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** The parsed condition, kept for explanation and the rule editor. */
export type Expr =
  | { kind: 'and' | 'or'; items: Expr[]; pos: number }
  | { kind: 'not'; expr: Expr; pos: number }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand; pos: number }
  | { kind: 'in'; negated: boolean; operand: Operand; list: Literal[]; pos: number }
  | { kind: 'member'; negated: boolean; operand: Operand; field: Field; pos: number }
  | { kind: 'truth'; operand: Operand; pos: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'if']);
const ORDERED: ReadonlySet<string> = new Set(['<', '<=', '>', '>=']);

/** Which operand type a field or literal compares as; money fields take number literals (major units). */
function comparable(a: Operand, b: Operand): boolean {
  const ta = a.type;
  const tb = b.type;
  if (ta === tb) return true;
  return (ta === 'money' && b.kind === 'literal' && tb === 'number') || (tb === 'money' && a.kind === 'literal' && ta === 'number');
}

function describe(o: Operand): string {
  if (o.kind === 'field') return `${o.name} (${o.type === 'money' ? 'an amount' : `a ${o.type}`})`;
  return o.type === 'money' ? `${o.text} ${o.currency} (an amount in ${o.currency})` : `${o.text} (a ${o.type})`;
}

const CURRENCY_CODE = /^[A-Za-z]{3}$/;

export class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly schema: FieldSchema,
    private readonly options: ParseOptions = {},
  ) {}

  peek(): Token {
    return this.tokens[this.i] as Token;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }

  isKeyword(t: Token, word: string): boolean {
    return t.kind === 'name' && t.text.toLowerCase() === word;
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'end') fail('RULE_UNEXPECTED_TOKEN', t.pos, `expected "and", "or" or the end of the rule, found "${t.text}"`, 'join conditions with and/or, or remove the extra words');
  }

  expression(): Expr {
    return this.chain('or', () => this.chain('and', () => this.unary()));
  }

  private chain(word: 'and' | 'or', item: () => Expr): Expr {
    const first = item();
    if (!this.isKeyword(this.peek(), word)) return first;
    const items = [first];
    while (this.isKeyword(this.peek(), word)) {
      this.next();
      items.push(item());
    }
    return { kind: word, items, pos: first.pos };
  }

  private enter(pos: number): void {
    if (++this.depth > LIMITS.maxDepth) fail('RULE_TOO_DEEP', pos, `nested more than ${LIMITS.maxDepth} levels deep`, 'remove redundant parentheses or "not"s, or split the rule');
  }

  private unary(): Expr {
    const t = this.peek();
    if (this.isKeyword(t, 'not')) {
      this.next();
      this.enter(t.pos);
      const expr = this.unary();
      this.depth--;
      return { kind: 'not', expr, pos: t.pos };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      this.enter(t.pos);
      const inner = this.expression();
      this.depth--;
      const close = this.next();
      if (!(close.kind === 'punct' && close.text === ')')) this.unexpected(close, '")"', `close the parenthesis opened at column ${t.pos + 1}`);
      return inner;
    }
    const left = this.operand();
    const op = this.peek();
    if (op.kind === 'op') {
      this.next();
      const right = this.operand();
      return this.compare(op.text as CompareOp, left, right, op.pos);
    }
    const negated = this.isKeyword(op, 'not') && this.isKeyword(this.tokens[this.i + 1] ?? op, 'in');
    if (negated || this.isKeyword(op, 'in')) {
      if (negated) this.next();
      this.next();
      return this.inList(left, negated, op.pos);
    }
    if (left.type !== 'boolean') fail('RULE_NOT_A_CONDITION', left.pos, `${describe(left)} is not a condition on its own`, `compare it, e.g. ${left.kind === 'field' ? left.name : left.text} ${left.type === 'string' ? '= "…"' : '> 0'}`);
    return { kind: 'truth', operand: left, pos: left.pos };
  }

  private compare(op: CompareOp, leftIn: Operand, rightIn: Operand, pos: number): Expr {
    const left = this.amount(leftIn, rightIn);
    const right = this.amount(rightIn, leftIn);
    const list = left.type === 'list' ? left : right.type === 'list' ? right : undefined;
    if (list) fail('RULE_OPERATOR_NOT_ALLOWED', pos, `"${op}" does not apply to ${describe(list)}`, `a list field is read with in: "…" in ${list.kind === 'field' ? list.name : 'the field'}`);
    const priced = left.kind === 'literal' && left.type === 'money' ? left : right.kind === 'literal' && right.type === 'money' ? right : undefined;
    if (priced && !comparable(left, right)) fail('RULE_TYPE_MISMATCH', priced.pos, `${describe(left)} cannot be compared with ${describe(right)}`, `a currency goes only with an amount field such as order.total; write ${priced.text} without ${priced.currency} here`);
    if (!comparable(left, right)) fail('RULE_TYPE_MISMATCH', right.pos, `${describe(left)} cannot be compared with ${describe(right)}`, 'compare numbers with numbers, amounts with amounts or numbers, text with "quoted text", yes/no fields with true or false');
    if (ORDERED.has(op) && (left.type === 'string' || left.type === 'boolean')) fail('RULE_OPERATOR_NOT_ALLOWED', pos, `"${op}" does not apply to ${describe(left)}`, 'text and yes/no values take = or != (or `in [...]`)');
    return { kind: 'compare', op, left, right, pos: left.pos };
  }

  private inList(operand: Operand, negated: boolean, pos: number): Expr {
    if (this.peek().kind === 'name') {
      const field = this.operand();
      if (field.kind !== 'field' || field.type !== 'list') this.unexpected(this.tokens[this.i - 1] as Token, 'a list ([a, b]) or a list field', 'write the list as [a, b, c], or name a list field such as order.tags');
      if (operand.type !== 'string') fail('RULE_TYPE_MISMATCH', operand.pos, `${describe(operand)} cannot be in ${describe(field)}`, `a list field holds text: write "…" in ${field.name}`);
      return { kind: 'member', negated, operand, field, pos };
    }
    const open = this.next();
    if (!(open.kind === 'punct' && open.text === '[')) this.unexpected(open, '"["', 'write the list as [a, b, c]');
    const list: Literal[] = [];
    if (!(this.peek().kind === 'punct' && this.peek().text === ']')) {
      for (;;) {
        const written = this.operand();
        if (written.kind !== 'literal') fail('RULE_UNEXPECTED_TOKEN', written.pos, `a list holds values, not the field ${written.name}`, 'list literal values such as "US" or 3');
        const item = this.amount(written, operand) as Literal;
        if (!comparable(operand, item)) fail('RULE_TYPE_MISMATCH', item.pos, `${describe(item)} cannot be in a list compared with ${describe(operand)}`, 'list values of the field’s type');
        if (list.length >= LIMITS.maxListSize) fail('RULE_LIST_TOO_LONG', item.pos, `the list has more than ${LIMITS.maxListSize} values`, 'use the allow/block lists for long lists');
        list.push(item);
        const sep = this.next();
        if (sep.kind === 'punct' && sep.text === ']') break;
        if (!(sep.kind === 'punct' && sep.text === ',')) this.unexpected(sep, '"," or "]"', 'separate list values with commas and close with ]');
      }
    } else this.next();
    return { kind: 'in', negated, operand, list, pos };
  }

  private operand(): Operand {
    const t = this.next();
    if (t.kind === 'punct' && t.text === '-') {
      const n = this.next();
      if (n.kind !== 'number') this.unexpected(n, 'a number after "-"', 'write a negative number as -5');
      return this.withCurrency({ kind: 'literal', type: 'number', value: -Number(n.text), text: `-${n.text}`, pos: t.pos });
    }
    if (t.kind === 'number') return this.withCurrency({ kind: 'literal', type: 'number', value: Number(t.text), text: t.text, pos: t.pos });
    if (t.kind === 'string') return { kind: 'literal', type: 'string', value: t.value ?? '', text: t.text, pos: t.pos };
    if (t.kind === 'name') {
      const lower = t.text.toLowerCase();
      if (lower === 'true' || lower === 'false') return { kind: 'literal', type: 'boolean', value: lower === 'true', text: lower, pos: t.pos };
      if (KEYWORDS.has(lower)) this.unexpected(t, 'a field or a value', `"${lower}" is a keyword; put a field or a value here`);
      const spec = Object.hasOwn(this.schema.fields, t.text) ? this.schema.fields[t.text] : undefined;
      if (!spec) fail('RULE_UNKNOWN_FIELD', t.pos, `unknown field "${t.text}"`, suggest(t.text, this.schema));
      return { kind: 'field', name: t.text, type: spec.type, pos: t.pos };
    }
    this.unexpected(t, 'a field or a value', 'put a field (e.g. order.total) or a value (200, "US", true) here');
  }

  /** `200 USD`: a number followed by a currency code, where the schema allows codes. */
  private withCurrency(n: Literal): Literal {
    const t = this.peek();
    if (!this.schema.currencies || t.kind !== 'name' || !CURRENCY_CODE.test(t.text) || KEYWORDS.has(t.text.toLowerCase())) return n;
    const code = t.text.toUpperCase();
    if (currencyExponent(code) === undefined) {
      if (t.text !== code) return n; // a lower-case word that is no currency: the caller says what it expected
      fail('RULE_UNKNOWN_CURRENCY', t.pos, `"${t.text}" is not an ISO 4217 currency code`, 'write a currency code such as USD, EUR or JPY after the amount, or leave it out');
    }
    if (t.text !== code) fail('RULE_UNKNOWN_CURRENCY', t.pos, `currency codes are written in capitals, not "${t.text}"`, `write ${n.text} ${code}`);
    this.next();
    return this.money(n, code);
  }

  /** An amount in `currency`, exact in its minor units, or an error naming what it allows. */
  private money(n: Literal, currency: string): Literal {
    const exponent = currencyExponent(currency) as number;
    const minor = amountToMinor(n.text, exponent);
    if (minor === 'too_precise') fail('RULE_AMOUNT_INVALID', n.pos, `${n.text} ${currency} has more than ${exponent} decimal place${exponent === 1 ? '' : 's'}, the most ${currency} has`, exponent === 0 ? `write a whole amount, e.g. ${n.text.split('.')[0]} ${currency}` : `write at most ${exponent} decimal places, e.g. ${Number(n.text).toFixed(exponent)} ${currency}`);
    if (minor === 'too_large') fail('RULE_AMOUNT_INVALID', n.pos, `${n.text} ${currency} is too large`, 'write a smaller amount');
    return { kind: 'literal', type: 'money', value: minor, text: n.text, currency, pos: n.pos };
  }

  /**
   * A number compared with money is an amount: in the parser's `currency` when it has one (else
   * left as a number: major units of each record's currency). An amount with a currency compared
   * with anything but money is refused where it is compared.
   */
  private amount(o: Operand, other: Operand): Operand {
    if (o.kind !== 'literal' || o.type !== 'number' || other.type !== 'money' || !this.options.currency) return o;
    return this.money(o, this.options.currency);
  }

  unexpected(t: Token, expected: string, fix: string): never {
    if (t.kind === 'end') fail('RULE_UNEXPECTED_END', t.pos, `the rule ends where ${expected} was expected`, fix);
    fail('RULE_UNEXPECTED_TOKEN', t.pos, `expected ${expected}, found "${t.text}"`, fix);
  }
}

/** The closest known field names (same prefix), for the error's fix. */
function suggest(name: string, schema: FieldSchema): string {
  const prefix = name.split('.')[0] ?? '';
  const near = Object.keys(schema.fields).filter((f) => f.startsWith(`${prefix}.`)).slice(0, 6);
  return near.length > 0 ? `use a known field, e.g. ${near.join(', ')}` : `use a known field (${schema.help})`;
}

/** Runs a parse step, turning a thrown Failure into a returned error. */
export function attempt<T>(step: () => T): { ok: true; value: T } | { ok: false; error: RuleError } {
  try {
    return { ok: true, value: step() };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, error: e.error };
    throw e;
  }
}

/** Parses and type-checks a condition against `schema`. */
export function parseExpression(text: string, schema: FieldSchema, options: ParseOptions = {}): { ok: true; value: Expr } | { ok: false; error: RuleError } {
  return attempt(() => {
    const parser = new Parser(tokenize(text), schema, options);
    const expr = parser.expression();
    parser.expectEnd();
    return expr;
  });
}

/**
 * A number literal in major units as minor units of a currency with `exponent` digits, exactly
 * (decimal shifting on the text, no floating point): "199.99" → 19999 at exponent 2, 199.99 at 0.
 */
export function majorToMinor(text: string, exponent: number): number {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const digits = fraction.length <= exponent ? whole + fraction.padEnd(exponent, '0') : `${whole}${fraction.slice(0, exponent)}.${fraction.slice(exponent)}`;
  const value = Number(digits);
  return negative ? -value : value;
}

/**
 * An amount in major units as exact minor units of a currency with `exponent` digits (BigInt on the
 * text, no floating point), or why it is not one: more decimals than the currency has, or beyond
 * the integers a number holds exactly.
 */
export function amountToMinor(text: string, exponent: number): number | 'too_precise' | 'too_large' {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  if (fraction.replace(/0+$/, '').length > exponent) return 'too_precise';
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.slice(0, exponent).padEnd(exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return 'too_large';
  return negative ? -Number(minor) : Number(minor);
}

/** An amount as written in a rule: where, its text, and its currency (null: each record's own). */
export interface Amount {
  text: string;
  currency: string | null;
  pos: number;
}

/** Every amount a condition compares money with, in order of appearance. */
export function amountsOf(expr: Expr): Amount[] {
  const out: Amount[] = [];
  eachOperand(expr, (o, other) => {
    if (o.kind !== 'literal') return;
    if (o.type === 'money') out.push({ text: o.text, currency: o.currency, pos: o.pos });
    else if (o.type === 'number' && other.type === 'money') out.push({ text: o.text, currency: null, pos: o.pos });
  });
  return out;
}

type Getter = (values: FieldValues, exponent: number, currency: string | undefined) => FieldValue;

function getter(o: Operand, other: Operand): Getter {
  if (o.kind === 'field') {
    const name = o.name;
    return (values) => values[name] ?? null;
  }
  if (o.type === 'money') {
    // Minor units of its own currency: known only against a record in that currency.
    const { value, currency } = o;
    return (_values, _exponent, recordCurrency) => (recordCurrency === currency ? value : null);
  }
  if (o.type === 'number' && other.type === 'money') {
    const cache: number[] = [];
    const text = o.text;
    return (_values, exponent) => (cache[exponent] ??= majorToMinor(text, exponent));
  }
  const value = o.value;
  return () => value;
}

function compareWith(op: CompareOp): (a: boolean | number | string, b: boolean | number | string) => boolean {
  switch (op) {
    case '=':
      return (a, b) => a === b;
    case '!=':
      return (a, b) => a !== b;
    case '<':
      return (a, b) => a < b;
    case '<=':
      return (a, b) => a <= b;
    case '>':
      return (a, b) => a > b;
    case '>=':
      return (a, b) => a >= b;
  }
}

/** Compiles a checked expression into a closure tree (evaluated many times, parsed once). */
export function compile(expr: Expr): Condition {
  switch (expr.kind) {
    case 'and':
    case 'or': {
      // Kleene logic: one `false` decides an `and`, one `true` an `or`; else any unknown is unknown.
      const items = expr.items.map(compile);
      const decisive = expr.kind === 'or';
      return (v, e, c) => {
        let unknown = false;
        for (const item of items) {
          const t = item(v, e, c);
          if (t === decisive) return decisive;
          if (t === null) unknown = true;
        }
        return unknown ? null : !decisive;
      };
    }
    case 'not': {
      const inner = compile(expr.expr);
      return (v, e, c) => {
        const t = inner(v, e, c);
        return t === null ? null : !t;
      };
    }
    case 'truth': {
      const get = getter(expr.operand, expr.operand);
      return (v, e, c) => {
        const x = get(v, e, c);
        return x === null ? null : x === true;
      };
    }
    case 'compare': {
      const left = getter(expr.left, expr.right);
      const right = getter(expr.right, expr.left);
      const test = compareWith(expr.op);
      return (v, e, c) => {
        const a = left(v, e, c);
        const b = right(v, e, c);
        return a === null || b === null || typeof a === 'object' || typeof b === 'object' ? null : test(a, b);
      };
    }
    case 'member': {
      const get = getter(expr.operand, expr.operand);
      const name = expr.field.name;
      const negated = expr.negated;
      return (v, e, c) => {
        const x = get(v, e, c);
        const list = v[name] ?? null;
        if (x === null || !Array.isArray(list)) return null;
        const found = list.includes(x as string);
        return negated ? !found : found;
      };
    }
    case 'in': {
      const get = getter(expr.operand, expr.operand);
      const members = expr.list.map((item) => getter(item, expr.operand));
      const moneyList = expr.operand.type === 'money';
      const fixed = moneyList ? null : new Set(expr.list.map((item) => item.value));
      const negated = expr.negated;
      return (v, e, c) => {
        const x = get(v, e, c);
        if (x === null) return null;
        if (fixed) {
          const found = fixed.has(x as string);
          return negated ? !found : found;
        }
        // SQL's IN: no match but an unknown member (an amount in another currency) is unknown.
        let unknown = false;
        for (const m of members) {
          const y = m(v, e, c);
          if (y === x) return !negated;
          if (y === null) unknown = true;
        }
        return unknown ? null : negated;
      };
    }
  }
}

/** The fields a condition reads, in order of appearance (for explaining a match). */
export function fieldsOf(expr: Expr): string[] {
  const out: string[] = [];
  eachOperand(expr, (o) => {
    if (o.kind === 'field' && !out.includes(o.name)) out.push(o.name);
  });
  return out;
}

/** Visits every operand of a condition in order of appearance, each with what it is compared with (itself when alone). */
function eachOperand(expr: Expr, visit: (o: Operand, other: Operand) => void): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      for (const item of expr.items) eachOperand(item, visit);
      return;
    case 'not':
      eachOperand(expr.expr, visit);
      return;
    case 'compare':
      visit(expr.left, expr.right);
      visit(expr.right, expr.left);
      return;
    case 'in':
      visit(expr.operand, expr.operand);
      for (const item of expr.list) visit(item, expr.operand);
      return;
    case 'member':
      visit(expr.operand, expr.field);
      visit(expr.field, expr.operand);
      return;
    case 'truth':
      visit(expr.operand, expr.operand);
      return;
  }
}
