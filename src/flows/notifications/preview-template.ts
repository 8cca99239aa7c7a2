import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { newId } from '../../platform/kernel/ids.js';
import type { Actor } from '../../platform/outbox/events.js';
import { draftOf, checkDraft, queueNotifications, sampleFor, warningsOf, type TemplateName, type TemplateParts } from '../../modules/notifications/index.js';
import { findOrder } from '../../modules/orders/index.js';
import { findUserByEmail, getSettings } from '../../modules/tenancy/index.js';
import { baseData, orderContext } from './steps/template-data.js';

/**
 * A template rendered before it is saved or sent (ADR 0034): a draft's parts (the rest as stored)
 * or the stored template, with sample data — or with an order's shop, customer and order data and
 * the sample for the event's own parts. Problems answer 422 naming the part; warnings do not stop it.
 */
export async function previewTemplate(db: Db, tenantId: string, key: TemplateName, locale: string, body: TemplateParts & { order_id?: string | undefined }) {
  const { draft, own } = await draftOf(db, tenantId, key, locale, body);
  const data = await dataFor(db, tenantId, key, locale, body.order_id);
  const rendered = await checkDraft(key, locale, draft, data);
  const source = body.subject !== undefined || body.html !== undefined || body.text !== undefined ? 'draft' : own ? 'tenant' : 'shipped';
  return { ...rendered, warnings: warningsOf(draft, rendered), source };
}

async function dataFor(db: Db, tenantId: string, key: TemplateName, locale: string, orderId: string | undefined): Promise<Record<string, unknown>> {
  const sample = sampleFor(key, locale);
  if (!orderId) return sample;
  const order = await findOrder(db, tenantId, orderId);
  if (!order) throw new DomainError('ORDER_NOT_FOUND', `No order ${orderId}.`);
  const real = await baseData(db, await orderContext(db, order), new Date());
  // A preview shows the sample portal link: a real one would open the customer's order page for whoever previews.
  return { ...sample, ...real, order: { ...(real['order'] as Record<string, unknown>), portal_url: (sample['order'] as Record<string, unknown>)['portal_url'] } };
}

/**
 * Queues the stored template, rendered with sample (or an order's) data, to an address the tenant
 * allows: one of its users' e-mails or settings.notification_test_recipients — never a customer's
 * address typed in, so a test send cannot be used to mail strangers. The subject says [Test].
 */
export async function testSendTemplate(db: Db, actor: Actor, key: TemplateName, locale: string, body: { to: string; order_id?: string | undefined }, now: Date) {
  const to = body.to.trim();
  const allowed = (await getSettings(db, actor.tenantId)).notification_test_recipients.some((a) => a.toLowerCase() === to.toLowerCase());
  const user = allowed ? undefined : await findUserByEmail(db, to);
  if (!allowed && !(user && user.tenantId === actor.tenantId && !user.disabledAt)) {
    throw new DomainError('NOTIFICATION_TEST_RECIPIENT_NOT_ALLOWED', `${to} is neither one of your users nor in settings.notification_test_recipients.`, [{ field: 'body.to', message: 'not an address this tenant allows for test sends' }]);
  }
  const preview = await previewTemplate(db, actor.tenantId, key, locale, { order_id: body.order_id });
  const id = newId('ntf');
  const subject = `[Test] ${preview.subject}`.slice(0, 250);
  await inTransaction(db, (tx) =>
    queueNotifications(tx, [{ tenantId: actor.tenantId, id, eventId: `test:${id}`, template: key, channel: 'email', recipient: to, orderId: null, locale, subject, html: preview.html, textBody: preview.text, nextAttemptAt: now, createdAt: now }]),
  );
  return { notification_id: id, subject, to };
}
