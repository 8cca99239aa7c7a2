-- Fraud screening at capture (issue 15 §3, ADR 0030): the tenants' versioned rule sets, the
-- decision stored per order, and the keys velocity is counted over.

-- A rule set version: rules, allow/block lists and score settings, immutable once written.
create table risk_rule_sets (
  tenant_id   text        not null,
  version     integer     not null check (version > 0),
  -- [{ id, rule, description? }] (src/modules/risk/domain/rules.ts)
  rules       jsonb       not null,
  -- { allow: { emails, domains, ips, addresses, cards }, block: { … } }
  lists       jsonb       not null,
  -- { thresholds: { review, reject }, highValue, emailDomainAllow, forwarderFragments }
  settings    jsonb       not null,
  note        text,
  created_by  text        not null,
  created_at  timestamptz not null,
  primary key (tenant_id, version)
);

-- Which version capture uses: one row per tenant that has activated one (none: the default set).
create table risk_active_rule_sets (
  tenant_id    text        not null primary key,
  version      integer     not null,
  activated_by text        not null,
  activated_at timestamptz not null,
  foreign key (tenant_id, version) references risk_rule_sets (tenant_id, version)
);

-- What screening decided about an order, written in the capture's transaction.
create table risk_decisions (
  tenant_id        text        not null,
  order_id         text        not null,
  action           text        not null check (action in ('allow', 'reject', 'review', 'verify')),
  score            integer     not null check (score between 0 and 100),
  rule_set_version text        not null,
  -- ids of every matched rule (score thresholds included), for filters
  rules            text[]      not null,
  -- the whole Decision: decidedBy, matched, scoreParts, signals with sentences, explanation
  decision         jsonb       not null,
  -- the ScreeningInput it was made on: a backtest screens exactly this again
  input            jsonb       not null,
  -- the order's placed-at (the screening clock), for the backtest's window
  placed_at        timestamptz not null,
  created_at       timestamptz not null,
  primary key (tenant_id, order_id)
);
create index risk_decisions_placed on risk_decisions (tenant_id, placed_at desc, order_id);

-- One row per order and key kind (email, ip, phone, address, card): SHA-256 of the normalised
-- value, never the value itself, with the order's card and shipping address (hashed alike) so
-- distinct cards and addresses per key can be counted.
create table risk_velocity_keys (
  tenant_id    text        not null,
  order_id     text        not null,
  kind         text        not null check (kind in ('email', 'ip', 'phone', 'address', 'card')),
  key_hash     text        not null,
  at           timestamptz not null,
  card_hash    text,
  address_hash text,
  primary key (tenant_id, order_id, kind)
);
-- One velocity query reads only this index (an index-only range scan per key over 7 days).
create index risk_velocity_lookup on risk_velocity_keys (tenant_id, kind, key_hash, at) include (order_id, card_hash, address_hash);
