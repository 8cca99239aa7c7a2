-- Return shipping (issue 14 §2, ADR 0023): how a return's goods come back — a label bought through
-- the tenant's carriers, a QR code for a drop-off point, the customer's own parcel, or kept by the
-- customer — with what the label cost and where the return parcel is; the label cost a refund
-- deducts; and the disposition of units the customer keeps.

create table return_shipping (
  tenant_id           text        not null,
  id                  text        not null,
  return_id           text        not null,
  method              text        not null check (method in ('label', 'drop_off', 'no_label', 'keep_item')),
  carrier             text,
  service             text,
  service_name        text,
  tracking_number     text,
  -- The aggregator's shipment id, to void the label.
  carrier_shipment_id text,
  amount_minor        bigint      not null default 0 check (amount_minor >= 0),
  currency            char(3)     not null,
  label_pdf           bytea,
  label_zpl           text,
  -- Drop-off: the carrier's QR code (EasyPost `label_qr_code` form) when it gave one, else ours.
  qr_png              bytea,
  qr_source           text        check (qr_source in ('carrier', 'rma')),
  -- The return parcel's last applied tracking scan, and when the carrier delivered it to the location.
  parcel_status       text,
  last_event_at       timestamptz,
  delivered_at        timestamptz,
  created_at          timestamptz not null,
  actor               text        not null,
  primary key (tenant_id, id)
);
-- One arrangement per return: a second purchase (another key, a double click) finds the first.
create unique index return_shipping_one_per_return on return_shipping (tenant_id, return_id);
-- Tracking webhooks find the return by its parcel's number.
create unique index return_shipping_tracking on return_shipping (tenant_id, tracking_number) where tracking_number is not null;

-- The label cost a refund deducted by policy (deduct_return_label), itemised apart from the fee.
alter table return_refunds add column label_minor bigint not null default 0 check (label_minor >= 0);

-- Units the customer keeps (keep-the-item threshold): refunded without coming back, no stock change.
alter table return_dispositions drop constraint return_dispositions_disposition_check;
alter table return_dispositions add constraint return_dispositions_disposition_check
  check (disposition in ('restock', 'quarantine', 'refurbish', 'return_to_vendor', 'scrap', 'missing', 'kept_by_customer'));
