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
/**
 * The stream, created when missing. Two relays starting at once both find it missing and both
 * add it: the second add fails ("subjects overlap with an existing stream"), and is fine when the
 * stream is there now.
 */
async function ensureStream(nc: NatsConnection, config: { name: string; subjects: string[]; duplicate_window: number }): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(config.name);
    return;
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) throw error;
  }
  try {
    await jsm.streams.add(config);
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) throw error;
    await jsm.streams.info(config.name).catch(() => {
      throw error; // not there after all: the add's own reason
    });
  }
}

export async function connectNats(options: NatsOptions): Promise<BrokerPublisher> {
  const nc: NatsConnection = await connect({ servers: options.url, name: 'oms-relay', maxReconnectAttempts: -1 });
  try {
    await ensureStream(nc, { name: options.stream, subjects: [`${options.prefix}.>`], duplicate_window: options.duplicateWindowMs * NANOS_PER_MS });
  } catch (error) {
    await nc.close(); // an open connection (reconnecting forever) would keep the process alive
    throw error;
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
