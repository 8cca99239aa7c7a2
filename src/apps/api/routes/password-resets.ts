import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { confirmPasswordReset, issuePasswordReset, PasswordResetBody, PasswordResetConfirmBody } from '../../../modules/tenancy/index.js';

/**
 * /v1/password-resets: a person who forgot their password asks for a link, then sets a new one
 * with it. Until the installation sends e-mail (the notifications issue), the link is not sent:
 * the log says one was issued, and an operator prints a fresh one with `oms users reset-link EMAIL`.
 */
export function passwordResetRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/password-resets', {
      config: { action: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Ask for a password reset link (valid one hour, once). Always 202, whether or not the e-mail has an account.',
        security: [],
        body: PasswordResetBody,
        response: { 202: Type.Null() },
      },
    }, async (request, reply) => {
      const issued = await issuePasswordReset(db, request.body.email, undefined, deps.clock());
      // Never the token (nor the e-mail): the log is no way in.
      if (issued) request.log.info({ user_id: issued.userId }, `a reset link was issued for ${issued.userId}`);
      return reply.code(202).send(null);
    });

    app.post('/v1/password-resets/confirm', {
      config: { action: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Set a new password with the token of a reset link; the link is used up and every session of the user ends. Then sign in.',
        security: [],
        body: PasswordResetConfirmBody,
        response: { 204: Type.Null() },
      },
    }, async (request, reply) => {
      await confirmPasswordReset(db, request.body.token, request.body.password, deps.clock());
      return reply.code(204).send(null);
    });
  };
}
