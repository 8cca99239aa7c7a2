import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

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
}

/** What one attempt did: sent, or failed for now (try again later), or for good (never again). */
export type SendOutcome = { kind: 'sent' } | { kind: 'transient'; error: string } | { kind: 'permanent'; error: string };

export interface Mailer {
  /** `smtp` or `file` (the .eml kept in the data directory). */
  readonly transport: 'smtp' | 'file';
  send(message: OutgoingMessage): Promise<SendOutcome>;
  close(): void;
}

function mailOptions(m: OutgoingMessage) {
  return { from: { name: m.from.name, address: m.from.address }, to: m.to, subject: m.subject, html: m.html, text: m.text, messageId: m.messageId };
}

/**
 * SMTP through nodemailer, pooled (a few connections reused across messages). A reply code of 5xx
 * is permanent (the address does not exist, the message is refused); 4xx and connection trouble
 * are transient (greylisting, a full queue, the server restarting).
 */
export function smtpMailer(url: string, options: { maxConnections?: number } = {}): Mailer {
  const transport: Transporter = nodemailer.createTransport({ url, pool: true, maxConnections: options.maxConnections ?? 3 } as Parameters<typeof nodemailer.createTransport>[0]);
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
export function fileMailer(dataDir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    transport: 'file',
    async send(message) {
      try {
        const info = (await transport.sendMail(mailOptions(message))) as { message: Buffer };
        const dir = join(dataDir, 'mail', safeName(message.tenantId));
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, `${safeName(message.id)}.eml`), info.message);
        return { kind: 'sent' };
      } catch (error) {
        return { kind: 'transient', error: String(error).slice(0, 1000) };
      }
    },
    close: () => transport.close(),
  };
}

/** Ids are ours (`ntf_…`, `ten_…`), but a path is built from them: nothing but safe characters. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Where the .eml of a notification is kept by `fileMailer`. */
export function emlPath(dataDir: string, tenantId: string, id: string): string {
  return join(dataDir, 'mail', safeName(tenantId), `${safeName(id)}.eml`);
}
