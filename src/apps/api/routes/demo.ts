import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { carrierSecretsOf } from '../../../modules/shipping/index.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { loadDemo } from '../../demo/load-demo.js';

const DemoSummaryView = Type.Object({
  tenant_id: Type.String(),
  locations: Type.Integer(),
  products: Type.Integer(),
  orders: Type.Integer(),
  by_target: Type.Record(Type.String(), Type.Integer(), { description: 'Orders per state they were taken to (delivered, in_transit, label_created, packed, picking, accepted, new, backordered, cancelled, partly_cancelled, late)' }),
  took_ms: Type.Integer(),
});

/** /v1/demo */
export function demoRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/demo', {
      config: { action: 'settings:write' }, // admin only: it configures the whole tenant
      schema: {
        tags: ['operations'],
        summary: 'Load the demo data set (locations, catalogue, stock, boxes, sample carriers, channels, ~40 orders in every state) into your tenant',
        description: 'Only into a tenant that has no orders yet: otherwise 409 DEMO_TENANT_NOT_EMPTY and nothing changes. The same as `oms demo --tenant <id>`.',
        response: { 201: DemoSummaryView },
      },
    }, async (request, reply) => {
      const key = deps.config.secretKey;
      if (!key) throw new Error('no OMS_SECRET_KEY: the demo channels cannot seal their secrets');
      return reply.code(201).send(await loadDemo(db, request.principal.tenantId, deps.clock(), { secretKey: key, secrets: carrierSecretsOf(deps.config) }));
    });
  };
}
