/**
 * What the OMS writes to its logs about errors and requests, without customers' data.
 *
 * Database errors carry the statement's parameters (Drizzle's "Failed query: … params: …", PGlite's
 * `params`) and PostgreSQL's own words about the row (`detail`: "Key (email)=(ann@example.org)
 * already exists", "Failing row contains (…)"; messages such as `invalid input syntax for type
 * integer: "…"`): e-mails, names, addresses. The `err` serializer here keeps what a reader needs to
 * find the fault — the error's type, SQLSTATE code, constraint, table, column, the SQL text with
 * its literals blanked, the stack — and drops the rest, through the whole `cause` chain. The `req`
 * serializer logs the path and the names of query parameters, not their values
 * (`/v1/orders?customer_email=…`).
 *
 * Wired into every logger the OMS makes (the API's Fastify logger, which the workers share).
 */

const REDACTED = '[redacted]';
const MAX_DEPTH = 5;
/** Properties never logged: the statement's parameters and PostgreSQL's quotes of the row. */
const NEVER = new Set(['params', 'parameters', 'detail', 'hint', 'where', 'internalQuery', 'queryOptions', 'raw']);

/** What PostgreSQL reports about where an error happened: names from the schema, not data. */
const IDENTIFIERS = ['constraint', 'table', 'column', 'schema', 'dataType'];

type Serialized = Record<string, unknown>;

function isErrorLike(value: unknown): value is Error & Record<string, unknown> {
  return value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' && 'stack' in value);
}

/** A database error: a PostgreSQL one (a five-character SQLSTATE and a severity) or a failed statement that carries its SQL. */
function isDatabaseError(error: Record<string, unknown>): boolean {
  const sqlState = typeof error['code'] === 'string' && /^[0-9A-Z]{5}$/.test(error['code']) && typeof error['severity'] === 'string';
  return sqlState || 'params' in error || (typeof error['query'] === 'string' && /^Failed query: /.test(String(error['message'])));
}

/** SQL text with its string literals blanked: statements the OMS sends inline values into (PGlite's EXECUTE) keep no data. */
export function redactSql(text: string): string {
  return text.replace(/(?:[Ee](?=')|)'(?:[^']|'')*'/g, "'…'").replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, "'…'");
}

/**
 * PostgreSQL's message without the values it quotes (`invalid input syntax for type integer: "…"`).
 * A quoted name the error also reports as its constraint, table, column, schema or type is kept.
 */
function redactDatabaseMessage(message: string, error: Record<string, unknown>): string {
  const failed = /^Failed query: ([\s\S]*?)\nparams: [\s\S]*$/.exec(message);
  if (failed) return `Failed query: ${redactSql(failed[1] as string)}`;
  const names = new Set(IDENTIFIERS.map((k) => error[k]).filter((v): v is string => typeof v === 'string'));
  return message
    .replace(/"((?:[^"]|"")*)"/g, (quoted, name: string) => (names.has(name) ? quoted : '"…"'))
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .replace(/\(.*\)=\(.*\)/g, '(…)=(…)');
}

function stackFrames(stack: unknown): string {
  if (typeof stack !== 'string') return '';
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/** The `err` serializer: an error and its causes, with nothing that quotes a customer's data. */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!isErrorLike(error)) return error;
  const database = isDatabaseError(error);
  const type = typeof error.constructor === 'function' ? error.constructor.name : String(error.name);
  const message = database ? redactDatabaseMessage(error.message, error) : error.message;
  const frames = stackFrames(error.stack);
  const out: Serialized = { type, message, stack: frames ? `${type}: ${message}\n${frames}` : `${type}: ${message}` };
  for (const key of Object.keys(error)) {
    if (key in out || NEVER.has(key)) continue;
    const value = error[key];
    if (key === 'query' && typeof value === 'string') out[key] = redactSql(value);
    else if (isErrorLike(value) || Array.isArray(value)) continue;
    else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = typeof value === 'string' && database && !/^[\w.-]*$/.test(value) ? REDACTED : value;
  }
  if (depth < MAX_DEPTH) {
    if (isErrorLike(error.cause)) out['cause'] = serializeError(error.cause, depth + 1);
    const nested = (error as { errors?: unknown }).errors;
    if (Array.isArray(nested)) out['aggregateErrors'] = nested.slice(0, 10).map((e) => serializeError(e, depth + 1));
  }
  return out;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** The `req` serializer: the path and which query parameters were sent, not what they said. */
export function serializeRequest(request: LoggedRequest): Serialized {
  const url = request.url ?? '';
  const at = url.indexOf('?');
  const query = at < 0 ? '' : `?${url.slice(at + 1).split('&').map((pair) => `${pair.split('=')[0]}=…`).join('&')}`;
  return { method: request.method, url: `${at < 0 ? url : url.slice(0, at)}${query}`, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}

export const logSerializers = { err: serializeError, req: serializeRequest };

/** A logger setting (Fastify's `logger` option) with the serializers above; `false` stays off. */
export function withLogSerializers(logger: boolean | Record<string, unknown> | undefined): false | Record<string, unknown> {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...(options['serializers'] as Record<string, unknown> | undefined), ...logSerializers } };
}

/** An error's message, redacted like the logs (with its SQLSTATE when it has one), for a terminal. */
export function redactedMessage(error: unknown): string {
  const serialized = serializeError(error);
  if (typeof serialized !== 'object' || serialized === null) return String(serialized);
  const { message, code, cause } = serialized as { message?: unknown; code?: unknown; cause?: { message?: unknown; code?: unknown } };
  const sqlState = typeof code === 'string' ? code : typeof cause?.code === 'string' ? cause.code : undefined;
  const reason = cause?.message !== undefined ? `: ${String(cause.message)}` : '';
  return `${String(message)}${reason}${sqlState ? ` (${sqlState})` : ''}`;
}

/** An error as text for a terminal (start-up failures), redacted like the logs. */
export function describeError(error: unknown): string {
  const serialized = serializeError(error);
  if (typeof serialized !== 'object' || serialized === null) return String(serialized);
  const { stack, ...rest } = serialized as Serialized;
  const extra = Object.entries(rest).filter(([k]) => k !== 'type' && k !== 'message');
  return `${String(stack)}${extra.length > 0 ? `\n${JSON.stringify(Object.fromEntries(extra))}` : ''}`;
}
