import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  /** OMS_DB_CONNECT_TIMEOUT_MS (default 5000): how long a statement waits for a PostgreSQL connection before the request answers 503. */
  dbConnectTimeoutMs: number;
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
  /** OMS_AUTOMATION_RUN_RETENTION_DAYS (default 90): finished automation runs are kept this long; waiting ones always. */
  automationRunRetentionDays: number;
  /** OMS_METRICS_TOKEN: `GET /metrics` answers only `Authorization: Bearer <token>`; unset, the API port serves no metrics. */
  metricsToken: string | undefined;
  /** OMS_METRICS_LISTEN (`host:port`): every process (API and workers) serves `GET /metrics` on this address too. */
  metricsListen: { host: string; port: number } | undefined;
  /**
   * OMS_TRUST_PROXY: `true` (any peer) or the proxies' addresses/CIDRs, comma-separated, whose
   * X-Forwarded-For names the client (the address failed authentications are counted by).
   */
  trustProxy: boolean | string[];
  /** OMS_REQUEST_TIMEOUT_MS (default 30000): a request (headers and body) must have arrived whole within this; else 408 and the connection is closed. */
  requestTimeoutMs: number;
  /** OMS_IMPORT_TIMEOUT_MS (default 3600000): the same for imports (POST /v1/channels/{id}/imports), whose body is read as its orders are captured. */
  importTimeoutMs: number;
  /** OMS_HEADERS_TIMEOUT_MS (default 10000): a request's headers must have arrived within this. */
  headersTimeoutMs: number;
  /** OMS_KEEP_ALIVE_TIMEOUT_MS (default 72000): an idle keep-alive connection is closed after this (above a load balancer's usual 60 s). */
  keepAliveTimeoutMs: number;
  /** OMS_MAX_CONNECTIONS (default 1000): open connections per process; further ones are closed at once. */
  maxConnections: number;
  /** OMS_MAX_REQUESTS_PER_SOCKET (default 0, no limit): a keep-alive connection is closed after this many requests (spreads clients over processes behind a TCP balancer). */
  maxRequestsPerSocket: number;
  /** OMS_PUBLIC_URL (default http://localhost:<PORT>): where people reach the console; password reset links start with it. */
  publicUrl: string;
  /** OMS_CPU_THREADS (default: the cores available): worker threads for cartonization and PDF rendering (platform/cpu). */
  cpuThreads: number;
  /** OMS_CPU_DEADLINE_MS (default 30000): how long one CPU task may wait and run before its request gets 503 SERVICE_BUSY. */
  cpuDeadlineMs: number;
  /**
   * OMS_SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`): customer messages go out over SMTP.
   * Unset: each is kept as an .eml file under `<data dir>/mail/` and listed by GET /v1/notifications.
   */
  smtpUrl: string | undefined;
  /** OMS_MAIL_FROM (default `orders@localhost`): the sender's address of customer messages; the tenant's name is the sender's name. */
  mailFrom: string;
  /**
   * OMS_IP_COUNTRY_DB: a `.mmdb` country database (GeoLite2-Country, DB-IP, IPinfo) the operator
   * installed, for fraud screening's IP country (ADR 0030); never downloaded by the OMS. Unset or
   * absent: IP countries are unknown.
   */
  ipCountryDb: string | undefined;
  /**
   * OMS_DKIM_DOMAIN, OMS_DKIM_SELECTOR and OMS_DKIM_PRIVATE_KEY (the PEM itself, or the path of a
   * PEM file): customer e-mail is DKIM-signed (rsa-sha256 or ed25519, relaxed/relaxed). All three or none.
   */
  dkim: { domainName: string; keySelector: string; privateKey: string } | undefined;
  /**
   * OMS_BOUNCE_DOMAIN: each e-mail leaves with the envelope sender `bounces+<id>.<hmac>@<domain>`
   * (VERP), and bounces posted to POST /v1/notifications/bounces are matched by it. Unset: the
   * envelope sender is OMS_MAIL_FROM and bounces are not received.
   */
  bounceDomain: string | undefined;
  /**
   * OMS_SMS_URL (a provider speaking Twilio's Messages API, e.g. https://api.twilio.com),
   * OMS_SMS_ACCOUNT_SID, OMS_SMS_AUTH_TOKEN, OMS_SMS_FROM: text messages go out through it. Unset:
   * each is kept as a .txt file under `<data dir>/sms/`.
   */
  sms: { baseUrl: string; accountSid: string; authToken: string; from: string } | undefined;
}

