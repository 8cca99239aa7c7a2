import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as generatedPaths } from './schema';
import type { PendingPaths } from './pending';
import { networkProblem, problemFrom } from './problem';

export { ProblemError, isProblem, type FieldError } from './problem';

/** The API as the console sees it: generated from docs/openapi.json, plus contracts not merged yet (pending.ts). */
export type Paths = Omit<generatedPaths, keyof PendingPaths> & PendingPaths;

let csrfToken: string | null = null;

/** The session's CSRF token (GET /v1/session), sent on every request that changes something. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For the few requests openapi-fetch cannot make (an upload with progress: api/upload.ts). */
export const currentCsrfToken = (): string | null => csrfToken;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !SAFE_METHODS.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

/**
 * Same origin as the console: the session cookie (HttpOnly, SameSite=Lax) goes with every request and
 * no key is ever held by the page's script.
 */
export const api = createClient<Paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The data of a call, or a thrown ProblemError: `await call(api.GET('/v1/orders', { params }))`.
 * Screens and TanStack Query only ever see data or a ProblemError.
 */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (cause) {
    throw networkProblem(cause);
  }
  if (!answer.response.ok) throw problemFrom(answer.response, answer.error);
  return answer.data as T;
}
