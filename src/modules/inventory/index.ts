/** inventory: locations, stock levels, the movement ledger and reservations. See README.md. */
export { inventoryRoutes } from './http/routes.js';
export { adjustStock, batchField, resolveLocations, type AdjustmentField, type AdjustmentInput, type AdjustmentResult } from './use-cases/adjust-stock.js';
export { reserve, release, StockChanged, type ReservationRequest } from './use-cases/reserve.js';
export { lockStockForPlanning, readStockForPlanning, reservationsOfOrders, type StockSnapshotRow } from './db/stock.queries.js';
export type { LocationRow } from './db/locations.queries.js';
export { stockAlerts, type AvailabilityChange, type StockAlert } from './domain/stock-alerts.js';
