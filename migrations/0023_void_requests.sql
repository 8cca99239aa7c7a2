-- A void in progress (issue #4): set in a short transaction before the carrier is asked to void the
-- label, cleared when the shipment is voided or the carrier refuses. While it is set (and younger
-- than the expiry in src/modules/shipping/use-cases/track.ts) tracking scans are recorded but not
-- applied, so a scan racing the carrier call cannot move the shipment out of label_created.
alter table shipments add column void_requested_at timestamptz;
