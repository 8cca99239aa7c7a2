-- Returns (issue 14 §2, ADR 0019): return reasons and policy per tenant, returns (RMAs), their
-- lines, receipts with a disposition per unit, and one refund per return. Non-sellable stock
-- (quarantine) is kept apart from on hand.

-- A tenant's return reasons and policy; absent: the defaults (src/modules/returns/domain).
create table return_settings (
  tenant_id  text        not null,
  reasons    jsonb,
  policy     jsonb,
  updated_at timestamptz not null,
  updated_by text        not null,
  primary key (tenant_id)
);

create table returns (
  tenant_id       text        not null,
  id              text        not null,
  order_id        text        not null,
  status          text        not null check (status in ('requested', 'approved', 'in_transit', 'partially_received', 'received', 'inspected', 'closed', 'declined', 'cancelled')),
  version         int         not null default 1,
  currency        char(3)     not null,
  -- Where the parcel goes (chosen at approval).
  location_id     text,
  customer_note   text        check (length(customer_note) <= 2000),
  photo_urls      text[]      not null default '{}',
  outcome         text        not null check (outcome in ('refund', 'store_credit', 'exchange')),
  -- The policy's answer when requested, and the staff note that overrode an ineligible one.
  eligibility     jsonb       not null,
  override_note   text,
  tracking_number text,
  created_by      text        not null,
  created_at      timestamptz not null,
  updated_at      timestamptz not null,
  primary key (tenant_id, id)
);
create index returns_order on returns (tenant_id, order_id, id);
create index returns_status on returns (tenant_id, status, id);
create index returns_location on returns (tenant_id, location_id, id);

create table return_lines (
  tenant_id     text        not null,
  id            text        not null,
  return_id     text        not null,
  order_id      text        not null,
  order_line_id text        not null,
  sku           text        not null,
  quantity      int         not null check (quantity > 0),
  reason        text        not null,
  note          text        check (length(note) <= 1000),
  -- Units accounted for by receipts (received with a disposition, or reported missing).
  settled       int         not null default 0,
  primary key (tenant_id, id),
  constraint return_lines_settled_within_quantity check (settled >= 0 and settled <= quantity)
);
create index return_lines_return on return_lines (tenant_id, return_id, id);
create index return_lines_order_line on return_lines (tenant_id, order_line_id);

-- Never more units under return than shipped: checked by the request flow under the order's row
-- lock, and here again so that no writer can bypass it. The order line's row is locked first, so
-- two inserts for one line queue and the second sums the first (READ COMMITTED: each statement of
-- the function reads a fresh snapshot after the lock is granted).
create function return_lines_within_shipped() returns trigger language plpgsql as $$
declare
  line_shipped int;
  under_return int;
begin
  select shipped into line_shipped from order_lines where tenant_id = new.tenant_id and id = new.order_line_id for update;
  if line_shipped is null then
    raise exception 'order line % does not exist', new.order_line_id using errcode = '23503';
  end if;
  select coalesce(sum(l.quantity), 0) into under_return
  from return_lines l join returns r on r.tenant_id = l.tenant_id and r.id = l.return_id
  where l.tenant_id = new.tenant_id and l.order_line_id = new.order_line_id and r.status not in ('declined', 'cancelled');
  if under_return > line_shipped then
    raise exception 'return_lines_within_shipped: % units of order line % under return, % shipped', under_return, new.order_line_id, line_shipped using errcode = '23514';
  end if;
  return null;
end $$;
create constraint trigger return_lines_within_shipped after insert or update of quantity, order_line_id on return_lines
  for each row execute function return_lines_within_shipped();

-- What a receipt did with each unit: one row per (line, disposition) of a receipt.
create table return_dispositions (
  tenant_id      text        not null,
  id             text        not null,
  return_id      text        not null,
  return_line_id text        not null,
  sku            text        not null,
  location_id    text        not null,
  quantity       int         not null check (quantity > 0),
  disposition    text        not null check (disposition in ('restock', 'quarantine', 'refurbish', 'return_to_vendor', 'scrap', 'missing')),
  condition_note text,
  -- When the parcel reached the dock (given by the receiver, default the receipt) and when the units were disposed.
  received_at    timestamptz not null,
  disposed_at    timestamptz not null,
  actor          text        not null,
  primary key (tenant_id, id)
);
create index return_dispositions_return on return_dispositions (tenant_id, return_id, id);
create index return_dispositions_disposed on return_dispositions (tenant_id, disposed_at);

-- One refund per return (the unique key makes a second one impossible, whatever the keys).
create table return_refunds (
  tenant_id      text        not null,
  id             text        not null,
  return_id      text        not null,
  order_id       text        not null,
  transaction_id text        not null,
  currency       char(3)     not null,
  amount_minor   bigint      not null check (amount_minor > 0),
  lines          jsonb       not null,
  shipping_minor bigint      not null check (shipping_minor >= 0),
  tax_minor      bigint      not null check (tax_minor >= 0),
  fee_minor      bigint      not null check (fee_minor >= 0),
  created_at     timestamptz not null,
  actor          text        not null,
  primary key (tenant_id, id)
);
create unique index return_refunds_one_per_return on return_refunds (tenant_id, return_id);

-- Non-sellable units (damaged, awaiting refurbishment) at a location: never part of on hand, so
-- never available; every change is an inventory_movements row with its quarantined_delta.
alter table stock_levels add column quarantined int not null default 0;
alter table stock_levels add constraint stock_levels_quarantined_not_negative check (quarantined >= 0);
alter table inventory_movements add column quarantined_delta int not null default 0;

-- Reporting (GET /v1/analytics/returns): the shipped units of every order line with the order's
-- channel and when it was placed, read-only, so the returns module reports a rate without reading
-- the orders module's tables itself.
create view return_rate_lines as
  select ol.tenant_id, ol.order_id, ol.id as order_line_id, ol.sku, ol.shipped, o.channel, coalesce(o.placed_at, o.created_at) as placed_at
  from order_lines ol join orders o on o.tenant_id = ol.tenant_id and o.id = ol.order_id
  where ol.shipped > 0;
