import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { inTransaction } from '../../../platform/db/transaction.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { listOf, text, Timestamp } from '../../../platform/http/schemas.js';
import { roles, type Role } from '../domain/roles.js';
import { fulfillmentReleasePolicies, type FulfillmentRelease } from '../domain/settings.js';
import { listApiKeys } from '../db/tenancy.queries.js';
import { createTenant } from '../use-cases/create-tenant.js';
import { revokeKey } from '../use-cases/revoke-api-key.js';
import { changeSettings, getSettings } from '../use-cases/settings.js';

const RoleSchema = Type.Unsafe<Role>(Type.String({ enum: [...roles] }));
const IssuedKey = Type.Object({ id: Type.String(), name: Type.String(), role: RoleSchema, key: Type.String(), key_prefix: Type.String(), created_at: Timestamp });
const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  key_prefix: Type.String(),
  created_at: Timestamp,
  revoked_at: Type.Union([Timestamp, Type.Null()]),
  location_id: Type.Union([Type.String(), Type.Null()], { description: 'The one location a channel key answers for; null: not scoped' }),
  channel_id: Type.Union([Type.String(), Type.Null()], { description: 'The one sales channel a channel key captures for and reads; null: not bound' }),
});
const Account = Type.Object({ code: Type.String({ minLength: 1, maxLength: 30 }), name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
const Settings = Type.Object({
  accept_unfillable_orders_on_hold: Type.Boolean(),
  fulfillment_release: Type.Unsafe<FulfillmentRelease>(Type.String({ enum: [...fulfillmentReleasePolicies], description: 'immediate: fulfillment orders go to their location at once; waves: at the next of release_waves; review: after POST /v1/fulfillment-orders/{id}/release' })),
  release_waves: Type.Array(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }), { maxItems: 48, uniqueItems: true, description: 'Wave times of day, HH:MM UTC' }),
  accounting_accounts: Type.Object(
    { receivable: Type.Optional(Account), sales: Type.Optional(Account), shipping: Type.Optional(Account), tax: Type.Optional(Account) },
    { additionalProperties: false, description: 'Your chart of accounts for GET /v1/exports/accounting: receivable (default 1200 Accounts Receivable), sales (4000 Sales), shipping (4100 Shipping Income), tax (2200 Sales Tax Payable)' },
  ),
  location_keys_may_buy_labels: Type.Boolean({ description: 'Whether a location-scoped key (3PL, drop-ship vendor, store) may buy labels through your carriers; if false (the default) it ships by reporting its own carrier and tracking numbers' }),
});

export function tenancyRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/tenants', {
      config: { action: 'tenants:manage' },
      schema: {
        tags: ['tenancy'],
        summary: 'Create a tenant (operator of the installation only); answers its first admin key once',
        body: Type.Object({ name: text(200) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), name: Type.String(), api_key: IssuedKey }) },
      },
    }, async (request, reply) => {
      const created = await inTransaction(db, (tx) => createTenant(tx, request.principal, request.body, deps.clock()));
      return reply.code(201).send(created);
    });

    // POST /v1/api-keys lives in apps/api/routes/api-keys.ts: a key may be scoped to a location (inventory).

    app.get('/v1/api-keys', {
      config: { action: 'keys:manage' },
      schema: { tags: ['tenancy'], summary: 'List your tenant’s API keys (never the secrets)', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(ApiKeyView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, /^key_[0-9a-z]{26}$/);
      const rows = await listApiKeys(db, request.principal.tenantId, pageOf);
      const views = rows.map((k) => ({ id: k.id, name: k.name, role: k.role, key_prefix: k.keyPrefix, created_at: k.createdAt.toISOString(), revoked_at: k.revokedAt?.toISOString() ?? null, location_id: k.locationId, channel_id: k.channelId }));
      return page(views, pageOf, (k) => [k.id]);
    });

    app.delete('/v1/api-keys/:id', {
      config: { action: 'keys:manage' },
      schema: { tags: ['tenancy'], summary: 'Revoke an API key', params: Type.Object({ id: text(64) }), response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await inTransaction(db, (tx) => revokeKey(tx, actorOf(request.principal), request.params.id, deps.clock()));
      deps.onKeyRevoked?.();
      return reply.code(204).send(null);
    });

    app.get('/v1/settings', {
      config: { action: 'read' },
      schema: { tags: ['tenancy'], summary: 'Your tenant’s settings', response: { 200: Settings } },
    }, async (request) => getSettings(db, request.principal.tenantId));

    app.patch('/v1/settings', {
      config: { action: 'settings:write' },
      schema: { tags: ['tenancy'], summary: 'Change settings', body: Type.Partial(Settings, { additionalProperties: false, minProperties: 1 }), response: { 200: Settings } },
    }, async (request) => inTransaction(db, (tx) => changeSettings(tx, actorOf(request.principal), request.body, deps.clock())));
  };
}
