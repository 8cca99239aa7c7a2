/** inventory: locations, stock levels, the movement ledger and reservations. See README.md. */
export { inventoryRoutes } from './http/routes.js';
export { adjustStock, batchField, resolveLocations, type AdjustmentField, type AdjustmentInput, type AdjustmentResult } from './use-cases/adjust-stock.js';
export { reserve, release, StockChanged, type ReservationRequest } from './use-cases/reserve.js';
export { writeOffAvailable, type WriteOff } from './use-cases/write-off-available.js';
export { lockStockForPlanning, lockSkusForAllocation, readStockForPlanning, reservationsOfOrders, type StockSnapshotRow } from './db/stock.queries.js';
export { binsOf, stockOfSku } from './db/stock.queries.js';
export { routingLocations, findLocationsByCodeOrId, type LocationRow, type RoutingLocationRow } from './db/locations.queries.js';
export { stockAlerts, type AvailabilityChange, type StockAlert } from './domain/stock-alerts.js';
export { holdRoutes, HoldViewSchema } from './http/holds.routes.js';
export { inboundRoutes, InboundViewSchema } from './http/inbound.routes.js';
export { consumeHold, createHold, expireHolds, getHold, holdView, releaseHold, type HoldRequest, type HoldView } from './use-cases/holds.js';
export { holdStatuses, holdTransitions, MAX_HOLD_TTL_SECONDS, MIN_HOLD_TTL_SECONDS } from './domain/holds.js';
export { createInbound, getInbound, recordReceipt, type InboundInput, type InboundView } from './use-cases/inbound.js';
export { expectedDateFor, inboundStatuses, inboundTransitions } from './domain/inbound.js';
export { expectedSupplyOfSkus } from './db/inbound.queries.js';
export { consumeForShipment, restoreAfterVoid, type ShippedUnits } from './use-cases/ship-stock.js';
export { takeSoldUnits, type SoldUnits, type CounterSaleOutcome } from './use-cases/pos-stock.js';
