-- Money that matches the channel, to the cent (issue 14, ADR 0017). Every amount is an integer count
-- of the currency's minor unit. A line keeps its unit price before discounts and, for all its units,
-- its discounts (its own and its share of order discounts) and taxes; the order keeps its totals over
-- its live units and, when the channel's stated totals differ from the OMS's, the difference.
alter table order_lines
  add column discount_minor bigint not null default 0 check (discount_minor >= 0),
  add column tax_minor      bigint not null default 0 check (tax_minor >= 0);

alter table orders
  add column discount_total_minor  bigint  not null default 0,
  add column tax_total_minor       bigint  not null default 0,
  add column shipping_total_minor  bigint  not null default 0,
  add column duties_total_minor    bigint  not null default 0,
  add column cancelled_total_minor bigint  not null default 0,
  add column taxes_included        boolean not null default false,
  -- [{field, channel, computed}] in minor units: the channel's stated figure and the OMS's; null when they agree.
  add column money_discrepancy     jsonb;

-- Orders captured before this migration: their shipping price was their shipping total.
update orders set shipping_total_minor = shipping_minor where shipping_minor <> 0;

-- What makes up an order's money, as the channel described it: discounts and taxes of a line
-- (line_no) or of a shipping line (shipping_line), the shipping lines themselves and duties.
-- An order discount is stored as the parts it was split into, one per line (order_level).
create table order_adjustments (
  tenant_id     text    not null,
  order_id      text    not null,
  position      int     not null,
  kind          text    not null check (kind in ('discount', 'tax', 'shipping', 'duty')),
  line_no       int,
  shipping_line int,
  title         text,
  code          text,
  source        text,
  rate          text,
  jurisdiction  text,
  service_level text,
  order_level   boolean not null default false,
  amount_minor  bigint  not null check (amount_minor >= 0),
  primary key (tenant_id, order_id, position)
);
