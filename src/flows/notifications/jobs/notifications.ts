// Messages to customers (ADR 0033). The automation rules' subscriber queues them in the outbox relay's
// round for the event that causes them (ADR 0038; no network; a replayed event adds nothing). One job,
// `notifications`, leases due messages (FOR UPDATE SKIP LOCKED + a lease, so workers share them),
// sends each with no transaction open, and settles the batch: sent; a transient failure retried
// with backoff for about a day; a permanent one (SMTP 5xx, an SMS provider's 4xx) failed at once; a
// message to a suppressed address (a hard bounce, a complaint) settled `suppressed`, never sent (ADR 0035).

import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { scheduledRetryDelayMs } from '../../../platform/kernel/retry.js';
import {
  leaseDueNotifications,
  settleNotifications,
  type Mailer,
  type NotificationResult,
  type NotificationRow,
  type NotificationTransport,
  type SendOutcome,
  type SmsSender,
  type SuppressionRow,
  suppressedAmong,
  suppressionKey,
  verpAddress,
} from '../../../modules/notifications/index.js';
import { tenantName } from '../../../modules/tenancy/index.js';

/**
 * Messages are queued by the automation rules' subscriber since ADR 0038: the default rules (one per
 * template and event) send them. The name stays for its callers (the tests relay with it).
 */
export { automationSubscriber as notificationSubscriber } from '../../automations/steps/run-rules.js';

/** Delays after the 1st, 2nd… transient failure (±20% jitter): 10 tries over ~24 h. */
export const NOTIFICATION_RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000] as const;

export interface NotificationJobOptions {
  mailer: Mailer;
  /** Text messages: a provider speaking Twilio's Messages API, or .txt files. Without one, an SMS fails ("no SMS transport"). */
  sms?: SmsSender | undefined;
  /** The sender's address (OMS_MAIL_FROM); its domain ends every Message-ID. */
  fromAddress: string;
  /** OMS_BOUNCE_DOMAIN and the key of the return paths: each e-mail's envelope sender is its signed VERP address. */
  bounce?: { domain: string; key: Buffer } | undefined;
  batch?: number;
  /** Messages in flight at once. */
  concurrency?: number;
  random?: () => number;
}

/** `<notification id@sender's domain>`: the same on every attempt of one message. */
export function messageIdOf(notificationId: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1]?.trim() || 'localhost';
  return `<${notificationId}@${domain}>`;
}

/**
 * The job: leases due messages, sends them, settles the batch. `more` when the batch was full.
 * A message to an address on the tenant's suppression list is settled `suppressed`, not sent.
 */
export async function sendNotifications(db: Db, now: Date, options: NotificationJobOptions): Promise<{ handled: number; more: boolean }> {
  const batch = options.batch ?? 50;
  const concurrency = options.concurrency ?? 5;
  const random = options.random ?? Math.random;
  // One SMTP conversation takes seconds at worst: a live worker keeps its lease.
  const leaseUntil = new Date(now.getTime() + 60_000 * Math.ceil(batch / concurrency) + 30_000);
  const leased = await inTransaction(db, (tx) => leaseDueNotifications(tx, now, leaseUntil, batch));
  if (leased.length === 0) return { handled: 0, more: false };
  const senders = new Map<string, string>();
  const suppressed = new Map<string, Map<string, SuppressionRow>>();
  for (const tenantId of new Set(leased.map((n) => n.tenantId))) {
    senders.set(tenantId, (await tenantName(db, tenantId)) ?? '');
    suppressed.set(tenantId, await suppressedAmong(db, tenantId, leased.filter((n) => n.tenantId === tenantId).map((n) => n.recipient)));
  }
  const results: NotificationResult[] = [];
  for (let i = 0; i < leased.length; i += concurrency) {
    const slice = leased.slice(i, i + concurrency);
    const outcomes = await Promise.all(slice.map((n) => send(n, senders.get(n.tenantId) ?? '', suppressed.get(n.tenantId)?.get(suppressionKey(n.recipient)), options)));
    slice.forEach((n, j) => results.push(resultOf(n, outcomes[j] as Awaited<ReturnType<typeof send>>, new Date(), random)));
  }
  const erasedMeanwhile = await inTransaction(db, (tx) => settleNotifications(tx, results));
  // Erased while being sent: the erasure already deleted the kept files, so what was written since goes too.
  for (const r of erasedMeanwhile) {
    const channel = leased.find((n) => n.id === r.id)?.channel;
    await (channel === 'sms' ? options.sms : options.mailer)?.discard?.(r.tenantId, r.id);
  }
  return { handled: leased.length, more: leased.length === batch };
}

type Attempt = { outcome: SendOutcome | { kind: 'suppressed'; error: string }; messageId: string | null; transport: NotificationTransport | null };

async function send(n: NotificationRow, senderName: string, suppression: SuppressionRow | undefined, options: NotificationJobOptions): Promise<Attempt> {
  if (suppression) {
    const why = `${suppression.reason.replace('_', ' ')} on ${suppression.createdAt.toISOString().slice(0, 10)}`;
    return { outcome: { kind: 'suppressed', error: `not sent: ${n.recipient} is on the suppression list (${why})` }, messageId: n.messageId, transport: null };
  }
  if (n.channel === 'sms') {
    if (!options.sms) return { outcome: { kind: 'permanent', error: 'no SMS transport configured' }, messageId: null, transport: null };
    return { outcome: await options.sms.send({ id: n.id, tenantId: n.tenantId, to: n.recipient, body: n.textBody }), messageId: null, transport: options.sms.transport };
  }
  const messageId = n.messageId ?? messageIdOf(n.id, options.fromAddress);
  const returnPath = options.bounce ? verpAddress(options.bounce.key, options.bounce.domain, n.tenantId, n.id) : undefined;
  const outcome = await options.mailer.send({ id: n.id, tenantId: n.tenantId, from: { name: senderName, address: options.fromAddress }, to: n.recipient, subject: n.subject, html: n.html, text: n.textBody, messageId, returnPath });
  return { outcome, messageId, transport: options.mailer.transport };
}

function resultOf(n: NotificationRow, sent: Attempt, at: Date, random: () => number): NotificationResult {
  const base = { tenantId: n.tenantId, id: n.id, messageId: sent.messageId, transport: sent.transport };
  if (sent.outcome.kind === 'sent') return { ...base, status: 'sent', nextAttemptAt: null, error: null, sentAt: at };
  if (sent.outcome.kind === 'suppressed') return { ...base, status: 'suppressed', nextAttemptAt: null, error: sent.outcome.error, sentAt: null };
  const delay = sent.outcome.kind === 'transient' ? scheduledRetryDelayMs(NOTIFICATION_RETRY_DELAYS_MS, n.attempts, random()) : null;
  if (delay === null) return { ...base, status: 'failed', nextAttemptAt: null, error: sent.outcome.error, sentAt: null };
  return { ...base, status: 'queued', nextAttemptAt: new Date(at.getTime() + delay), error: sent.outcome.error, sentAt: null };
}
