-- Order holds (issue 15 §4, ADR 0025): what keeps an order's fulfillment from going to a location.
-- Several may be on at once; a hold is active until released (released_at set), and is never
-- deleted, so the order's hold history stays readable beside its timeline.
create table order_holds (
  tenant_id    text        not null,
  id           text        not null,
  order_id     text        not null,
  type         text        not null check (type in ('fraud_review', 'address_review', 'payment', 'verification', 'inventory', 'manual', 'routing')),
  -- A routing policy's hold queue (type routing only); '' for every other type, so the
  -- uniqueness below needs no expression.
  queue        text        not null default '' check ((type = 'routing') = (queue <> '')),
  reason       text        not null check (length(reason) between 1 and 500),
  placed_by    text        not null,
  placed_at    timestamptz not null,
  released_by  text,
  released_at  timestamptz,
  release_note text        check (length(release_note) <= 500),
  primary key (tenant_id, id),
  constraint order_holds_released_whole check ((released_at is null) = (released_by is null) and (released_at is null) = (release_note is null))
);
-- At most one active hold per (order, type, queue): placing the same hold twice finds the first.
create unique index order_holds_active on order_holds (tenant_id, order_id, type, queue) where released_at is null;
-- The order's holds (view, GET /v1/orders/{id}/holds), and the list filter held / hold_type.
create index order_holds_order on order_holds (tenant_id, order_id, id);
create index order_holds_active_type on order_holds (tenant_id, type, order_id) where released_at is null;

-- A fulfillment order of a held order waits in on_hold: never released to its location until
-- the order's last hold is released (then released or pending by the tenant's release policy).
alter table fulfillment_orders drop constraint fulfillment_orders_status_check;
alter table fulfillment_orders add constraint fulfillment_orders_status_check
  check (status in ('pending', 'on_hold', 'released', 'accepted', 'picking', 'packed', 'shipped', 'rejected', 'cancel_requested', 'cancelled'));
