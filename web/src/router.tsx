import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { sessionQuery } from './auth/session';
import { parseChannelSearch } from './pages/channels/channel-search';
import { parseOrdersSearch } from './pages/orders/orders-search';
import { parseWebhooksSearch } from './pages/webhooks/webhooks-search';
import { parseFulfillmentSearch } from './pages/fulfillment/fulfillment-search';
import { parseShipmentsSearch } from './pages/shipments/shipments-search';
import { parseManifestsSearch } from './pages/shipments/manifests-search';
import { parseStockSearch } from './pages/inventory/inventory-search';
import { parseInboundSearch } from './pages/inbound/inbound-search';
import { parseReservationsSearch } from './pages/reservations/reservations-search';
import { parseReturnsSearch } from './pages/returns/returns-search';
import { parseCustomersSearch } from './pages/customers/customers-search';
import { parseReviewsSearch } from './pages/reviews/reviews-search';
import { parseMessagesSearch } from './pages/messages/messages-search';
import { parseSatisfactionSearch } from './pages/surveys/satisfaction-search';
import { AppLayout } from './ui/AppLayout';
import { ErrorView, NotFound } from './ui/ErrorView';
import { isConsolePath } from './ui/links';

/**
 * Every screen of the console (code-based TanStack Router routes). Each page is loaded on demand
 * (`lazyRouteComponent`), so a page's code is its own chunk. Screens that need a signed-in user hang
 * under `app`, which sends anyone without a session to /login and comes back afterwards (?next=).
 */
export interface RouterContext {
  queryClient: QueryClient;
}

const root = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  errorComponent: ErrorView,
  notFoundComponent: () => <NotFound />,
});

/** Only a path of this console: never another origin (`//evil.example`) after signing in. */
const safeNext = (value: unknown): string | undefined => (isConsolePath(value) ? value : undefined);

// Signing in and out: no session needed.
const login = createRoute({
  getParentRoute: () => root,
  path: '/login',
  // Every key is returned, undefined when invalid: TanStack keeps raw keys a validator leaves out.
  validateSearch: (s: Record<string, unknown>): { next?: string | undefined } => ({ next: safeNext(s.next) }),
  // Already signed in: straight on. A server that cannot say shows the form.
  beforeLoad: async ({ context, search }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery).catch(() => null);
    if (session) throw redirect({ href: search.next ?? '/' });
  },
  component: lazyRouteComponent(() => import('./pages/login/LoginPage'), 'LoginPage'),
});
const forgotPassword = createRoute({
  getParentRoute: () => root,
  path: '/forgot-password',
  component: lazyRouteComponent(() => import('./pages/login/ForgotPasswordPage'), 'ForgotPasswordPage'),
});
const resetPassword = createRoute({
  getParentRoute: () => root,
  path: '/reset-password',
  validateSearch: (s: Record<string, unknown>): { token?: string | undefined } => ({ token: typeof s.token === 'string' ? s.token : undefined }),
  component: lazyRouteComponent(() => import('./pages/login/ResetPasswordPage'), 'ResetPasswordPage'),
});

const setup = createRoute({
  getParentRoute: () => root,
  path: '/setup',
  validateSearch: (s: Record<string, unknown>): { token?: string | undefined } => ({ token: typeof s.token === 'string' ? s.token : undefined }),
  component: lazyRouteComponent(() => import('./pages/login/SetupPage'), 'SetupPage'),
});

const app = createRoute({
  getParentRoute: () => root,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: '/login', search: location.href === '/' ? {} : { next: location.href } });
  },
  component: AppLayout,
});

