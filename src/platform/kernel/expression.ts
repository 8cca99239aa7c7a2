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
 *   literal  := number | string | "true" | "false"
 *   field    := name ("." name)*      -- must be in the caller's schema
 *
 * A `list` field (an order's tags) is a list of text: only `"vip" in order.tags` (or `not in`)
 * reads it.
 * Keywords are case-insensitive; strings take "double" or 'single' quotes with \ escaping the quote
 * or a backslash. Unknown values (null) follow three-valued logic, as in SQL: a comparison with an
 * unknown field is unknown, `not unknown` is unknown, `false and unknown` is false, `true or
 * unknown` is true, and a rule fires only when its condition is true.
 */

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
  | 'RULE_MISSING_IF';

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
}
export type FieldValue = boolean | number | string | readonly string[] | null;
export type FieldValues = Readonly<Record<string, FieldValue>>;

/** A compiled condition: field values and the currency's exponent (for money literals) in, truth out. */
export type Condition = (values: FieldValues, exponent: number) => Truth;

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

type Literal = { kind: 'literal'; type: 'number' | 'string' | 'boolean'; value: number | string | boolean; text: string; pos: number };
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
  return o.kind === 'field' ? `${o.name} (${o.type === 'money' ? 'an amount' : `a ${o.type}`})` : `${o.text} (a ${o.type})`;
}

export class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly schema: FieldSchema,
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

  private compare(op: CompareOp, left: Operand, right: Operand, pos: number): Expr {
    const list = left.type === 'list' ? left : right.type === 'list' ? right : undefined;
    if (list) fail('RULE_OPERATOR_NOT_ALLOWED', pos, `"${op}" does not apply to ${describe(list)}`, `a list field is read with in: "…" in ${list.kind === 'field' ? list.name : 'the field'}`);
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
        const item = this.operand();
        if (item.kind !== 'literal') fail('RULE_UNEXPECTED_TOKEN', item.pos, `a list holds values, not the field ${item.name}`, 'list literal values such as "US" or 3');
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
      return { kind: 'literal', type: 'number', value: -Number(n.text), text: `-${n.text}`, pos: t.pos };
    }
    if (t.kind === 'number') return { kind: 'literal', type: 'number', value: Number(t.text), text: t.text, pos: t.pos };
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
export function parseExpression(text: string, schema: FieldSchema): { ok: true; value: Expr } | { ok: false; error: RuleError } {
  return attempt(() => {
    const parser = new Parser(tokenize(text), schema);
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

type Getter = (values: FieldValues, exponent: number) => FieldValue;

function getter(o: Operand, other: Operand): Getter {
  if (o.kind === 'field') {
    const name = o.name;
    return (values) => values[name] ?? null;
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
      return (v, e) => {
        let unknown = false;
        for (const item of items) {
          const t = item(v, e);
          if (t === decisive) return decisive;
          if (t === null) unknown = true;
        }
        return unknown ? null : !decisive;
      };
    }
    case 'not': {
      const inner = compile(expr.expr);
      return (v, e) => {
        const t = inner(v, e);
        return t === null ? null : !t;
      };
    }
    case 'truth': {
      const get = getter(expr.operand, expr.operand);
      return (v, e) => {
        const x = get(v, e);
        return x === null ? null : x === true;
      };
    }
    case 'compare': {
      const left = getter(expr.left, expr.right);
      const right = getter(expr.right, expr.left);
      const test = compareWith(expr.op);
      return (v, e) => {
        const a = left(v, e);
        const b = right(v, e);
        return a === null || b === null || typeof a === 'object' || typeof b === 'object' ? null : test(a, b);
      };
    }
    case 'member': {
      const get = getter(expr.operand, expr.operand);
      const name = expr.field.name;
      const negated = expr.negated;
      return (v, e) => {
        const x = get(v, e);
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
      return (v, e) => {
        const x = get(v, e);
        if (x === null) return null;
        const found = fixed ? fixed.has(x as string) : members.some((m) => m(v, e) === x);
        return negated ? !found : found;
      };
    }
  }
}

/** The fields a condition reads, in order of appearance (for explaining a match). */
export function fieldsOf(expr: Expr, out: string[] = []): string[] {
  const add = (o: Operand) => {
    if (o.kind === 'field' && !out.includes(o.name)) out.push(o.name);
  };
  switch (expr.kind) {
    case 'and':
    case 'or':
      expr.items.forEach((item) => fieldsOf(item, out));
      break;
    case 'not':
      fieldsOf(expr.expr, out);
      break;
    case 'compare':
      add(expr.left);
      add(expr.right);
      break;
    case 'in':
    case 'truth':
      add(expr.operand);
      break;
    case 'member':
      add(expr.operand);
      add(expr.field);
      break;
  }
  return out;
}
