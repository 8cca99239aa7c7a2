import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Instant, listOf, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { installRawJsonBodyParser } from '../../../platform/http/json-body.js';
import { changeChannel, channelTypes, createChannel, deactivateChannel, findChannel, findChannelPoll, listChannels, listPushes, requestPoll, type ChannelPollRow, type ChannelPushRow, type ChannelRow } from '../../../modules/channels/index.js';
import { resolveLocations } from '../../../modules/inventory/index.js';
import { receiveChannelWebhook } from '../../../flows/channels/channel-webhook.js';

const ChannelId = Type.Object({ id: Type.String({ pattern: '^chn_[0-9a-z]{26}$' }) });

const ChannelView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  has_secret: Type.Boolean({ description: 'A secret is stored (sealed); it is never shown' }),
  has_access_token: Type.Boolean({ description: 'An API access token is stored (sealed); it is never shown' }),
  settings: Type.Record(Type.String(), Type.Unknown()),
  location_ids: Type.Array(Type.String()),
  active: Type.Boolean(),
  webhook_url: Type.Union([Type.String(), Type.Null()], { description: 'Where the platform should send its order webhooks' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const PushStatus = Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]);

const PushView = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'shopify_fulfillment: a shipment’s tracking sent to Shopify as a fulfillment; shopify_fulfillment_cancel: that fulfillment cancelled after the shipment was voided; woocommerce_shipment: the tracking as a customer note (or Shipment Tracking entry) and the order completed; amazon_shipment_confirmation: SP-API confirmShipment; ebay_shipping_fulfillment: an eBay shipping fulfillment' }),
  shipment_id: Type.String(),
  order_id: Type.String(),
  external_order_id: Type.String({ description: 'The platform’s order id' }),
  payload: Type.Record(Type.String(), Type.Unknown(), { description: 'What is sent: for a fulfillment the carrier, service, tracking numbers and URL, shipped SKUs and quantities; for a cancellation the fulfillment push it undoes' }),
  status: PushStatus,
  attempts: Type.Integer(),
  next_attempt_at: Type.Union([Timestamp, Type.Null()], { description: 'The next try, while pending' }),
  last_status_code: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()], { description: 'The platform’s answer when it refused, or why the call failed' }),
  remote_id: Type.Union([Type.String(), Type.Null()], { description: 'The platform’s id of what was created (Shopify fulfillment id)' }),
  created_at: Timestamp,
  done_at: Type.Union([Timestamp, Type.Null()]),
});

function pushView(p: ChannelPushRow) {
  return {
    id: p.id,
    kind: p.kind,
    shipment_id: p.shipmentId,
    order_id: p.orderId,
    external_order_id: p.externalOrderId,
    payload: p.payload as unknown as Record<string, unknown>,
    status: p.status,
    attempts: p.attempts,
    next_attempt_at: p.status === 'pending' ? p.nextAttemptAt.toISOString() : null,
    last_status_code: p.lastStatusCode,
    last_error: p.lastError,
    remote_id: p.remoteId,
    created_at: p.createdAt.toISOString(),
    done_at: p.doneAt?.toISOString() ?? null,
  };
}

