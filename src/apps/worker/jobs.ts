import { configureLinkSigning } from '../../platform/kernel/link-signing.js';
import { releaseDueFulfillmentOrders } from '../../flows/fulfillment/jobs/release-fulfillment-orders.js';
import { pollMarketplaces } from '../../flows/channels/jobs/poll-marketplaces.js';
import { pushChannelUpdates } from '../../flows/channels/jobs/channel-pushes.js';
import { captureCounter } from '../../flows/capture/jobs/captured-orders.js';
import { flagOverdueExchanges } from '../../flows/returns/jobs/overdue-exchanges.js';
import { flagLateShipments } from '../../flows/shipping/jobs/late-shipments.js';
import { sendNotifications } from '../../flows/notifications/jobs/notifications.js';
import { resumeWaitingRuns } from '../../flows/automations/jobs/resume-waits.js';
import { pruneRuns } from '../../modules/automations/index.js';
import { fileMailer, fileSms, smsStatusUrl, smtpMailer, twilioSms, verpKey, type Mailer } from '../../modules/notifications/index.js';
import { outboundFetch } from '../../platform/http/outbound.js';
import { sweepRateLimitWindows } from '../../platform/http/shared-limits.js';
import { expireCheckoutReservations } from '../../modules/inventory/index.js';
import { markInterruptedImports, pruneWebhookDeliveries } from '../../modules/channels/index.js';
import { connectNats, deliverWebhooks, pruneDeliveries, publishToBroker, relayOutbox, type BrokerPublisher } from '../../modules/integrations/index.js';
import { sql } from 'drizzle-orm';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/database.js';
import { countCaptures, type Metrics } from '../../platform/metrics.js';
import type { OutboxSubscriber } from '../../platform/outbox/subscribers.js';
import type { Job, JobLogger } from './runner.js';
import { subscribers as allSubscribers } from './subscribers.js';

/**
 * The background jobs that need no configuration. `oms serve` runs them in-process (unless
 * --no-workers); `oms worker` runs only the jobs. Each job claims its rows with FOR UPDATE SKIP
 * LOCKED (or a lease), so any number of processes may run them at once.
 */
export const jobs: Job[] = [
  { name: 'fulfillment-release-waves', everyMs: 30_000, run: releaseDueFulfillmentOrders },
  // Expired checkout reservations give their stock back; 500 per transaction keeps each one short.
  { name: 'inventory-expire-checkout-reservations', everyMs: 5_000, run: (db, now) => expireCheckoutReservations(db, now, 500) },
  // Instant exchanges whose return has not moved by the policy's instant_exchange_days are flagged (ADR 0022).
  { name: 'returns-overdue-exchanges', everyMs: 60_000, run: (db, now) => flagOverdueExchanges(db, now) },
  // Automation runs whose wait is over go on with their remaining actions (ADR 0038).
  { name: 'automation-waits', everyMs: 30_000, run: (db, now) => resumeWaitingRuns(db, now) },
  // Parcels past their promised date with no delivery and no exception: shipment.late, once each.
  { name: 'shipping-late-shipments', everyMs: 300_000, run: (db, now) => flagLateShipments(db, now) },
  // Rate-limit windows that ended (the portal lookup's shared limits, migration 0060).
  { name: 'rate-limit-windows', everyMs: 300_000, run: (db, now) => sweepRateLimitWindows(db, now) },
];

export interface JobDeps {
  config: Config;
  /** The embedded database has no autovacuum: it gets a maintenance job. */
  engine: 'pglite' | 'postgres';
  log: JobLogger;
  subscribers?: readonly OutboxSubscriber[];
  /** The process's metrics: the relay counts the orders captured (every path) as it hands their events on. */
  metrics?: Metrics;
}

