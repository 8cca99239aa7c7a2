create table orders (
  tenant_id              text        not null,
  id                     text        not null,
  channel                text        not null,
  external_id            text,
  status                 text        not null,
  version                int         not null default 1,
  currency               char(3)     not null,
  placed_at              timestamptz,
  customer_email         text,
  customer               jsonb,
  shipping_address       jsonb,
  billing_address        jsonb,
  shipping_service_level text,
  shipping_minor         bigint      not null default 0 check (shipping_minor >= 0),
  subtotal_minor         bigint      not null check (subtotal_minor >= 0),
  total_minor            bigint      not null check (total_minor >= 0),
  notes                  text,
  tags                   text[]      not null default '{}',
  created_by             text        not null,
  created_at             timestamptz not null,
  updated_at             timestamptz not null,
  primary key (tenant_id, id)
);
-- One (channel, external_id) never becomes two orders.
create unique index orders_external on orders (tenant_id, channel, external_id) where external_id is not null;
create index orders_status on orders (tenant_id, status, id);
create index orders_customer on orders (tenant_id, customer_email, id);
create index orders_created on orders (tenant_id, created_at, id);

create table order_lines (
  tenant_id        text   not null,
  id               text   not null,
  order_id         text   not null,
  line_no          int    not null,
  sku              text   not null,
  quantity         int    not null check (quantity > 0),
  unit_price_minor bigint not null check (unit_price_minor >= 0),
  allocated        int    not null default 0 check (allocated >= 0),
  backordered      int    not null default 0 check (backordered >= 0),
  cancelled        int    not null default 0 check (cancelled >= 0),
  primary key (tenant_id, id),
  constraint order_lines_quantities check (allocated + backordered + cancelled <= quantity)
);
create index order_lines_order on order_lines (tenant_id, order_id, line_no);
create index order_lines_sku on order_lines (tenant_id, sku, order_id);
-- Waiting backorders by SKU, oldest first, for allocation on receipt.
create index order_lines_backordered on order_lines (tenant_id, sku, id) where backordered > 0;
