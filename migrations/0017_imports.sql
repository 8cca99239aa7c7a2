-- Bulk order imports (`POST /v1/channels/{id}/imports`, `oms import`): one row per run, with its
-- counts and the first rejections (row, column, reason); the full list of rejections goes to the
-- CLI's rejects file. Orders themselves are captured like any other order.
create table import_jobs (
  tenant_id   text        not null,
  id          text        not null,
  channel_id  text        not null,
  format      text        not null check (format in ('shopify', 'woocommerce', 'amazon', 'ebay', 'x12', 'csv')),
  status      text        not null check (status in ('running', 'completed', 'failed')),
  total       integer     not null default 0,
  imported    integer     not null default 0,
  duplicates  integer     not null default 0,
  rejected    integer     not null default 0,
  rejections  jsonb       not null default '[]',
  error       text,
  actor       text        not null,
  created_at  timestamptz not null,
  finished_at timestamptz,
  primary key (tenant_id, id)
);
create index import_jobs_by_channel on import_jobs (tenant_id, channel_id, id);
