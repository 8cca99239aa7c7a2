/** One invalid field of a request, as the API names it (`lines[0].quantity`, `email`). */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An RFC 9457 problem+json answer (docs/errors.md) as a typed error: every failed call throws one, so
 * a screen shows `title`/`detail` and puts each `errors[]` entry next to its field. A request that got
 * no answer at all (network down, server stopped) is status 0, code `NETWORK`.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly code: string;
  readonly errors: FieldError[];
  /** The detail without the developer's "what to do" (`fix`) the API appends to it. */
  readonly reading: string;

  constructor(problem: { status: number; title: string; detail?: string; code?: string; errors?: FieldError[]; fix?: string }) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ProblemError';
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail ?? '';
    this.code = problem.code ?? `HTTP_${problem.status}`;
    this.errors = problem.errors ?? [];
    const fix = problem.fix ?? '';
    this.reading = fix && this.detail.endsWith(fix) ? this.detail.slice(0, -fix.length).trim() : this.detail;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The problem an error answer carries; a body that is not one (a proxy's HTML page) still becomes one. */
export function problemFrom(response: Response, body: unknown): ProblemError {
  if (isRecord(body) && typeof body.title === 'string') {
    const errors = Array.isArray(body.errors)
      ? body.errors.filter(isRecord).map((e) => ({ field: text(e.field) ?? '', message: text(e.message) ?? '' }))
      : [];
    return new ProblemError({ status: response.status, title: body.title, detail: text(body.detail) ?? '', code: text(body.code) ?? `HTTP_${response.status}`, errors, fix: text(body.fix) });
  }
  return new ProblemError({ status: response.status, title: response.statusText || `HTTP ${response.status}`, detail: `The server answered ${response.status} without a problem description.` });
}

export function networkProblem(cause: unknown): ProblemError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new ProblemError({ status: 0, title: 'No answer from the server', detail: `The request did not reach the OMS (${why}). Check the connection and try again.`, code: 'NETWORK' });
}

export const isProblem = (e: unknown): e is ProblemError => e instanceof ProblemError;
