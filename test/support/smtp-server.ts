import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A refusal the test server gives at RCPT TO: an SMTP reply code (4xx transient, 5xx permanent) and its text. */
export interface SmtpRefusal {
  code: number;
  message: string;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:<port> */
  url: string;
  /** Every message accepted, parsed, in arrival order. */
  messages: ParsedMail[];
  /** The raw bytes of each accepted message. */
  raw: Buffer[];
  /** What RCPT TO answers for the next recipients (null: accept). */
  refuseWith: SmtpRefusal | null;
  /** Refusals for one recipient (lower-cased address), e.g. 550 for a mailbox that does not exist; `times` answers it that often, then accepts. */
  refuseRecipient: Map<string, SmtpRefusal & { times?: number }>;
  /** The SMTP envelope of each accepted message (MAIL FROM: the return path; RCPT TO), in arrival order. */
  envelopes: { from: string; to: string[] }[];
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (smtp-server), no TLS or authentication: the OMS speaks SMTP to it as to any relay. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = {
    url: '',
    messages: [],
    raw: [],
    refuseWith: null,
    refuseRecipient: new Map(),
    envelopes: [],
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const one = state.refuseRecipient.get(address.address.toLowerCase());
      if (one && (one.times === undefined || one.times > 0)) {
        if (one.times !== undefined) one.times--;
        return callback(Object.assign(new Error(one.message), { responseCode: one.code }));
      }
      const refusal = state.refuseWith;
      if (!refusal) return callback();
      const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        state.raw.push(raw);
        const { mailFrom, rcptTo } = session.envelope;
        state.envelopes.push({ from: mailFrom ? mailFrom.address : '', to: rcptTo.map((r) => r.address) });
        simpleParser(raw)
          .then((parsed) => {
            state.messages.push(parsed);
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
