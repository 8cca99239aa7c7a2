create table locations (
  tenant_id          text        not null,
  id                 text        not null,
  code               text        not null,
  name               text        not null,
  type               text        not null check (type in ('warehouse', 'store', 'dropship', '3pl')),
  address            jsonb,
  ships_to_customers boolean     not null default true,
  priority           int         not null default 100,
  active             boolean     not null default true,
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  primary key (tenant_id, id),
  unique (tenant_id, code)
);

-- The hot rows. The CHECK is the last line of defence against overselling: whatever a bug in
-- the application does, the database refuses reserved > on_hand.
create table stock_levels (
  tenant_id   text        not null,
  sku         text        not null,
  location_id text        not null,
  on_hand     int         not null default 0,
  reserved    int         not null default 0,
  updated_at  timestamptz not null,
  primary key (tenant_id, sku, location_id),
  constraint stock_levels_reserved_within_on_hand check (reserved >= 0 and reserved <= on_hand)
);

-- Immutable ledger of on-hand movements.
create table inventory_movements (
  tenant_id     text        not null,
  id            text        not null,
  sku           text        not null,
  location_id   text        not null,
  delta         int         not null,
  on_hand_after int         not null,
  reason        text        not null,
  reference     text,
  actor         text        not null,
  at            timestamptz not null,
  primary key (tenant_id, id)
);
create index inventory_movements_sku on inventory_movements (tenant_id, sku, location_id, id);

-- Live reservations: stock_levels.reserved equals the sum of these per (sku, location).
create table reservations (
  tenant_id     text        not null,
  id            text        not null,
  order_id      text        not null,
  order_line_id text        not null,
  sku           text        not null,
  location_id   text        not null,
  quantity      int         not null check (quantity > 0),
  created_at    timestamptz not null,
  primary key (tenant_id, id)
);
create index reservations_order on reservations (tenant_id, order_id);
create index reservations_stock on reservations (tenant_id, sku, location_id);
