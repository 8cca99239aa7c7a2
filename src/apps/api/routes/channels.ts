import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Readable } from 'node:stream';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { installRawJsonBodyParser } from '../../../platform/http/json-body.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { IdempotencyHeader, Instant, listOf, nullable, text } from '../../../platform/http/schemas.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import {
  ChannelBody,
  ChannelId,
  ChannelPatch,
  ChannelView,
  channelView,
  ChannelWebhookResult,
  deactivateChannel,
  findChannel,
  findChannelPoll,
  ImportJobView,
  importJobView,
  ImportQuery,
  listChannels,
  listImportJobs,
  listPushes,
  listX12Documents,
  PollView,
  pollView,
  PushStatusSchema,
  PushView,
  pushView,
  requestPoll,
  X12DocumentQuery,
  X12DocumentView,
  x12DocumentView,
  X12_MEDIA_TYPE,
} from '../../../modules/channels/index.js';
import { importOrders } from '../../../flows/capture/import-orders.js';
import { recordPosSale } from '../../../flows/capture/pos-sale.js';
import { returnAtCounter } from '../../../flows/returns/counter-return.js';
import { connectChannel, reconfigureChannel } from '../../../flows/channels/channel-settings.js';
import { receiveChannelWebhook } from '../../../flows/channels/channel-webhook.js';
import { receiveX12Interchange } from '../../../flows/channels/x12-inbound.js';
import { seesChannel } from '../scope.js';
import { CounterReturnBody, ReturnView } from '../../../modules/returns/index.js';
import { CanonicalOrderSchema, CustomerSchema } from '../../../platform/contracts/canonical-order.js';
import { OrderViewSchema } from './order-schemas.js';

/*
 * /v1/channels: sales channel connections, the platforms' webhooks, pushes and polls, point-of-sale
 * capture, EDI X12 and imports. Two plugins because the OpenAPI document lists the imports after
 * /v1/webhook-deliveries; app.ts registers each at its place.
 */

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export const PosSaleSchema = Type.Object(
  {
    external_id: text(200, { description: 'The POS receipt / transaction id; (channel, external_id) is recorded once' }),
    location: Type.String({ minLength: 1, maxLength: 64, description: 'Code or id of the store location the sale was made at; one of the channel’s locations when it has any' }),
    // The canonical order's lines and money fields: the till's discounts and taxes are the order's.
    lines: CanonicalOrderSchema.properties.lines,
    taxes_included: CanonicalOrderSchema.properties.taxes_included,
    order_discounts: CanonicalOrderSchema.properties.order_discounts,
    channel_totals: CanonicalOrderSchema.properties.channel_totals,
    transactions: Type.Optional({ ...CanonicalOrderSchema.properties.transactions, description: 'The tenders taken (card with its reference, cash…); none: one sale of the total on gateway `pos`' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
    placed_at: Type.Optional(nullable(Instant)),
    customer: Type.Optional(nullable(CustomerSchema)),
    notes: Type.Optional(nullable(Type.String({ maxLength: 5000 }))),
  },
  { additionalProperties: false },
);

const PosSaleViewSchema = Type.Object({
  ...OrderViewSchema.properties,
  discrepancies: Type.Array(
    Type.Object({ sku: Type.String(), location: Type.String(), missing: Type.Integer({ description: 'Units sold that the system did not have (unreserved) at the location' }) }),
    { description: 'Units sold beyond the stock the system knew of: recorded as inventory.discrepancy events for a count' },
  ),
});

/**
 * An import's body is streamed, never held whole, so it may be far larger than the API's
 * OMS_BODY_LIMIT_BYTES: 512 MiB (a 1,000,000-row CSV is ~200 MB). Larger files: `oms import`.
 */
export const IMPORT_BODY_LIMIT_BYTES = 512 * 1024 * 1024;

const importMediaTypes = ['text/csv', 'application/json', 'application/x-ndjson', 'application/edi-x12', 'text/plain'];

/** The body, counted as it streams: more than the import limit stops the import with 413. */
async function* limited(body: Readable): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (bytes > IMPORT_BODY_LIMIT_BYTES) throw new DomainError('REQUEST_TOO_LARGE', `An import body is at most ${IMPORT_BODY_LIMIT_BYTES} bytes; use \`oms import\` for larger files.`);
    yield buffer;
  }
}

