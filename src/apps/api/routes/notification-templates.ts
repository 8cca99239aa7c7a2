import { Type } from '@fastify/type-provider-typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import {
  findPreferences,
  listTemplates,
  listTemplateVersions,
  PreferencesBody,
  PreferencesParams,
  PreferencesView,
  preferencesView,
  PreviewBody,
  PreviewView,
  readTemplate,
  resetTemplate,
  savePreferences,
  TemplateBody,
  TemplateKeyParams,
  TemplateList,
  TemplateView,
  TestSendBody,
  TestSendView,
  TemplateVersionList,
  TemplateVersionQuery,
  templateVersionView,
  writeTemplate,
  type TemplateName,
} from '../../../modules/notifications/index.js';
import { visibleCustomer } from '../../../modules/customers/index.js';
import { previewTemplate, testSendTemplate } from '../../../flows/notifications/preview-template.js';

const tags = ['notifications'];
const path = '/v1/notification-templates/:key/:locale';

/** /v1/notification-templates (ADR 0034): the messages customers get, per template and locale; and a customer's message preferences. */
export function notificationTemplateRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    const key = (k: string) => k as TemplateName;

    app.get('/v1/notification-templates', {
      config: { action: 'notification_templates:read' },
      schema: { tags, summary: 'Every message template with its events and locales', description: 'Each template in the shipped locales (en, de) and any locale you added; `source` tenant: your own version, shipped: the default.', response: { 200: TemplateList } },
    }, async (request) => ({ data: await listTemplates(db, request.principal.tenantId) }));

    app.get(path, {
      config: { action: 'notification_templates:read' },
      schema: { tags, summary: 'One template in one locale: its Liquid parts and the variables it may use', params: TemplateKeyParams, response: { 200: TemplateView } },
    }, async (request) => readTemplate(db, request.principal.tenantId, key(request.params.key), request.params.locale));

    app.put(path, {
      config: { action: 'notification_templates:write' },
      schema: {
        tags,
        summary: 'Save your version of a template in a locale',
        description: 'Parts not given stay as they are (your version, else the shipped default). Checked before anything is written: Liquid syntax, only the variables the template has (GET lists them), a one-line subject (CR/LF: 422), sizes, render time and memory; a problem answers 422 NOTIFICATION_TEMPLATE_INVALID naming `body.subject`, `body.html` or `body.text`. `enabled: false` keeps the message from being sent in this locale (it is recorded as skipped).',
        params: TemplateKeyParams,
        body: TemplateBody,
        response: { 200: TemplateView },
      },
    }, async (request) => writeTemplate(db, actorOf(request.principal), key(request.params.key), request.params.locale, request.body, deps.clock()));

    app.delete(path, {
      config: { action: 'notification_templates:write' },
      schema: { tags, summary: 'Go back to the shipped default in this locale (the delete is kept in the history)', params: TemplateKeyParams, response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await resetTemplate(db, actorOf(request.principal), key(request.params.key), request.params.locale, deps.clock());
      return reply.code(204).send(null);
    });

    app.get(`${path}/versions`, {
      config: { action: 'notification_templates:read' },
      schema: {
        tags,
        summary: 'The history of a template in a locale: every save and reset, newest first',
        description: 'Each save is a version with the parts as saved; going back to the shipped default (DELETE) is a version with null parts. An older version is restored by saving its parts again (PUT).',
        params: TemplateKeyParams,
        querystring: TemplateVersionQuery,
        response: { 200: TemplateVersionList },
      },
    }, async (request) => {
      const req = pageRequest(request.query, /^[0-9]{1,9}$/);
      const rows = await listTemplateVersions(db, request.principal.tenantId, request.params.key, request.params.locale, req);
      const p = page(rows, req, (r) => [String(r.version)]);
      return { data: p.data.map(templateVersionView), next_cursor: p.next_cursor };
    });

    app.post(`${path}/preview`, {
      config: { action: 'notification_templates:read' },
      schema: {
        tags,
        summary: 'Render a draft or the stored template with sample data or an order’s',
        description: 'Parts in the body are the draft (the rest as stored); `order_id` renders with that order’s shop, customer and order data. Answers subject, HTML, text and warnings; a template that cannot render answers 422 naming the part. Nothing is saved or sent.',
        params: TemplateKeyParams,
        body: PreviewBody,
        response: { 200: PreviewView },
      },
    }, async (request) => previewTemplate(db, request.principal.tenantId, key(request.params.key), request.params.locale, request.body));

    app.post(`${path}/test-send`, {
      config: { action: 'notification_templates:write' },
      schema: {
        tags,
        summary: 'Queue the stored template as a test message to an address you allow',
        description: 'To one of your users’ e-mails or an address in settings.notification_test_recipients (else 422 NOTIFICATION_TEST_RECIPIENT_NOT_ALLOWED); subject prefixed [Test]; sent by the notifications job like any message and listed in GET /v1/notifications.',
        params: TemplateKeyParams,
        body: TestSendBody,
        response: { 202: TestSendView },
      },
    }, async (request, reply) => reply.code(202).send(await testSendTemplate(db, actorOf(request.principal), key(request.params.key), request.params.locale, request.body, deps.clock())));

    app.get('/v1/customers/:id/notification-preferences', {
      config: { action: 'customers:read' },
      schema: { tags, summary: 'A customer’s message language and opt-outs', params: PreferencesParams, response: { 200: PreferencesView } },
    }, async (request) => {
      await visibleCustomer(db, request.principal.tenantId, request.params.id);
      return preferencesView(request.params.id, await findPreferences(db, request.principal.tenantId, request.params.id));
    });

    app.patch('/v1/customers/:id/notification-preferences', {
      config: { action: 'customers:write' },
      schema: {
        tags,
        summary: 'Change a customer’s message language or opt-outs',
        description: 'Honoured when a message is queued: an opted-out message is kept as `skipped` with the reason, never sent. `locale` null: the tenant’s default (settings.notification_locale).',
        params: PreferencesParams,
        body: PreferencesBody,
        response: { 200: PreferencesView },
      },
    }, async (request) => {
      const actor = actorOf(request.principal);
      await visibleCustomer(db, actor.tenantId, request.params.id);
      const b = request.body;
      return preferencesView(request.params.id, await savePreferences(db, actor.tenantId, request.params.id, { locale: b.locale, emailOptOut: b.email_opt_out, smsOptOut: b.sms_opt_out }, actor.actorId, deps.clock()));
    });
  };
}
