-- A tenant's sales channels. The id is global: a platform's webhook URL names it, and the tenant
-- follows from it. The channel's secret (the key its webhooks are signed with, an API token) is
-- sealed with the installation's OMS_SECRET_KEY: never stored or echoed in clear.
create table channels (
  tenant_id     text        not null,
  id            text        not null unique,
  type          text        not null check (type in ('shopify', 'woocommerce', 'amazon', 'ebay', 'pos', 'x12', 'csv', 'api')),
  name          text        not null,
  secret_sealed bytea,
  settings      jsonb       not null default '{}',
  location_ids  text[]      not null default '{}',
  active        boolean     not null default true,
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  primary key (tenant_id, id),
  unique (tenant_id, name)
);
