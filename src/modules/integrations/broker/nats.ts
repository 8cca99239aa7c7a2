import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import type { BrokerPublisher } from './publisher.js';

export interface NatsOptions {
  url: string;
  /** The JetStream stream that keeps the events (created when missing). */
  stream: string;
  /** Subject prefix; the stream takes `<prefix>.>`. */
  prefix: string;
  /** How long the stream remembers message ids to drop a re-published event. */
  duplicateWindowMs: number;
}

const NANOS_PER_MS = 1_000_000;

/**
 * Publishes to NATS JetStream. The event id is the message id (`Nats-Msg-Id`), so the stream
 * drops an event the relay publishes twice (a crash between the broker's ack and our commit)
 * within the duplicate window.
 */
export async function connectNats(options: NatsOptions): Promise<BrokerPublisher> {
  const nc: NatsConnection = await connect({ servers: options.url, name: 'oms-relay', maxReconnectAttempts: -1 });
  const jsm = await jetstreamManager(nc);
  const config = { name: options.stream, subjects: [`${options.prefix}.>`], duplicate_window: options.duplicateWindowMs * NANOS_PER_MS };
  try {
    await jsm.streams.info(options.stream);
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) throw error;
    await jsm.streams.add(config);
  }
  const js: JetStreamClient = jetstream(nc);
  return {
    async publish(subject, body, messageId) {
      const ack = await js.publish(subject, body, { msgID: messageId, timeout: 5_000 });
      return { duplicate: ack.duplicate };
    },
    async close() {
      await nc.drain();
    },
  };
}
