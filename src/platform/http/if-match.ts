import { DomainError } from '../errors.js';

/**
 * `If-Match: 3`, `"3"` or `W/"3"`: the version of a record (an order, an automation rule) a change
 * expects; undefined without the header. Anything else is 400 naming If-Match.
 */
export function versionFromIfMatch(header: string | undefined, what: string, where: string): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw new DomainError('REQUEST_INVALID', `If-Match must be the ${what}’s version, e.g. "3".`, [{ field: 'If-Match', message: `must be the ${what}’s version from ${where}, e.g. "3"` }]);
  return Number(match[1]);
}
