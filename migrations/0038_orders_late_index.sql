-- The home page counts late orders (waiting statuses, ship-by before today: orders/domain/search.ts
-- isLate) from the order row, as the list's late filter reads it; this index makes that count a
-- range read of the waiting orders with a passed ship-by, not a walk over every waiting order.
create index orders_waiting_ship_by on orders (tenant_id, ship_by)
  where status in ('received', 'on_hold', 'backordered', 'partially_allocated', 'allocated', 'in_fulfillment', 'partially_shipped');
