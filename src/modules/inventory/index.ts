/** inventory: locations, stock levels, the movement ledger, reservations and checkout reservations. See README.md. */
export { LocationBody, LocationId, LocationPatch, LocationView, locationView } from './http/locations.schemas.js';
export { AdjustmentBody, AdjustmentsView, SkuStockView, StockLevelView, stockLevelView, StockQuery } from './http/stock.schemas.js';
export { changeLocation, createLocation } from './use-cases/locations.js';
export { listLocations } from './db/locations.queries.js';
export { listStock } from './db/stock.queries.js';
export { listMovements, listLowStock } from './db/movements.queries.js';
export { MovementQuery, MovementView, movementView, StockAlertQuery, StockAlertView, stockAlertView } from './http/ledger.schemas.js';
export { adjustStock, batchField, resolveLocations, type AdjustmentField, type AdjustmentInput } from './use-cases/adjust-stock.js';
export { reserve, release, StockChanged } from './use-cases/reserve.js';
export { writeOffAvailable } from './use-cases/write-off-available.js';
export { lockStockForPlanning, lockSkusForAllocation, readStockForPlanning, reservationsOfOrders, type StockSnapshotRow } from './db/stock.queries.js';
export { binsOf, stockOfSku } from './db/stock.queries.js';
export { routingLocations, findLocationsByCodeOrId, type LocationRow } from './db/locations.queries.js';
export { stockAlerts, type AvailabilityChange } from './domain/stock-alerts.js';
export { CheckoutReservationBody, CheckoutReservationId, CheckoutReservationQuery, CheckoutReservationViewSchema } from './http/checkout-reservations.schemas.js';
export { CancelInboundBody, InboundBody, InboundId, InboundQuery, InboundViewSchema, ReceiveBody, ReceivedView } from './http/inbound.schemas.js';
export {
  consumeCheckoutReservation,
  createCheckoutReservation,
  expireCheckoutReservations,
  getCheckoutReservation,
  listCheckoutReservationViews,
  releaseCheckoutReservation,
  type CheckoutReservationView,
} from './use-cases/checkout-reservations.js';
export { checkoutReservationStatuses, checkoutReservationTransitions, MAX_CHECKOUT_RESERVATION_TTL_SECONDS, MIN_CHECKOUT_RESERVATION_TTL_SECONDS } from './domain/checkout-reservations.js';
export { cancelInbound, createInbound, getInbound, listInboundViews, recordReceipt, type InboundInput, type InboundView } from './use-cases/inbound.js';
export { expectedDateFor, inboundStatuses, inboundTransitions } from './domain/inbound.js';
export { expectedSupplyOfSkus } from './db/inbound.queries.js';
export { consumeForShipment, restoreAfterVoid } from './use-cases/ship-stock.js';
export { quarantineStock, type QuarantineInput } from './use-cases/quarantine.js';
export { takeSoldUnits, type CounterSaleOutcome } from './use-cases/pos-stock.js';
export { countLowStockSkus, inventorySetup } from './db/dashboard.queries.js';
