import { Type } from '@fastify/type-provider-typebox';
import { PageQuery } from '../../../platform/http/pagination.js';
import { nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import type { ChannelRow } from '../db/channels.queries.js';
import type { ImportJobRow } from '../db/imports.queries.js';
import type { ChannelPollRow } from '../db/polls.queries.js';
import type { ChannelPushRow } from '../db/pushes.queries.js';
import type { X12DocumentRow } from '../db/x12.queries.js';
import { importFormats } from '../db/imports.schema.js';
import { channelTypes } from '../db/schema.js';
import { x12DocumentTypes } from '../db/x12.schema.js';

/** Request and response schemas of /v1/channels, /v1/x12-documents and /v1/imports, and their views. */

export const ChannelId = Type.Object({ id: Type.String({ pattern: '^chn_[0-9a-z]{26}$' }) });

export const ChannelView = Type.Object({
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

export const PushStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('manual_action_required')], {
  description: 'pending: to be sent (or retried); succeeded; failed: refused, or still failing after about a day of retries (last_error says why); manual_action_required: a refund the OMS does not send to this platform, to be recorded there by hand',
});

export const PushView = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'shopify_fulfillment: a shipment’s tracking sent to Shopify as a fulfillment; shopify_fulfillment_cancel: that fulfillment cancelled after the shipment was voided; woocommerce_shipment: the tracking as a customer note (or Shipment Tracking entry) and the order completed; amazon_shipment_confirmation: SP-API confirmShipment; ebay_shipping_fulfillment: an eBay shipping fulfillment; shopify_refund / woocommerce_refund: a refund recorded on the platform; manual_refund: a refund to record on the platform by hand (status manual_action_required)' }),
  shipment_id: Type.Union([Type.String(), Type.Null()], { description: 'The shipment of a shipment push' }),
  refund_id: Type.Union([Type.String(), Type.Null()], { description: 'The refund (ledger transaction) of a refund push' }),
  order_id: Type.String(),
  external_order_id: Type.String({ description: 'The platform’s order id' }),
  payload: Type.Record(Type.String(), Type.Unknown(), { description: 'What is sent: for a fulfillment the carrier, service, tracking numbers and URL, shipped SKUs and quantities; for a cancellation the fulfillment push it undoes; for a refund the amounts (decimal strings), lines by SKU, shipping, reason and whether the platform moves the money' }),
  status: PushStatusSchema,
  attempts: Type.Integer(),
  next_attempt_at: Type.Union([Timestamp, Type.Null()], { description: 'The next try, while pending' }),
  last_status_code: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()], { description: 'The platform’s answer when it refused, or why the call failed' }),
  remote_id: Type.Union([Type.String(), Type.Null()], { description: 'The platform’s id of what was created (Shopify fulfillment id, Shopify or WooCommerce refund id)' }),
  created_at: Timestamp,
  done_at: Type.Union([Timestamp, Type.Null()]),
});

export function pushView(p: ChannelPushRow) {
  return {
    id: p.id,
    kind: p.kind,
    shipment_id: p.shipmentId,
    refund_id: p.refundId,
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

/** A channel as the API shows it: whether secrets are stored, never their values. */
export function channelView(c: ChannelRow) {
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

export const ChannelBody = Type.Object(
  {
    type: Type.Union(channelTypes.map((t) => Type.Literal(t))),
    name: text(100),
    secret: Type.Optional(Type.String({ minLength: 8, maxLength: 500, description: 'The key the platform signs its webhooks with (Shopify app secret, WooCommerce webhook secret)' })),
    access_token: Type.Optional(Type.String({ minLength: 8, maxLength: 500, description: 'The platform’s API token: for Shopify, the Admin API access token (scopes write_merchant_managed_fulfillment_orders, read_orders) the fulfillment updates are sent with. Sealed like the secret, never shown' })),
    settings: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50 })),
    locations: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, uniqueItems: true, description: 'Location codes or ids that feed this channel' })),
  },
  { additionalProperties: false },
);

export const ChannelPatch = Type.Object(
  {
    name: Type.Optional(text(100)),
    settings: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50, description: 'Replaces the whole settings object' })),
    secret: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 500 }), Type.Null()], { description: 'The new signing secret (webhooks signed with the old one are refused from now on); null removes it' })),
    access_token: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 500 }), Type.Null()], { description: 'The new API token; null removes it' })),
    locations: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, uniqueItems: true, description: 'Location codes or ids that feed this channel (replaces the list)' })),
    active: Type.Optional(Type.Boolean({ description: 'true re-activates a deactivated channel' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ChannelWebhookResult = Type.Object({
  outcome: Type.Union([Type.Literal('created'), Type.Literal('duplicate'), Type.Literal('cancelled'), Type.Literal('ignored'), Type.Literal('stale'), Type.Literal('review'), Type.Literal('ping')], { description: 'created, duplicate, cancelled, ignored (nothing to do: no such order, already shipped, not an order topic), stale, review (a deletion flagged on the order, nothing cancelled) or ping' }),
  order_id: Type.Union([Type.String(), Type.Null()]),
  unmapped: Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }), { description: 'Fields of the platform’s order the OMS order does not carry (taxes, discount codes…)' }),
});

