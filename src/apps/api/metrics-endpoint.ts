import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Db } from '../../platform/db/database.js';
import type { AuthFailureLimiter } from '../../platform/http/auth-failures.js';
import type { Metrics } from '../../platform/metrics.js';
import { relayBacklog } from '../../modules/integrations/index.js';

/**
 * Who may read /metrics. Metrics describe the whole installation (every tenant's traffic), so
 * they are never public: on the API port they are served only when OMS_METRICS_TOKEN is set, to
 * `Authorization: Bearer <token>`; OMS_METRICS_LISTEN serves them on an address of their own
 * (a loopback or private interface the scraper reaches), which also requires the token when one
 * is set. Neither set: no metrics anywhere.
 */
export function metricsTokenMatches(token: string, authorization: string | undefined): boolean {
  const given = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
  if (!given) return false;
  // Hashes have one length, so the comparison takes the same time whatever was sent.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** The exposition text, with the relay backlog read now (over all tenants). */
export async function scrapeMetrics(db: Db, metrics: Metrics): Promise<string> {
  const backlog = await relayBacklog(db);
  const gauge = metrics.relayBacklog;
  gauge.set({ queue: 'outbox' }, backlog.outbox);
  gauge.set({ queue: 'deferred' }, backlog.deferred);
  gauge.set({ queue: 'broker' }, backlog.broker);
  gauge.set({ queue: 'webhooks_pending' }, backlog.webhooksPending);
  gauge.set({ queue: 'endpoints_disabled' }, backlog.endpointsDisabled);
  return metrics.registry.metrics();
}

export interface MetricsListenerOptions {
  host: string;
  port: number;
  token: string | undefined;
  db: Db;
  metrics: Metrics;
  authFailures: AuthFailureLimiter;
  log: { error(details: Record<string, unknown>, msg: string): void };
}

/** OMS_METRICS_LISTEN: `GET /metrics` on its own address, in API and worker processes alike. */
export async function startMetricsListener(options: MetricsListenerOptions): Promise<Server> {
  const server = createServer((request, response) => {
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body);
    };
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') return answer(404, 'Not found: this address serves GET /metrics only.\n');
    const address = request.socket.remoteAddress ?? '';
    const now = Date.now();
    if (options.token !== undefined) {
      const wait = options.authFailures.retryAfterSeconds(address, now);
      if (wait > 0) return answer(429, 'Too many failed authentications.\n', { 'retry-after': String(wait) });
      if (!metricsTokenMatches(options.token, request.headers.authorization)) {
        if (request.headers.authorization) options.authFailures.recordFailure(address, now);
        return answer(401, 'Send Authorization: Bearer <OMS_METRICS_TOKEN>.\n', { 'www-authenticate': 'Bearer realm="oms-metrics"' });
      }
    }
    scrapeMetrics(options.db, options.metrics).then(
      (text) => answer(200, text, { 'content-type': options.metrics.registry.contentType }),
      (error: unknown) => {
        options.log.error({ err: error }, 'metrics could not be read');
        answer(503, 'The metrics could not be read.\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
