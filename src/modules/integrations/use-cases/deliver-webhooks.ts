import { Webhook } from 'standardwebhooks';
import type { Db } from '../../../platform/db/database.js';
import { OutboundBlockedError, outboundClient, type Resolver } from '../../../platform/http/outbound.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { openSecret } from '../../../platform/kernel/secret-box.js';
import { appendEvents } from '../../../platform/outbox/events.js';
import { aggregateTypeAs, deprecationOf } from '../../../platform/outbox/renamed-event-types.js';
import {
  deleteFinishedDeliveries,
  disableEndpoint,
  leaseDueDeliveries,
  noteEndpointResults,
  recordAttempts,
  settleDeliveries,
  type AttemptOutcome,
  type ClaimedDelivery,
} from '../db/webhooks.queries.js';
import { nextRetryDelayMs, shouldDisable } from '../domain/retry-schedule.js';

export const WEBHOOK_ACTOR = 'system:webhooks';

export interface DeliveryOptions {
  secretKey: Buffer;
  /** Private network addresses may be called (OMS_OUTBOUND_ALLOW_PRIVATE; development and tests). */
  allowPrivate?: boolean;
  /** Name resolution for the outbound client (tests). */
  resolve?: Resolver;
  /** Per request; a receiver that has not answered by then failed this attempt. */
  timeoutMs?: number;
  batch?: number;
  /** In-flight requests at once. */
  concurrency?: number;
  random?: () => number;
  clock?: () => Date;
}

/**
 * The body Standard Webhooks recommends: `type`, `timestamp` (of the event) and `data`; `data`
 * names the object the event is about. `type` is the name the endpoint asked for: under a
 * deprecated name (ADR 0015) the body is the one that name always had, old object type included.
 */
export function webhookPayload(d: Pick<ClaimedDelivery, 'eventType' | 'at' | 'aggregateType' | 'aggregateId' | 'data'>): string {
  return JSON.stringify({ type: d.eventType, timestamp: d.at.toISOString(), data: { object_type: aggregateTypeAs(d.eventType, d.aggregateType), object_id: d.aggregateId, ...d.data } });
}

/**
 * A delivery sent under a deprecated event type says so: `Deprecation` (RFC 9745, since when)
 * and `Sunset` (RFC 8594, the day the old name stops being sent). Outside the signed content.
 */
export function deprecationHeaders(eventType: string): Record<string, string> {
  const family = deprecationOf(eventType);
  if (!family) return {};
  return { deprecation: `@${Date.parse(family.deprecatedOn) / 1000}`, sunset: new Date(family.removal).toUTCString() };
}

/**
 * The headers of one attempt, signed with the endpoint's secret (`webhook-signature: v1,<base64>`)
 * and, during a rotation, with the previous one too (space-separated, as the spec allows).
 */
export function signedHeaders(secrets: string | readonly string[], messageId: string, sentAt: Date, payload: string): Record<string, string> {
  const all = typeof secrets === 'string' ? [secrets] : secrets;
  return {
    'content-type': 'application/json',
    'user-agent': 'OMS-Webhooks/1',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': all.map((secret) => new Webhook(secret).sign(messageId, sentAt, payload)).join(' '),
  };
}

/** What a receiver may say back that we keep (its answer is only shown in the attempt log). */
const RESPONSE_KEPT_BYTES = 1024;

/**
 * One POST through the guarded outbound client: redirects are not followed (a signed request goes
 * where the merchant said and nowhere else), private addresses are refused when they are not
 * allowed, whether literal or resolved, and the whole exchange has `timeoutMs`.
 */
