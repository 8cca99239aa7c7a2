-- The velocity probe reads `risk_velocity_lookup` (tenant, kind, key hash, time): one index probe
-- per key. The primary key began with the tenant too (tenant, order, kind), and on the statistics
-- of a young table (a new shop's, until autovacuum analyzes it) the planner costed a range of that
-- key, "this tenant, this kind", as one row and chose it: every capture then read every key of its
-- kind the shop had, and capture slowed as the shop grew (a 30 s benchmark run: 15-25 ms per
-- velocity statement by its end). The order's own id leads the key now (order ids are unique
-- across tenants), so the lookup index is the only one a tenant's probe can use; erasure and the
-- review queue's linked orders find an order's keys by this key, with the tenant still checked.
alter table risk_velocity_keys drop constraint risk_velocity_keys_pkey;
alter table risk_velocity_keys add primary key (order_id, kind);
