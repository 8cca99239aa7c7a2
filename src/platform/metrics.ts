import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics, one registry per process (tests build many in one process). Label values
 * come from closed lists only (route patterns, status codes, channel types, order statuses),
 * never from what clients send, so the series stay few and name no tenant's data.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'oms_http_request_duration_seconds',
      help: 'HTTP request latency by route and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    ordersCaptured: new Counter({
      name: 'oms_orders_captured_total',
      help: 'Orders captured by every path (API, channel webhooks, imports, X12, POS, marketplace polling), by channel type (api: not through a channel connection); counted by the process that relays the order.created event',
      labelNames: ['channel_type'] as const,
      registers: [registry],
    }),
    allocationOutcomes: new Counter({
      name: 'oms_allocation_outcomes_total',
      help: 'Capture allocation outcomes: allocated, partially_allocated, backordered, on_hold (counted with oms_orders_captured_total)',
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

/** What one relay round found captured: counts by channel type and by allocation outcome. */
export interface CaptureCounts {
  byChannelType: ReadonlyMap<string, number>;
  byOutcome: ReadonlyMap<string, number>;
}

export function countCaptures(metrics: Metrics, counts: CaptureCounts): void {
  for (const [channelType, n] of counts.byChannelType) metrics.ordersCaptured.inc({ channel_type: channelType }, n);
  for (const [outcome, n] of counts.byOutcome) metrics.allocationOutcomes.inc({ outcome }, n);
}
