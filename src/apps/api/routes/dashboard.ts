import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { dashboard } from '../../../flows/dashboard/dashboard.js';
import type { AppDeps } from '../../../platform/http/deps.js';

const Count = Type.Integer({ minimum: 0 });

/** The home page's answer; it reads several modules, so its schema lives here. */
const DashboardView = Type.Object({
  today: Type.Object(
    {
      orders_in: Type.Integer({ minimum: 0, description: 'Orders created today' }),
      awaiting_fulfillment: Type.Integer({ minimum: 0, description: 'Orders not yet shipped in full and not cancelled' }),
      shipped: Type.Integer({ minimum: 0, description: 'Orders with a shipment (label) created today, voided labels aside' }),
      late: Type.Integer({ minimum: 0, description: 'Orders with a fulfillment order still to ship whose promised ship-by date has passed' }),
      backordered_units: Type.Integer({ minimum: 0, description: 'Units on order waiting for stock' }),
      low_stock_skus: Type.Integer({ minimum: 0, description: 'SKUs available at or below their low-stock threshold (or out of stock) at some location' }),
    },
    { description: 'Today in the time zone asked for' },
  ),
  orders_per_hour: Type.Array(Type.Object({ hour: Type.String({ format: 'date-time', description: 'Start of the hour' }), count: Count }), {
    minItems: 168,
    maxItems: 168,
    description: 'The last 7 days, oldest first, the current hour last; hours without orders count 0',
  }),
  checklist: Type.Array(
    Type.Object({
      id: Type.String({ description: 'location_address, product_dimensions, stock, box, carrier, shipping_rules, channel, staff_user' }),
      done: Type.Boolean(),
      title: Type.String(),
      hint: Type.String(),
      link: Type.String({ description: 'The console page where it is done' }),
    }),
    { description: 'What a first shipment still needs' },
  ),
});

/** /v1/dashboard */
export function dashboardRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/dashboard', {
      config: { action: 'read' },
      schema: {
        tags: ['operations'],
        summary: 'The home page: today’s numbers, orders per hour over 7 days, and the first-shipment checklist',
        querystring: Type.Object({ tz: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone that says when today starts (default UTC)', examples: ['Europe/Paris'] })) }, { additionalProperties: false }),
        response: { 200: DashboardView },
      },
    }, async (request) => dashboard(db, request.principal.tenantId, deps.clock(), request.query.tz ?? 'UTC'));
  };
}