/** Every job of a running OMS: the core jobs and the integrations (relay, webhooks, broker). */
export function jobsFor(deps: JobDeps): Job[] {
  const { config, log } = deps;
  const secretKey = config.secretKey;
  if (!secretKey) throw new Error('the jobs need the secret key (OMS_SECRET_KEY or the data directory key) to sign webhooks');
  // Orders captured by jobs (channel polls) may get a verification link (ADR 0031).
  configureLinkSigning(secretKey, config.publicUrl);
  const broker = config.natsUrl ? lazyBroker(config, log) : undefined;
  const { metrics } = deps;
  const capturedIn = captureCounter();
  const relayed: Job[] = [
    ...jobs,
    {
      name: 'outbox-relay',
      everyMs: 250,
      run: (db, now) =>
        relayOutbox(db, now, {
          subscribers: deps.subscribers ?? allSubscribers,
          broker: broker !== undefined,
          log,
          ...(metrics ? { onRelayed: async (events) => countCaptures(metrics, await capturedIn(db, events)) } : {}),
        }),
    },
    { name: 'webhook-deliveries', everyMs: 1_000, run: (db, now) => deliverWebhooks(db, now, { secretKey, timeoutMs: config.webhookTimeoutMs, allowPrivate: config.outboundAllowPrivate }) },
    { name: 'imports-interrupted', everyMs: 60_000, run: async (db) => ({ handled: await markInterruptedImports(db), more: false }) },
    { name: 'webhook-log-retention', everyMs: 600_000, run: (db, now) => pruneDeliveries(db, now, config.webhookRetentionDays) },
    // Finished automation runs older than OMS_AUTOMATION_RUN_RETENTION_DAYS (90); waiting ones stay (ADR 0038).
    { name: 'automation-run-retention', everyMs: 600_000, run: (db, now) => pruneRuns(db, now, config.automationRunRetentionDays) },
    // Shopify / WooCommerce delivery ids are remembered 7 days (Shopify retries for 48 hours).
    { name: 'channel-webhook-retention', everyMs: 600_000, run: pruneWebhookDeliveries },
    // Shipments → the platform the order came from: a Shopify fulfillment, a WooCommerce note and completion, an Amazon or eBay shipment confirmation.
    { name: 'channel-pushes', everyMs: 2_000, run: (db, now) => pushChannelUpdates(db, now, { secretKey, allowPrivate: config.outboundAllowPrivate }) },
    // Amazon / eBay channels with settings.poll: each polled every settings.poll_interval_seconds (default 300, at least 60).
    { name: 'marketplace-polling', everyMs: 60_000, run: (db, now) => pollMarketplaces(db, now, { secretKey, allowPrivate: config.outboundAllowPrivate }) },
  ];
  // Customer messages: over SMTP when OMS_SMTP_URL is set, else kept as .eml files in the data directory;
  // texts through the SMS provider (OMS_SMS_URL …, the guarded outbound client), else .txt files (ADR 0035).
  let mailer: Mailer | undefined;
  const mailerOf = () => (mailer ??= config.smtpUrl ? smtpMailer(config.smtpUrl, { dkim: config.dkim }) : fileMailer(config.dataDir, { dkim: config.dkim }));
  const sms = config.sms ? twilioSms(config.sms, outboundFetch({ allowPrivate: config.outboundAllowPrivate }), { statusCallback: smsStatusUrl(config.publicUrl) }) : fileSms(config.dataDir);
  const bounce = config.bounceDomain ? { domain: config.bounceDomain, key: verpKey(secretKey) } : undefined;
  relayed.push({ name: 'notifications', everyMs: 1_000, run: (db, now) => sendNotifications(db, now, { mailer: mailerOf(), sms, fromAddress: config.mailFrom, bounce }) });
  if (deps.engine === 'pglite') relayed.push({ name: 'embedded-maintenance', everyMs: 300_000, run: vacuumHotTables });
  if (broker) relayed.push({ name: 'broker-publish', everyMs: 250, run: async (db, now) => publishToBroker(db, await broker.get(), { now, prefix: config.natsSubjectPrefix }) });
  return relayed;
}

/**
 * The NATS connection, made on first use and again after a failure, so a broker that is down at
 * start-up only delays publishing (events wait in broker_outbox) instead of stopping the OMS.
 */
function lazyBroker(config: Config, log: JobLogger): { get(): Promise<BrokerPublisher> } {
  let connecting: Promise<BrokerPublisher> | undefined;
  return {
    get() {
      connecting ??= connectNats({ url: config.natsUrl ?? '', stream: config.natsStream, prefix: config.natsSubjectPrefix, duplicateWindowMs: 600_000 }).catch((error: unknown) => {
        connecting = undefined;
        log.error({ err: error, nats: config.natsUrl }, 'cannot reach NATS; events wait in the broker queue');
        throw error;
      });
      return connecting;
    },
  };
}

/**
 * PGlite runs PostgreSQL in single-user mode, where autovacuum never runs: the queues and hot rows
 * (every lease, settle, reservation and stock update leaves a dead row version) would bloat and the
 * planner would never get statistics. Every 5 minutes the tables that churn are vacuumed and
 * analysed — milliseconds for queue-sized tables; VACUUM cannot run in a transaction.
 */
const HOT_TABLES = ['outbox', 'broker_outbox', 'webhook_deliveries', 'webhook_attempts', 'channel_pushes', 'channel_polls', 'channel_webhook_deliveries', 'channel_order_versions', 'stock_levels', 'reservations', 'checkout_reservations', 'fulfillment_orders', 'idempotency_keys', 'rate_limit_windows'];

async function vacuumHotTables(db: Db): Promise<{ handled: number; more: boolean }> {
  await db.execute(sql.raw(`vacuum (analyze) ${HOT_TABLES.join(', ')}`));
  return { handled: 0, more: false };
}
