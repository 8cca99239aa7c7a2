import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics, one registry per app instance (tests build many apps in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    channelsSeen: new Set<string>(),
    httpDuration: new Histogram({
      name: 'oms_http_request_duration_seconds',
      help: 'HTTP request latency by route and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    ordersCaptured: new Counter({
      name: 'oms_orders_captured_total',
      help: 'Orders captured, by channel',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
    allocationOutcomes: new Counter({
      name: 'oms_allocation_outcomes_total',
      help: 'Capture allocation outcomes: allocated, partially_allocated, backordered, on_hold, rejected',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    relayBacklog: new Gauge({
      name: 'oms_relay_backlog',
      help: 'Events and deliveries waiting to leave, read at scrape time: outbox (not yet relayed), deferred (held by a failing subscriber), broker (not yet published), webhooks_pending (not yet delivered), endpoints_disabled',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Channel names come from clients, so as metric labels they are capped: the first
 * MAX_CHANNEL_LABELS distinct names get their own series, the rest count as "other". Prometheus
 * memory then stays bounded whatever clients send.
 */
export const MAX_CHANNEL_LABELS = 50;

export function channelLabel(seen: Set<string>, channel: string): string {
  const name = channel.slice(0, 40);
  if (seen.has(name)) return name;
  if (seen.size >= MAX_CHANNEL_LABELS) return 'other';
  seen.add(name);
  return name;
}
