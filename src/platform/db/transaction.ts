import { inheritStatementCache, type Db } from './database.js';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected

function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.length === 5) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The SQLSTATE of a database error (drizzle wraps driver errors in `cause`). */
export function postgresErrorCode(error: unknown): string | undefined {
  return sqlState(error);
}

/**
 * Opens a transaction for a use case or flow. Deadlocks and serialization failures are retried
 * (the whole function runs again), so `work` must have no effects outside the database.
 */
export async function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        inheritStatementCache(db, tx as unknown as Db);
        return work(tx as unknown as Db);
      });
    } catch (error) {
      const code = sqlState(error);
      if (attempt >= attempts || code === undefined || !RETRYABLE.has(code)) throw error;
    }
  }
}