/** Channel connections and what comes in through them (flows: orders, inventory, catalog, shipping). */
export function channelRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/channels', {
      config: { action: 'channels:write' },
      schema: {
        tags: ['channels'],
        summary: 'Connect a sales channel; its secret is sealed at rest and never shown again',
        body: ChannelBody,
        response: { 201: ChannelView },
      },
    }, async (request, reply) => {
      const key = deps.config.secretKey;
      if (!key) throw new Error('no OMS_SECRET_KEY: channels cannot seal their secrets');
      const { access_token: accessToken, ...input } = request.body;
      const row = await connectChannel(db, actorOf(request.principal), { ...input, accessToken }, key, deps.clock());
      return reply.code(201).send(channelView(row));
    });

    app.get('/v1/channels', {
      config: { action: 'read' },
      schema: { tags: ['channels'], summary: 'The tenant’s channels', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(ChannelView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, /^chn_[0-9a-z]{26}$/);
      const rows = await listChannels(db, request.principal.tenantId, pageOf);
      return page(rows.map(channelView), pageOf, (c) => [c.id]);
    });

    app.get('/v1/channels/:id', {
      config: { action: 'read' },
      schema: { tags: ['channels'], summary: 'One channel', params: ChannelId, response: { 200: ChannelView } },
    }, async (request) => {
      const row = await findChannel(db, request.principal.tenantId, request.params.id);
      if (!row) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      return channelView(row);
    });

    // The platforms' webhooks: authenticated by their HMAC over the raw body, not an API key.
    await app.register(async (hooks) => {
      installRawJsonBodyParser(hooks);
      // Only for WooCommerce's ping when a webhook is saved (`webhook_id=N`); the flow takes nothing else.
      hooks.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: 256 }, (_request, raw, done) => done(null, raw));
      for (const platform of ['shopify', 'woocommerce'] as const) {
        hooks.withTypeProvider<TypeBoxTypeProvider>().post(`/v1/channels/:id/webhooks/${platform}`, {
          config: { action: 'public' },
          schema: {
            tags: ['channels'],
            summary: `${platform === 'shopify' ? 'Shopify' : 'WooCommerce'} order webhook (${platform === 'shopify' ? 'X-Shopify-Hmac-Sha256' : 'X-WC-Webhook-Signature'} checked)`,
            description:
              'The signed body decides: it creates the order (a repeated order answers 200 `duplicate` with the same order), or cancels it when the body says the platform cancelled it. The topic header is not signed: a topic that carries no order is `ignored`, one that contradicts the body is 422 CHANNEL_TOPIC_MISMATCH. A delivery id seen before answers `duplicate`; a body older (by its signed updated_at / date_modified_gmt) than the newest applied answers `stale`; neither changes anything. A deletion (body `{id}` only) is checked with the WooCommerce store’s REST API when the channel can ask it, else put on the order’s timeline for review (`review`), nothing cancelled. WooCommerce’s unsigned form-encoded ping (`webhook_id=N`) answers `ping`. 401 CHANNEL_SIGNATURE_INVALID when the signature is missing or wrong; 400 for text that cannot be stored (NUL, lone surrogates, invalid UTF-8); 422 CHANNEL_PAYLOAD_INVALID naming the fields that cannot be read; unknown SKUs are 422 PRODUCT_UNKNOWN_SKU (the platform retries; create the product and the retry succeeds).',
            params: ChannelId,
            response: { 200: ChannelWebhookResult },
          },
        }, async (request) => {
          const key = deps.config.secretKey;
          if (!key) throw new Error('no OMS_SECRET_KEY: channel secrets cannot be opened');
          return receiveChannelWebhook(db, request.params.id, platform, request.body as Buffer, request.headers, deps.clock(), { secretKey: key, allowPrivate: deps.config.outboundAllowPrivate });
        });
      }
    });

    app.get('/v1/channels/:id/pushes', {
      config: { action: 'read' },
      schema: {
        tags: ['channels'],
        summary: 'Updates sent back to the platform (Shopify fulfillments), newest first, with each one’s last answer',
        params: ChannelId,
        querystring: Type.Object({ ...PageQuery, status: Type.Optional(PushStatusSchema) }, { additionalProperties: false }),
        response: { 200: listOf(PushView) },
      },
    }, async (request) => {
      const { status } = request.query;
      if (!(await findChannel(db, request.principal.tenantId, request.params.id))) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      const pageOf = pageRequest(request.query, /^chp_[0-9a-z]{26}$/);
      const rows = await listPushes(db, request.principal.tenantId, request.params.id, status ? { status } : {}, pageOf);
      return page(rows.map(pushView), pageOf, (p) => [p.id]);
    });

    const pollableChannel = async (tenantId: string, id: string) => {
      const channel = await findChannel(db, tenantId, id);
      if (!channel) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${id}.`);
      if (channel.type !== 'amazon' && channel.type !== 'ebay') throw new DomainError('CHANNEL_TYPE_MISMATCH', `Channel ${id} is a ${channel.type} channel; only amazon and ebay channels are polled.`);
      return channel;
    };

    app.get('/v1/channels/:id/poll', {
      config: { action: 'read' },
      schema: { tags: ['channels'], summary: 'Where polling an Amazon or eBay channel stands: cursor, next poll, last error', params: ChannelId, response: { 200: PollView } },
    }, async (request) => {
      const channel = await pollableChannel(request.principal.tenantId, request.params.id);
      return pollView(channel, await findChannelPoll(db, channel.tenantId, channel.id));
    });

    app.post('/v1/channels/:id/poll', {
      config: { action: 'channels:import' },
      schema: {
        tags: ['channels'],
        summary: 'Poll now; with `since`, read the marketplace again from that instant',
        description: 'The next run of the marketplace-polling job (at most a minute away) polls this channel. `since` moves the cursor back, e.g. to import orders that were rejected before their products existed; orders already captured count as duplicates.',
        params: ChannelId,
        body: Type.Object({ since: Type.Optional(Instant) }, { additionalProperties: false }),
        response: { 202: PollView },
      },
    }, async (request, reply) => {
      const channel = await pollableChannel(request.principal.tenantId, request.params.id);
      const since = request.body.since ? new Date(request.body.since).toISOString() : undefined;
      const row = await requestPoll(db, channel.tenantId, channel.id, deps.clock(), since);
      return reply.code(202).send(pollView(channel, row));
    });

    app.patch('/v1/channels/:id', {
      config: { action: 'channels:write' },
      schema: {
        tags: ['channels'],
        summary: 'Change a channel: rename it, replace its settings, rotate or remove its secret and API token, change its locations, re-activate it',
        description: 'At least one field; the type never changes. `settings` replaces the whole object and is checked as on creation (422 naming the key); `secret` / `access_token`: a new value is sealed, `null` removes it (neither is ever shown); `locations` replaces the list. Appends `channel.updated` listing the changed fields. 409 CHANNEL_NAME_TAKEN when another channel has the name.',
        params: ChannelId,
        body: ChannelPatch,
        response: { 200: ChannelView },
      },
    }, async (request) => {
      const { access_token: accessToken, ...changes } = request.body;
      const row = await reconfigureChannel(db, actorOf(request.principal), request.params.id, { ...changes, accessToken }, deps.config.secretKey, deps.clock());
      return channelView(row);
    });

    app.delete('/v1/channels/:id', {
      config: { action: 'channels:write' },
      schema: { tags: ['channels'], summary: 'Disconnect a channel: its webhooks are refused from now on; its orders stay', params: ChannelId, response: { 204: Type.Null() } },
    }, async (request, reply) => {
      if (!(await deactivateChannel(db, request.principal.tenantId, request.params.id, deps.clock()))) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      return reply.code(204).send(null);
    });

    app.post('/v1/channels/:id/pos-sales', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: {
        tags: ['channels'],
        summary: 'Record an in-store sale: a delivered order and the store’s stock decremented, in one transaction',
        description:
          'For a `pos` channel (422 CHANNEL_TYPE_MISMATCH otherwise, 409 CHANNEL_INACTIVE when deactivated). No fulfillment order, shipment or reservation. ' +
          'Never refused for lack of stock: units come from the store’s unreserved stock, and what the system did not have is answered in `discrepancies` ' +
          '(and an `inventory.discrepancy` event). The same receipt again answers 200 with the same order; `Idempotency-Key` replays the first answer.',
        params: ChannelId,
        headers: IdempotencyHeader,
        body: PosSaleSchema,
        response: { 200: PosSaleViewSchema, 201: PosSaleViewSchema },
      },
    }, async (request, reply) => {
      const actor = actorOf(request.principal);
      if (!seesChannel(request.principal, request.params.id)) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      const idempotency = idempotencyOf(request.headers['idempotency-key'], 'POST', `/v1/channels/${request.params.id}/pos-sales`, request.body);
      const result = await recordPosSale(db, actor, request.params.id, request.body, deps.clock(), { idempotency });
      return reply.code(result.statusCode).send(result.body);
    });

    app.post('/v1/channels/:id/pos-returns', {
      config: { action: 'returns:counter', scope: 'channel' },
      schema: {
        tags: ['channels', 'returns'],
        summary: 'Return units of an order at a store’s counter: request, approve, receive and (optionally) close, in one transaction',
        description:
          'For a `pos` channel and one of its stores (`location`; 422 CHANNEL_LOCATION_NOT_LINKED). The order is any order of the tenant, found by id, number or channel order name (404 ORDER_NOT_FOUND naming `order`; 422 RETURN_ORDER_AMBIGUOUS). ' +
          'The same checks and policy as POST /v1/orders/{id}/returns (at most shipped − already under return: 422 RETURN_EXCEEDS_SHIPPED; an ineligible return needs `override_note`); the units are received at the store with their dispositions, and `close` refunds the original payment or issues store credit as POST /v1/returns/{id}/refunds and …/store-credit do. ' +
          'Nothing is written unless all of it is. Send `Idempotency-Key` to make the till’s retries safe.',
        params: ChannelId,
        headers: IdempotencyHeader,
        body: CounterReturnBody,
        response: { 201: ReturnView },
      },
    }, async (request, reply) => {
      if (!seesChannel(request.principal, request.params.id)) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      const idempotency = idempotencyOf(request.headers['idempotency-key'], 'POST', `/v1/channels/${request.params.id}/pos-returns`, request.body);
      // The refund is made here, not reported by the order's channel: a till's key records it as `api` so it is told to the order's platform (ADR 0021).
      const source = request.principal.userId !== undefined ? 'console' : 'api';
      const answer = await returnAtCounter(db, actorOf(request.principal), request.params.id, request.body, source, deps.clock(), idempotency);
      return reply.code(201).send(answer.body);
    });

    // X12 is text in the partner's separators: the only non-JSON body besides the imports'.
    app.addContentTypeParser([X12_MEDIA_TYPE, 'text/plain'], { parseAs: 'buffer' }, (_request, raw: Buffer | string, done) => {
      try {
        done(null, typeof raw === 'string' ? raw : strictUtf8.decode(raw));
      } catch {
        done(new DomainError('REQUEST_INVALID_ENCODING', 'The body contains bytes that are not valid UTF-8.'), undefined);
      }
    });

    app.post('/v1/channels/:id/x12', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: {
        tags: ['channels'],
        summary: 'Receive an X12 interchange from the channel’s trading partner; answers the 997',
        description:
          'Body: one interchange (ISA … IEA) as `application/edi-x12` or `text/plain`, in whatever separators its ISA declares. Each 850 becomes an order (channel = this channel, external_id = BEG03; PO1 items matched by SKU with SK/VP/VN or by product gtin with UP/EN). The answer is the 997, in the partner’s separators: AK5*A for each set captured (or received before), AK5*R with AK3/AK4 naming the segment and element for a set that was not (unknown item, bad quantity, no stock…). The interchange, the 997 and an 855 per purchase order (settings.send_855) are stored: GET /v1/channels/{id}/x12/documents. The same interchange again (same ISA06 and ISA13) answers the first 997 and changes nothing. 403 X12_SENDER_MISMATCH when ISA05/06 or ISA07/08 are not the channel’s partner and us; 422 X12_INTERCHANGE_INVALID when the ISA cannot be read.',
        params: ChannelId,
        consumes: [X12_MEDIA_TYPE, 'text/plain'],
        produces: [X12_MEDIA_TYPE],
        body: Type.String({ minLength: 1, description: 'The X12 interchange' }),
        response: { 200: Type.String({ description: 'The 997 functional acknowledgement' }) },
      },
    }, async (request, reply) => {
      if (!seesChannel(request.principal, request.params.id)) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      const receipt = await receiveX12Interchange(db, actorOf(request.principal), request.params.id, request.body, deps.clock());
      return reply
        .type(`${X12_MEDIA_TYPE}; charset=utf-8`)
        .header('x12-document-id', receipt.document_id)
        .header('x12-ack-document-id', receipt.ack_document_id)
        .header('x12-duplicate', String(receipt.duplicate))
        .send(receipt.ack);
    });

    app.get('/v1/channels/:id/x12/documents', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: {
        tags: ['channels'],
        summary: 'The X12 documents received from and sent to the channel’s trading partner, newest first',
        params: ChannelId,
        querystring: X12DocumentQuery,
        response: { 200: listOf(X12DocumentView) },
      },
    }, async (request) => {
      const { direction, type } = request.query;
      const tenantId = request.principal.tenantId;
      if (!seesChannel(request.principal, request.params.id) || !(await findChannel(db, tenantId, request.params.id))) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      const pageOf = pageRequest(request.query, /^xdc_[0-9a-z]{26}$/);
      const rows = await listX12Documents(db, tenantId, request.params.id, { direction, type }, pageOf);
      return page(rows.map(x12DocumentView), pageOf, (d) => [d.id]);
    });
  };
}

/** Bulk imports of a channel's orders (a flow: orders are captured as by POST /v1/orders). */
export function channelImportRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    await app.register(async (scope) => {
      // The file arrives as the raw body and is read as a stream, whatever its declared type.
      scope.removeAllContentTypeParsers();
      for (const type of importMediaTypes) scope.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
      scope.withTypeProvider<TypeBoxTypeProvider>().post('/v1/channels/:id/imports', {
        config: { action: 'channels:import', longRequest: true },
        bodyLimit: IMPORT_BODY_LIMIT_BYTES,
        schema: {
          tags: ['channels'],
          summary: 'Import a file of orders into a channel',
          description:
            `The body is the file (${importMediaTypes.join(', ')}), streamed, up to ${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MiB. ` +
            'csv: one order per run of consecutive rows with the same external id, columns by `mapping` (JSON: field → header), else the channel’s settings.csv_mapping, else Shopify’s orders export headers. ' +
            'shopify, woocommerce, ebay (on a channel of that type): the platform’s orders as a JSON array, NDJSON, or the list envelope {orders: [...]}; amazon: one {order, items} (getOrder payload and getOrderItems OrderItems) per NDJSON line or array element. ' +
            'x12 (on an x12 channel): any number of interchanges, each received as by POST /v1/channels/{id}/x12 (997 and 855 stored as documents), counted per 850. ' +
            'Every order is captured like POST /v1/orders; one already captured from this channel is a duplicate; the answer counts them and lists the first rejections with row and reason. ' +
            'Refused with nothing imported: unknown channel 404, deactivated 409 CHANNEL_INACTIVE, format of another channel type 422 CHANNEL_TYPE_MISMATCH, format not built yet 422 IMPORT_FORMAT_UNSUPPORTED, mapping or header unusable 422 IMPORT_MAPPING_INVALID.',
          params: ChannelId,
          querystring: ImportQuery,
          response: { 201: ImportJobView },
        },
      }, async (request, reply) => {
        const { format, mapping: mappingText } = request.query;
        let mapping: unknown;
        if (mappingText !== undefined) {
          try {
            mapping = JSON.parse(mappingText);
          } catch {
            throw new DomainError('IMPORT_MAPPING_INVALID', 'The mapping is not JSON.', [{ field: 'query.mapping', message: 'must be a JSON object from field names to header names' }]);
          }
        }
        const body = request.body as Readable | undefined;
        if (!body) throw new DomainError('REQUEST_INVALID', 'The body is the file to import.', [{ field: 'body', message: 'is empty' }]);
        const job = await importOrders(db, { format, channelId: request.params.id, tenantId: request.principal.tenantId, mapping, actorId: request.principal.keyId }, limited(body), { clock: deps.clock });
        return reply.code(201).send(importJobView(job));
      });
    });

    app.get('/v1/channels/:id/imports', {
      config: { action: 'read' },
      schema: { tags: ['channels'], summary: 'A channel’s imports, newest first', params: ChannelId, querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(ImportJobView) } },
    }, async (request) => {
      if (!(await findChannel(db, request.principal.tenantId, request.params.id))) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      const pageOf = pageRequest(request.query, /^imp_[0-9a-z]{26}$/);
      const rows = await listImportJobs(db, request.principal.tenantId, request.params.id, pageOf);
      return page(rows.map(importJobView), pageOf, (j) => [j.id]);
    });
  };
}
