import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Bodies are validated strictly: no type coercion ("2" is not a quantity), unknown fields are
 * errors rather than silently dropped. Query strings and path parameters arrive as text, so
 * those (and only those) are coerced to the declared types.
 */
export function installValidation(app: FastifyInstance): void {
  const common = { allErrors: true, strict: false, removeAdditional: false, useDefaults: true } as const;
  const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const textAjv = addFormats(new Ajv({ ...common, coerceTypes: true }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));
}
