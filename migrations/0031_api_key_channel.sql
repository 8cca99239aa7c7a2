-- Least privilege for channel keys (issue #11). A channel-role key is bound to one sales channel
-- (it captures orders for it and reads only its orders) or scoped to one location (location_id,
-- 0007), never both; other roles are bound to neither.
-- Channel keys issued before this migration are bound to nothing: they are left as they are and
-- refused on every route (403, "bind the key") until an admin issues a bound key and revokes them.
-- Nothing is revoked here, so the admin sees them in GET /v1/api-keys with channel_id null.
alter table api_keys add column channel_id text;
alter table api_keys add constraint api_keys_binding check (
  (channel_id is null or (role = 'channel' and location_id is null))
  and (location_id is null or role = 'channel')
);
