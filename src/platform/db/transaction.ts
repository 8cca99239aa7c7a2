import { inheritStatementCache, type Db } from './database.js';
import { isRetryableError } from './sql-state.js';

/**
 * Opens a transaction. Only the application layer calls it: a use-case (`src/modules/<m>/use-cases/`)
 * or a flow (`src/flows/`, steps excepted); routes, queries and domain code take the transaction they
 * are given (`.dependency-cruiser.cjs`: transactions-in-application-layer). Deadlocks and
 * serialization failures are retried (the whole function runs again), so `work` must have no effects
 * outside the database.
 */
export async function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        inheritStatementCache(db, tx as unknown as Db);
        return work(tx as unknown as Db);
      });
    } catch (error) {
      if (attempt >= attempts || !isRetryableError(error)) throw error;
    }
  }
}
