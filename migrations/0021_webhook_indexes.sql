-- Finished webhook deliveries (and, by cascade, their attempts) are deleted after the retention
-- period (OMS_WEBHOOK_RETENTION_DAYS); this index finds the oldest finished ones.
create index webhook_deliveries_finished on webhook_deliveries (created_at) where status <> 'pending';

-- Leasing takes due deliveries in (next_attempt_at, event_seq) order with a small LIMIT; with
-- next_attempt_at alone every lease sorted all pending deliveries sharing a due time (a burst of
-- events), ~5 ms per lease at 5,000 pending on PGlite.
drop index webhook_deliveries_due;
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at, event_seq) where status = 'pending';
