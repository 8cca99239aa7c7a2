import { inTransaction } from '../../../platform/db/transaction.js';
import type { Db } from '../../../platform/db/database.js';
import { claimBrokerOutbox, deleteBrokerRows } from '../db/relay.queries.js';
import { brokerMessageOf, subjectOf, type BrokerPublisher } from '../broker/publisher.js';

/**
 * Publishes queued events to the broker and forgets them, in one transaction: rows are locked
 * (SKIP LOCKED: workers share the queue), published with the event id as message id, and deleted
 * only after every publish in the batch was acknowledged. A crash after the broker's ack and
 * before the commit publishes again; the broker drops the duplicate. A broker outage fails the
 * round and leaves the rows for the next one.
 */
export async function publishToBroker(db: Db, publisher: BrokerPublisher, options: { prefix?: string; batch?: number } = {}): Promise<{ handled: number; more: boolean; duplicates: number }> {
  const batch = options.batch ?? 200;
  return inTransaction(db, async (tx) => {
    const events = await claimBrokerOutbox(tx, batch);
    if (events.length === 0) return { handled: 0, more: false, duplicates: 0 };
    const acks = await Promise.all(events.map((e) => publisher.publish(subjectOf(e, options.prefix), brokerMessageOf(e), e.id)));
    await deleteBrokerRows(tx, events.map((e) => e.seq));
    return { handled: events.length, more: events.length === batch, duplicates: acks.filter((a) => a.duplicate).length };
  });
}
