-- Shopify and WooCommerce order webhooks (src/flows/channel-webhook.ts), issue #11 item 5.
--
-- channel_webhook_deliveries: the deliveries already applied, so a platform's redelivery answers
-- `duplicate` and changes nothing. The key is sha256(delivery id header, sha256(body)): the id
-- header (X-Shopify-Webhook-Id, X-WC-Webhook-Delivery-ID) is not signed, and WooCommerce derives
-- it from the webhook id and the current second, so two deliveries in one second share it; with
-- the body digest only the same delivery of the same body counts as a repeat. Written in the
-- transaction that applies the delivery (a refused one leaves nothing: the platform's retry is
-- applied). Pruned after 7 days by the `channel-webhook-retention` job.
create table channel_webhook_deliveries (
  tenant_id    text        not null,
  channel_id   text        not null,
  delivery_key text        not null,
  received_at  timestamptz not null,
  outcome      text        not null,
  order_id     text,
  primary key (tenant_id, channel_id, delivery_key)
);

create index channel_webhook_deliveries_received on channel_webhook_deliveries (received_at);

-- channel_order_versions: per channel and platform order id, the newest signed version applied
-- (Shopify `updated_at`, WooCommerce `date_modified_gmt`) and the platform status it said. A
-- delivery older than it is `stale` and changes nothing: the defence against replayed signed
-- bodies, since the id header above is not signed. `deleted`: the store's REST API confirmed the
-- order is gone for good; `deletion_reported_at`: an unverified deletion was put on the order's
-- timeline for review (once).
create table channel_order_versions (
  tenant_id            text        not null,
  channel_id           text        not null,
  external_id          text        not null,
  version              timestamptz,
  status               text,
  deleted              boolean     not null default false,
  deletion_reported_at timestamptz,
  updated_at           timestamptz not null,
  primary key (tenant_id, channel_id, external_id)
);
