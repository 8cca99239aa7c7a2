-- Platform: the append-only event log (transactional outbox) and HTTP idempotency records.
create table events (
  tenant_id      text        not null,
  id             text        not null,
  seq            bigserial   not null unique,
  type           text        not null,
  aggregate_type text        not null,
  aggregate_id   text        not null,
  actor          text        not null,
  at             timestamptz not null,
  data           jsonb       not null default '{}'::jsonb,
  primary key (tenant_id, id)
);
create index events_aggregate on events (tenant_id, aggregate_id, seq);
create index events_type on events (tenant_id, type, seq);

create table idempotency_keys (
  tenant_id    text        not null,
  key          text        not null,
  request_hash text        not null,
  status_code  int,
  response     jsonb,
  created_at   timestamptz not null,
  primary key (tenant_id, key)
);
