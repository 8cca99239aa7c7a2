/** channels: orders in from every place a merchant sells, acknowledgements out. See README.md. So far: the X12 EDI domain (parse, 850 → purchase order, 997, 855). */
export * from './domain/x12/index.js';
export { channelTypes, type ChannelType } from './db/schema.js';
export { findChannel, findChannelById, listChannels, deactivateChannel, type ChannelRow } from './db/channels.queries.js';
export { createChannel, channelSecret, type ChannelInput } from './use-cases/channels.js';
export { mapShopifyOrder } from './domain/shopify.js';
export { mapWooCommerceOrder } from './domain/woocommerce.js';
export { verifyShopifyHmac, verifyWooCommerceSignature, signShopify, signWooCommerce } from './domain/signatures.js';
export type { CanonicalOrderInput, MappingResult, UnmappedField } from './domain/canonical.js';
