import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DATABASE_RETRY_AFTER_SECONDS, DatabaseOutage } from '../db/outage.js';
import { DomainError, errorCatalogue, type ErrorCode, type FieldError } from '../errors.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function problemOf(code: ErrorCode, detail?: string, errors?: FieldError[], extra?: Record<string, unknown>): ProblemBody {
  const entry = errorCatalogue[code];
  return {
    type: `urn:oms:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: entry.title,
    status: entry.status,
    detail: detail ? `${detail} ${entry.fix}` : entry.fix,
    code,
    // The detail ends with what to do, written for the developer who called the API; a screen
    // that already marks the wrong fields shows the detail without it (web/src/api/problem.ts).
    fix: entry.fix,
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...extra,
  };
}

interface AjvError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "/lines/0/quantity" → "lines[0].quantity" */
function fieldPath(prefix: string, pointer: string, child?: unknown): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (typeof child === 'string') parts.push(child);
  let path = prefix;
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : path ? `.${part}` : part;
  return path || '(body)';
}

const fieldKey = (e: AjvError) => `${e.instancePath}|${String(e.params.missingProperty ?? e.params.additionalProperty ?? '')}`;
const kindOnly = (e: AjvError, at: string) => e.instancePath === at && (e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum');

/**
 * A union (anyOf) reports every branch's failures, so `delta: 0` in a single adjustment came back
 * with "sku is not a known field" from the batch shape, and a bad e-mail with "must be null".
 * Keep only the branch that came closest: the fewest fields wrong; a branch refused only for its
 * kind (the null of a nullable, one literal of an enum-like union) counts as farthest. A union of
 * literals that all missed becomes one "must be one of" error.
 */
function closestBranches(errors: AjvError[]): AjvError[] {
  let out = errors;
  for (const union of errors.filter((e) => e.keyword === 'anyOf' && e.schemaPath)) {
    const prefix = `${union.schemaPath}/`;
    const branches = new Map<string, AjvError[]>();
    for (const e of out) {
      if (!e.schemaPath?.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0] as string;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    if (branches.size < 2) continue;
    const scored = [...branches.values()].map((list) => ({ list, score: list.every((e) => kindOnly(e, union.instancePath)) ? Infinity : new Set(list.map(fieldKey)).size }));
    const best = scored.reduce((a, b) => (b.score < a.score ? b : a));
    const inBranches = new Set(scored.flatMap((b) => b.list));
    if (best.score !== Infinity) {
      const keep = new Set(best.list);
      out = out.filter((e) => e !== union && (!inBranches.has(e) || keep.has(e)));
    } else if (scored.every((b) => b.list.length === 1 && b.list[0]?.keyword === 'const')) {
      const values = scored.map((b) => JSON.stringify(b.list[0]?.params.allowedValue));
      const merged: AjvError = { instancePath: union.instancePath, schemaPath: union.schemaPath, keyword: 'enum', message: `must be one of ${values.join(', ')}`, params: {} };
      out = out.flatMap((e) => (e === union ? [merged] : inBranches.has(e) ? [] : [e]));
    }
  }
  return out;
}

export function fieldErrorsFromAjv(context: string, allErrors: AjvError[]): FieldError[] {
  const errors = closestBranches(allErrors);
  // fieldPath adds the dot itself: a prefix ending in one gave "query..limit".
  const prefix = context === 'body' ? '' : context === 'querystring' ? 'query' : context;
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    let fe: FieldError;
    if (e.keyword === 'required') fe = { field: fieldPath(prefix, e.instancePath, e.params.missingProperty), message: 'is required' };
    else if (e.keyword === 'additionalProperties') fe = { field: fieldPath(prefix, e.instancePath, e.params.additionalProperty), message: 'is not a known field; remove it' };
    else if (e.keyword === 'not') fe = { field: fieldPath(prefix, e.instancePath), message: 'is a value this field does not allow' };
    else fe = { field: fieldPath(prefix, e.instancePath), message: e.message ?? e.keyword };
    const k = `${fe.field}|${fe.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(fe);
    }
    if (out.length >= 50) break;
  }
  return out;
}

function send(reply: FastifyReply, body: ProblemBody): FastifyReply {
  // RFC 9110 §11.6.1: every 401 names the scheme the client should use.
  if (body.status === 401) reply.header("www-authenticate", `Bearer realm="oms"`);
  if (body.code === 'DATABASE_UNAVAILABLE') reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  // RFC 9110 §10.2.3: a 503 says when to come back.
  else if (body.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '1');
  return reply.code(body.status).type('application/problem+json').send(body);
}

const FRAMEWORK_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST_INVALID',
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST_MALFORMED_JSON',
};

/** The answer while the database cannot be reached (also /ready's): 503 with Retry-After. */
export function sendDatabaseUnavailable(reply: FastifyReply, instance: string): FastifyReply {
  return send(reply, { ...problemOf('DATABASE_UNAVAILABLE', 'The database did not answer.'), instance });
}

/**
 * One place maps every failure to RFC 9457 problem+json. Losing the database is an outage, not a
 * bug: 503 with Retry-After (logged once per outage by `outage`). Unknown errors are bugs: 500, no internals.
 */
export function installProblemHandling(app: FastifyInstance, outage: DatabaseOutage = new DatabaseOutage()): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof DomainError) {
      return send(reply, { ...problemOf(error.code, error.detail, error.errors, error.extra), instance: request.url });
    }
    if (error.validation) {
      const errors = fieldErrorsFromAjv(error.validationContext ?? 'body', error.validation as AjvError[]);
      return send(reply, { ...problemOf('REQUEST_INVALID', 'The request does not match the schema.', errors), instance: request.url });
    }
    const mapped = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (mapped) return send(reply, { ...problemOf(mapped, error.message), instance: request.url });
    if (outage.failed(error, request.log)) return sendDatabaseUnavailable(reply, request.url);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, {
        type: 'about:blank',
        title: error.message,
        status: error.statusCode,
        detail: error.message,
        code: error.code ?? 'REQUEST_INVALID',
        instance: request.url,
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, {
      type: 'about:blank',
      title: 'Internal error',
      status: 500,
      detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
      code: 'INTERNAL',
      instance: request.url,
    });
  });
  const notFound = (request: FastifyRequest, reply: FastifyReply) => send(reply, { ...problemOf('ROUTE_NOT_FOUND', `${request.method} ${request.url} is not a route.`), instance: request.url });
  // An unmatched route is answered before its body is read, let alone parsed: no route, no reason
  // to spend a body limit's worth of reading and parsing on it. A body left unread would be read
  // and thrown away to keep the connection, so the connection is closed instead.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const length = request.headers['content-length'];
    if (request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')) reply.header('connection', 'close');
    return notFound(request, reply);
  });
  app.setNotFoundHandler(notFound);
}
