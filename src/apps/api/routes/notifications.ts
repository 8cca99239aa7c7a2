import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { Type } from '@fastify/type-provider-typebox';
import { Binary } from '../../../modules/shipping/index.js';
import { BounceResult, findNotification, listNotifications, NotificationId, readKeptEml, NotificationList, NotificationQuery, NotificationView, notificationSummary, notificationView, receiveBounce, receiveInboundSms, receiveSmsStatus, twilioSignatureValid, verpKey } from '../../../modules/notifications/index.js';

const tags = ['notifications'];

/** /v1/notifications (ADR 0033): the messages sent (or kept as .eml) to customers, with how each went. */
export function notificationRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/notifications', {
      config: { action: 'notifications:read' },
      schema: {
        tags,
        summary: 'Messages to customers, newest first',
        description: 'One per event, template and recipient: an order confirmed, shipped or cancelled. Without OMS_SMTP_URL each is kept as an .eml file in the data directory (`transport: file`).',
        querystring: NotificationQuery,
        response: { 200: NotificationList },
      },
    }, async (request) => {
      const req = pageRequest(request.query, /^ntf_[0-9a-z]{26}$/);
      const rows = await listNotifications(db, request.principal.tenantId, { orderId: request.query.order_id, status: request.query.status, template: request.query.template, channel: request.query.channel, recipient: request.query.recipient }, req);
      const p = page(rows, req, (r) => [r.id]);
      return { data: p.data.map(notificationSummary), next_cursor: p.next_cursor };
    });
    app.get('/v1/notifications/:id', {
      config: { action: 'notifications:read' },
      schema: { tags, summary: 'One message with its HTML and plain-text parts as sent', params: NotificationId, response: { 200: NotificationView } },
    }, async (request) => {
      const row = await findNotification(db, request.principal.tenantId, request.params.id);
      if (!row) throw new DomainError('NOTIFICATION_NOT_FOUND', `No notification ${request.params.id}.`);
      return notificationView(row);
    });
    app.get('/v1/notifications/:id/message.eml', {
      config: { action: 'notifications:read' },
      schema: {
        tags,
        summary: 'The .eml kept of a message in the data directory (transport file), as a mail client opens it',
        description: 'The exact bytes SMTP would have carried. 404 NOTIFICATION_FILE_NOT_KEPT when none is kept: sent over SMTP, a text message, not sent, or its customer erased.',
        params: NotificationId,
        produces: ['message/rfc822'],
        response: { 200: Binary('message/rfc822') },
      },
    }, async (request, reply) => {
      const { tenantId } = request.principal;
      const row = await findNotification(db, tenantId, request.params.id);
      if (!row) throw new DomainError('NOTIFICATION_NOT_FOUND', `No notification ${request.params.id}.`);
      const eml = row.channel === 'email' && row.transport === 'file' ? await readKeptEml(deps.config.dataDir, tenantId, row.id) : undefined;
      if (!eml) throw new DomainError('NOTIFICATION_FILE_NOT_KEPT', `No .eml is kept of ${row.id}.`);
      return reply.type('message/rfc822').header('content-disposition', `attachment; filename="${row.id}.eml"`).send(eml);
    });

    // Bounces and complaints (ADR 0035): the raw message that came back, posted by the tenant's
    // inbound-mail integration; matched only through the signed VERP return path it names.
    await app.register(async (scope) => {
      scope.addContentTypeParser('message/rfc822', { parseAs: 'buffer' }, (_request, raw: Buffer | string, done) => done(null, typeof raw === 'string' ? raw : raw.toString('latin1')));
      scope.withTypeProvider<TypeBoxTypeProvider>().post('/v1/notifications/bounces', {
        config: { action: 'notifications:bounces' },
        schema: {
          tags,
          summary: 'Receive a bounce (RFC 3464 DSN) or complaint (RFC 5965 ARF) for a message',
          description:
            'Body: the whole message that arrived at bounces+…@OMS_BOUNCE_DOMAIN, headers included, as `message/rfc822`. It is matched to the message by the signed VERP address it carries (its To, Delivered-To or X-Original-To header, or the returned message); nothing else in it is trusted. A hard bounce (Action: failed, Status 5.x.x) or a complaint (Feedback-Type other than not-spam) puts the address the message went to on the tenant\'s suppression list: later messages to it are `suppressed`, not sent. A soft bounce (4.x.x, delayed) is recorded on the message only. 422 NOTIFICATION_BOUNCE_UNVERIFIED when no signed return path of this tenant is in it, NOTIFICATION_BOUNCE_UNREADABLE when it is neither report; 409 NOTIFICATION_BOUNCES_OFF without OMS_BOUNCE_DOMAIN. Nothing is recorded on an error.',
          consumes: ['message/rfc822'],
          body: Type.String({ minLength: 1, description: 'The bounce or complaint, as received' }),
          response: { 200: BounceResult },
        },
      }, async (request) => {
        const domain = deps.config.bounceDomain;
        const key = deps.config.secretKey;
        if (!domain || !key) throw new DomainError('NOTIFICATION_BOUNCES_OFF');
        const outcome = await receiveBounce(db, request.principal.tenantId, request.body, { key: verpKey(key), domain }, deps.clock());
        return { result: outcome.result, notification_id: outcome.notificationId, recipient: outcome.recipient, suppressed: outcome.suppressed, detail: outcome.detail };
      });
    });

    // The SMS provider's callbacks (ADR 0035, amended): delivery receipts for our texts and texts
    // sent to our number, form-encoded as Twilio posts them, believed only with a valid
    // X-Twilio-Signature over OMS_PUBLIC_URL + the path and the parameters; nothing else authenticates them.
    await app.register(async (scope) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, raw, done) => done(null, String(raw)));
      const signed = (request: { url: string; body: unknown; headers: Record<string, string | string[] | undefined> }): URLSearchParams => {
        const sms = deps.config.sms;
        if (!sms) throw new DomainError('NOTIFICATION_SMS_OFF');
        const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
        const header = request.headers['x-twilio-signature'];
        const url = `${deps.config.publicUrl.replace(/\/+$/, '')}${request.url}`;
        if (!twilioSignatureValid(sms.authToken, url, [...form], typeof header === 'string' ? header : undefined)) throw new DomainError('NOTIFICATION_SMS_SIGNATURE_INVALID');
        return form;
      };
      const TenantPath = { tenant_id: Type.String({ pattern: '^ten_[0-9a-z]{26}$' }) };
      const FormBody = Type.String({ description: 'application/x-www-form-urlencoded, as the provider posts it' });
      scope.withTypeProvider<TypeBoxTypeProvider>().post('/v1/notifications/sms/:tenant_id/status/:id', {
        config: { action: 'public' },
        schema: {
          tags,
          summary: 'SMS delivery receipt (Twilio status callback; X-Twilio-Signature checked)',
          description:
            'Posted by the provider to the StatusCallback each text names. MessageStatus (queued, sending, sent, delivered, undelivered, failed …) and ErrorCode are recorded on the message (`delivery_status`, `delivery_error_code`); an older status than the one recorded changes nothing. ErrorCode 21610 (the recipient replied STOP) puts the number on the suppression list (`sms_opt_out`): no further texts go to it. 403 NOTIFICATION_SMS_SIGNATURE_INVALID without a valid signature, 409 NOTIFICATION_SMS_OFF without a provider; nothing is recorded then.',
          consumes: ['application/x-www-form-urlencoded'],
          params: Type.Object({ ...TenantPath, id: Type.String({ pattern: '^ntf_[0-9a-z]{26}$' }) }),
          body: FormBody,
          response: {
            200: Type.Object(
              {
                notification_id: Type.String(),
                delivery_status: Type.String(),
                error_code: Type.Union([Type.String(), Type.Null()]),
                suppressed: Type.Boolean({ description: 'The number was put on the suppression list (21610)' }),
                applied: Type.Boolean({ description: 'False: an older status than the one recorded, nothing changed' }),
              },
              { additionalProperties: false },
            ),
          },
        },
      }, async (request) => {
        const form = signed(request);
        const status = form.get('MessageStatus') ?? form.get('SmsStatus') ?? '';
        if (!status) throw new DomainError('REQUEST_INVALID', 'MessageStatus is missing.', [{ field: 'MessageStatus', message: 'is required' }]);
        return receiveSmsStatus(db, request.params.tenant_id, request.params.id, { status, errorCode: form.get('ErrorCode') || null }, deps.clock());
      });
      scope.withTypeProvider<TypeBoxTypeProvider>().post('/v1/notifications/sms/:tenant_id/inbound', {
        config: { action: 'public' },
        schema: {
          tags,
          summary: 'Inbound text to the shop\'s number (Twilio messaging webhook; X-Twilio-Signature checked)',
          description:
            'Configure as the number\'s "A message comes in" webhook. A text that says STOP (or STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, OPTOUT, REVOKE) puts the sender\'s number on the tenant\'s suppression list (`sms_opt_out`); START, YES or UNSTOP lifts an opt-out (not a suppression an admin or a bounce made). Anything else is ignored. Answers empty TwiML (no reply text). 403 NOTIFICATION_SMS_SIGNATURE_INVALID without a valid signature.',
          consumes: ['application/x-www-form-urlencoded'],
          produces: ['text/xml'],
          params: Type.Object(TenantPath),
          body: FormBody,
          response: { 200: Type.String({ description: 'Empty TwiML: <Response></Response>' }) },
        },
      }, async (request, reply) => {
        const form = signed(request);
        const outcome = await receiveInboundSms(db, request.params.tenant_id, form.get('From') ?? '', form.get('Body') ?? '', deps.clock());
        request.log.info({ result: outcome.result }, 'inbound text');
        return reply.type('text/xml; charset=utf-8').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      });
    });
  };
}
