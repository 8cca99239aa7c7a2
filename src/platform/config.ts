import { availableParallelism } from 'node:os';
import { parseSecretKey } from './kernel/secret-box.js';

/** Everything configurable, read once from the environment. Documented in README.md. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminKey: string | undefined;
  bodyLimitBytes: number;
  poolSize: number;
  logLevel: string;
  /**
   * Where named secrets are looked up (carrier API keys, webhook secrets): carriers store only
   * the name of the environment variable, never the secret.
   */
  secrets: Record<string, string | undefined>;
  /** OMS_SECRET_KEY: seals secrets stored in the database (channel secrets). Unset: `oms serve` keeps one in the data directory. */
  secretKey: Buffer | undefined;
  /** OMS_NATS_URL: publish every event to NATS JetStream; unset, no broker. */
  natsUrl: string | undefined;
  /** OMS_NATS_STREAM (default OMS): the stream, created when missing, taking `<prefix>.>`. */
  natsStream: string;
  /** OMS_NATS_SUBJECT_PREFIX (default oms): subjects are `<prefix>.<tenant>.<event type>`. */
  natsSubjectPrefix: string;
  /** OMS_WEBHOOK_ALLOW_PRIVATE=1: webhook URLs may be plain http or point into private networks (development). */
  webhookAllowPrivate: boolean;
  /** OMS_WEBHOOK_TIMEOUT_MS (default 10000): how long one webhook attempt waits for an answer. */
  webhookTimeoutMs: number;
  /** OMS_WEBHOOK_RETENTION_DAYS (default 30): delivered and failed webhook deliveries are kept this long. */
  webhookRetentionDays: number;
  /** OMS_CPU_THREADS (default: the cores available): worker threads for cartonization and PDF rendering (platform/cpu). */
  cpuThreads: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env, 'PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.OMS_DATA_DIR ?? './data',
    adminKey: env.OMS_ADMIN_KEY || undefined,
    bodyLimitBytes: intFrom(env, 'OMS_BODY_LIMIT_BYTES', 1024 * 1024),
    poolSize: intFrom(env, 'OMS_DB_POOL_SIZE', 12),
    logLevel: env.LOG_LEVEL ?? 'info',
    secrets: env,
    secretKey: env.OMS_SECRET_KEY ? parseSecretKey(env.OMS_SECRET_KEY) : undefined,
    natsUrl: env.OMS_NATS_URL || undefined,
    natsStream: env.OMS_NATS_STREAM || 'OMS',
    natsSubjectPrefix: env.OMS_NATS_SUBJECT_PREFIX || 'oms',
    webhookAllowPrivate: env.OMS_WEBHOOK_ALLOW_PRIVATE === '1' || env.OMS_WEBHOOK_ALLOW_PRIVATE === 'true',
    webhookTimeoutMs: intFrom(env, 'OMS_WEBHOOK_TIMEOUT_MS', 10_000),
    webhookRetentionDays: intFrom(env, 'OMS_WEBHOOK_RETENTION_DAYS', 30),
    cpuThreads: intFrom(env, 'OMS_CPU_THREADS', availableParallelism()),
  };
}
