import { aggregateTypeAs, currentEventType, deprecatedNameOf } from '../../../platform/outbox/renamed-event-types.js';
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

/** The message: the stored event as it is, with its tenant; `deprecated` on a copy sent under an old name. */
export function brokerMessageOf(event: RelayedEvent, deprecated?: { replaced_by: string; sunset: string }): Uint8Array {
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
      ...(deprecated ? { deprecated } : {}),
    }),
  );
}

export interface BrokerMessage {
  subject: string;
  body: Uint8Array;
  messageId: string;
}

/**
 * What one event publishes: its message under the current type, and, while that type has a
 * deprecated old name (ADR 0015), a copy for consumers of the old subject (`oms.*.hold.>`): the
 * old type and aggregate type, `deprecated: {replaced_by, sunset}`, and its own message id
 * (`<event id>:<old type>`) so the stream's de-duplication keeps both. A consumer of every
 * subject sees both until the sunset; the body's `id` is the same event id.
 */
export function brokerMessagesOf(event: RelayedEvent, prefix = 'oms'): BrokerMessage[] {
  const type = currentEventType(event.type);
  const current = { ...event, type, aggregateType: aggregateTypeAs(type, event.aggregateType) };
  const messages = [{ subject: subjectOf(current, prefix), body: brokerMessageOf(current), messageId: event.id }];
  const old = deprecatedNameOf(type);
  if (old) {
    const copy = { ...event, type: old.type, aggregateType: old.aggregateType };
    messages.push({ subject: subjectOf(copy, prefix), body: brokerMessageOf(copy, { replaced_by: type, sunset: old.family.removal }), messageId: `${event.id}:${old.type}` });
  }
  return messages;
}
