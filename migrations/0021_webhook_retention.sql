-- Finished webhook deliveries (and, by cascade, their attempts) are deleted after the retention
-- period (OMS_WEBHOOK_RETENTION_DAYS); this index finds the oldest finished ones.
create index webhook_deliveries_finished on webhook_deliveries (created_at) where status <> 'pending';
