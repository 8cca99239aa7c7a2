-- Integrations: events leave the OMS.
--
-- outbox: one row per event still to relay, written by appendEvents in the same statement (and
-- transaction) as the event itself. The relay claims rows with FOR UPDATE SKIP LOCKED, hands the
-- event to in-process subscribers, fans it out to webhook deliveries and the broker queue, and
-- deletes the row in one transaction: a crash before the commit relays the event again, never
-- loses it. Events written before this migration are history and are not relayed.
create table outbox (
  seq             bigint      primary key,
  tenant_id       text        not null,
  event_id        text        not null,
  attempts        int         not null default 0,
  next_attempt_at timestamptz,
  last_error      text,
  -- true once its webhook deliveries and broker row exist; only a failing subscriber keeps it.
  fanned_out      boolean     not null default false
);

-- Events waiting to be published to the message broker (NATS JetStream), when one is configured.
-- Its own queue so a broker outage never holds back webhooks or subscribers.
create table broker_outbox (
  seq       bigint primary key,
  tenant_id text   not null,
  event_id  text   not null
);

create table webhook_endpoints (
  tenant_id            text        not null,
  id                   text        not null,
  url                  text        not null,
  description          text,
  event_types          text[]      not null,
  secret_sealed        bytea       not null,
  enabled              boolean     not null default true,
  disabled_reason      text,
  failing_since        timestamptz,
  consecutive_failures int         not null default 0,
  created_at           timestamptz not null,
  updated_at           timestamptz not null,
  primary key (tenant_id, id)
);

-- One row per (endpoint, event): what was sent, how often, and what is next. Claimed with a lease
-- (leased_until) so no transaction stays open while a receiver answers; an expired lease is sent
-- again (at-least-once). Ordered per order: a delivery waits while an earlier pending one of the
-- same endpoint and ordering key (the event's aggregate) exists.
create table webhook_deliveries (
  tenant_id          text        not null,
  id                 text        not null,
  endpoint_id        text        not null,
  event_id           text        not null,
  event_seq          bigint      not null,
  event_type         text        not null,
  ordering_key       text        not null,
  status             text        not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempts           int         not null default 0,
  remaining_attempts int         not null,
  next_attempt_at    timestamptz not null,
  leased_until       timestamptz,
  last_status_code   int,
  last_error         text,
  created_at         timestamptz not null,
  delivered_at       timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, endpoint_id, event_id),
  foreign key (tenant_id, endpoint_id) references webhook_endpoints (tenant_id, id) on delete cascade
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_order on webhook_deliveries (tenant_id, endpoint_id, ordering_key, event_seq) where status = 'pending';
create index webhook_deliveries_log on webhook_deliveries (tenant_id, endpoint_id, id);

create table webhook_attempts (
  tenant_id     text        not null,
  delivery_id   text        not null,
  n             int         not null,
  at            timestamptz not null,
  status_code   int,
  duration_ms   int         not null,
  error         text,
  response_body text,
  primary key (tenant_id, delivery_id, n),
  foreign key (tenant_id, delivery_id) references webhook_deliveries (tenant_id, id) on delete cascade
);
