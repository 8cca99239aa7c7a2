import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';

/** Where events go besides webhooks: a message broker. */
export interface BrokerPublisher {
  /** Resolves once the broker stored the message; `duplicate` when it had it already (same id). */
  publish(subject: string, body: Uint8Array, messageId: string): Promise<{ duplicate: boolean }>;
  close(): Promise<void>;
}

/** `oms.<tenant>.<event type>`: consumers subscribe to `oms.*.order.>` or one tenant's `oms.ten_x.>`. */
export function subjectOf(event: Pick<RelayedEvent, 'tenantId' | 'type'>, prefix = 'oms'): string {
  return `${prefix}.${event.tenantId}.${event.type}`;
}

/** The message: the stored event as it is, with its tenant. */
export function brokerMessageOf(event: RelayedEvent): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      id: event.id,
      tenant_id: event.tenantId,
      type: event.type,
      aggregate_type: event.aggregateType,
      aggregate_id: event.aggregateId,
      actor: event.actor,
      at: event.at.toISOString(),
      data: event.data,
    }),
  );
}
