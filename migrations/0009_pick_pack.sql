-- A tenant's box catalogue: what cartonization may choose from. Sizes are inner dimensions in mm.
create table boxes (
  tenant_id        text        not null,
  code             text        not null,
  inner_length_mm  int         not null check (inner_length_mm > 0),
  inner_width_mm   int         not null check (inner_width_mm > 0),
  inner_height_mm  int         not null check (inner_height_mm > 0),
  max_weight_grams int         not null check (max_weight_grams > 0),
  tare_grams       int         not null check (tare_grams >= 0),
  cost_minor       bigint      check (cost_minor >= 0),
  currency         char(3)     not null,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  primary key (tenant_id, code),
  check (tare_grams < max_weight_grams)
);

-- A pick list: fulfillment orders of one location batched for one walk through the warehouse.
create table pick_lists (
  tenant_id    text        not null,
  id           text        not null,
  location_id  text        not null,
  mode         text        not null check (mode in ('batch', 'single')),
  status       text        not null check (status in ('open', 'completed')),
  created_at   timestamptz not null,
  updated_at   timestamptz not null,
  completed_at timestamptz,
  primary key (tenant_id, id)
);
create index pick_lists_location on pick_lists (tenant_id, location_id, status, id);

-- The unique index is the last line of defence against batching one fulfillment order twice.
create table pick_list_orders (
  tenant_id            text not null,
  pick_list_id         text not null,
  fulfillment_order_id text not null,
  primary key (tenant_id, pick_list_id, fulfillment_order_id)
);
create unique index pick_list_orders_fulfillment_order on pick_list_orders (tenant_id, fulfillment_order_id);

-- Stops in walking order (seq); lines of the batched orders merged by SKU and bin.
create table pick_list_stops (
  tenant_id    text not null,
  pick_list_id text not null,
  seq          int  not null,
  bin          text,
  sku          text not null,
  quantity     int  not null check (quantity > 0),
  picked       int  check (picked >= 0 and picked <= quantity),
  primary key (tenant_id, pick_list_id, seq)
);

-- Packed parcels of a fulfillment order: box, outer size and gross weight, ready for shipping.
create table packages (
  tenant_id            text        not null,
  id                   text        not null,
  fulfillment_order_id text        not null,
  box_code             text        not null,
  weight_grams         int         not null check (weight_grams >= 0),
  length_mm            int         not null check (length_mm > 0),
  width_mm             int         not null check (width_mm > 0),
  height_mm            int         not null check (height_mm > 0),
  created_at           timestamptz not null,
  primary key (tenant_id, id)
);
create index packages_fulfillment_order on packages (tenant_id, fulfillment_order_id, id);

create table package_lines (
  tenant_id  text not null,
  package_id text not null,
  sku        text not null,
  quantity   int  not null check (quantity > 0),
  primary key (tenant_id, package_id, sku)
);
