-- A voided shipment whose fulfillment reached Shopify: a `shopify_fulfillment_cancel` push for the
-- same shipment (unique per channel, kind and shipment like every push) cancels that fulfillment.
-- A fulfillment push never sent when its shipment is voided is not sent at all: it ends `failed`.
alter table channel_pushes drop constraint channel_pushes_kind_check;
alter table channel_pushes add constraint channel_pushes_kind_check check (kind in ('shopify_fulfillment', 'shopify_fulfillment_cancel'));
