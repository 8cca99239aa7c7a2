-- Reservation holds: stock held for a checkout until it is captured as an order, released, or
-- expires. A hold's units are ordinary reservation rows (owned by the hold instead of an order
-- line), so "stock_levels.reserved = sum of reservations" keeps holding without exception.
create table stock_holds (
  tenant_id  text        not null,
  id         text        not null,
  sku        text        not null,
  quantity   int         not null check (quantity > 0),
  channel    text,
  status     text        not null check (status in ('active', 'consumed', 'released', 'expired')),
  expires_at timestamptz not null,
  -- The order that consumed the hold; set exactly when the status is consumed.
  order_id   text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (tenant_id, id),
  constraint stock_holds_consumed_by_order check ((status = 'consumed') = (order_id is not null))
);
-- The expiry worker scans every tenant's active holds by expiry time (claimed with SKIP LOCKED);
-- the partial index keeps that scan to live holds. The one index not led by tenant_id: the job
-- is the only reader and works across tenants.
create index stock_holds_expiry on stock_holds (expires_at, tenant_id) where status = 'active';

alter table reservations alter column order_id drop not null;
alter table reservations alter column order_line_id drop not null;
alter table reservations add column hold_id text;
-- Exactly one owner: an order line, or a hold.
alter table reservations add constraint reservations_one_owner check (
  (hold_id is null and order_id is not null and order_line_id is not null)
  or (hold_id is not null and order_id is null and order_line_id is null)
);
create index reservations_hold on reservations (tenant_id, hold_id) where hold_id is not null;

-- Inbound supply: purchase orders / advance shipping notices expected at a location.
create table inbound_shipments (
  tenant_id     text        not null,
  id            text        not null,
  reference     text,
  location_id   text        not null,
  expected_date date        not null,
  status        text        not null check (status in ('open', 'partially_received', 'received', 'cancelled')),
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  primary key (tenant_id, id)
);
create index inbound_shipments_status on inbound_shipments (tenant_id, status, expected_date, id);
create index inbound_shipments_location on inbound_shipments (tenant_id, location_id, id);

create table inbound_lines (
  tenant_id  text not null,
  id         text not null,
  inbound_id text not null,
  line_no    int  not null,
  sku        text not null,
  quantity   int  not null check (quantity > 0),
  received   int  not null default 0,
  primary key (tenant_id, id),
  unique (tenant_id, inbound_id, sku),
  constraint inbound_lines_received_within_quantity check (received >= 0 and received <= quantity)
);
create index inbound_lines_sku on inbound_lines (tenant_id, sku, inbound_id);
