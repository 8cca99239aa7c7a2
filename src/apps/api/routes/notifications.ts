import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { findNotification, listNotifications, NotificationId, NotificationList, NotificationQuery, NotificationView, notificationSummary, notificationView } from '../../../modules/notifications/index.js';

const tags = ['notifications'];

/** /v1/notifications (ADR 0033): the messages sent (or kept as .eml) to customers, with how each went. */
export function notificationRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/notifications', {
      config: { action: 'notifications:read' },
      schema: {
        tags,
        summary: 'Messages to customers, newest first',
        description: 'One per event, template and recipient: an order confirmed, shipped or cancelled. Without OMS_SMTP_URL each is kept as an .eml file in the data directory (`transport: file`).',
        querystring: NotificationQuery,
        response: { 200: NotificationList },
      },
    }, async (request) => {
      const req = pageRequest(request.query, /^ntf_[0-9a-z]{26}$/);
      const rows = await listNotifications(db, request.principal.tenantId, { orderId: request.query.order_id, status: request.query.status }, req);
      const p = page(rows, req, (r) => [r.id]);
      return { data: p.data.map(notificationSummary), next_cursor: p.next_cursor };
    });
    app.get('/v1/notifications/:id', {
      config: { action: 'notifications:read' },
      schema: { tags, summary: 'One message with its HTML and plain-text parts as sent', params: NotificationId, response: { 200: NotificationView } },
    }, async (request) => {
      const row = await findNotification(db, request.principal.tenantId, request.params.id);
      if (!row) throw new DomainError('NOTIFICATION_NOT_FOUND', `No notification ${request.params.id}.`);
      return notificationView(row);
    });
  };
}
