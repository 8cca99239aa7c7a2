/** shipping: carriers and rate cards, rate shopping, shipments and labels, tracking, delivery promises. See README.md. */
export { CarrierBody, CarrierView, carrierView, RulesBody, rulesFromWire, rulesToWire, TrackingNumberView } from './http/carriers.schemas.js';
export {
  Binary,
  ManifestQuerySchema,
  ManifestView,
  ParcelQuery,
  PickListShipView,
  PromiseQuery,
  PromiseView,
  RatesBody,
  RatesView,
  ShipBody,
  ShipmentBody,
  ShipmentId,
  ShipmentQuery,
  TrackingEventBody,
  TrackingEventResult,
  TrackingWebhookResult,
  VoidBody,
} from './http/shipments.schemas.js';
export { changeShippingRules, removeCarrier, saveCarrier } from './use-cases/carrier-settings.js';
export { loadSampleCarriers } from './use-cases/sample-carriers.js';
export { ShipmentView, rateViews, shipmentView, money } from './http/shipment-view.js';
export {
  serviceLevels,
  shipmentStatuses,
  type Parcel,
  type ServiceLevel,
  type ShipmentStatus,
  type ShippingAddress,
  type TrackingUpdate,
} from './domain/types.js';
export { shipmentTransitions, orderDeliveryStatus } from './domain/tracking-state.js';
export { promiseFor, shipByDate, deliverByDate, type FulfillmentClock } from './domain/promise.js';
export { checkTrackingNumberOf, identifyTrackingNumber, generateTrackingNumber, trackingNumberSpellings } from './domain/tracking-numbers.js';
export { shop, type Candidate, type ShippingRules, type ShopResult, type ShopCandidate } from './domain/rate-shop.js';
export { compileRateCard, quote as quoteRateCard, type CompiledRateCard } from './domain/rate-card.js';
export { sampleRateCards } from './sample-cards/load.js';
export { manifestCsv } from './domain/manifest-csv.js';
export type { LabelData } from './domain/label-data.js';
export { renderLabelsPdf } from './http/label-pdf.js';
export { renderLabelsZpl } from './http/label-zpl.js';
export {
  customsRequired,
  declareCustoms,
  type CustomsDeclaration,
  type CustomsDocumentKind,
  type CustomsOverride,
  type DeclarationLine,
} from './domain/customs.js';
export { renderLabelsPdfOffLoop, renderManifestPdfOffLoop, renderCustomsPdfOffLoop } from './cpu-tasks.js';
export { CarrierError } from './carriers/easypost.js';
export { verifyEasyPostSignature, trackingUpdatesFromEvent } from './carriers/easypost-webhook.js';
export type { CarrierAdapter, PurchasedLabel } from './carriers/adapter.js';
export { quoteShipment, shippingRulesOf, type Quote } from './use-cases/quote.js';
export { adapterFor, carrierSecretsOf, webhookSecretOf, type SecretSource } from './use-cases/carrier-registry.js';
export { recordShipment, type NewShipment } from './use-cases/record-shipment.js';
export { recordTracking, markVoided, requestVoid, releaseVoidRequest, destinationTimeZone } from './use-cases/track.js';
export { claimLateShipments, type LateShipment } from './use-cases/flag-late.js';
export { findCarrier, findCarrierById, listCarriers, type CarrierRow } from './db/carriers.queries.js';
export {
  findShipment,
  lockShipment,
  listShipments,
  shipmentIdOfTrackingNumber,
  orderIdsWithTrackingNumber,
  shipmentStatusesOfOrder,
  lastDeliveryOfOrder,
  shipmentsForManifest,
  eventsOfShipments,
  insertPromises,
  promiseOf,
  promisesOfOrder,
  promisesOfOrders,
  type DeliveryPromiseRow,
} from './db/shipments.queries.js';
export { labelDataOf, manifestOf, shippingAddressOf, customsDocumentKindFor, customsPaperOf, shipmentCustomsPdf } from './use-cases/documents.js';
export { shipmentsForAccounting } from './db/accounting.queries.js';
export { countOrdersShipped } from './db/dashboard.queries.js';
export { getShippingRules } from './db/carriers.queries.js';
export { trackingUrl } from './domain/tracking-links.js';
