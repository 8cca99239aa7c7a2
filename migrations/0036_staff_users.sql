-- Staff accounts for the operator console (issue 13, ADR 0016): people sign in with an e-mail and
-- a password; API keys stay for machines. A user has the permissions of an API key of the same
-- kind; `location` staff are bound to one location like a location key.
create table users (
  tenant_id     text        not null references tenants (id),
  id            text        not null,
  -- Stored lower-cased; unique across the installation, so signing in needs no tenant.
  email         text        not null,
  name          text        not null,
  role          text        not null check (role in ('admin', 'operator', 'viewer', 'location')),
  location_id   text,
  -- argon2id in PHC form; null until the user sets a password through a reset link.
  password_hash text,
  disabled_at   timestamptz,
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  primary key (tenant_id, id),
  constraint users_location_binding check ((role = 'location') = (location_id is not null))
);
create unique index users_email on users (lower(email));
create unique index users_id on users (id);

-- Only the SHA-256 of the cookie's 256-bit token is kept: a copy of this table signs nobody in.
create table sessions (
  tenant_id    text        not null references tenants (id),
  id           text        not null,
  user_id      text        not null,
  token_hash   text        not null unique,
  csrf_token   text        not null,
  created_at   timestamptz not null,
  last_seen_at timestamptz not null,
  -- The absolute end; the idle end (last_seen_at + the idle timeout) is computed.
  expires_at   timestamptz not null,
  revoked_at   timestamptz,
  primary key (tenant_id, id)
);
create index sessions_user on sessions (tenant_id, user_id) where revoked_at is null;

create table password_resets (
  tenant_id  text        not null references tenants (id),
  id         text        not null,
  user_id    text        not null,
  token_hash text        not null unique,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at    timestamptz,
  primary key (tenant_id, id)
);
