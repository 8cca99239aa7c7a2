import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { SignInLimiter } from '../../../platform/http/sign-in-failures.js';
import { createFirstAdmin, FirstAdminBody, isFirstAdminSetupToken, needsFirstAdmin, SESSION_ABSOLUTE_MS, SessionView, sessionUserView, SetupState, signIn } from '../../../modules/tenancy/index.js';
import { setSessionCookie } from '../session-cookie.js';

/**
 * /v1/setup: on a new installation the console makes the first admin in the browser, with the setup
 * token the server printed to its terminal (so only whoever started it can), then signs them in.
 * Once any user exists it answers 409 and the console shows sign-in instead.
 */
export function setupRoutes(deps: AppDeps, limiter = new SignInLimiter()): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/setup', {
      config: { action: 'public' },
      schema: { tags: ['session'], summary: 'Whether the installation still needs its first staff account (the console then shows the setup form)', security: [], response: { 200: SetupState } },
    }, async () => ({ needs_first_admin: await needsFirstAdmin(db) }));

    app.post('/v1/setup', {
      config: { action: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Make the first admin (root tenant) with the setup token printed by `oms serve`, and sign in: sets the session cookie. 409 SETUP_DONE once any user exists; a wrong token 403 (attempts limited per address).',
        security: [],
        body: FirstAdminBody,
        response: { 201: SessionView },
      },
    }, async (request, reply) => {
      const { token, email, name, password } = request.body;
      limiter.refuseIfLimited(request.ip, 'setup', Date.now(), reply);
      if (!(await needsFirstAdmin(db))) throw new DomainError('SETUP_DONE');
      const key = deps.config.secretKey;
      if (!key || !isFirstAdminSetupToken(key, token)) {
        limiter.recordFailure(request.ip, 'setup', Date.now());
        throw new DomainError('SETUP_TOKEN_INVALID', undefined, [{ field: 'token', message: 'is not the token this server printed' }]);
      }
      await createFirstAdmin(db, { email, name, password }, deps.clock());
      const session = await signIn(db, email, password, deps.clock());
      if (!session?.token) throw new Error('the first admin could not sign in');
      setSessionCookie(request, reply, session.token, SESSION_ABSOLUTE_MS / 1000);
      return reply.code(201).send({ user: sessionUserView(session.user), csrf_token: session.csrfToken, expires_at: session.expiresAt.toISOString() });
    });
  };
}
