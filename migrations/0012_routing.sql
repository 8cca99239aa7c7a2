-- What sourcing rules filter and sort locations by.
alter table locations add column groups text[] not null default '{}';
-- Destination countries (ISO alpha-2) the location ships to; empty: anywhere.
alter table locations add column serves_countries text[] not null default '{}';
-- Channels that may sell this location's stock; empty: every channel.
alter table locations add column channels text[] not null default '{}';
-- Most fulfillment orders a day this location takes; null: no limit.
alter table locations add column daily_capacity int check (daily_capacity >= 0);
-- Units of every SKU held back from online orders (e.g. a store's shelf stock).
alter table locations add column safety_stock int not null default 0 check (safety_stock >= 0);
-- Where the location is, for proximity; derived from its address (postal-code centroid) unless given.
alter table locations add column latitude double precision check (latitude between -90 and 90);
alter table locations add column longitude double precision check (longitude between -180 and 180);

-- A tenant's routing policies, tried in position order; the first whose scope matches an order routes it.
create table routing_policies (
  tenant_id  text        not null,
  name       text        not null,
  position   int         not null,
  scope      jsonb       not null,
  rules      jsonb       not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (tenant_id, name)
);
create index routing_policies_position on routing_policies (tenant_id, position, name);

-- Daily capacity counts each location's fulfillment orders since midnight on every capture that
-- routes with a capacity: an index-only range scan instead of a scan of the day's table.
create index fulfillment_orders_created on fulfillment_orders (tenant_id, created_at, location_id);
