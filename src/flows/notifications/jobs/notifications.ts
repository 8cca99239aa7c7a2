// Messages to customers (ADR 0033). One subscriber queues them in the outbox relay's round for the
// event that causes them (no network; a replayed event finds its rows and adds nothing). One job,
// `notifications`, leases due messages (FOR UPDATE SKIP LOCKED + a lease, so workers share them),
// sends each with no transaction open, and settles the batch: sent; a transient failure retried
// with backoff for about a day; a permanent one (SMTP 5xx) failed at once.

import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { newId } from '../../../platform/kernel/ids.js';
import { scheduledRetryDelayMs } from '../../../platform/kernel/retry.js';
import type { OutboxSubscriber, RelayedEvent } from '../../../platform/outbox/subscribers.js';
import {
  DEFAULT_TEMPLATES,
  leaseDueNotifications,
  queueNotifications,
  renderMessage,
  settleNotifications,
  TemplateError,
  type Mailer,
  type NewNotification,
  type NotificationResult,
  type NotificationRow,
} from '../../../modules/notifications/index.js';
import { tenantName } from '../../../modules/tenancy/index.js';
import { compose, TEMPLATE_OF_EVENT } from '../steps/compose.js';

/** Delays after the 1st, 2nd… transient failure (±20% jitter): 10 tries over ~24 h. */
export const NOTIFICATION_RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000] as const;

export const notificationSubscriber: OutboxSubscriber = {
  name: 'notifications',
  types: Object.keys(TEMPLATE_OF_EVENT),
  async handle(tx: Db, event: RelayedEvent, now: Date): Promise<void> {
    const rows: NewNotification[] = [];
    for (const c of await compose(tx, event)) {
      const base = { tenantId: event.tenantId, id: newId('ntf'), eventId: event.id, template: c.template, channel: 'email' as const, recipient: c.recipient, orderId: c.orderId, nextAttemptAt: now, createdAt: now };
      try {
        const rendered = await renderMessage(DEFAULT_TEMPLATES[c.template], c.data);
        rows.push({ ...base, subject: rendered.subject, html: rendered.html, textBody: rendered.text });
      } catch (error) {
        // A template that cannot render is recorded as failed (and shown), never retried by the relay.
        if (!(error instanceof TemplateError)) throw error;
        rows.push({ ...base, subject: '', html: '', textBody: '', status: 'failed', lastError: `template ${c.template}: ${error.message}` });
      }
    }
    await queueNotifications(tx, rows);
  },
};

export interface NotificationJobOptions {
  mailer: Mailer;
  /** The sender's address (OMS_MAIL_FROM); its domain ends every Message-ID. */
  fromAddress: string;
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

/** The job: leases due messages, sends them, settles the batch. `more` when the batch was full. */
export async function sendNotifications(db: Db, now: Date, options: NotificationJobOptions): Promise<{ handled: number; more: boolean }> {
  const batch = options.batch ?? 50;
  const concurrency = options.concurrency ?? 5;
  const random = options.random ?? Math.random;
  // One SMTP conversation takes seconds at worst: a live worker keeps its lease.
  const leaseUntil = new Date(now.getTime() + 60_000 * Math.ceil(batch / concurrency) + 30_000);
  const leased = await inTransaction(db, (tx) => leaseDueNotifications(tx, now, leaseUntil, batch));
  if (leased.length === 0) return { handled: 0, more: false };
  const senders = new Map<string, string>();
  for (const tenantId of new Set(leased.map((n) => n.tenantId))) senders.set(tenantId, (await tenantName(db, tenantId)) ?? '');
  const results: NotificationResult[] = [];
  for (let i = 0; i < leased.length; i += concurrency) {
    const slice = leased.slice(i, i + concurrency);
    const outcomes = await Promise.all(slice.map((n) => send(n, senders.get(n.tenantId) ?? '', options)));
    slice.forEach((n, j) => results.push(resultOf(n, outcomes[j] as Awaited<ReturnType<typeof send>>, new Date(), random)));
  }
  await inTransaction(db, (tx) => settleNotifications(tx, results));
  return { handled: leased.length, more: leased.length === batch };
}

async function send(n: NotificationRow, senderName: string, options: NotificationJobOptions) {
  const messageId = n.messageId ?? messageIdOf(n.id, options.fromAddress);
  const outcome = await options.mailer.send({ id: n.id, tenantId: n.tenantId, from: { name: senderName, address: options.fromAddress }, to: n.recipient, subject: n.subject, html: n.html, text: n.textBody, messageId });
  return { outcome, messageId, transport: options.mailer.transport };
}

function resultOf(n: NotificationRow, sent: Awaited<ReturnType<typeof send>>, at: Date, random: () => number): NotificationResult {
  const base = { tenantId: n.tenantId, id: n.id, messageId: sent.messageId, transport: sent.transport };
  if (sent.outcome.kind === 'sent') return { ...base, status: 'sent', nextAttemptAt: null, error: null, sentAt: at };
  const delay = sent.outcome.kind === 'transient' ? scheduledRetryDelayMs(NOTIFICATION_RETRY_DELAYS_MS, n.attempts, random()) : null;
  if (delay === null) return { ...base, status: 'failed', nextAttemptAt: null, error: sent.outcome.error, sentAt: null };
  return { ...base, status: 'queued', nextAttemptAt: new Date(at.getTime() + delay), error: sent.outcome.error, sentAt: null };
}