/** A configuration the OMS refuses to start with; its message says what to change. */
export class ConfigError extends Error {}

/** Secrets that stand guard (the first admin key, the metrics token): long enough not to be guessed. */
export const MIN_SECRET_LENGTH = 32;

function secretFrom(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  // What `Authorization: Bearer …` can carry (see apps/api/auth.ts): printable ASCII, no spaces.
  if (!/^[\x21-\x7e]+$/.test(value) || value.length > 200) throw new ConfigError(`${name} must be printable ASCII without spaces, at most 200 characters.`);
  if (value.length < MIN_SECRET_LENGTH || new Set(value).size < 8) {
    throw new ConfigError(`${name} is too easy to guess: use at least ${MIN_SECRET_LENGTH} characters of a random value (at least 8 different ones), e.g. \`openssl rand -base64 32\`.`);
  }
  return value;
}

function listenAddressFrom(env: NodeJS.ProcessEnv, name: string): { host: string; port: number } | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(raw) ?? /^()()(\d{1,5})$/.exec(raw);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) throw new ConfigError(`${name} must be host:port (e.g. 127.0.0.1:9464) or a port, got "${raw}".`);
  return { host: match[1] || match[2] || '127.0.0.1', port };
}

function trustProxyFrom(env: NodeJS.ProcessEnv, name: string): boolean | string[] {
  const raw = env[name]?.trim();
  if (!raw || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
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

function publicUrlFrom(env: NodeJS.ProcessEnv): string {
  const raw = env.OMS_PUBLIC_URL?.trim();
  if (!raw) return `http://localhost:${intFrom(env, 'PORT', 3000)}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`OMS_PUBLIC_URL must be an absolute http(s) URL such as https://oms.example.com, got "${raw}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`OMS_PUBLIC_URL must start with https:// or http://, got "${raw}".`);
  return url.href.replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env, 'PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.OMS_DATA_DIR ?? './data',
    adminKey: secretFrom(env, 'OMS_ADMIN_KEY'),
    bodyLimitBytes: intFrom(env, 'OMS_BODY_LIMIT_BYTES', 1024 * 1024),
    poolSize: intFrom(env, 'OMS_DB_POOL_SIZE', 12),
    dbConnectTimeoutMs: intFrom(env, 'OMS_DB_CONNECT_TIMEOUT_MS', 5_000),
    logLevel: env.LOG_LEVEL ?? 'info',
    secrets: Object.fromEntries(carrierSecretNames(env).map((name) => [name, env[name] || undefined])),
    secretKey: env.OMS_SECRET_KEY ? parseSecretKey(env.OMS_SECRET_KEY) : undefined,
    natsUrl: env.OMS_NATS_URL || undefined,
    natsStream: env.OMS_NATS_STREAM || 'OMS',
    natsSubjectPrefix: env.OMS_NATS_SUBJECT_PREFIX || 'oms',
    outboundAllowPrivate: flag(env.OMS_OUTBOUND_ALLOW_PRIVATE) || flag(env.OMS_WEBHOOK_ALLOW_PRIVATE),
    webhookTimeoutMs: intFrom(env, 'OMS_WEBHOOK_TIMEOUT_MS', 10_000),
    webhookRetentionDays: intFrom(env, 'OMS_WEBHOOK_RETENTION_DAYS', 30),
    automationRunRetentionDays: intFrom(env, 'OMS_AUTOMATION_RUN_RETENTION_DAYS', 90),
    metricsToken: secretFrom(env, 'OMS_METRICS_TOKEN'),
    metricsListen: listenAddressFrom(env, 'OMS_METRICS_LISTEN'),
    trustProxy: trustProxyFrom(env, 'OMS_TRUST_PROXY'),
    requestTimeoutMs: intFrom(env, 'OMS_REQUEST_TIMEOUT_MS', 30_000),
    importTimeoutMs: intFrom(env, 'OMS_IMPORT_TIMEOUT_MS', 3_600_000),
    headersTimeoutMs: intFrom(env, 'OMS_HEADERS_TIMEOUT_MS', 10_000),
    keepAliveTimeoutMs: intFrom(env, 'OMS_KEEP_ALIVE_TIMEOUT_MS', 72_000),
    maxConnections: intFrom(env, 'OMS_MAX_CONNECTIONS', 1000),
    maxRequestsPerSocket: env.OMS_MAX_REQUESTS_PER_SOCKET === '0' ? 0 : intFrom(env, 'OMS_MAX_REQUESTS_PER_SOCKET', 0),
    cpuThreads: intFrom(env, 'OMS_CPU_THREADS', availableParallelism()),
    cpuDeadlineMs: intFrom(env, 'OMS_CPU_DEADLINE_MS', 30_000),
    ipCountryDb: env.OMS_IP_COUNTRY_DB?.trim() || undefined,
    publicUrl: publicUrlFrom(env),
    smtpUrl: smtpUrlFrom(env),
    mailFrom: mailFromEnv(env),
    dkim: dkimFrom(env),
    bounceDomain: bounceDomainFrom(env),
    sms: smsFrom(env),
  };
}

function smtpUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.OMS_SMTP_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('OMS_SMTP_URL must be a URL such as smtp://user:password@mail.example.net:587 or smtps://…:465.');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ConfigError(`OMS_SMTP_URL must start with smtp:// or smtps://, got "${url.protocol}//".`);
  return raw;
}

