import { and, eq, inArray, sql } from 'drizzle-orm';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { notifications, type NotificationChannel, type NotificationRow, type NotificationStatus, type NotificationTransport } from './schema.js';

export type NewNotification = Omit<NotificationRow, 'status' | 'attempts' | 'leasedUntil' | 'lastError' | 'transport' | 'sentAt' | 'messageId' | 'bounce' | 'bounceDetail' | 'bouncedAt' | 'deliveryStatus' | 'deliveryErrorCode' | 'deliveryStatusAt' | 'locale'> & { status?: NotificationStatus; lastError?: string | null; locale?: string | null };

/** Queues messages; one that exists for (event, template, recipient) is left as it is (a replayed event). Answers how many were new. */
export async function queueNotifications(db: Db, rows: NewNotification[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(notifications)
    .values(rows.map((r) => ({ ...r, status: r.status ?? 'queued', attempts: 0, lastError: r.lastError ?? null, locale: r.locale ?? null })))
    .onConflictDoNothing({ target: [notifications.tenantId, notifications.eventId, notifications.template, notifications.recipient] })
    .returning({ id: notifications.id });
  return inserted.length;
}

/**
 * Leases up to `limit` due messages of every tenant (FOR UPDATE SKIP LOCKED, so workers share
 * them) until `leaseUntil`, counting the attempt. A worker that dies leaves the lease to expire:
 * the message is sent again (at-least-once; its Message-ID stays the same, so a receiving server
 * or the customer's client can tell the copy).
 */
export async function leaseDueNotifications(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<NotificationRow[]> {
  const rows = await queryRows<{ tenant_id: string; id: string }>(
    db,
    sql`with due as (
          select tenant_id, id from notifications
          where status = 'queued' and next_attempt_at <= ${now} and (leased_until is null or leased_until <= ${now})
          order by next_attempt_at, id
          limit ${limit}
          for update skip locked
        )
        update notifications n set leased_until = ${leaseUntil}, attempts = n.attempts + 1
        from due where n.tenant_id = due.tenant_id and n.id = due.id
        returning n.tenant_id, n.id`,
  );
  if (rows.length === 0) return [];
  const leased = await db
    .select()
    .from(notifications)
    .where(sql`(${notifications.tenantId}, ${notifications.id}) in (${sql.join(rows.map((r) => sql`(${r.tenant_id}, ${r.id})`), sql`, `)})`);
  return leased.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id.localeCompare(b.id));
}

export interface NotificationResult {
  tenantId: string;
  id: string;
  status: NotificationStatus;
  nextAttemptAt: Date | null;
  error: string | null;
  transport: NotificationTransport | null;
  sentAt: Date | null;
  messageId: string | null;
}

/**
 * Records what each send did and ends the leases. A message whose customer was erased while it
 * was being sent keeps its erasure (failed, no personal data, no retry): answered, so the job can
 * delete what a file transport wrote after the erasure deleted the files.
 */
export async function settleNotifications(db: Db, results: NotificationResult[]): Promise<NotificationResult[]> {
  const erasedMeanwhile: NotificationResult[] = [];
  for (const r of results) {
    const updated = await db
      .update(notifications)
      .set({ status: r.status, leasedUntil: null, lastError: r.error, transport: r.transport, sentAt: r.sentAt, messageId: r.messageId, ...(r.nextAttemptAt ? { nextAttemptAt: r.nextAttemptAt } : {}) })
      .where(and(eq(notifications.tenantId, r.tenantId), eq(notifications.id, r.id), sql`${notifications.recipient} not like 'erased:%'`))
      .returning({ id: notifications.id });
    if (updated.length === 0) erasedMeanwhile.push(r);
  }
  return erasedMeanwhile;
}

export interface NotificationFilter {
  orderId?: string | undefined;
  status?: NotificationStatus | undefined;
  template?: string | undefined;
  channel?: NotificationChannel | undefined;
  /** The whole address, compared case-insensitively. */
  recipient?: string | undefined;
}

/** A tenant's messages, newest first, a keyset page. */
export async function listNotifications(db: Db, tenantId: string, filter: NotificationFilter, page: PageRequest): Promise<NotificationRow[]> {
  const k = keyset([notifications.id], page, 'newest_first');
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.tenantId, tenantId),
        filter.orderId ? eq(notifications.orderId, filter.orderId) : undefined,
        filter.status ? eq(notifications.status, filter.status) : undefined,
        filter.template ? eq(notifications.template, filter.template) : undefined,
        filter.channel ? eq(notifications.channel, filter.channel) : undefined,
        filter.recipient ? sql`lower(${notifications.recipient}) = ${filter.recipient.trim().toLowerCase()}` : undefined,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

export async function findNotification(db: Db, tenantId: string, id: string): Promise<NotificationRow | undefined> {
  const [row] = await db.select().from(notifications).where(and(eq(notifications.tenantId, tenantId), eq(notifications.id, id)));
  return row;
}

/**
 * A customer's erasure (ADR 0026) reaches their messages: recipient, subject and bodies replaced;
 * one still queued is never sent (failed, "customer erased"). Who was told what when stays countable.
 * Answers the messages' ids (their kept files are deleted after the commit).
 */
export async function eraseNotificationsOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const erased = await db
    .update(notifications)
    .set({
      recipient: sql`'erased:' || ${notifications.id}`,
      subject: '(erased)',
      html: '',
      textBody: '',
      status: sql`case when ${notifications.status} = 'queued' then 'failed' else ${notifications.status} end`,
      lastError: sql`case when ${notifications.status} = 'queued' then 'customer erased before it was sent' else ${notifications.lastError} end`,
      leasedUntil: null,
    })
    .where(and(eq(notifications.tenantId, tenantId), inArray(notifications.orderId, orderIds)))
    .returning({ id: notifications.id });
  return erased.map((r) => r.id);
}
