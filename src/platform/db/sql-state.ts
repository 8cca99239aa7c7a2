/**
 * The SQLSTATE of a database error (drivers' errors, and Drizzle's wrappers around them in `cause`),
 * e.g. '23505' for a unique violation. Apart from the transaction helper, so that code which may not
 * open transactions can still read it.
 */
export function postgresErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.length === 5) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Deadlock detected, serialization failure: the same work may well succeed when run again (the transaction helper runs it again). */
export function isRetryableError(error: unknown): boolean {
  const code = postgresErrorCode(error);
  return code === '40001' || code === '40P01';
}
