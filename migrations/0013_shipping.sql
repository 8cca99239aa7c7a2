-- Units of an order line that have left a warehouse. Shipped units were allocated first.
alter table order_lines add column shipped int not null default 0 check (shipped >= 0);
alter table order_lines add constraint order_lines_shipped_within_allocated check (shipped <= allocated);

-- When a location ships: its local time zone (IANA), the daily cut-off for same-day shipping and
-- the business days of handling before the ship day. The time zone is derived from the
-- location's coordinates unless given.
alter table locations add column time_zone text;
alter table locations add column cutoff_time text not null default '14:00' check (cutoff_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
alter table locations add column processing_days int not null default 0 check (processing_days between 0 and 30);

-- A tenant's carrier connections. A rate-card carrier carries its card (services, rates, zones,
-- transit days, surcharges) in `settings`; an aggregator names its endpoint and the environment
-- variables holding its API key and webhook secret (secrets never sit in the database).
create table carriers (
  tenant_id   text        not null,
  code        text        not null,
  -- Globally unique: a carrier's tracking webhook URL names it, and the tenant follows from it.
  id          text        not null unique,
  name        text        not null,
  kind        text        not null check (kind in ('rate_card', 'easypost')),
  active      boolean     not null default true,
  sample      boolean     not null default false,
  settings    jsonb       not null,
  -- Tracking number generation for rate-card carriers: format and the tenant's range of serials.
  tracking    jsonb,
  next_serial bigint,
  serial_end  bigint,
  version     int         not null default 1,
  created_at  timestamptz not null,
  updated_at  timestamptz not null,
  primary key (tenant_id, code),
  constraint carriers_serial_range check (next_serial is null or serial_end is null or next_serial <= serial_end + 1)
);

-- How a tenant chooses among the services that meet an order's promise.
create table shipping_rules (
  tenant_id  text        not null primary key,
  rules      jsonb       not null,
  updated_by text        not null,
  updated_at timestamptz not null
);

-- What was promised to the customer at capture, per order and shipping location.
create table delivery_promises (
  tenant_id     text        not null,
  order_id      text        not null,
  location_id   text        not null,
  carrier       text        not null,
  service       text        not null,
  service_level text        not null,
  ship_by       date        not null,
  deliver_by    date        not null,
  transit_days  int         not null,
  computed_at   timestamptz not null,
  primary key (tenant_id, order_id, location_id)
);

create table shipments (
  tenant_id               text        not null,
  id                      text        not null,
  order_id                text        not null,
  fulfillment_order_id    text        not null,
  location_id             text        not null,
  carrier                 text        not null,
  service                 text        not null,
  service_name            text        not null,
  service_level           text        not null,
  status                  text        not null,
  tracking_number         text        not null,
  carrier_shipment_id     text,
  amount_minor            bigint      not null check (amount_minor >= 0),
  currency                char(3)     not null,
  billable_weight_grams   int         not null,
  ship_date               date        not null,
  promised_delivery_date  date,
  estimated_delivery_date date,
  delivered_at            timestamptz,
  on_time                 boolean,
  last_event_at           timestamptz,
  ship_from               jsonb       not null,
  ship_to                 jsonb       not null,
  reference               text        not null,
  rates                   jsonb       not null,
  chosen_reason           text        not null,
  -- A label bought elsewhere, recorded with the operator's tracking number: we have no label file.
  manual                  boolean     not null default false,
  version                 int         not null default 1,
  created_by              text        not null,
  created_at              timestamptz not null,
  updated_at              timestamptz not null,
  primary key (tenant_id, id)
);
-- A fulfillment order ships once: a second live shipment for it is refused by the database.
create unique index shipments_live_per_fulfillment_order on shipments (tenant_id, fulfillment_order_id) where status <> 'voided';
create index shipments_order on shipments (tenant_id, order_id, id);
create index shipments_manifest on shipments (tenant_id, carrier, location_id, ship_date, id);

create table shipment_packages (
  tenant_id             text    not null,
  shipment_id           text    not null,
  seq                   int     not null,
  package_id            text,
  tracking_number       text    not null,
  weight_grams          int     not null,
  billable_weight_grams int     not null,
  length_mm             int     not null,
  width_mm              int     not null,
  height_mm             int     not null,
  -- Label files a carrier produced (aggregators); rate-card labels are rendered from the row.
  label_pdf             bytea,
  label_zpl             text,
  primary key (tenant_id, shipment_id, seq)
);
-- A tracking number identifies one parcel, for ever (a voided number is not reused).
create unique index shipment_packages_tracking on shipment_packages (tenant_id, tracking_number);

-- Every tracking scan received, applied or not (older or illegal ones are kept with a note).
create table shipment_events (
  tenant_id   text        not null,
  id          text        not null,
  shipment_id text        not null,
  status      text        not null,
  occurred_at timestamptz not null,
  location    text,
  description text,
  source      text        not null check (source in ('carrier', 'manual', 'system')),
  applied     boolean     not null,
  note        text        not null,
  recorded_by text        not null,
  recorded_at timestamptz not null,
  primary key (tenant_id, id)
);
-- The same scan delivered twice is one row.
create unique index shipment_events_dedupe on shipment_events (tenant_id, shipment_id, status, occurred_at);
create index shipment_events_shipment on shipment_events (tenant_id, shipment_id, occurred_at, id);

-- The release-waves job scans pending fulfillment orders oldest first; only they are indexed.
create index fulfillment_orders_pending on fulfillment_orders (tenant_id, created_at, id) where status = 'pending';
