import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { pageRequest } from '../../../platform/http/pagination.js';
import { listOf } from '../../../platform/http/schemas.js';
import { StockAlertQuery, StockAlertView } from '../../../modules/inventory/index.js';
import { listStockAlerts } from '../../../flows/inventory/stock-alerts.js';

/** GET /v1/stock-alerts: the low-stock list. */
export function stockAlertRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/stock-alerts', {
      config: { action: 'read' },
      schema: {
        tags: ['inventory'],
        summary: 'Stock at or below its low-stock threshold now, per SKU × location (by SKU, then location)',
        querystring: StockAlertQuery,
        response: { 200: listOf(StockAlertView) },
      },
    }, async (request) => listStockAlerts(db, request.principal.tenantId, pageRequest(request.query, /^[^\n]+\nloc_[0-9a-z]{26}$/)));
  };
}
