import { inTransaction } from '../../../platform/db/transaction.js';
import { inheritStatementCache, type Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import { subscriberWants, type OutboxSubscriber, type RelayedEvent } from '../../../platform/outbox/subscribers.js';
import { claimOutbox, deferOutboxRow, deleteOutboxRows, queueForBroker } from '../db/relay.queries.js';
import { enabledEndpointsOf, insertDeliveries, type NewDelivery } from '../db/webhooks.queries.js';
import { ADDRESSED_EVENT, deliveredTypeFor } from '../domain/event-types.js';
import { MAX_ATTEMPTS } from '../domain/retry-schedule.js';

export interface RelayOptions {
  subscribers: readonly OutboxSubscriber[];
  /** Queue events for the message broker (NATS) too. */
  broker: boolean;
  batch?: number;
  log?: { error(details: Record<string, unknown>, msg: string): void };
  /** Told, after the round commits, of the events handed on for the first time (each event once, over all processes). */
  onRelayed?: (events: RelayedEvent[]) => Promise<void>;
}

/** A failing subscriber is tried again after 2^attempts seconds, at most an hour apart. */
function subscriberRetryAt(now: Date, attempts: number): Date {
  return new Date(now.getTime() + Math.min(2 ** attempts * 1000, 3_600_000));
}

/**
 * Order of the deliveries an endpoint receives: per order. Events about a shipment, a
 * fulfillment order… carry the order's id in `data.order_id`; others are ordered per aggregate.
 */
export function orderingKeyOf(event: RelayedEvent): string {
  const orderId = event.data['order_id'];
  return typeof orderId === 'string' && orderId !== '' ? orderId : event.aggregateId;
}

/**
 * An event for one endpoint only: an automation rule's `call_webhook` (ADR 0038) appends
 * `automation.webhook` naming the endpoint; it goes there whatever the endpoint's event types, and
 * to no other endpoint.
 */
export function addressedEndpoint(event: RelayedEvent): string | undefined {
  const id = event.data['endpoint_id'];
  return event.type === ADDRESSED_EVENT && typeof id === 'string' ? id : undefined;
}

/**
 * One relay round, in one transaction: claims due outbox rows (FOR UPDATE SKIP LOCKED, so any
 * number of workers share the work), runs the in-process subscribers that want each event (each
 * in a savepoint), creates the webhook deliveries of every enabled endpoint whose patterns match
 * and the broker row, and deletes the outbox rows. A crash anywhere before the commit leaves the
 * rows for the next round: nothing is lost, and what was done is undone with the transaction.
 */
export async function relayOutbox(db: Db, now: Date, options: RelayOptions): Promise<{ handled: number; more: boolean }> {
  const batch = options.batch ?? 200;
  const round = await inTransaction(db, async (tx) => {
    const claimed = await claimOutbox(tx, now, batch);
    if (claimed.length === 0) return { handled: 0, more: false, fresh: [] };

    const fresh = claimed.filter((c) => !c.fannedOut).map((c) => c.event);
    const endpoints = await enabledEndpointsOf(tx, [...new Set(fresh.map((e) => e.tenantId))]);
    const deliveries: NewDelivery[] = [];
    for (const event of fresh) {
      const addressedTo = addressedEndpoint(event);
      for (const endpoint of endpoints) {
        const eventType = endpoint.tenantId !== event.tenantId ? undefined : addressedTo !== undefined ? (endpoint.id === addressedTo ? event.type : undefined) : deliveredTypeFor(endpoint.eventTypes, event.type);
        if (eventType === undefined) continue;
        deliveries.push({ tenantId: event.tenantId, id: newId('whd'), endpointId: endpoint.id, eventId: event.id, eventSeq: event.seq, eventType, orderingKey: orderingKeyOf(event) });
      }
    }
    await insertDeliveries(tx, deliveries, MAX_ATTEMPTS, now);
    if (options.broker) await queueForBroker(tx, fresh);

    const done: number[] = [];
    for (const { event, attempts } of claimed) {
      const failure = await runSubscribers(tx, event, now, options.subscribers);
      if (failure === null) {
        done.push(event.seq);
        continue;
      }
      options.log?.error({ event_id: event.id, type: event.type, subscriber: failure.name, err: failure.error, attempts: attempts + 1 }, 'outbox subscriber failed; the event is tried again later');
      await deferOutboxRow(tx, event.seq, subscriberRetryAt(now, attempts), `${failure.name}: ${String(failure.error)}`);
    }
    await deleteOutboxRows(tx, done);
    return { handled: claimed.length, more: claimed.length === batch, fresh };
  });
  if (options.onRelayed && round.fresh.length > 0) {
    await options.onRelayed(round.fresh).catch((error: unknown) => options.log?.error({ err: error }, 'onRelayed failed; the round itself was committed'));
  }
  return { handled: round.handled, more: round.more };
}

async function runSubscribers(tx: Db, event: RelayedEvent, now: Date, subscribers: readonly OutboxSubscriber[]): Promise<{ name: string; error: unknown } | null> {
  const wanted = subscribers.filter((s) => subscriberWants(s, event.type));
  if (wanted.length === 0) return null;
  try {
    // One savepoint for the event's subscribers: a failure undoes all of them, so a retry starts clean.
    await tx.transaction(async (sp) => {
      inheritStatementCache(tx, sp as unknown as Db);
      for (const subscriber of wanted) {
        try {
          await subscriber.handle(sp as unknown as Db, event, now);
        } catch (error) {
          throw new SubscriberFailure(subscriber.name, error);
        }
      }
    });
    return null;
  } catch (error) {
    if (error instanceof SubscriberFailure) return { name: error.subscriber, error: error.cause };
    return { name: wanted.map((s) => s.name).join(','), error };
  }
}

class SubscriberFailure extends Error {
  constructor(
    readonly subscriber: string,
    cause: unknown,
  ) {
    super(`subscriber ${subscriber} failed`, { cause });
  }
}
