import { Type } from '@fastify/type-provider-typebox';
import type { PageRequest } from '../db/keyset.js';
import { DomainError } from '../errors.js';

/** The HTTP side of keyset pagination; the order convention and the SQL are in `platform/db/keyset.ts`. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size (1–500).' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor from the previous page.' })),
};

/** Cursors are opaque to clients: base64url of the last row's key, its values joined by newlines. */
function encodeCursor(key: readonly string[]): string {
  return Buffer.from(key.join('\n'), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined, pattern: RegExp): string[] | undefined {
  if (cursor === undefined) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!pattern.test(key)) throw new DomainError('CURSOR_INVALID', undefined, [{ field: 'query.cursor', message: 'is not a cursor this API issued' }]);
  return key.split('\n');
}

/**
 * The page a list request asks for. `keyPattern` matches the key a cursor of this list carries
 * (its values joined by newlines), so a cursor of another list, or garbage, answers 400.
 */
export function pageRequest(query: { limit?: number | undefined; cursor?: string | undefined }, keyPattern: RegExp): PageRequest {
  return { size: query.limit ?? 50, after: decodeCursor(query.cursor, keyPattern) };
}

/**
 * The page out of the `size + 1` rows a keyset query fetched: the extra row says another page
 * exists, and the cursor is the key of the last row kept.
 */
export function page<T>(rows: T[], request: PageRequest, keyOf: (row: T) => readonly string[]): { data: T[]; next_cursor: string | null } {
  if (rows.length <= request.size) return { data: rows, next_cursor: null };
  const data = rows.slice(0, request.size);
  return { data, next_cursor: encodeCursor(keyOf(data[data.length - 1] as T)) };
}
