import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { roles, type Role } from '../../../modules/tenancy/index.js';
import { issueKey } from '../../../flows/tenancy/issue-api-key.js';

const RoleSchema = Type.Unsafe<Role>(Type.String({ enum: [...roles] }));

export function apiKeyRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.post('/v1/api-keys', {
      config: { action: 'keys:manage' },
      schema: {
        tags: ['tenancy'],
        summary: 'Issue an API key for your tenant; the key is shown once. A channel key is bound to one channel (`channel`: it captures and reads only that channel’s orders) or stands for one location (`location`: its fulfillment orders and shipments only).',
        body: Type.Object({ name: text(200), role: RoleSchema, location: Type.Optional(Code), channel: Type.Optional(Type.String({ pattern: '^chn_[0-9a-z]{26}$', description: 'The channel id a channel key captures for' })) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ id: Type.String(), name: Type.String(), role: RoleSchema, key: Type.String(), key_prefix: Type.String(), created_at: Timestamp, location: nullable(Type.String()), channel_id: nullable(Type.String()) }),
        },
      },
    }, async (request, reply) => reply.code(201).send(await issueKey(deps.database.db, actorOf(request.principal), request.body, deps.clock())));
  };
}
