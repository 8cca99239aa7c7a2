import type { FastifyReply, FastifyRequest } from 'fastify';

/** The staff session cookie (ADR 0016): an opaque 256-bit token; the database keeps its SHA-256. */
export const SESSION_COOKIE = 'oms_session';

/** The cookie's value from the Cookie header, if it is there and looks like a token. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== SESSION_COOKIE) continue;
    const value = rest.join('=');
    return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * HttpOnly (scripts never read it), SameSite=Lax (other sites' forms and scripts do not send it on
 * POST/PATCH/DELETE), Path=/, Secure when the request came over https (request.protocol follows
 * X-Forwarded-Proto only from proxies trusted with OMS_TRUST_PROXY). The browser keeps it until
 * the session's absolute end at most; whether it is still good is decided by the server.
 */
function cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(request.protocol === 'https' ? ['Secure'] : [])].join('; ');
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.header('set-cookie', cookie(request, token, maxAgeSeconds));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', cookie(request, '', 0));
}
