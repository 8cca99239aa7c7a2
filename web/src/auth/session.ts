import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, call, isProblem, setCsrfToken } from '../api/client';
import type { Session } from '../api/types';

export type { Session, SessionUser, UserRole } from '../api/types';

/**
 * Who is signed in (GET /v1/session), or null. A 401 is an answer here, not an error: the router
 * sends the page to /login. The CSRF token travels with the session into the API client.
 */
export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async (): Promise<Session | null> => {
    try {
      const session = await call(api.GET('/v1/session'));
      setCsrfToken(session.csrf_token);
      return session;
    } catch (error) {
      if (isProblem(error) && error.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw error;
    }
  },
  staleTime: 5 * 60_000,
  retry: false,
});

export async function signIn(queryClient: QueryClient, email: string, password: string): Promise<Session> {
  const session = await call(api.POST('/v1/session', { body: { email, password } }));
  setCsrfToken(session.csrf_token);
  // What the previous user saw must not show through for the next one.
  queryClient.clear();
  queryClient.setQueryData(sessionQuery.queryKey, session);
  return session;
}

/** Makes the installation's first admin with the printed setup token (POST /v1/setup), signed in at once. */
export async function setUpFirstAdmin(queryClient: QueryClient, body: { token: string; email: string; name: string; password: string }): Promise<Session> {
  const session = await call(api.POST('/v1/setup', { body }));
  setCsrfToken(session.csrf_token);
  queryClient.clear();
  queryClient.setQueryData(sessionQuery.queryKey, session);
  return session;
}

/** Whether no one can sign in yet (a new installation): sign-in then says where the setup link is. */
export const setupStateQuery = queryOptions({
  queryKey: ['setup'],
  queryFn: () => call(api.GET('/v1/setup')),
  staleTime: 60_000,
  retry: false,
});

export async function signOut(queryClient: QueryClient): Promise<void> {
  try {
    await call(api.DELETE('/v1/session'));
  } finally {
    setCsrfToken(null);
    queryClient.clear();
    queryClient.setQueryData(sessionQuery.queryKey, null);
  }
}

/** A request answered 401 (not a wrong password at sign-in): the session ended or was revoked. */
export const isSessionGone = (error: unknown): boolean => isProblem(error) && error.status === 401 && error.code !== 'AUTH_CREDENTIALS_INVALID';
