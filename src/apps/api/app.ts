import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../../platform/config.js';
import type { Database } from '../../platform/db/database.js';
import { reviewRoutes } from './routes/reviews.js';
import { verifyRoutes } from './routes/verify.js';
import type { AppDeps } from '../../platform/http/deps.js';
import { configureLinkSigning } from '../../platform/kernel/link-signing.js';
import { installJsonBodyParser } from '../../platform/http/json-body.js';
import { installProblemHandling } from '../../platform/http/problem.js';
import { installRequestLimits, serverLimitOptions } from '../../platform/http/timeouts.js';
import { Problem } from '../../platform/http/schemas.js';
import { installValidation } from '../../platform/http/validation.js';
import type { Clock } from '../../platform/kernel/clock.js';
import { systemClock } from '../../platform/kernel/clock.js';
import { createMetrics, type Metrics } from '../../platform/metrics.js';
import { withLogSerializers } from '../../platform/logging.js';
import { AuthFailureLimiter } from '../../platform/http/auth-failures.js';
import { closeCpuPool, configureCpuPool } from '../../platform/cpu/pool.js';
import '../../platform/http/principal.js';
import { installAuth } from './auth.js';
import { installWebConsole } from './web-console.js';
import { inventoryRoutes, inventorySkuRoutes } from './routes/inventory.js';
import { stockAlertRoutes } from './routes/stock-alerts.js';
import { inboundRoutes } from './routes/inbound.js';
import { locationRoutes } from './routes/locations.js';
import { productRoutes } from './routes/products.js';
import { reservationRoutes } from './routes/reservations.js';
import { orderRoutes } from './routes/orders.js';
import { orderTransactionRoutes } from './routes/order-transactions.js';
import { orderEditRoutes } from './routes/order-edits.js';
import { returnRoutes } from './routes/returns.js';
import { returnCreditRoutes } from './routes/return-credits.js';
import { storeCreditRoutes } from './routes/store-credit.js';
import { customerRoutes } from './routes/customers.js';
import { notificationRoutes } from './routes/notifications.js';
import { suppressionRoutes } from './routes/suppressions.js';
import { notificationTemplateRoutes } from './routes/notification-templates.js';
import { installVerifyPages } from '../portal/verify-pages.js';
import { installSurveyPages } from '../portal/survey-pages.js';
import { surveyRoutes } from './routes/surveys.js';
import { automationRoutes } from './routes/automations.js';
import { installPortalPages } from '../portal/portal-pages.js';
import { riskRoutes } from './routes/risk.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { sessionRoutes } from './routes/session.js';
import { setupRoutes } from './routes/setup.js';
import { userRoutes } from './routes/users.js';
import { passwordResetRoutes } from './routes/password-resets.js';
import { settingsRoutes } from './routes/settings.js';
import { tenantRoutes } from './routes/tenants.js';
import { operationalRoutes } from './routes/operational.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { demoRoutes } from './routes/demo.js';
import { boxRoutes } from './routes/boxes.js';
import { carrierRoutes, carrierWebhookRoutes } from './routes/carriers.js';
import { fulfillmentOrderPackingRoutes, fulfillmentOrderRoutes, fulfillmentOrderShippingRoutes } from './routes/fulfillment-orders.js';
import { manifestRoutes } from './routes/manifests.js';
import { pickListRoutes, pickListShippingRoutes } from './routes/pick-lists.js';
import { promiseRoutes } from './routes/promise.js';
import { rateRoutes } from './routes/rates.js';
import { shipmentItemRoutes, shipmentRoutes } from './routes/shipments.js';
import { shippingRoutes } from './routes/shipping.js';
import { trackingNumberRoutes } from './routes/tracking-numbers.js';
import { routingRoutes } from './routes/routing.js';
import { availabilityRoutes } from './routes/availability.js';
import { channelImportRoutes, channelRoutes } from './routes/channels.js';
import { x12DocumentRoutes } from './routes/x12-documents.js';
import { exportRoutes } from './routes/exports.js';
import { webhookDeliveryRoutes } from './routes/webhook-deliveries.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.js';
import { importRoutes } from './routes/imports.js';

export interface BuildAppOptions {
  database: Database;
  config: Config;
  clock?: Clock;
  logger?: boolean | Record<string, unknown>;
  /** The process's metrics, shared with its workers; a fresh set when not given. */
  metrics?: Metrics;
  /** The built operator console served at / (default web/dist of this installation). */
  webConsoleDir?: string;
}

