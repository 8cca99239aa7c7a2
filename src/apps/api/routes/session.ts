import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { SignInLimiter } from '../../../platform/http/sign-in-failures.js';
import { SESSION_ABSOLUTE_MS, SessionView, SignInBody, sessionUserView, signIn, signOut, type StaffSession } from '../../../modules/tenancy/index.js';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.js';

function sessionView(s: StaffSession) {
  return { user: sessionUserView(s.user), csrf_token: s.csrfToken, expires_at: s.expiresAt.toISOString() };
}

/** /v1/session: a person signs in (a cookie), sees their session, signs out (ADR 0016). */
export function sessionRoutes(deps: AppDeps, limiter = new SignInLimiter()): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/session', {
      config: { action: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Sign in with e-mail and password: sets the `oms_session` cookie (HttpOnly, SameSite=Lax, Secure over https) and answers the CSRF token to send as X-CSRF-Token on every request that changes something. A wrong e-mail and a wrong password get the same answer; failures are limited per e-mail and address (429, Retry-After).',
        security: [],
        body: SignInBody,
        response: { 200: SessionView },
      },
    }, async (request, reply) => {
      const { email, password } = request.body;
      limiter.refuseIfLimited(request.ip, email, Date.now(), reply);
      const session = await signIn(db, email, password, deps.clock());
      if (!session?.token) {
        limiter.recordFailure(request.ip, email, Date.now());
        throw new DomainError('AUTH_CREDENTIALS_INVALID');
      }
      // The browser keeps the cookie until the session's absolute end; the idle end is the server's to enforce.
      setSessionCookie(request, reply, session.token, SESSION_ABSOLUTE_MS / 1000);
      return sessionView(session);
    });

    app.get('/v1/session', {
      config: { action: 'session' },
      schema: { tags: ['session'], summary: 'The signed-in user, the CSRF token and when the session ends (it is extended by use: 12 h idle, 7 days at most); 401 AUTH_MISSING without a live session cookie', response: { 200: SessionView } },
    }, async (request) => sessionView(request.staffSession as StaffSession));

    app.delete('/v1/session', {
      config: { action: 'session' },
      schema: { tags: ['session'], summary: 'Sign out: ends the session and clears the cookie', response: { 204: Type.Null() } },
    }, async (request, reply) => {
      const session = request.staffSession as StaffSession;
      await signOut(db, { tenantId: session.user.tenantId, sessionId: session.sessionId, userId: session.user.id }, deps.clock());
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    });
  };
}