async function send(url: string, headers: Record<string, string>, payload: string, timeoutMs: number, startedAt: Date, policy: { allowPrivate: boolean; resolve?: Resolver | undefined }): Promise<AttemptOutcome> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null, responseBody: string | null): AttemptOutcome => ({
    at: startedAt,
    statusCode,
    durationMs: Math.round(performance.now() - started),
    error,
    responseBody,
  });
  try {
    const response = await outboundClient(policy).send(url, { method: 'POST', headers, body: payload, deadlineMs: timeoutMs, maxResponseBytes: RESPONSE_KEPT_BYTES, truncate: true });
    const body = response.body.toString('utf8');
    if (response.status >= 200 && response.status < 300) return done(response.status, null, body);
    return done(response.status, `the receiver answered ${response.status}`, body);
  } catch (error) {
    if (error instanceof OutboundBlockedError) return done(null, error.message, null);
    if ((error as Error).name === 'TimeoutError') return done(null, `no answer within ${timeoutMs} ms`, null);
    const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
    return done(null, `could not connect: ${(error as Error).message}${cause?.code ? ` (${cause.code})` : ''}`, null);
  }
}

interface Settled {
  delivery: ClaimedDelivery;
  outcome: AttemptOutcome;
  at: Date;
}

/**
 * One delivery round, a pump: it leases due deliveries (short transactions) to keep up to twice
 * `concurrency` of them at hand, sends them with no transaction open, and settles finished ones
 * in batches (one transaction per ~25 results): success; a failure with the next try on the retry
 * schedule; or `failed` once the schedule is spent. A receiver that hangs holds one slot until
 * the timeout, not the round: the other slots keep leasing and sending for up to `timeoutMs`.
 * Settling may make an order's next delivery due, so the pump leases again after every settle.
 * An endpoint that has failed every attempt for a day is disabled with a
 * `webhook_endpoint.disabled` event.
 */
export async function deliverWebhooks(db: Db, now: Date, options: DeliveryOptions): Promise<{ handled: number; more: boolean; succeeded: number }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const concurrency = options.concurrency ?? 16;
  const batch = options.batch ?? 50;
  const clock = options.clock ?? (() => new Date());
  const random = options.random ?? Math.random;
  const allowPrivate = options.allowPrivate ?? false;
  const deadline = performance.now() + timeoutMs;
  // The lease outlives the slowest attempt and the settling after it, so a live worker never loses it.
  const leaseUntil = new Date(now.getTime() + timeoutMs * 3 + 30_000);
  const inFlight = new Set<Promise<void>>();
  const finished: Settled[] = [];
  let handled = 0;
  let succeeded = 0;
  let drained = false; // the last lease found fewer than it asked for, and nothing was settled since

  const sendOne = async (delivery: ClaimedDelivery): Promise<void> => {
    const payload = webhookPayload(delivery);
    const sentAt = clock();
    let outcome: AttemptOutcome;
    try {
      const secrets = [delivery.secretSealed, ...(delivery.previousSecretSealed ? [delivery.previousSecretSealed] : [])].map((sealed) => openSecret(sealed, options.secretKey));
      const headers = { ...signedHeaders(secrets, delivery.eventId, sentAt, payload), ...deprecationHeaders(delivery.eventType) };
      outcome = await send(delivery.url, headers, payload, timeoutMs, sentAt, { allowPrivate, resolve: options.resolve });
    } catch (error) {
      outcome = { at: sentAt, statusCode: null, durationMs: 0, error: `could not sign: ${(error as Error).message}`, responseBody: null };
    }
    if (outcome.error === null) succeeded++;
    finished.push({ delivery, outcome, at: clock() });
  };
  const settle = async (): Promise<void> => {
    if (finished.length === 0) return;
    await settleAll(db, finished.splice(0), random);
    drained = false;
  };

  const queued: ClaimedDelivery[] = [];
  for (;;) {
    // Refill when half of the 2 × concurrency window is free: few, larger leases (each costs a round trip and an index scan).
    const waiting = queued.length + inFlight.size;
    const lease = !drained && performance.now() < deadline && waiting <= concurrency;
    if (lease) {
      const want = Math.min(batch, 2 * concurrency - waiting);
      const leased = await inTransaction(db, (tx) => leaseDueDeliveries(tx, options.clock ? clock() : now, leaseUntil, want));
      drained = leased.length < want;
      queued.push(...leased);
    }
    while (inFlight.size < concurrency && queued.length > 0) {
      handled++;
      const sending: Promise<void> = sendOne(queued.shift() as ClaimedDelivery).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    if (finished.length >= 25 || (finished.length > 0 && (inFlight.size === 0 || drained))) await settle();
    if (inFlight.size === 0 && queued.length === 0 && finished.length === 0 && (drained || performance.now() >= deadline)) break;
    // Nothing leased this turn: wait for a send to finish (never spin while requests are in flight).
    if (inFlight.size > 0 && !lease) await Promise.race(inFlight);
  }
  return { handled, more: !drained, succeeded };
}