// Screens. A new one: a page component in pages/<area>/, a route here, an entry in ui/nav.ts.
const home = createRoute({ getParentRoute: () => app, path: '/', component: lazyRouteComponent(() => import('./pages/home/HomePage'), 'HomePage') });
const orders = createRoute({
  getParentRoute: () => app,
  path: '/orders',
  validateSearch: parseOrdersSearch,
  component: lazyRouteComponent(() => import('./pages/orders/OrdersPage'), 'OrdersPage'),
});
const order = createRoute({ getParentRoute: () => app, path: '/orders/$orderId', component: lazyRouteComponent(() => import('./pages/orders/OrderPage'), 'OrderPage') });
// Customers: the list (search) and one customer (figures, orders, tags and note; merge and erase).
const customers = createRoute({ getParentRoute: () => app, path: '/customers', validateSearch: parseCustomersSearch, component: lazyRouteComponent(() => import('./pages/customers/CustomersPage'), 'CustomersPage') });
// The review queue and one case (ADR 0031).
const reviews = createRoute({ getParentRoute: () => app, path: '/reviews', validateSearch: parseReviewsSearch, component: lazyRouteComponent(() => import('./pages/reviews/ReviewsPage'), 'ReviewsPage') });
// Fraud screening's rule sets: the active one, its versions, a new version backtested (ADR 0030).
const risk = createRoute({ getParentRoute: () => app, path: '/risk', component: lazyRouteComponent(() => import('./pages/risk/RiskRulesPage'), 'RiskRulesPage') });
const riskNew = createRoute({ getParentRoute: () => app, path: '/risk/new', component: lazyRouteComponent(() => import('./pages/risk/RuleSetEditor'), 'NewRuleSetPage') });
// Automation rules (ADR 0038): the defaults and the tenant's own, a rule's editor with its dry run and runs.
const automations = createRoute({ getParentRoute: () => app, path: '/automations', component: lazyRouteComponent(() => import('./pages/automations/AutomationsPage'), 'AutomationsPage') });
const newAutomation = createRoute({ getParentRoute: () => app, path: '/automations/new', component: lazyRouteComponent(() => import('./pages/automations/RulePage'), 'NewRulePage') });
const automation = createRoute({ getParentRoute: () => app, path: '/automations/$ruleId', component: lazyRouteComponent(() => import('./pages/automations/RulePage'), 'RulePage') });
const reviewCase = createRoute({ getParentRoute: () => app, path: '/reviews/$caseId', component: lazyRouteComponent(() => import('./pages/reviews/ReviewCasePage'), 'ReviewCasePage') });
// The satisfaction survey: NPS per channel, week or month, and the answers (ADR 0037).
const satisfaction = createRoute({ getParentRoute: () => app, path: '/satisfaction', validateSearch: parseSatisfactionSearch, component: lazyRouteComponent(() => import('./pages/surveys/SatisfactionPage'), 'SatisfactionPage') });
const customerPage = createRoute({ getParentRoute: () => app, path: '/customers/$customerId', component: lazyRouteComponent(() => import('./pages/customers/CustomerPage'), 'CustomerPage') });
// Returns (RMAs): the queue, one return (receive, inspect, refund), analytics, reasons and policy.
const returns = createRoute({ getParentRoute: () => app, path: '/returns', validateSearch: parseReturnsSearch, component: lazyRouteComponent(() => import('./pages/returns/ReturnsPage'), 'ReturnsPage') });
const returnReasons = createRoute({ getParentRoute: () => app, path: '/returns/reasons', component: lazyRouteComponent(() => import('./pages/returns/ReturnReasonsPage'), 'ReturnReasonsPage') });
const returnPolicy = createRoute({ getParentRoute: () => app, path: '/returns/policy', component: lazyRouteComponent(() => import('./pages/returns/ReturnPolicyPage'), 'ReturnPolicyPage') });
const returnAnalytics = createRoute({ getParentRoute: () => app, path: '/returns/analytics', component: lazyRouteComponent(() => import('./pages/returns/ReturnAnalyticsPage'), 'ReturnAnalyticsPage') });
const returnPage = createRoute({ getParentRoute: () => app, path: '/returns/$returnId', component: lazyRouteComponent(() => import('./pages/returns/ReturnPage'), 'ReturnPage') });
// Warehouse: queue, fulfillment order, pick list, pack station, shipments, manifests.
const fulfillment = createRoute({ getParentRoute: () => app, path: '/fulfillment', validateSearch: parseFulfillmentSearch, component: lazyRouteComponent(() => import('./pages/fulfillment/FulfillmentPage'), 'FulfillmentPage') });
const fulfillmentOrder = createRoute({ getParentRoute: () => app, path: '/fulfillment/$foId', component: lazyRouteComponent(() => import('./pages/fulfillment/FulfillmentOrderPage'), 'FulfillmentOrderPage') });
const pickList = createRoute({ getParentRoute: () => app, path: '/pick-lists/$pickListId', component: lazyRouteComponent(() => import('./pages/fulfillment/PickListPage'), 'PickListPage') });
const pack = createRoute({ getParentRoute: () => app, path: '/pack/$foId', component: lazyRouteComponent(() => import('./pages/fulfillment/PackStationPage'), 'PackStationPage') });
const shipments = createRoute({ getParentRoute: () => app, path: '/shipments', validateSearch: parseShipmentsSearch, component: lazyRouteComponent(() => import('./pages/shipments/ShipmentsPage'), 'ShipmentsPage') });
const shipment = createRoute({ getParentRoute: () => app, path: '/shipments/$shipmentId', component: lazyRouteComponent(() => import('./pages/shipments/ShipmentPage'), 'ShipmentPage') });
const manifests = createRoute({ getParentRoute: () => app, path: '/manifests', validateSearch: parseManifestsSearch, component: lazyRouteComponent(() => import('./pages/shipments/ManifestsPage'), 'ManifestsPage') });
const inventory = createRoute({ getParentRoute: () => app, path: '/inventory', validateSearch: parseStockSearch, component: lazyRouteComponent(() => import('./pages/inventory/StockPage'), 'StockPage') });
const stockAlerts = createRoute({ getParentRoute: () => app, path: '/inventory/alerts', component: lazyRouteComponent(() => import('./pages/inventory/AlertsPage'), 'AlertsPage') });
const inventorySku = createRoute({ getParentRoute: () => app, path: '/inventory/$sku', component: lazyRouteComponent(() => import('./pages/inventory/SkuPage'), 'SkuPage') });
const products = createRoute({ getParentRoute: () => app, path: '/products', component: lazyRouteComponent(() => import('./pages/products/ProductsPage'), 'ProductsPage') });
const newProduct = createRoute({ getParentRoute: () => app, path: '/products/new', component: lazyRouteComponent(() => import('./pages/products/ProductPage'), 'NewProductPage') });
const product = createRoute({ getParentRoute: () => app, path: '/products/$sku', component: lazyRouteComponent(() => import('./pages/products/ProductPage'), 'ProductPage') });
const inbound = createRoute({ getParentRoute: () => app, path: '/inbound', validateSearch: parseInboundSearch, component: lazyRouteComponent(() => import('./pages/inbound/InboundPage'), 'InboundPage') });
const inboundShipment = createRoute({ getParentRoute: () => app, path: '/inbound/$id', component: lazyRouteComponent(() => import('./pages/inbound/InboundShipmentPage'), 'InboundShipmentPage') });
const reservations = createRoute({
  getParentRoute: () => app,
  path: '/reservations',
  validateSearch: parseReservationsSearch,
  component: lazyRouteComponent(() => import('./pages/reservations/ReservationsPage'), 'ReservationsPage'),
});

