-- After a secret rotation, deliveries are signed with the new and the previous secret for 24 hours
-- (Standard Webhooks allows several signatures in one header), so a receiver can switch without
-- losing a delivery.
alter table webhook_endpoints add column previous_secret_sealed bytea;
alter table webhook_endpoints add column previous_secret_expires_at timestamptz;
