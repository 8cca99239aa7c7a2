-- What the operator console finds orders by (issue 13), and the indexes that keep every list and
-- search fast with a million orders (docs/benchmarks.md, "Console lists and search").

-- The order number people say on the phone: one sequence for the installation, so capture takes a
-- number without a per-tenant counter row that every capture of a tenant would queue on. Existing
-- orders are numbered in the order they were created.
create sequence order_number_seq;
alter table orders add column number bigint;
update orders o set number = n.number
  from (select tenant_id, id, row_number() over (order by created_at, id) as number from orders) n
  where o.tenant_id = n.tenant_id and o.id = n.id;
select setval('order_number_seq', coalesce((select max(number) from orders), 0) + 1, false);
alter table orders alter column number set default nextval('order_number_seq');
alter table orders alter column number set not null;
alter sequence order_number_seq owned by orders.number;
create unique index orders_number on orders (tenant_id, number);

-- What the channel calls the order (Shopify `#1042`, WooCommerce number, Amazon/eBay order id, X12 PO
-- number). Searched without its leading '#' and case: `1042` and `#1042` both find `#1042`.
alter table orders add column channel_order_name text;

-- The earliest ship-by date promised to the order (delivery_promises, kept by the promise flow):
-- the ship_by sort and the late filter read it from the order row.
alter table orders add column ship_by date;
update orders o set ship_by = p.ship_by
  from (select tenant_id, order_id, min(ship_by) as ship_by from delivery_promises group by tenant_id, order_id) p
  where o.tenant_id = p.tenant_id and o.id = p.order_id;

-- Lists by channel, tag, total, ship-by; the orders still waiting to leave (the late filter).
create index orders_channel on orders (tenant_id, channel, id);
create index orders_tags on orders using gin (tags);
create index orders_total on orders (tenant_id, total_minor, id);
create index orders_ship_by on orders (tenant_id, coalesce(ship_by, 'infinity'::date), id);
create index orders_waiting on orders (tenant_id, id)
  where status in ('received', 'on_hold', 'backordered', 'partially_allocated', 'allocated', 'in_fulfillment', 'partially_shipped');

-- Search: external id (exact, any channel); e-mail (exact and prefix: the column is stored lower
-- case); the channel order name; customer name (prefix of the whole name and of the last word);
-- phone (the digits reversed, so a number typed without its country code matches from its end).
-- The search keys are generated columns rather than expression indexes: a probe then reads the
-- index alone (an index-only scan: PostgreSQL cannot return an indexed expression), which keeps a
-- broad prefix ("john", 1% of the orders) at a few milliseconds. Capture writes none of them.
alter table orders
  add column search_order_name text generated always as (lower(ltrim(channel_order_name, '#'))) stored,
  add column search_name text generated always as (lower(customer ->> 'name')) stored,
  add column search_last_name text generated always as (lower(substring(customer ->> 'name' from '([^[:space:]]+)[[:space:]]*$'))) stored,
  add column search_phone text generated always as (reverse(regexp_replace(customer ->> 'phone', '[^0-9]', '', 'g'))) stored,
  add column search_ship_phone text generated always as (reverse(regexp_replace(shipping_address ->> 'phone', '[^0-9]', '', 'g'))) stored;
create index orders_external_id on orders (tenant_id, external_id) where external_id is not null;
drop index orders_customer;
create index orders_customer on orders (tenant_id, customer_email text_pattern_ops, id);
create index orders_search_order_name on orders (tenant_id, search_order_name, id) where search_order_name is not null;
create index orders_search_name on orders (tenant_id, search_name text_pattern_ops, id) where search_name is not null;
create index orders_search_last_name on orders (tenant_id, search_last_name text_pattern_ops, id) where search_last_name is not null;
create index orders_search_phone on orders (tenant_id, search_phone text_pattern_ops, id) where search_phone is not null;
create index orders_search_ship_phone on orders (tenant_id, search_ship_phone text_pattern_ops, id) where search_ship_phone is not null;

-- Orders with a backordered line (has_backorder), without reading every line.
create index order_lines_backordered_order on order_lines (tenant_id, order_id) where backordered > 0;

-- A SKU's movement ledger over all locations, newest first.
create index inventory_movements_sku_newest on inventory_movements (tenant_id, sku, id);

-- Notes people add to an order (POST /v1/orders/{id}/notes), oldest first; the order's own `notes`
-- column stays what the channel sent.
create table order_notes (
  tenant_id text        not null,
  id        text        not null,
  order_id  text        not null,
  text      text        not null check (length(text) between 1 and 5000),
  actor     text        not null,
  at        timestamptz not null,
  primary key (tenant_id, id)
);
create index order_notes_order on order_notes (tenant_id, order_id, id);
