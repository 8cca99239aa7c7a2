import type { paths } from './schema';

/** Names for the API's shapes the console passes around, all derived from the generated schema. */
type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type Session = Json<'/v1/session', 'get'>;
export type SessionUser = Session['user'];
export type UserRole = SessionUser['role'];
/** One order as GET /v1/orders/{id} answers it: the order, its returns and the return it replaces (ADR 0028). */
export type OrderDetail = Json<'/v1/orders/{id}', 'get'>;
/** An order as every answer carries it (lists, captures, cancellations). */
export type Order = Omit<OrderDetail, 'returns' | 'replaces_return'>;
export type OrderStatus = Order['status'];
export type OrderLine = Order['lines'][number];
export type OrderListQuery = NonNullable<paths['/v1/orders']['get']['parameters']['query']>;
export type OrderEvent = Json<'/v1/orders/{id}/events', 'get'>['data'][number];
export type OrderLedger = Json<'/v1/orders/{id}/transactions', 'get'>;
export type PaymentTransaction = OrderLedger['data'][number];
export type Dashboard = Json<'/v1/dashboard', 'get'>;
export type Return = Json<'/v1/returns/{id}', 'get'>;
export type Customer = Json<'/v1/customers/{id}', 'get'>;
export type CustomerListItem = Json<'/v1/customers', 'get'>['data'][number];
/** A row of the returns queue: the return and its order's number, customer and channel. */
export type ReturnListItem = Json<'/v1/returns', 'get'>['data'][number];
export type ReturnStatus = NonNullable<NonNullable<paths['/v1/returns']['get']['parameters']['query']>['status']>;
export type ReturnReason = Json<'/v1/return-reasons', 'get'>['reasons'][number];
export type ReturnPolicy = Json<'/v1/return-policy', 'get'>;
export type ReturnAnalytics = Json<'/v1/analytics/returns', 'get'>;
export type RefundPreview = Json<'/v1/returns/{id}/refund-preview', 'get'>;
export type ReviewCase = Json<'/v1/reviews', 'get'>['data'][number];
export type ReviewCaseDetail = Json<'/v1/reviews/{id}', 'get'>;
/** An order's fraud-screening decision whole (ADR 0030): GET /v1/orders/{id}/risk. */
export type RiskDecision = Json<'/v1/orders/{id}/risk', 'get'>;
/** A stored rule set version, or the built-in default (version null). */
export type RiskRuleSet = Json<'/v1/risk/rule-sets/active', 'get'>;
export type RiskBacktest = Json<'/v1/risk/backtest', 'post'>;
export type RiskRuleSetDraft = NonNullable<paths['/v1/risk/rule-sets']['post']['requestBody']>['content']['application/json'];
/** A customer message as listed (GET /v1/notifications) and one with its parts (ADR 0033). */
export type MessageSummary = Json<'/v1/notifications', 'get'>['data'][number];
export type MessageDetail = Json<'/v1/notifications/{id}', 'get'>;
/** A template with its locales, one template in one locale, one version of it (ADR 0034). */
export type TemplateSummary = Json<'/v1/notification-templates', 'get'>['data'][number];
export type TemplateDetail = Json<'/v1/notification-templates/{key}/{locale}', 'get'>;
export type TemplateVersion = Json<'/v1/notification-templates/{key}/{locale}/versions', 'get'>['data'][number];
export type TemplatePreview = Json<'/v1/notification-templates/{key}/{locale}/preview', 'post'>;
/** An address on the suppression list (ADR 0035). */
export type Suppression = Json<'/v1/suppressions', 'get'>['data'][number];