/** Builds the HTTP application; `main` only listens. Tests use `app.inject`. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withLogSerializers(options.logger),
    trustProxy: options.config.trustProxy,
    bodyLimit: options.config.bodyLimitBytes,
    ...serverLimitOptions(options.config),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\x21-\x7e]{1,128}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    ajv: undefined,
  });
  const metrics = options.metrics ?? createMetrics();
  const deps: AppDeps = { database: options.database, clock: options.clock ?? systemClock, config: options.config, metrics, authFailures: new AuthFailureLimiter() };

  // CPU-heavy work runs on the process's worker pool; the app that closes ends its threads.
  configureCpuPool({ threads: options.config.cpuThreads, deadlineMs: options.config.cpuDeadlineMs });
  // Links made deep in flows (a verification hold placed at capture) are signed with this (ADR 0031).
  configureLinkSigning(options.config.secretKey, options.config.publicUrl);
  app.addHook('onClose', () => closeCpuPool());
  installValidation(app);
  installJsonBodyParser(app);
  // Before the problem handling: a page of the console (any unmatched GET for HTML) is its index.html, not a 404.
  installWebConsole(app, options.webConsoleDir);
  installProblemHandling(app, options.database.outage);
  installRequestLimits(app, options.config);
  app.addSchema(Problem);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'OMS API', version: '0.1.0', description: 'Order management: capture, inventory, allocation. Errors are RFC 9457 problem+json.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer oms_…`' },
          session: { type: 'apiKey', in: 'cookie', name: 'oms_session', description: 'A signed-in person (POST /v1/session); requests other than GET/HEAD/OPTIONS also send `X-CSRF-Token`' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  // Registered before the docs plugin so it sees (and opens) the /docs routes.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), action: 'public' };
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  const auth = installAuth(app, deps.database.db, deps.authFailures, deps.clock);
  deps.onKeyRevoked = auth.clearCache;

  // One file per /v1 resource (src/apps/api/routes/<resource>.ts). This order is the order of the
  // paths in docs/openapi.json; a resource listed there in two places exports a second plugin.
  await app.register(operationalRoutes(deps));
  await app.register(dashboardRoutes(deps));
  await app.register(demoRoutes(deps));
  await app.register(tenantRoutes(deps));
  await app.register(apiKeyRoutes(deps));
  await app.register(sessionRoutes(deps));
  await app.register(setupRoutes(deps));
  await app.register(passwordResetRoutes(deps));
  await app.register(userRoutes(deps));
  await app.register(settingsRoutes(deps));
  await app.register(locationRoutes(deps));
  await app.register(inventoryRoutes(deps));
  await app.register(productRoutes(deps));
  await app.register(inventorySkuRoutes(deps));
  await app.register(stockAlertRoutes(deps));
  await app.register(reservationRoutes(deps));
  await app.register(inboundRoutes(deps));
  await app.register(orderRoutes(deps));
  await app.register(orderTransactionRoutes(deps));
  await app.register(orderEditRoutes(deps));
  await app.register(returnRoutes(deps));
  await app.register(returnCreditRoutes(deps));
  await app.register(storeCreditRoutes(deps));
  await app.register(customerRoutes(deps));
  await app.register(riskRoutes(deps));
  await app.register(reviewRoutes(deps));
  await app.register(verifyRoutes(deps));
  // The customer's page behind a verification link (server-rendered, no JavaScript).
  await installVerifyPages(app, deps.database.db, deps.clock);
  // The satisfaction survey behind the delivered e-mail's link (server-rendered, no JavaScript; ADR 0037).
  await installSurveyPages(app, deps.database.db, deps.clock);
  await app.register(surveyRoutes(deps));
  await app.register(automationRoutes(deps));
  // The customer portal at /portal/{slug} (ADR 0036): server-rendered, no JavaScript.
  await installPortalPages(app, deps.database.db, deps.clock);
  await app.register(notificationRoutes(deps));
  await app.register(suppressionRoutes(deps));
  await app.register(notificationTemplateRoutes(deps));
  await app.register(fulfillmentOrderRoutes(deps));
  await app.register(boxRoutes(deps));
  await app.register(pickListRoutes(deps));
  await app.register(fulfillmentOrderPackingRoutes(deps));
  await app.register(routingRoutes(deps));
  await app.register(availabilityRoutes(deps));
  await app.register(carrierRoutes(deps));
  await app.register(shippingRoutes(deps));
  await app.register(trackingNumberRoutes());
  await app.register(rateRoutes(deps));
  await app.register(fulfillmentOrderShippingRoutes(deps));
  await app.register(shipmentRoutes(deps));
  await app.register(pickListShippingRoutes(deps));
  await app.register(shipmentItemRoutes(deps));
  await app.register(manifestRoutes(deps));
  await app.register(promiseRoutes(deps));
  await app.register(carrierWebhookRoutes(deps));
  await app.register(channelRoutes(deps));
  await app.register(x12DocumentRoutes(deps));
  await app.register(exportRoutes(deps));
  await app.register(webhookEndpointRoutes(deps));
  await app.register(webhookDeliveryRoutes(deps));
  await app.register(channelImportRoutes(deps));
  await app.register(importRoutes(deps));
  return app;
}
