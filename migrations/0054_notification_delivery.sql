-- Delivery of customer messages (issue 16 §1 "Real transports", ADR 0035): a message's channel may be
-- e-mail or SMS; a message to an address on the tenant's suppression list is recorded as
-- `suppressed`, never sent; a bounce or complaint that came back for a message is recorded on it.
alter table notifications drop constraint notifications_channel_check;
alter table notifications add constraint notifications_channel_check check (channel in ('email', 'sms'));
alter table notifications drop constraint notifications_status_check;
-- 'skipped' is 0053's (a message not sent on purpose: opted out, template turned off): kept.
alter table notifications add constraint notifications_status_check check (status in ('queued', 'sent', 'failed', 'skipped', 'suppressed'));
-- What came back for the message (a delivery status notification or a complaint), verified by the
-- HMAC in its VERP return path: hard_bounce, soft_bounce or complaint, with the report's status line.
alter table notifications add column bounce text check (bounce in ('hard_bounce', 'soft_bounce', 'complaint'));
alter table notifications add column bounce_detail text;
alter table notifications add column bounced_at timestamptz;

-- Addresses a tenant no longer sends to: a hard bounce (the mailbox does not exist) or a complaint
-- (the recipient marked a message as spam). Soft bounces never suppress. Removed by an admin.
create table notification_suppressions (
  tenant_id        text        not null,
  -- lower-cased e-mail address (or an E.164 phone number for SMS)
  address          text        not null,
  reason           text        not null check (reason in ('hard_bounce', 'complaint')),
  -- the message whose bounce or complaint added it
  notification_id  text,
  detail           text,
  created_at       timestamptz not null,
  primary key (tenant_id, address)
);