// Set-up screens (operations lead / admin): locations, routing, carriers, shipping rules, boxes.
const locations = createRoute({ getParentRoute: () => app, path: '/locations', component: lazyRouteComponent(() => import('./pages/locations/LocationsPage'), 'LocationsPage') });
const newLocation = createRoute({ getParentRoute: () => app, path: '/locations/new', component: lazyRouteComponent(() => import('./pages/locations/LocationPage'), 'NewLocationPage') });
const locationPage = createRoute({ getParentRoute: () => app, path: '/locations/$code', component: lazyRouteComponent(() => import('./pages/locations/LocationPage'), 'LocationPage') });
const routing = createRoute({ getParentRoute: () => app, path: '/routing', component: lazyRouteComponent(() => import('./pages/routing/RoutingPage'), 'RoutingPage') });
const newPolicy = createRoute({ getParentRoute: () => app, path: '/routing/new', component: lazyRouteComponent(() => import('./pages/routing/PolicyEditorPage'), 'NewPolicyPage') });
const policyPage = createRoute({ getParentRoute: () => app, path: '/routing/$name', component: lazyRouteComponent(() => import('./pages/routing/PolicyEditorPage'), 'PolicyEditorPage') });
const carriers = createRoute({ getParentRoute: () => app, path: '/carriers', component: lazyRouteComponent(() => import('./pages/carriers/CarriersPage'), 'CarriersPage') });
const newCarrier = createRoute({ getParentRoute: () => app, path: '/carriers/new', component: lazyRouteComponent(() => import('./pages/carriers/CarrierPage'), 'NewCarrierPage') });
const carrierPage = createRoute({ getParentRoute: () => app, path: '/carriers/$code', component: lazyRouteComponent(() => import('./pages/carriers/CarrierPage'), 'CarrierPage') });
const shippingRules = createRoute({ getParentRoute: () => app, path: '/shipping/rules', component: lazyRouteComponent(() => import('./pages/shipping-rules/ShippingRulesPage'), 'ShippingRulesPage') });
const boxes = createRoute({ getParentRoute: () => app, path: '/boxes', component: lazyRouteComponent(() => import('./pages/boxes/BoxesPage'), 'BoxesPage') });

