import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { DomainError } from '../errors.js';
import { findUnstorableString } from '../kernel/text.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * How deep objects and arrays may nest in a JSON body. Real payloads stay far below it: our own
 * schemas nest at most 5 levels, a Shopify order about 6 (order → line_items → tax_lines →
 * price_set → shop_money), marketplace payloads fewer than 10. Everything that walks a value
 * recursively (JSON.stringify when a response or a jsonb column is written, Ajv, PostgreSQL's
 * jsonb input with its max_stack_depth) breaks only thousands of levels down, so 64 leaves room
 * for any honest sender and none for a stack overflow.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Where JSON text first nests deeper than `max` (the offset of the bracket that opens the level
 * too many), or undefined. A scan of the text, not a parse: iterative, and done before the parser
 * builds 400,000 nested arrays out of an 800 KB `[[[…]]]`. Works on bytes or on a string: the
 * brackets, quotes and backslash are ASCII, and in UTF-8 no other character contains their bytes.
 */
export function jsonNestingBeyond(text: string | Uint8Array, max = MAX_JSON_DEPTH): number | undefined {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i] as number;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === 0x5c) i++; // the escaped character, whatever it is
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

function tooDeep(offset: number): DomainError {
  return new DomainError('REQUEST_TOO_DEEP', `The body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (level ${MAX_JSON_DEPTH + 1} opens at byte ${offset}).`, [
    { field: '(body)', message: `must not nest more than ${MAX_JSON_DEPTH} levels deep` },
  ]);
}

/**
 * Replaces Fastify's JSON parser: invalid UTF-8 is refused (not silently turned into U+FFFD),
 * nesting deeper than MAX_JSON_DEPTH is refused, prototype-poisoning keys are refused, and NUL or
 * lone surrogates are refused with the field.
 * JSON is the only body the API speaks: Fastify's built-in text/plain parser is removed too, so a
 * text/plain body is a 415 rather than a string that fails schema validation as a 400.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, raw: Buffer | string, done) => {
    try {
      done(null, parseJsonBody(typeof raw === 'string' ? Buffer.from(raw) : raw));
    } catch (error) {
      done(error as DomainError, undefined);
    }
  });
}

/**
 * A JSON body as every route reads it (the rules above); throws the DomainError to answer. Routes
 * that take the raw bytes first (platform webhooks, whose signature covers them) call it after.
 */
export function parseJsonBody(buffer: Buffer): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(buffer);
  } catch {
    throw new DomainError('REQUEST_INVALID_ENCODING', 'The body contains bytes that are not valid UTF-8.');
  }
  if (text.trim() === '') throw new DomainError('REQUEST_MALFORMED_JSON', 'The body is empty.');
  const deep = jsonNestingBeyond(buffer);
  if (deep !== undefined) throw tooDeep(deep);
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    throw new DomainError('REQUEST_MALFORMED_JSON', `The body is not valid JSON: ${(error as Error).message}.`);
  }
  const bad = findUnstorableString(value);
  if (bad) throw new DomainError('REQUEST_INVALID', `${bad.field} ${bad.problem}.`, [{ field: bad.field, message: bad.problem }]);
  return value;
}

/**
 * For the webhook routes that authenticate a signature over the exact bytes: the body stays a
 * Buffer for the handler, but is refused before anything reads it when it nests deeper than
 * MAX_JSON_DEPTH, like every other JSON body.
 */
export function installRawJsonBodyParser(scope: FastifyInstance): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, raw: Buffer | string, done) => {
    const buffer = typeof raw === 'string' ? Buffer.from(raw) : raw;
    const deep = jsonNestingBeyond(buffer);
    if (deep !== undefined) done(tooDeep(deep), undefined);
    else done(null, buffer);
  });
}
