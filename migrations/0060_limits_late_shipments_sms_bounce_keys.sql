-- Rate limits every API process shares (issue 16 §2: the portal lookup's per-address and
-- per-order-number limits). One row per (tenant, scope, key): a fixed window of failures, counted
-- by one conditional upsert, so N processes allow the limit once, not N times, and a restart
-- forgets nothing. Rows past their window are swept by the worker (rate-limit-windows job).
create table rate_limit_windows (
  tenant_id text not null,
  scope text not null,
  key text not null,
  failures integer not null check (failures > 0),
  -- When the count starts again from zero: the end of the window, or of the refusal.
  resets_at timestamptz not null,
  primary key (tenant_id, scope, key)
);
create index rate_limit_windows_resets_at on rate_limit_windows (resets_at);

-- Late against the promise (issue 16): a shipment whose promised delivery date has passed at its
-- destination with no delivery and no exception is flagged once (`late_at`) and `shipment.late`
-- is appended in the same transaction, so a restarted or second worker never tells it twice.
alter table shipments add column late_at timestamptz;
create index shipments_late_candidates on shipments (promised_delivery_date)
  where late_at is null and promised_delivery_date is not null and status in ('label_created', 'in_transit', 'out_for_delivery');

-- SMS delivery receipts (Twilio status callbacks, ADR 0035 amended): what the provider last said
-- of a text after accepting it — delivered, undelivered or failed with its error code.
alter table notifications add column delivery_status text;
alter table notifications add column delivery_error_code text;
alter table notifications add column delivery_status_at timestamptz;
-- A number whose owner texted STOP (or that the provider refuses as unsubscribed, error 21610)
-- is suppressed for the tenant like a bounced mailbox.
alter table notification_suppressions drop constraint notification_suppressions_reason_check;
alter table notification_suppressions add constraint notification_suppressions_reason_check check (reason in ('hard_bounce', 'complaint', 'sms_opt_out'));

-- A key for an inbound-mail integration that may only post bounces (role `bounces`, ADR 0035 amended).
alter table api_keys drop constraint api_keys_role_check;
alter table api_keys add constraint api_keys_role_check check (role in ('admin', 'operator', 'viewer', 'channel', 'bounces'));