/** Screens another change builds: the navigation already leads here. */
const comingSoon = <Path extends string>(path: Path, title: string) =>
  createRoute({ getParentRoute: () => app, path, component: lazyRouteComponent(() => import('./pages/ComingSoon'), 'ComingSoon'), staticData: { title } });
const shipping = comingSoon('/shipping', 'Shipping');
const channels = createRoute({ getParentRoute: () => app, path: '/channels', component: lazyRouteComponent(() => import('./pages/channels/ChannelsPage'), 'ChannelsPage') });
const channel = createRoute({
  getParentRoute: () => app,
  path: '/channels/$channelId',
  validateSearch: parseChannelSearch,
  component: lazyRouteComponent(() => import('./pages/channels/ChannelPage'), 'ChannelPage'),
});
const webhooks = createRoute({
  getParentRoute: () => app,
  path: '/webhooks',
  validateSearch: parseWebhooksSearch,
  component: lazyRouteComponent(() => import('./pages/webhooks/WebhooksPage'), 'WebhooksPage'),
});
const settings = createRoute({ getParentRoute: () => app, path: '/settings', component: lazyRouteComponent(() => import('./pages/settings/SettingsPage'), 'SettingsPage') });
const apiKeys = createRoute({ getParentRoute: () => app, path: '/api-keys', component: lazyRouteComponent(() => import('./pages/api-keys/ApiKeysPage'), 'ApiKeysPage') });
// Where an admin may look for them too.
const settingsApiKeys = createRoute({ getParentRoute: () => app, path: '/settings/api-keys', beforeLoad: () => { throw redirect({ to: '/api-keys' }); } });
// Customer messages (ADRs 0033–0035): what was sent, the templates, the suppression list.
const messages = createRoute({ getParentRoute: () => app, path: '/messages', validateSearch: parseMessagesSearch, component: lazyRouteComponent(() => import('./pages/messages/MessagesPage'), 'MessagesPage') });
const messageTemplates = createRoute({ getParentRoute: () => app, path: '/messages/templates', component: lazyRouteComponent(() => import('./pages/messages/TemplatesPage'), 'TemplatesPage') });
const messageTemplate = createRoute({ getParentRoute: () => app, path: '/messages/templates/$key/$locale', component: lazyRouteComponent(() => import('./pages/messages/TemplateEditorPage'), 'TemplateEditorPage') });
const suppressions = createRoute({ getParentRoute: () => app, path: '/messages/suppressions', component: lazyRouteComponent(() => import('./pages/messages/SuppressionsPage'), 'SuppressionsPage') });
const users = createRoute({ getParentRoute: () => app, path: '/users', component: lazyRouteComponent(() => import('./pages/users/UsersPage'), 'UsersPage') });

const routeTree = root.addChildren([
  login,
  forgotPassword,
  resetPassword,
  setup,
  app.addChildren([home, orders, order, returns, returnReasons, returnPolicy, returnAnalytics, returnPage, customers, customerPage, automations, newAutomation, automation, messages, messageTemplates, messageTemplate, suppressions, satisfaction, reviews, reviewCase, risk, riskNew, fulfillment, fulfillmentOrder, pickList, pack, shipments, shipment, manifests, inventory, stockAlerts, inventorySku, products, newProduct, product, inbound, inboundShipment, reservations, routing, shipping, channels, channel, webhooks, settings, apiKeys, settingsApiKeys, users, locations, newLocation, locationPage, newPolicy, policyPage, carriers, newCarrier, carrierPage, shippingRules, boxes]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // Data freshness is TanStack Query's job; the router never caches loader results itself.
    defaultPreloadStaleTime: 0,
    defaultErrorComponent: ErrorView,
    defaultNotFoundComponent: () => <NotFound />,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
  interface StaticDataRouteOption {
    title?: string;
  }
}
