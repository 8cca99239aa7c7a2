import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Clock } from '../kernel/clock.js';
import type { Metrics } from '../metrics.js';
import type { AuthFailureLimiter } from './auth-failures.js';

/** What every HTTP plugin is given. Built once in apps/api and passed by hand. */
export interface AppDeps {
  database: Database;
  clock: Clock;
  config: Config;
  metrics: Metrics;
  /** Failed authentications per client address (API keys, the metrics token). */
  authFailures: AuthFailureLimiter;
  /** Called after a key is revoked so authentication caches drop it at once. */
  onKeyRevoked?: () => void;
}
