import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { DomainError } from '../errors.js';
import { findUnstorableString } from '../kernel/text.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Replaces Fastify's JSON parser: invalid UTF-8 is refused (not silently turned into U+FFFD),
 * prototype-poisoning keys are refused, and NUL or lone surrogates are refused with the field.
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
