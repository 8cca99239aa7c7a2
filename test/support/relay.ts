import assert from 'node:assert/strict';
import type { Db } from '../../src/platform/db/database.js';
import type { OutboxSubscriber } from '../../src/platform/outbox/subscribers.js';
import { relayOutbox } from '../../src/modules/integrations/index.js';

/** Runs the outbox relay with `subscribers` until it has nothing left, and asserts no subscriber failed. */
export async function relayAll(db: Db, subscribers: readonly OutboxSubscriber[]): Promise<void> {
  const errors: unknown[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await relayOutbox(db, new Date(), { subscribers, broker: false, log: { error: (details) => errors.push(details) } });
    if (!r.more) break;
  }
  assert.deepEqual(errors, [], 'the subscriber did not fail');
}
