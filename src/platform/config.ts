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
   * The installation-level secrets a carrier connection may name instead of giving its own
   * (OMS_CARRIER_SECRET_NAMES, default none): only these variables, never the rest of the
   * environment. A listed variable that is not set is present with `undefined`.
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
  /**
   * OMS_OUTBOUND_ALLOW_PRIVATE=1 (or the older OMS_WEBHOOK_ALLOW_PRIVATE=1): the OMS may call plain
   * http and private networks (loopback, RFC 1918 …) — webhooks, carriers, marketplaces. Development only.
   */
  outboundAllowPrivate: boolean;
  /** OMS_WEBHOOK_TIMEOUT_MS (default 10000): how long one webhook attempt waits for an answer. */
  webhookTimeoutMs: number;
  /** OMS_WEBHOOK_RETENTION_DAYS (default 30): delivered and failed webhook deliveries are kept this long. */
  webhookRetentionDays: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const flag = (value: string | undefined) => value === '1' || value === 'true';

/**
 * Variables that are the OMS's own (its keys, its database): a carrier can never be handed them,
 * even when an operator lists them by mistake.
 */
const NEVER_CARRIER_SECRETS = /^(OMS_.*|DATABASE_URL|TEST_DATABASE_URL|PG[A-Z]*)$/;

function carrierSecretNames(env: NodeJS.ProcessEnv): string[] {
  const names = (env.OMS_CARRIER_SECRET_NAMES ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '');
  for (const name of names) {
    if (!/^[A-Z_][A-Z0-9_]{0,127}$/.test(name)) throw new Error(`OMS_CARRIER_SECRET_NAMES: "${name}" is not an environment variable name (A-Z, 0-9, _)`);
    if (NEVER_CARRIER_SECRETS.test(name)) throw new Error(`OMS_CARRIER_SECRET_NAMES: ${name} is one of the OMS's own settings and can never be a carrier's secret`);
  }
  return names;
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
    secrets: Object.fromEntries(carrierSecretNames(env).map((name) => [name, env[name] || undefined])),
    secretKey: env.OMS_SECRET_KEY ? parseSecretKey(env.OMS_SECRET_KEY) : undefined,
    natsUrl: env.OMS_NATS_URL || undefined,
    natsStream: env.OMS_NATS_STREAM || 'OMS',
    natsSubjectPrefix: env.OMS_NATS_SUBJECT_PREFIX || 'oms',
    outboundAllowPrivate: flag(env.OMS_OUTBOUND_ALLOW_PRIVATE) || flag(env.OMS_WEBHOOK_ALLOW_PRIVATE),
    webhookTimeoutMs: intFrom(env, 'OMS_WEBHOOK_TIMEOUT_MS', 10_000),
    webhookRetentionDays: intFrom(env, 'OMS_WEBHOOK_RETENTION_DAYS', 30),
  };
}
