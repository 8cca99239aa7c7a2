import { Type, type TSchema } from '@fastify/type-provider-typebox';

/** Shared wire shapes. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    fix: Type.Optional(Type.String({ description: 'What to do, for the developer calling the API; `detail` ends with the same sentence.' })),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, $id: 'Problem', description: 'RFC 9457 problem details' },
);

export const Timestamp = Type.String({ format: 'date-time' });

export function listOf<T extends TSchema>(item: T) {
  return Type.Object({ data: Type.Array(item), next_cursor: Type.Union([Type.String(), Type.Null()]) });
}

/** A string of bounded size: every text field has a limit so nobody stores a 100 KB name. */
export function text(maxLength = 200, options: Record<string, unknown> = {}) {
  return Type.String({ minLength: 1, maxLength, ...options });
}

export function nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

export const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$' });

/**
 * A calendar day or an instant sent by a client. JSON Schema's formats accept year 0000, which
 * PostgreSQL has not got (there is no year zero): refused here, not answered 500 by the database.
 */
export const Day = Type.String({ format: 'date', pattern: '^(?!0000)[0-9]{4}-', description: 'YYYY-MM-DD' });
export const Instant = Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-', description: 'ISO 8601 date-time with offset' });

/** The `Idempotency-Key` header a write accepts: a replay with the same key answers the first response. */
export const IdempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) });
