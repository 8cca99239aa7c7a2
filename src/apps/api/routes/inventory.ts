import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, listOf } from '../../../platform/http/schemas.js';
import { AdjustmentBody, AdjustmentsView, listMovements, listStock, MovementQuery, MovementView, movementView, resolveLocations, SkuStockView, StockLevelView, stockLevelView, StockQuery, type LocationRow } from '../../../modules/inventory/index.js';
import { actorLabels } from '../../../modules/tenancy/index.js';
import { adjustInventory } from '../../../flows/inventory/adjust-inventory.js';
import { skuStock } from '../../../flows/inventory/sku-stock.js';

/** GET /v1/inventory: stock levels per SKU × location. */
export function inventoryRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/inventory', {
      config: { action: 'read' },
      schema: { tags: ['inventory'], summary: 'Stock levels per SKU × location', querystring: StockQuery, response: { 200: listOf(StockLevelView) } },
    }, async (request) => {
      const { tenantId } = request.principal;
      const locationId = request.query.location ? ((await resolveLocations(db, tenantId, [request.query.location], () => 'query.location'))[0] as LocationRow).id : undefined;
      const pageOf = pageRequest(request.query, /^[^\n]+\nloc_[0-9a-z]{26}$/);
      const rows = await listStock(db, tenantId, { ...(request.query.sku ? { sku: request.query.sku } : {}), ...(request.query.sku_prefix ? { skuPrefix: request.query.sku_prefix } : {}), ...(locationId ? { locationId } : {}) }, pageOf);
      return page(rows.map(stockLevelView), pageOf, (r) => [r.sku, r.location_id]);
    });
  };
}

/**
 * POST /v1/inventory/adjustments and GET /v1/inventory/{sku}: flows (arriving stock fills backorders;
 * a kit's stock is derived from its components). Registered after /v1/products, where the OpenAPI
 * document has always listed them.
 */
export function inventorySkuRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/inventory/adjustments', {
      config: { action: 'inventory:write' },
      schema: {
        tags: ['inventory'],
        summary: 'Adjust on-hand stock (one adjustment, or many all-or-nothing); arriving stock fills backorders oldest first',
        body: AdjustmentBody,
        response: { 201: AdjustmentsView },
      },
    }, async (request, reply) => {
      const body = request.body;
      const batch = 'adjustments' in body;
      return reply.code(201).send(await adjustInventory(db, actorOf(request.principal), batch ? body.adjustments : [body], deps.clock(), batch ? undefined : (_i, name) => name));
    });

    app.get('/v1/inventory/:sku', {
      config: { action: 'read' },
      schema: {
        tags: ['inventory'],
        summary: 'Stock of one SKU at every location, and the total available to promise (for a kit: derived from its components)',
        params: Type.Object({ sku: Code }),
        response: { 200: SkuStockView },
      },
    }, async (request) => skuStock(db, request.principal.tenantId, request.params.sku));

    app.get('/v1/inventory/:sku/movements', {
      config: { action: 'read' },
      schema: {
        tags: ['inventory'],
        summary: 'The SKU’s movement ledger, newest first: every change of on-hand with its reason, reference and actor',
        params: Type.Object({ sku: Code }),
        querystring: MovementQuery,
        response: { 200: listOf(MovementView) },
      },
    }, async (request) => {
      const { tenantId } = request.principal;
      const locationId = request.query.location ? ((await resolveLocations(db, tenantId, [request.query.location], () => 'query.location'))[0] as LocationRow).id : undefined;
      const pageOf = pageRequest(request.query, /^mov_[0-9a-z]{26}$/);
      const rows = await listMovements(db, tenantId, request.params.sku, { locationId }, pageOf);
      const labels = await actorLabels(db, tenantId, [...new Set(rows.map((r) => r.actor))]);
      return page(rows.map((r) => movementView(r, labels.get(r.actor) ?? r.actor)), pageOf, (m) => [m.id]);
    });
  };
}