export const PollView = Type.Object({
  channel_id: Type.String(),
  polling: Type.Boolean({ description: 'The job polls this channel: active, amazon or ebay, settings.poll = true' }),
  cursor: nullable(Type.String({ description: 'The next poll asks for orders changed since this instant' })),
  next_poll_at: nullable(Timestamp),
  last_polled_at: nullable(Timestamp),
  last_error: nullable(Type.String()),
  consecutive_failures: Type.Integer(),
  last_import_id: nullable(Type.String({ description: 'The import job of the last poll that brought orders (GET /v1/imports/{id})' })),
});
/** Where polling a marketplace channel stands. */
export const pollView = (channel: ChannelRow, row: ChannelPollRow | undefined) => ({
  channel_id: channel.id,
  polling: channel.active && (channel.type === 'amazon' || channel.type === 'ebay') && channel.settings['poll'] === true,
  cursor: row?.cursor ?? null,
  next_poll_at: row?.nextPollAt.toISOString() ?? null,
  last_polled_at: row?.lastPolledAt?.toISOString() ?? null,
  last_error: row?.lastError ?? null,
  consecutive_failures: row?.consecutiveFailures ?? 0,
  last_import_id: row?.lastImportId ?? null,
});

/** The media type of an X12 interchange. */
export const X12_MEDIA_TYPE = 'application/edi-x12';
export const X12DocumentId = Type.Object({ id: Type.String({ pattern: '^xdc_[0-9a-z]{26}$' }) });

export const X12DocumentView = Type.Object({
  id: Type.String(),
  channel_id: Type.String(),
  direction: Type.String({ description: 'inbound (from the partner) or outbound (to the partner)' }),
  type: Type.String({ description: 'interchange (received), 997, 855, 856 or 810' }),
  partner_id: Type.String({ description: 'ISA06 of a received interchange, ISA08 of a sent one' }),
  control_number: Type.String({ description: 'ISA13' }),
  reply_to_id: nullable(Type.String()),
  order_id: nullable(Type.String()),
  shipment_id: nullable(Type.String()),
  po_number: nullable(Type.String()),
  summary: Type.Record(Type.String(), Type.Unknown()),
  acknowledged_at: nullable(Timestamp),
  created_at: Timestamp,
  url: Type.String({ description: 'The raw document' }),
});

/** An X12 document's record (its raw body is at `url`). */
export function x12DocumentView(d: Omit<X12DocumentRow, 'body'>) {
  return {
    id: d.id,
    channel_id: d.channelId,
    direction: d.direction,
    type: d.type,
    partner_id: d.partnerId,
    control_number: d.controlNumber,
    reply_to_id: d.replyToId,
    order_id: d.orderId,
    shipment_id: d.shipmentId,
    po_number: d.poNumber,
    summary: d.summary,
    acknowledged_at: d.acknowledgedAt?.toISOString() ?? null,
    created_at: d.createdAt.toISOString(),
    url: `/v1/x12-documents/${d.id}`,
  };
}

export const X12DocumentQuery = Type.Object(
  {
    ...PageQuery,
    direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])),
    type: Type.Optional(Type.Union(x12DocumentTypes.map((t) => Type.Literal(t)))),
  },
  { additionalProperties: false },
);

export const ImportId = Type.Object({ id: Type.String({ pattern: '^imp_[0-9a-z]{26}$' }) });

export const ImportJobView = Type.Object({
  id: Type.String(),
  channel_id: Type.String(),
  format: Type.String(),
  status: Type.String({ description: 'running, completed (also when some records were rejected), failed (see error), or interrupted (its process stopped: import the file again; captured orders count as duplicates)' }),
  counts: Type.Object({
    total: Type.Integer({ description: 'Orders read from the file (CSV: row groups)' }),
    imported: Type.Integer(),
    duplicates: Type.Integer({ description: 'Already captured from this channel (same external id): left unchanged' }),
    rejected: Type.Integer(),
  }),
  rejected: Type.Array(
    Type.Object({
      row: nullable(Type.Integer({ description: 'CSV row (the header is row 1), NDJSON line, or JSON array element number' })),
      column: nullable(Type.String({ description: 'The CSV header or payload field at fault' })),
      external_id: nullable(Type.String()),
      reason: Type.String(),
    }),
    { description: `The first ${100} reasons; \`oms import\` writes all of them to a file` },
  ),
  error: nullable(Type.String()),
  created_at: Timestamp,
  finished_at: nullable(Timestamp),
});

/** An import job: status, counts and the first rejections. */
export function importJobView(job: ImportJobRow) {
  return {
    id: job.id,
    channel_id: job.channelId,
    format: job.format,
    status: job.status,
    counts: { total: job.total, imported: job.imported, duplicates: job.duplicates, rejected: job.rejected },
    rejected: job.rejections,
    error: job.error,
    created_at: job.createdAt.toISOString(),
    finished_at: job.finishedAt?.toISOString() ?? null,
  };
}

export const ImportQuery = Type.Object(
  {
    format: Type.Union(importFormats.map((f) => Type.Literal(f))),
    mapping: Type.Optional(Type.String({ maxLength: 10_000, description: 'CSV only: a JSON object from fields (external_id, sku, quantity, unit_price, currency, placed_at, email, customer_name, ship_*, shipping_price, service_level, notes, tags) to header names' })),
  },
  { additionalProperties: false },
);
