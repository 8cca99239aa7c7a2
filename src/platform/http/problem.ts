import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...extra,
  };
}

interface AjvError {
  instancePath: string;
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

export function fieldErrorsFromAjv(context: string, errors: AjvError[]): FieldError[] {
  const prefix = context === 'body' ? '' : context === 'querystring' ? 'query.' : `${context}.`;
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    let fe: FieldError;
    if (e.keyword === 'required') fe = { field: fieldPath(prefix, e.instancePath, e.params.missingProperty), message: 'is required' };
    else if (e.keyword === 'additionalProperties') fe = { field: fieldPath(prefix, e.instancePath, e.params.additionalProperty), message: 'is not a known field; remove it' };
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
  return reply.code(body.status).type('application/problem+json').send(body);
}

const FRAMEWORK_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST_INVALID',
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST_MALFORMED_JSON',
};

/** One place maps every failure to RFC 9457 problem+json. Unknown errors are bugs: 500, no internals. */
export function installProblemHandling(app: FastifyInstance): void {
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
  app.setNotFoundHandler((request, reply) => send(reply, { ...problemOf('ROUTE_NOT_FOUND', `${request.method} ${request.url} is not a route.`), instance: request.url }));
}
