/** fulfillment: fulfillment orders (one per order × location), their lifecycle, pick lists and packing. See README.md. */
export { fulfillmentStatuses, fulfillmentTransitions, canTransition as canTransitionFulfillment, type FulfillmentStatus } from './domain/lifecycle.js';
// Read models.
export {
  findFulfillmentOrder,
  listFulfillmentOrders,
  linesOfFulfillmentOrders,
  withLines,
  tenantsWithPendingFulfillmentOrders,
  fulfillmentOrdersCreatedPerLocationSince,
  type FulfillmentOrder,
} from './db/fulfillment-orders.queries.js';
// Row locks, claims and writes for the flows and jobs that hold the transaction across modules (reject, pack, ship, void, release).
export { insertFulfillmentOrders, lockFulfillmentOrder, lockFulfillmentOrdersOfOrder, setFulfillmentLineQuantities, claimPendingFulfillmentOrders } from './db/fulfillment-orders.queries.js';
export { claimReadyToPick, lockPickList } from './db/pick-lists.queries.js';
export { transitionFulfillmentOrder } from './use-cases/transition.js';
export { createFulfillmentOrders, type FulfillmentAllocation } from './use-cases/create.js';
export { releaseCutoff, type ReleasePolicy } from './domain/release-policy.js';
export { splitRejection, type FoLine } from './domain/rejection.js';
export { moveFulfillmentOrder } from './use-cases/respond.js';
// Pick lists, boxes, cartonization and packing.
export { cartonize, cartonizeLimits, cartonizePerLine, volumeOf, type CartonItem, type CartonizeResult, type PackedBox } from './domain/cartonize.js';
export { sampleBoxes, sampleOrder, sampleProducts, seededRandom } from './domain/cartonize-samples.js';
export { assignShortfall } from './domain/pick-path.js';
export { verifyScan } from './domain/pack-verification.js';
export { allBoxes, findBox, listBoxes } from './db/boxes.queries.js';
export { findPickList, pickListIdsOf, type PickList } from './db/pick-lists.queries.js';
export { packagesOf, type Package } from './db/packages.queries.js';
export { boxType, putBox, removeBox } from './use-cases/pack-boxes.js';
export { createPickList, recordPicks, type PickConfirmation, type PickMode } from './use-cases/pick-lists.js';
export { recordFailedVerification, recordPacking } from './use-cases/pack-fulfillment-order.js';
export { assertPlannableUnits, type PackageInput, type Physical } from './use-cases/plan-packages.js';
export { planPackagesOffLoop, renderPickListPdfOffLoop } from './cpu-tasks.js';
export {
  BoxBody,
  BoxView,
  boxView,
  ConfirmPicksBody,
  FulfillmentOrderId,
  FulfillmentOrderQuery,
  FulfillmentOrderSchema,
  NoteBody,
  PackagesView,
  PackBody,
  PickListBody,
  PickListId,
  PickListView,
  ReasonBody,
} from './http/schemas.js';
