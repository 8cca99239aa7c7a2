create table tenants (
  id         text        primary key,
  name       text        not null,
  is_root    boolean     not null default false,
  settings   jsonb       not null default '{}'::jsonb,
  created_at timestamptz not null
);
-- At most one root tenant: the installation's operator, created at first start.
create unique index tenants_one_root on tenants (is_root) where is_root;

create table api_keys (
  tenant_id  text        not null references tenants (id),
  id         text        not null,
  name       text        not null,
  role       text        not null check (role in ('admin', 'operator', 'viewer', 'channel')),
  key_hash   text        not null unique,
  key_prefix text        not null,
  created_at timestamptz not null,
  created_by text,
  revoked_at timestamptz,
  primary key (tenant_id, id)
);
