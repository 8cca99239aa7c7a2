/** channels: orders in from every place a merchant sells, acknowledgements out. See README.md. X12: parse, 850, 997, 855, 856, 810, trading partners, documents. */
export * from './domain/x12/index.js';
export { parseInterchangeOffLoop } from './cpu-tasks.js';
export { channelTypes, type ChannelType } from './db/schema.js';
export { findChannel, findChannelById, listChannels, deactivateChannel, type ChannelRow } from './db/channels.queries.js';
export { createChannel, checkChannelSettings, channelSecret, channelAccessToken, SHOP_DOMAIN, type ChannelInput } from './use-cases/channels.js';
export { changeChannel, type ChannelChanges } from './use-cases/change-channel.js';
export { tradingPartnerOf, readTradingPartner, type TradingPartner } from './use-cases/x12-partner.js';
export {
  nextControlNumber,
  insertX12Document,
  findX12Document,
  findInboundInterchange,
  repliesTo,
  documentsOfShipment,
  listX12Documents,
  acknowledgeX12Document,
  setX12DocumentSummary,
  insertPurchaseOrder,
  purchaseOrderOfOrder,
  type X12DocumentRow,
  type X12PurchaseOrderRow,
  type X12DocumentFilter,
} from './db/x12.queries.js';
export { x12DocumentTypes, type X12DocumentType, type X12Direction, type StoredPoLine, type StoredEnvelope } from './db/x12.schema.js';
export { mapShopifyOrder } from './domain/shopify.js';
export { mapWooCommerceOrder } from './domain/woocommerce.js';
export { mapAmazonOrder, amazonOrdersOfPage } from './domain/amazon.js';
export { mapEbayOrder, ebayOrdersOfPage } from './domain/ebay.js';
export { buildShopifyFulfillment, shopifyTrackingCompany, type ShopifyFulfillmentInput, type ShopifyFulfillmentBody } from './domain/shopify-fulfillment.js';
export { PollError, type ChannelPoller } from './pollers/poller.js';
export { amazonPoller, type AmazonPollerConfig } from './pollers/amazon.js';
export { ebayPoller, type EbayPollerConfig } from './pollers/ebay.js';
export { lwaTokenSource, ebayTokenSource, EBAY_SCOPES, type LwaCredentials, type EbayCredentials } from './use-cases/marketplace-tokens.js';
export { pushWooCommerceShipment, pushAmazonShipmentConfirmation, pushEbayShippingFulfillment, type WooConnection, type AmazonConnection, type EbayConnection } from './use-cases/marketplace-pushes.js';
export { carrierNames, assignToLines } from './domain/shipment-confirmations.js';
export { verifyShopifyHmac, verifyWooCommerceSignature, signShopify, signWooCommerce } from './domain/signatures.js';
export type { CanonicalOrderInput, MappingResult, UnmappedField } from './domain/canonical.js';
export { csvFields, requiredCsvFields, shopifyExportMapping, readCsvMapping, resolveColumns, externalIdOf, mapCsvGroup, type CsvField, type CsvMapping, type CsvRow, type CsvProblem, type ResolvedColumns } from './domain/csv-orders.js';
export { importFormats, type ImportFormat, type ImportStatus, type ImportRejection } from './db/imports.schema.js';
export { insertImportJob, updateImportJob, findImportJob, listImportJobs, markInterruptedImports, INTERRUPTED_AFTER_MS, type ImportJobRow } from './db/imports.queries.js';
export { pushKinds, pushStatuses, type PushKind, type PushStatus, type PushPayload, type ShopifyFulfillmentPayload, type ShopifyFulfillmentCancelPayload, type ShipmentConfirmationPayload } from './db/pushes.schema.js';
export { insertPush, findPushOfShipment, supersedeUntriedPush, leaseDuePushes, settlePushes, listPushes, pushesOfShipment, pushesOfOrder, type ChannelPushRow, type ClaimedPush, type PushResult } from './db/pushes.queries.js';
export { leaseDuePolls, settlePoll, findChannelPoll, requestPoll, polledChannelTypes, type ChannelPollRow, type ClaimedPoll, type PollSettlement } from './db/polls.queries.js';
export { pushShopifyFulfillment, cancelShopifyFulfillment, chooseFulfillmentLines, SHOPIFY_API_VERSION, type ShopifyConnection, type ShopifyHttpOptions, type PushOutcome } from './use-cases/shopify-push.js';
export { readChannelWebhook, isStale, deliveryKey, isWooCommercePing, type WebhookPlatform, type WebhookReading, type AppliedVersion } from './domain/webhook-delivery.js';
export { claimWebhookDelivery, settleWebhookDelivery, lockOrderVersion, saveOrderVersion, type ChannelOrderVersionRow } from './db/webhook-receipts.queries.js';
export { pruneWebhookDeliveries, WEBHOOK_DELIVERY_RETENTION_DAYS } from './use-cases/webhook-retention.js';
export { wooCommerceConnection, lookUpWooCommerceOrder, type WooCommerceConnection, type WooCommerceOrderLookup, type WooCommerceHttpOptions } from './use-cases/woocommerce-lookup.js';
export { csvItems, jsonItems, x12Items, type Item, type Mapper } from './files/import-readers.js';
export {
  ChannelBody,
  ChannelId,
  ChannelPatch,
  ChannelView,
  channelView,
  ChannelWebhookResult,
  ImportId,
  ImportJobView,
  importJobView,
  ImportQuery,
  PollView,
  pollView,
  PushStatusSchema,
  PushView,
  pushView,
  X12DocumentId,
  X12DocumentQuery,
  X12DocumentView,
  x12DocumentView,
  X12_MEDIA_TYPE,
} from './http/schemas.js';
