/** orders: orders, lines and the order lifecycle. See README.md. */
export { orderStatuses, transitions, terminalStatuses, canTransition, allocationStatus, isCancellable, stockLines, unfilledUnits, type OrderStatus } from './domain/lifecycle.js';
export { orderName } from './domain/order-name.js';
// Read models.
export { findOrder, findOrderByExternalId, linesOfOrders, backorderedAhead, adjustmentsOfOrders, type OrderRow, type OrderLineRow, type OrderAdjustmentRow, type NewOrderAdjustment } from './db/orders.queries.js';
export { listOrders, orderSorts, sortKeyOf, sortCursorPattern, type OrderFilter, type OrderSort } from './db/order-list.queries.js';
export { notesOfOrders, type OrderNoteRow } from './db/notes.queries.js';
export { classifySearch, waitingStatuses, isLate, dayOf, orderUnits, type OrderSearch } from './domain/search.js';
export { addOrderNote, lockedOrder, replaceOrderTags, setOrderTags } from './use-cases/annotate.js';
export { ordersByIds } from './db/accounting.queries.js';
export { orderNumbersOf, ordersByReference } from './db/order-reference.queries.js';
// Row locks and writes for the flows that hold the transaction across modules (capture, cancel, reject, ship, receive).
export { insertOrderWithLines, insertOrderWithLinesAnd, type NewOrderRow, lockOrder, lockBackorderedLines, setLineQuantities, addShippedUnits } from './db/orders.queries.js';
export { transitionOrder } from './use-cases/transition.js';
export { setOrderShipBy, setOrderTotals } from './db/orders.queries.js';
export { allocateProportionally, discrepancies, lineMoney, orderCharges, orderTotals, paidForUnits, unitShare, unitsShare, type ChargeAdjustment, type MoneyDiscrepancy, type MoneyLine, type OrderCharges, type OrderTotals, type ShippingCharge, type UnitsPaid } from './domain/money.js';
export { kitLineQuantities, withComponentUnits } from './domain/kit-lines.js';
export { recordHandedOverOrder } from './use-cases/record-pos-sale.js';
export { backorderedUnits, countLateOrders, countOrdersAwaitingFulfillment, countOrdersCreated, hasOrders, ordersPerHour } from './db/dashboard.queries.js';
// The customers flows (ADR 0026): figures, merge and erasure of a customer's orders.
export { customerOrderFigures, customerOrderHistory, type CustomerOrderHistory, orderIdsOfCustomer, moveOrdersToCustomer, contactsOfOrders, replaceOrderContacts, type CustomerOrderFigures, type OrderContacts } from './db/customer.queries.js';
export { priceSignals, type OrderSignal, type PricedLineInput } from './domain/price-signals.js';
export { checksOfOrders, orderChecksWrite, type OrderChecksRow } from './db/checks.queries.js';
// Holds (ADR 0025): the flows in src/flows/orders/steps/holds.ts compose these with the fulfillment orders' release.
export { holdTypes, isHoldType, isHoldable, holdQueueOf, type HoldType, type HoldRequest } from './domain/holds.js';
export { placeHold, releaseHold, type PlacedHold, type ReleasedHold } from './use-cases/holds.js';
export { activeHoldsOfOrders, holdsOfOrder, isOrderHeld, type OrderHoldRow } from './db/holds.queries.js';
// The review queue (ADR 0031): orders sharing e-mail, phone, address or customer with one.
export { ordersLinkedTo, type LinkedOrder, type LinkKind } from './db/linked.queries.js';
// Order edits (ADR 0032): the pure edit over the order, and its storage; the flow is src/flows/orders/edit-order.ts.
export { applyEdit, editChangeTypes, isEditable, type EditAddress, type EditBase, type EditChange, type EditChangeType, type EditContext, type EditLine, type EditOutcome, type EditRecord } from './domain/edits.js';
export { editDigest } from './domain/edit-digest.js';
export { insertOrderEdit, findOrderEdit, lockOrderEdit, editsOfOrder, setOrderEditChanges, closeOrderEdit, setEditedOrder, setEditedLines, insertOrderLines, appendOrderAdjustments, setShippingLinePrice, type OrderEditRow } from './db/edits.queries.js';