function mailFromEnv(env: NodeJS.ProcessEnv): string {
  const raw = env.OMS_MAIL_FROM?.trim() || 'orders@localhost';
  if (!/^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(raw)) throw new ConfigError(`OMS_MAIL_FROM must be one e-mail address such as orders@shop.example, got "${raw}".`);
  return raw;
}

function dkimFrom(env: NodeJS.ProcessEnv): Config['dkim'] {
  const domainName = env.OMS_DKIM_DOMAIN?.trim();
  const keySelector = env.OMS_DKIM_SELECTOR?.trim();
  const key = env.OMS_DKIM_PRIVATE_KEY?.trim();
  if (!domainName && !keySelector && !key) return undefined;
  if (!domainName || !keySelector || !key) throw new ConfigError('DKIM needs all three of OMS_DKIM_DOMAIN, OMS_DKIM_SELECTOR and OMS_DKIM_PRIVATE_KEY (or none).');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domainName)) throw new ConfigError(`OMS_DKIM_DOMAIN must be a domain such as shop.example, got "${domainName}".`);
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i.test(keySelector)) throw new ConfigError(`OMS_DKIM_SELECTOR must be a DNS label such as oms2026, got "${keySelector}".`);
  let privateKey = key;
  if (!key.startsWith('-----BEGIN')) {
    try {
      privateKey = readFileSync(key, 'utf8');
    } catch (error) {
      throw new ConfigError(`OMS_DKIM_PRIVATE_KEY is neither a PEM key nor a readable file: ${(error as Error).message}`);
    }
  }
  try {
    createPrivateKey(privateKey);
  } catch {
    throw new ConfigError('OMS_DKIM_PRIVATE_KEY is not a PEM private key (RSA of 1024 bits or more, or Ed25519).');
  }
  return { domainName, keySelector, privateKey };
}

function bounceDomainFrom(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.OMS_BOUNCE_DOMAIN?.trim().toLowerCase();
  if (!raw) return undefined;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(raw)) throw new ConfigError(`OMS_BOUNCE_DOMAIN must be a domain such as bounces.shop.example, got "${raw}".`);
  return raw;
}

function smsFrom(env: NodeJS.ProcessEnv): Config['sms'] {
  const names = ['OMS_SMS_URL', 'OMS_SMS_ACCOUNT_SID', 'OMS_SMS_AUTH_TOKEN', 'OMS_SMS_FROM'] as const;
  const [baseUrl, accountSid, authToken, from] = names.map((n) => env[n]?.trim() || undefined);
  if (!baseUrl && !accountSid && !authToken && !from) return undefined;
  if (!baseUrl || !accountSid || !authToken || !from) throw new ConfigError(`SMS needs all of ${names.join(', ')} (or none); missing ${names.filter((n) => !env[n]?.trim()).join(', ')}.`);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigError(`OMS_SMS_URL must be the provider's API base such as https://api.twilio.com, got "${baseUrl}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`OMS_SMS_URL must be an https URL, got "${baseUrl}".`);
  if (!/^[A-Za-z0-9]+$/.test(accountSid)) throw new ConfigError('OMS_SMS_ACCOUNT_SID must be letters and digits (AC…).');
  return { baseUrl, accountSid, authToken, from };
}
