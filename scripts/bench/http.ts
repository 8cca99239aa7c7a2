import http from 'node:http';

export interface HttpResult {
  /** HTTP status, or 0 when the request failed at the transport level (see `error`). */
  status: number;
  body: string;
  error?: string;
}

export interface HttpTarget {
  host: string;
  port: number;
  agent: http.Agent;
  /** Headers sent with every request (e.g. Authorization). */
  headers: Record<string, string>;
}

export function createTarget(host: string, port: number, headers: Record<string, string>, maxSockets: number): HttpTarget {
  return { host, port, headers, agent: new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets }) };
}

/**
 * One request over the keep-alive agent. Never rejects: transport failures come back as
 * status 0 with `error` set so callers can count them like any other failure.
 */
export function send(target: HttpTarget, method: string, path: string, body?: Buffer, extraHeaders?: Record<string, string>): Promise<HttpResult> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...target.headers, ...extraHeaders };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = body.length;
    }
    const req = http.request({ host: target.host, port: target.port, method, path, headers, agent: target.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => resolve({ status: 0, body: '', error: errorText(err) }));
    });
    req.on('error', (err) => resolve({ status: 0, body: '', error: errorText(err) }));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

export function sendJson(target: HttpTarget, method: string, path: string, payload?: unknown, extraHeaders?: Record<string, string>): Promise<HttpResult> {
  return send(target, method, path, payload === undefined ? undefined : Buffer.from(JSON.stringify(payload)), extraHeaders);
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

/** A response body trimmed for reports. */
export function clip(text: string, max = 600): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
