-- Updates we send back to a sales platform, one row per (channel, kind, shipment): a Shopify
-- fulfillment with the tracking numbers when we ship an order that came from Shopify. The outbox
-- relay queues the row (a replayed event finds it there and adds nothing); a job leases due rows
-- (FOR UPDATE SKIP LOCKED + leased_until), makes the call with no transaction open, and settles.
-- The Admin API access token is sealed like the webhook secret: never stored or echoed in clear.
alter table channels add column access_token_sealed bytea;

create table channel_pushes (
  tenant_id         text        not null,
  id                text        not null,
  channel_id        text        not null,
  kind              text        not null check (kind in ('shopify_fulfillment')),
  shipment_id       text        not null,
  order_id          text        not null,
  external_order_id text        not null,
  payload           jsonb       not null,
  status            text        not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempts          integer     not null default 0,
  next_attempt_at   timestamptz not null,
  leased_until      timestamptz,
  last_status_code  integer,
  last_error        text,
  remote_id         text,
  created_at        timestamptz not null,
  done_at           timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, channel_id, kind, shipment_id)
);

create index channel_pushes_due on channel_pushes (next_attempt_at) where status = 'pending';
create index channel_pushes_by_channel on channel_pushes (tenant_id, channel_id, id);
