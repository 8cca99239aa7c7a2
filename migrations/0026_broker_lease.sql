-- Broker publishing leases its rows instead of holding a transaction open while JetStream acks
-- (on the embedded database one open transaction holds the only connection). An expired lease
-- (a crashed worker) makes the rows due again; JetStream drops what was already published.
alter table broker_outbox add column leased_until timestamptz;