/** Records a batch of finished attempts in one transaction, and each endpoint's health after them. */
async function settleAll(db: Db, results: Settled[], random: () => number): Promise<void> {
  await inTransaction(db, async (tx) => {
    await recordAttempts(
      tx,
      results.map((r) => ({ tenantId: r.delivery.tenantId, deliveryId: r.delivery.id, n: r.delivery.attempts, ...r.outcome })),
    );
    await settleDeliveries(
      tx,
      results.map(({ delivery, outcome, at }) => {
        const ok = outcome.error === null;
        const delay = ok || delivery.remainingAttempts <= 1 ? null : nextRetryDelayMs(delivery.attempts, random());
        return {
          tenantId: delivery.tenantId,
          id: delivery.id,
          status: ok ? 'succeeded' : delay === null ? 'failed' : 'pending',
          nextAttemptAt: delay === null ? null : new Date(at.getTime() + delay),
          statusCode: outcome.statusCode,
          error: outcome.error,
          deliveredAt: ok ? at : null,
        };
      }),
    );
    const byEndpoint = new Map<string, Settled[]>();
    for (const r of results) {
      const key = `${r.delivery.tenantId}/${r.delivery.endpointId}`;
      byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), r]);
    }
    for (const group of byEndpoint.values()) {
      const { tenantId, endpointId } = (group[0] as Settled).delivery;
      const lastOk = group.findLastIndex((r) => r.outcome.error === null);
      const failuresAfter = group.slice(lastOk + 1);
      const firstFailure = failuresAfter[0]?.at ?? null;
      const endpoint = await noteEndpointResults(tx, tenantId, endpointId, { reset: lastOk >= 0, failures: failuresAfter.length, firstFailure });
      const last = group[group.length - 1] as Settled;
      if (failuresAfter.length === 0 || !endpoint?.enabled || !endpoint.failingSince || !shouldDisable(endpoint.failingSince, endpoint.consecutiveFailures, last.at)) continue;
      const reason = `every delivery failed since ${endpoint.failingSince.toISOString()} (${endpoint.consecutiveFailures} attempts in a row); last: ${last.outcome.error ?? ''}`;
      if (await disableEndpoint(tx, tenantId, endpointId, reason, last.at)) {
        await appendEvents(tx, { tenantId, actorId: WEBHOOK_ACTOR }, last.at, [
          { type: 'webhook_endpoint.disabled', aggregateType: 'webhook_endpoint', aggregateId: endpointId, data: { url: endpoint.url, reason, failing_since: endpoint.failingSince.toISOString() } },
        ]);
      }
    }
  });
}

/**
 * The delivery log is kept for `retentionDays` (default 30): older delivered and failed
 * deliveries are deleted with their attempts, 1,000 per transaction. Pending ones are never
 * deleted, however old (an endpoint disabled for months keeps its queue).
 */
export async function pruneDeliveries(db: Db, now: Date, retentionDays: number): Promise<{ handled: number; more: boolean }> {
  const batch = 1_000;
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  const handled = await inTransaction(db, (tx) => deleteFinishedDeliveries(tx, before, batch));
  return { handled, more: handled === batch };
}
