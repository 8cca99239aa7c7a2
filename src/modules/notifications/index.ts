/** notifications: messages to customers — templates, the queue, and the transports that send them. See README.md. */
export { compileTemplate, oneLine, renderMessage, TEMPLATE_LIMITS, TemplateError, type MessageTemplate, type RenderedMessage, type TemplatePart, type TemplateProblem } from './domain/render.js';
export { DEFAULT_TEMPLATES, TEMPLATE_NAMES, type TemplateName } from './domain/default-templates.js';
export { eraseNotificationsOfOrders, findNotification, leaseDueNotifications, listNotifications, queueNotifications, settleNotifications, type NewNotification, type NotificationFilter, type NotificationResult } from './db/notifications.queries.js';
export type { NotificationRow, NotificationStatus } from './db/schema.js';
export { classifySmtpError, emlPath, fileMailer, smtpMailer, type Mailer, type OutgoingMessage, type SendOutcome } from './transport/mailer.js';
export { NotificationId, NotificationList, NotificationQuery, NotificationView, notificationSummary, notificationView } from './http/schemas.js';
