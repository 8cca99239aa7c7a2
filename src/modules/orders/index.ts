/** orders: orders, lines and the order lifecycle. See README.md. */
export { orderStatuses, transitions, terminalStatuses, canTransition, allocationStatus, isCancellable, stockLines, unfilledUnits, type OrderStatus } from './domain/lifecycle.js';
export {
  insertOrderWithLines,
  findOrder,
  lockOrder,
  findOrderByExternalId,
  linesOfOrders,
  listOrders,
  setLineQuantities,
  addShippedUnits,
  lockBackorderedLines,
  backorderedAhead,
  type OrderRow,
  type OrderLineRow,
  type OrderFilter,
} from './db/orders.queries.js';
export { transitionOrder } from './use-cases/transition.js';
export { kitLineQuantities, withComponentUnits } from './domain/kit-lines.js';
export { ordersByIds } from './db/accounting.queries.js';
export { recordHandedOverOrder, handedOverPath, type CounterSaleOrder, type CounterSaleLine } from './use-cases/record-pos-sale.js';
