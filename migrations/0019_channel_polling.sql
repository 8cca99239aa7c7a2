-- Marketplaces we poll (Amazon SP-API, eBay Sell Fulfillment): one row per polled channel with the
-- cursor to ask from next time. The `marketplace-polling` job adds the row the first time it sees
-- an active amazon/ebay channel with settings.poll = true, leases due rows (FOR UPDATE SKIP LOCKED
-- + leased_until, so no transaction stays open during the network calls and several workers share
-- the channels), polls, imports, and only then stores the new cursor: a crash re-polls the same
-- window, which is harmless because capture is idempotent per (channel, external id).
create table channel_polls (
  tenant_id            text        not null,
  channel_id           text        not null,
  cursor               text,
  next_poll_at         timestamptz not null,
  leased_until         timestamptz,
  last_polled_at       timestamptz,
  last_error           text,
  consecutive_failures integer     not null default 0,
  last_import_id       text,
  primary key (tenant_id, channel_id)
);

create index channel_polls_due on channel_polls (next_poll_at);
