-- One fulfillment order per order x location: what one location must pick, pack and ship.
create table fulfillment_orders (
  tenant_id     text        not null,
  id            text        not null,
  order_id      text        not null,
  location_id   text        not null,
  status        text        not null check (status in ('pending', 'released', 'accepted', 'picking', 'packed', 'shipped', 'rejected', 'cancel_requested', 'cancelled')),
  version       int         not null default 1,
  reject_reason text,
  released_at   timestamptz,
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  primary key (tenant_id, id)
);
create index fulfillment_orders_order on fulfillment_orders (tenant_id, order_id);
create index fulfillment_orders_location on fulfillment_orders (tenant_id, location_id, status, id);
create index fulfillment_orders_status on fulfillment_orders (tenant_id, status, id);

create table fulfillment_order_lines (
  tenant_id            text not null,
  fulfillment_order_id text not null,
  order_line_id        text not null,
  sku                  text not null,
  quantity             int  not null check (quantity > 0),
  primary key (tenant_id, fulfillment_order_id, order_line_id, sku)
);

-- A channel-role key may stand for one location (a 3PL, drop-ship vendor or store) and then
-- sees and answers only that location's fulfillment orders.
alter table api_keys add column location_id text;
