import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { listOf } from '../../../platform/http/schemas.js';
import { changeStaffUser, createStaffUser } from '../../../flows/tenancy/staff-users.js';
import { getUser, issuePasswordResetFor, listUsers, ResetLinkView, UserBody, UserId, UserPatchBody, UserView, userView } from '../../../modules/tenancy/index.js';

/** /v1/users: the tenant's staff accounts (admins only). */
export function userRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/users', {
      config: { action: 'users:manage' },
      schema: { tags: ['users'], summary: 'List your tenant’s staff accounts, newest first (never their passwords)', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(UserView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, /^usr_[0-9a-z]{26}$/);
      const rows = await listUsers(db, request.principal.tenantId, pageOf);
      return page(rows.map(userView), pageOf, (u) => [u.id]);
    });

    app.post('/v1/users', {
      config: { action: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Create a staff account. The e-mail is unique across the installation; without `password` the user sets one through a reset link. Role `location` needs `location` (code or id).',
        body: UserBody,
        response: { 201: UserView },
      },
    }, async (request, reply) => reply.code(201).send(userView(await createStaffUser(db, actorOf(request.principal), request.body, deps.clock()))));

    app.get('/v1/users/:id', {
      config: { action: 'users:manage' },
      schema: { tags: ['users'], summary: 'A staff account', params: UserId, response: { 200: UserView } },
    }, async (request) => userView(await getUser(db, request.principal.tenantId, request.params.id)));

    app.patch('/v1/users/:id', {
      config: { action: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Change a staff account’s name, role, location or `disabled`. Disabling ends its sessions at once; the tenant’s last active admin cannot be demoted or disabled (409).',
        params: UserId,
        body: UserPatchBody,
        response: { 200: UserView },
      },
    }, async (request) => userView(await changeStaffUser(db, actorOf(request.principal), request.params.id, request.body, deps.clock())));

    // Until the installation sends e-mail, an admin hands the link over (as `oms users reset-link` prints it).
    app.post('/v1/users/:id/reset-link', {
      config: { action: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Issue a password reset link for a staff account and answer it to the admin (valid one hour, once; earlier links stop working). For a new account without a password, or one who forgot it, until the installation sends e-mail.',
        params: UserId,
        response: { 201: ResetLinkView },
      },
    }, async (request, reply) => {
      const issued = await issuePasswordResetFor(db, actorOf(request.principal), request.params.id, deps.clock());
      return reply.code(201).send({ url: `${deps.config.publicUrl}/reset-password?token=${issued.token}`, expires_at: issued.expiresAt.toISOString() });
    });

    app.delete('/v1/users/:id', {
      config: { action: 'users:manage' },
      schema: { tags: ['users'], summary: 'Disable a staff account: it can no longer sign in and its sessions end at once. The account stays (the timeline names it); PATCH `disabled: false` enables it again.', params: UserId, response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await changeStaffUser(db, actorOf(request.principal), request.params.id, { disabled: true }, deps.clock());
      return reply.code(204).send(null);
    });
  };
}
