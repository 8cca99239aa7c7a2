/** channels: orders in from every place a merchant sells, acknowledgements out. See README.md. X12: parse, 850, 997, 855, 856, 810, trading partners, documents. */
export {
  map850,
  buildAck997,
  buildAck855,
  buildShipNotice856,
  buildInvoice810,
  sscc18,
  type Interchange,
  type TransactionSet,
  type X12Problem,
  type Party,
  type PurchaseOrder850,
  type OutboundEnvelope,
  type LineAck,
  type Ack855Line,
  type X12Party,
  type ShipNoticeItem,
  type ShipNoticePack,
  type InvoiceLine,
} from './domain/x12/index.js';
export { parseInterchangeOffLoop } from './cpu-tasks.js';
export { channelTypes, type ChannelType } from './db/schema.js';
export { findChannel, findChannelById, listChannels, deactivateChannel, channelNamesOf, channelIdsMatching, type ChannelRow } from './db/channels.queries.js';
export { createChannel, channelSecret, type ChannelInput } from './use-cases/channels.js';
export { changeChannel, type ChannelChanges } from './use-cases/change-channel.js';
export { tradingPartnerOf, type TradingPartner } from './use-cases/x12-partner.js';
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
} from './db/x12.queries.js';
export { x12DocumentTypes, type StoredPoLine, type StoredEnvelope } from './db/x12.schema.js';
export { mapShopifyOrder } from './domain/shopify.js';
export { mapWooCommerceOrder } from './domain/woocommerce.js';
export { mapAmazonOrder } from './domain/amazon.js';
export { mapEbayOrder } from './domain/ebay.js';
export { PollError, type ChannelPoller } from './pollers/poller.js';
export { amazonPoller } from './pollers/amazon.js';
export { ebayPoller } from './pollers/ebay.js';
export { lwaTokenSource, ebayTokenSource, EBAY_SCOPES, type LwaCredentials, type EbayCredentials } from './use-cases/marketplace-tokens.js';
export { pushWooCommerceShipment, pushAmazonShipmentConfirmation, pushEbayShippingFulfillment, type WooConnection } from './use-cases/marketplace-pushes.js';
export { verifyShopifyHmac, verifyWooCommerceSignature } from './domain/signatures.js';
export { shopifyExportMapping, readCsvMapping, type CsvMapping } from './domain/csv-orders.js';
export { importFormats, type ImportFormat, type ImportRejection } from './db/imports.schema.js';
export { insertImportJob, updateImportJob, findImportJob, listImportJobs, markInterruptedImports, type ImportJobRow } from './db/imports.queries.js';
export { type PushKind, type RefundPushPayload, type ShopifyFulfillmentPayload, type ShopifyFulfillmentCancelPayload, type ShipmentConfirmationPayload } from './db/pushes.schema.js';
export {
  insertPush,
  findPushOfShipment,
  supersedeUntriedPush,
  leaseDuePushes,
  settlePushes,
  listPushes,
  pushesOfOrder,
  pushesOfRefunds,
  type ChannelPushRow,
  type ClaimedPush,
  type PushResult,
} from './db/pushes.queries.js';
export { leaseDuePolls, settlePoll, findChannelPoll, requestPoll, type ChannelPollRow, type ClaimedPoll, type PollSettlement } from './db/polls.queries.js';
export { pushShopifyFulfillment, cancelShopifyFulfillment, type ShopifyHttpOptions, type PushOutcome } from './use-cases/shopify-push.js';
export { pushShopifyRefund, pushWooCommerceRefund } from './use-cases/refund-pushes.js';
export { readChannelWebhook, isStale, deliveryKey, isWooCommercePing, type WebhookPlatform, type WebhookReading } from './domain/webhook-delivery.js';
export { claimWebhookDelivery, settleWebhookDelivery, lockOrderVersion, saveOrderVersion } from './db/webhook-receipts.queries.js';
export { pruneWebhookDeliveries } from './use-cases/webhook-retention.js';
export { wooCommerceConnection, lookUpWooCommerceOrder } from './use-cases/woocommerce-lookup.js';
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