function view(c: ChannelRow) {
  const hook = c.type === 'shopify' || c.type === 'woocommerce' ? `/v1/channels/${c.id}/webhooks/${c.type}` : null;
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    has_secret: c.secretSealed !== null,
    has_access_token: c.accessTokenSealed !== null,
    settings: c.settings,
    location_ids: c.locationIds,
    active: c.active,
    webhook_url: hook,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

/** Channel connections (a flow: locations are the inventory module's). */
export function channelRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/channels', {
      config: { action: 'channels:write' },
      schema: {
        tags: ['channels'],
        summary: 'Connect a sales channel; its secret is sealed at rest and never shown again',
        body: Type.Object(
          {
            type: Type.Union(channelTypes.map((t) => Type.Literal(t))),
            name: text(100),
            secret: Type.Optional(Type.String({ minLength: 8, maxLength: 500, description: 'The key the platform signs its webhooks with (Shopify app secret, WooCommerce webhook secret)' })),
            access_token: Type.Optional(Type.String({ minLength: 8, maxLength: 500, description: 'The platform’s API token: for Shopify, the Admin API access token (scopes write_merchant_managed_fulfillment_orders, read_orders) the fulfillment updates are sent with. Sealed like the secret, never shown' })),
            settings: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50 })),
            locations: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, uniqueItems: true, description: 'Location codes or ids that feed this channel' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: ChannelView },
      },
    }, async (request, reply) => {
      const key = deps.config.secretKey;
      if (!key) throw new Error('no OMS_SECRET_KEY: channels cannot seal their secrets');
      const body = request.body;
      const row = await inTransaction(db, async (tx) => {
        const locations = await resolveLocations(tx, request.principal.tenantId, body.locations ?? [], (i) => `locations[${i}]`);
        return createChannel(tx, actorOf(request.principal), { type: body.type, name: body.name, secret: body.secret, accessToken: body.access_token, settings: body.settings, locationIds: locations.map((l) => l.id) }, key, deps.clock());
      });
      return reply.code(201).send(view(row));
    });

    app.get('/v1/channels', {
      config: { action: 'read' },
      schema: { tags: ['channels'], summary: 'The tenant’s channels', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(ChannelView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, /^chn_[0-9a-z]{26}$/);
      const rows = await listChannels(db, request.principal.tenantId, pageOf);
      return page(rows.map(view), pageOf, (c) => [c.id]);
    });

    app.get('/v1/channels/:id', {
      config: { action: 'read' },
      schema: { tags: ['channels'], summary: 'One channel', params: ChannelId, response: { 200: ChannelView } },
    }, async (request) => {
      const row = await findChannel(db, request.principal.tenantId, request.params.id);
      if (!row) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      return view(row);
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
            response: {
              200: Type.Object({
                outcome: Type.Union([Type.Literal('created'), Type.Literal('duplicate'), Type.Literal('cancelled'), Type.Literal('ignored'), Type.Literal('stale'), Type.Literal('review'), Type.Literal('ping')], { description: 'created, duplicate, cancelled, ignored (nothing to do: no such order, already shipped, not an order topic), stale, review (a deletion flagged on the order, nothing cancelled) or ping' }),
                order_id: Type.Union([Type.String(), Type.Null()]),
                unmapped: Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }), { description: 'Fields of the platform’s order the OMS order does not carry (taxes, discount codes…)' }),
              }),
            },
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
        querystring: Type.Object({ ...PageQuery, status: Type.Optional(PushStatus) }, { additionalProperties: false }),
        response: { 200: listOf(PushView) },
      },
    }, async (request) => {
      const { status } = request.query;
      if (!(await findChannel(db, request.principal.tenantId, request.params.id))) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      const pageOf = pageRequest(request.query, /^chp_[0-9a-z]{26}$/);
      const rows = await listPushes(db, request.principal.tenantId, request.params.id, status ? { status } : {}, pageOf);
      return page(rows.map(pushView), pageOf, (p) => [p.id]);
    });

    const PollView = Type.Object({
      channel_id: Type.String(),
      polling: Type.Boolean({ description: 'The job polls this channel: active, amazon or ebay, settings.poll = true' }),
      cursor: nullable(Type.String({ description: 'The next poll asks for orders changed since this instant' })),
      next_poll_at: nullable(Timestamp),
      last_polled_at: nullable(Timestamp),
      last_error: nullable(Type.String()),
      consecutive_failures: Type.Integer(),
      last_import_id: nullable(Type.String({ description: 'The import job of the last poll that brought orders (GET /v1/imports/{id})' })),
    });
    const pollView = (channel: ChannelRow, row: ChannelPollRow | undefined) => ({
      channel_id: channel.id,
      polling: channel.active && (channel.type === 'amazon' || channel.type === 'ebay') && channel.settings['poll'] === true,
      cursor: row?.cursor ?? null,
      next_poll_at: row?.nextPollAt.toISOString() ?? null,
      last_polled_at: row?.lastPolledAt?.toISOString() ?? null,
      last_error: row?.lastError ?? null,
      consecutive_failures: row?.consecutiveFailures ?? 0,
      last_import_id: row?.lastImportId ?? null,
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
        body: Type.Object(
          {
            name: Type.Optional(text(100)),
            settings: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50, description: 'Replaces the whole settings object' })),
            secret: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 500 }), Type.Null()], { description: 'The new signing secret (webhooks signed with the old one are refused from now on); null removes it' })),
            access_token: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 500 }), Type.Null()], { description: 'The new API token; null removes it' })),
            locations: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, uniqueItems: true, description: 'Location codes or ids that feed this channel (replaces the list)' })),
            active: Type.Optional(Type.Boolean({ description: 'true re-activates a deactivated channel' })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: ChannelView },
      },
    }, async (request) => {
      const body = request.body;
      const row = await inTransaction(db, async (tx) => {
        const locations = body.locations ? await resolveLocations(tx, request.principal.tenantId, body.locations, (i) => `locations[${i}]`) : undefined;
        return changeChannel(tx, actorOf(request.principal), request.params.id, { name: body.name, settings: body.settings, secret: body.secret, accessToken: body.access_token, locationIds: locations?.map((l) => l.id), active: body.active }, deps.config.secretKey, deps.clock());
      });
      return view(row);
    });

    app.delete('/v1/channels/:id', {
      config: { action: 'channels:write' },
      schema: { tags: ['channels'], summary: 'Disconnect a channel: its webhooks are refused from now on; its orders stay', params: ChannelId, response: { 204: Type.Null() } },
    }, async (request, reply) => {
      if (!(await deactivateChannel(db, request.principal.tenantId, request.params.id, deps.clock()))) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      return reply.code(204).send(null);
    });
  };
}
