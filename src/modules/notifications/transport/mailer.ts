import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { deleteKeptMessages, emlPath, safeName } from './kept-files.js';

/** One message as it leaves: already rendered, addresses checked, the Message-ID fixed. */
export interface OutgoingMessage {
  /** The notification's id: names the .eml file. */
  id: string;
  tenantId: string;
  from: { name: string; address: string };
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `<…@…>`: the same on every attempt, so a copy sent again after a crash is recognisable. */
  messageId: string;
  /** The envelope sender (MAIL FROM), where bounces go: the message's VERP address when a bounce domain is configured. */
  returnPath?: string | undefined;
}

/** DKIM signing (OMS_DKIM_DOMAIN, OMS_DKIM_SELECTOR, OMS_DKIM_PRIVATE_KEY): nodemailer signs every message, relaxed/relaxed, rsa-sha256. */
export interface DkimKey {
  domainName: string;
  keySelector: string;
  /** PEM. */
  privateKey: string;
}

/** What one attempt did: sent, or failed for now (try again later), or for good (never again). */
export type SendOutcome = { kind: 'sent' } | { kind: 'transient'; error: string } | { kind: 'permanent'; error: string };

export interface Mailer {
  /** `smtp` or `file` (the .eml kept in the data directory). */
  readonly transport: 'smtp' | 'file';
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** Deletes what was kept of a message (the file transport's .eml): its customer was erased while it was sent. */
  discard?(tenantId: string, id: string): Promise<void>;
  close(): void;
}

function mailOptions(m: OutgoingMessage) {
  return {
    from: { name: m.from.name, address: m.from.address },
    to: m.to,
    subject: m.subject,
    html: m.html,
    text: m.text,
    messageId: m.messageId,
    ...(m.returnPath ? { envelope: { from: m.returnPath, to: [m.to] } } : {}),
  };
}

function dkimOption(dkim: DkimKey | undefined) {
  return dkim ? { dkim: { domainName: dkim.domainName, keySelector: dkim.keySelector, privateKey: dkim.privateKey } } : {};
}

/**
 * SMTP through nodemailer, pooled (a few connections reused across messages). A reply code of 5xx
 * is permanent (the address does not exist, the message is refused); 4xx and connection trouble
 * are transient (greylisting, a full queue, the server restarting).
 */
export function smtpMailer(url: string, options: { maxConnections?: number; dkim?: DkimKey | undefined } = {}): Mailer {
  const transport: Transporter = nodemailer.createTransport({ url, pool: true, maxConnections: options.maxConnections ?? 3, ...dkimOption(options.dkim) } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    transport: 'smtp',
    async send(message) {
      try {
        await transport.sendMail(mailOptions(message));
        return { kind: 'sent' };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}

/** 5xx from the server: permanent. Anything else (4xx, refused connection, timeout, TLS): transient. */
export function classifySmtpError(error: unknown): SendOutcome {
  const e = error as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const said = typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(error);
  const text = `${code ?? (typeof e.code === 'string' ? e.code : 'error')}: ${said}`.slice(0, 1000);
  return code !== null && code >= 500 && code < 600 ? { kind: 'permanent', error: text } : { kind: 'transient', error: text };
}

/**
 * No SMTP configured (the embedded default): each message is written as an `.eml` file under
 * `<dataDir>/mail/<tenant>/<notification id>.eml`, exactly the bytes SMTP would have carried, so a
 * newcomer opens what would have been sent in any mail client.
 */
export function fileMailer(dataDir: string, options: { dkim?: DkimKey | undefined } = {}): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', ...dkimOption(options.dkim) });
  return {
    transport: 'file',
    async send(message) {
      try {
        const info = (await transport.sendMail(mailOptions(message))) as { message: Buffer };
        const dir = join(dataDir, 'mail', safeName(message.tenantId));
        await mkdir(dir, { recursive: true });
        await writeFile(emlPath(dataDir, message.tenantId, message.id), info.message);
        return { kind: 'sent' };
      } catch (error) {
        return { kind: 'transient', error: String(error).slice(0, 1000) };
      }
    },
    discard: async (tenantId, id) => void (await deleteKeptMessages(dataDir, tenantId, [id])),
    close: () => transport.close(),
  };
}
