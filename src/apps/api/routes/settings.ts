import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { changeSettings, getSettings, SettingsSchema } from '../../../modules/tenancy/index.js';

/** /v1/settings */
export function settingsRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/settings', {
      config: { action: 'read' },
      schema: { tags: ['tenancy'], summary: 'Your tenant’s settings', response: { 200: SettingsSchema } },
    }, async (request) => getSettings(db, request.principal.tenantId));

    app.patch('/v1/settings', {
      config: { action: 'settings:write' },
      schema: { tags: ['tenancy'], summary: 'Change settings', body: Type.Partial(SettingsSchema, { additionalProperties: false, minProperties: 1 }), response: { 200: SettingsSchema } },
    }, async (request) => changeSettings(db, actorOf(request.principal), request.body, deps.clock()));
  };
}
