import type { Db } from '../db/database.js';
import type { StoredEvent } from './events.js';

/** An event as the outbox relay hands it on: the stored event with its tenant and global order. */
export interface RelayedEvent extends StoredEvent {
  tenantId: string;
  /** Global append order (events.seq); within one aggregate it is the order the changes happened in. */
  seq: number;
}

/**
 * Work inside the OMS that reacts to another module's change (architecture: "a module that must
 * react to another's change subscribes to its event from the outbox"). The relay calls `handle`
 * inside the same transaction that marks the event relayed, so a handler's writes happen exactly
 * once per event — unless the handler throws: then nothing of that event is kept and it is tried
 * again later with backoff. Handlers must therefore be idempotent and must not call the network
 * (that belongs in a delivery row a job sends later).
 */
export interface OutboxSubscriber {
  /** Stable name, shown in logs. */
  name: string;
  /** Event types it wants (`shipment.created`), or `*`. */
  types: readonly string[];
  handle(tx: Db, event: RelayedEvent, now: Date): Promise<void>;
}

export function subscriberWants(subscriber: OutboxSubscriber, type: string): boolean {
  return subscriber.types.includes('*') || subscriber.types.includes(type);
}
