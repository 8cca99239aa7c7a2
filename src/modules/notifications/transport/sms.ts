import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutboundFetch } from '../../../platform/http/outbound.js';
import { deleteKeptMessages, safeName, smsPath } from './kept-files.js';
import type { SendOutcome } from './mailer.js';

/** One text message as it leaves. */
export interface OutgoingSms {
  /** The notification's id: names the kept file. */
  id: string;
  tenantId: string;
  /** E.164: `+12175550100`. */
  to: string;
  body: string;
}

export interface SmsSender {
  /** `sms` (a provider) or `file` (a .txt kept in the data directory). */
  readonly transport: 'sms' | 'file';
  send(message: OutgoingSms): Promise<SendOutcome>;
  /** Deletes what was kept of a message (the file transport's .txt): its customer was erased while it was sent. */
  discard?(tenantId: string, id: string): Promise<void>;
}

/** OMS_SMS_URL, OMS_SMS_ACCOUNT_SID, OMS_SMS_AUTH_TOKEN, OMS_SMS_FROM. */
export interface SmsProviderConfig {
  /** The provider's API base: `https://api.twilio.com`, or any provider speaking Twilio's Messages API. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** The sender: a phone number in E.164, an alphanumeric sender id, or a Messaging Service SID (`MG…`). */
  from: string;
}

/**
 * A provider speaking Twilio's Messages API: `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded `To`, `From` (or `MessagingServiceSid`) and `Body`, HTTP basic authentication with
 * the account SID and auth token; 201 with the message's `sid`. Through the guarded outbound
 * client (`fetch`). 429 and 5xx are transient (retried by the job with backoff), as are network
 * failures and timeouts; any other 4xx is permanent (an invalid number, an unsubscribed
 * recipient: sending again would fail again). With `statusCallback`, each message names the URL
 * its delivery receipts are posted to (`StatusCallback`).
 */
export function twilioSms(config: SmsProviderConfig, fetch: OutboundFetch, options: { deadlineMs?: number; statusCallback?: (tenantId: string, id: string) => string } = {}): SmsSender {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
  return {
    transport: 'sms',
    async send(message) {
      const form = new URLSearchParams({ To: message.to, [/^MG[0-9a-f]{32}$/i.test(config.from) ? 'MessagingServiceSid' : 'From']: config.from, Body: message.body });
      // Delivery receipts come back signed to this URL (POST /v1/notifications/sms/{tenant}/status/{id}).
      if (options.statusCallback) form.set('StatusCallback', options.statusCallback(message.tenantId, message.id));
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers: { authorization, accept: 'application/json' }, body: form, deadlineMs: options.deadlineMs ?? 15_000, maxResponseBytes: 64 * 1024 });
      } catch (error) {
        return { kind: 'transient', error: `network: ${String((error as Error).message ?? error)}`.slice(0, 1000) };
      }
      const text = await response.text();
      if (response.status === 200 || response.status === 201) return { kind: 'sent' };
      const said = providerError(text);
      const error = `${response.status}: ${said}`.slice(0, 1000);
      return response.status === 429 || response.status >= 500 ? { kind: 'transient', error } : { kind: 'permanent', error };
    },
  };
}

/** Twilio's error body: `{"code": 21211, "message": "…", "more_info": "…", "status": 400}`. */
function providerError(text: string): string {
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof body.message === 'string') return typeof body.code === 'number' ? `${body.code} ${body.message}` : body.message;
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 300) || '(no body)';
}

/** No SMS provider configured (the embedded default): each text is kept as `<dataDir>/sms/<tenant>/<id>.txt`. */
export function fileSms(dataDir: string): SmsSender {
  return {
    transport: 'file',
    async send(message) {
      try {
        const path = smsPath(dataDir, message.tenantId, message.id);
        await mkdir(join(dataDir, 'sms', safeName(message.tenantId)), { recursive: true });
        await writeFile(path, `To: ${message.to}\n\n${message.body}\n`);
        return { kind: 'sent' };
      } catch (error) {
        return { kind: 'transient', error: String(error).slice(0, 1000) };
      }
    },
    discard: async (tenantId, id) => void (await deleteKeptMessages(dataDir, tenantId, [id])),
  };
}

/** Where Twilio posts a text's delivery receipts: the route that checks their signature. */
export const smsStatusUrl = (publicUrl: string) => (tenantId: string, id: string) => `${publicUrl.replace(/\/+$/, '')}/v1/notifications/sms/${encodeURIComponent(tenantId)}/status/${encodeURIComponent(id)}`;
