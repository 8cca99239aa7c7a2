/** notifications: messages to customers — templates, the queue, and the transports that send them. See README.md. */
export { compileTemplate, oneLine, renderMessage, TEMPLATE_LIMITS, TemplateError, type MessageTemplate, type RenderedMessage, type TemplatePart, type TemplateProblem } from './domain/render.js';
export { DEFAULT_TEMPLATES, TEMPLATE_NAMES, type TemplateName } from './domain/default-templates.js';
export { eraseNotificationsOfOrders, findNotification, leaseDueNotifications, listNotifications, queueNotifications, settleNotifications, type NewNotification, type NotificationFilter, type NotificationResult } from './db/notifications.queries.js';
export type { BounceKind, NotificationChannel, NotificationRow, NotificationStatus, NotificationTransport, SuppressionRow } from './db/schema.js';
export { classifySmtpError, fileMailer, smtpMailer, type DkimKey, type Mailer, type OutgoingMessage, type SendOutcome } from './transport/mailer.js';
export { fileSms, twilioSms, type OutgoingSms, type SmsProviderConfig, type SmsSender } from './transport/sms.js';
export { deleteKeptMessages, emlPath, smsPath } from './transport/kept-files.js';
export { listSuppressions, removeSuppression, suppressedAmong, suppressionKey } from './db/suppressions.queries.js';
export { receiveBounce, type BounceOutcome } from './use-cases/receive-bounce.js';
export { verpAddress, verpKey, verpNotificationIds } from './domain/verp.js';
export { readBounceReport, type BounceVerdict } from './domain/bounce-report.js';
export { BounceResult, NotificationId, NotificationList, NotificationQuery, NotificationView, notificationSummary, notificationView, SuppressionAddress, SuppressionList, SuppressionQuery, SuppressionView, suppressionView } from './http/schemas.js';
