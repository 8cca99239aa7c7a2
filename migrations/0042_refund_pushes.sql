-- Refunds go back to the platform an order came from, through the same push table and job as
-- shipments (ADR 0021): a `shopify_refund` or `woocommerce_refund` push per refund (the ledger's
-- refund transaction id in refund_id), and for platforms the OMS does not push refunds to (Amazon,
-- eBay, POS, X12, CSV, API) a `manual_refund` row with status `manual_action_required`, never
-- leased, so an operator sees which refunds are still to be done by hand on the platform.
alter table channel_pushes alter column shipment_id drop not null;
alter table channel_pushes add column refund_id text;
alter table channel_pushes add constraint channel_pushes_subject_check check ((shipment_id is null) <> (refund_id is null));
alter table channel_pushes drop constraint channel_pushes_kind_check;
alter table channel_pushes add constraint channel_pushes_kind_check check (kind in (
  'shopify_fulfillment', 'shopify_fulfillment_cancel',
  'woocommerce_shipment', 'amazon_shipment_confirmation', 'ebay_shipping_fulfillment',
  'shopify_refund', 'woocommerce_refund', 'manual_refund'));
alter table channel_pushes drop constraint channel_pushes_status_check;
alter table channel_pushes add constraint channel_pushes_status_check check (status in ('pending', 'succeeded', 'failed', 'manual_action_required'));
-- One push per refund, whatever its kind: a replayed refund.created adds nothing.
create unique index channel_pushes_one_per_refund on channel_pushes (tenant_id, refund_id) where refund_id is not null;
