import { inTransaction } from '../../../platform/db/transaction.js';
import type { Db } from '../../../platform/db/database.js';
import { deleteBrokerRows, leaseBrokerOutbox, releaseBrokerRows } from '../db/relay.queries.js';
import { brokerMessagesOf, type BrokerPublisher } from '../broker/publisher.js';

/** Longer than a batch's publishes can take (each waits at most 5 s for its ack). */
export const BROKER_LEASE_MS = 60_000;

/**
 * Publishes queued events to the broker and forgets them. Rows are leased in a short transaction
 * (SKIP LOCKED: workers share the queue), published with no transaction open, the event id as
 * message id, and deleted once every publish of the batch was acknowledged. A crash after the
 * broker's ack leaves the rows leased; when the lease expires they are published again and the
 * broker drops the duplicates. A broker outage fails the round and gives the rows back.
 */
export async function publishToBroker(db: Db, publisher: BrokerPublisher, options: { now?: Date; prefix?: string; batch?: number } = {}): Promise<{ handled: number; more: boolean; duplicates: number }> {
  const batch = options.batch ?? 200;
  const now = options.now ?? new Date();
  const leaseUntil = new Date(now.getTime() + BROKER_LEASE_MS);
  const events = await inTransaction(db, (tx) => leaseBrokerOutbox(tx, now, leaseUntil, batch));
  if (events.length === 0) return { handled: 0, more: false, duplicates: 0 };
  const seqs = events.map((e) => e.seq);
  let acks: { duplicate: boolean }[];
  try {
    acks = await Promise.all(events.flatMap((e) => brokerMessagesOf(e, options.prefix)).map((m) => publisher.publish(m.subject, m.body, m.messageId)));
  } catch (error) {
    await releaseBrokerRows(db, seqs, leaseUntil);
    throw error;
  }
  await deleteBrokerRows(db, seqs, leaseUntil);
  return { handled: events.length, more: events.length === batch, duplicates: acks.filter((a) => a.duplicate).length };
}
