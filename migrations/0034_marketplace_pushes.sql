-- Shipment confirmations go back to every platform an order came from, not only Shopify: a
-- WooCommerce order gets its tracking (an order note or the Shipment Tracking extension) and is
-- completed, an Amazon order a shipment confirmation (SP-API confirmShipment), an eBay order a
-- shipping fulfillment. Same table, same lease-and-settle job, one row per (channel, kind, shipment).
alter table channel_pushes drop constraint channel_pushes_kind_check;
alter table channel_pushes add constraint channel_pushes_kind_check check (kind in (
  'shopify_fulfillment', 'shopify_fulfillment_cancel',
  'woocommerce_shipment', 'amazon_shipment_confirmation', 'ebay_shipping_fulfillment'));
