/** fulfillment: fulfillment orders (one per order × location), their lifecycle, pick lists and packing. See README.md. */
export { fulfillmentStatuses, fulfillmentTransitions, canTransition as canTransitionFulfillment, type FulfillmentStatus } from './domain/lifecycle.js';
export {
  insertFulfillmentOrders,
  findFulfillmentOrder,
  lockFulfillmentOrder,
  lockFulfillmentOrdersOfOrder,
  listFulfillmentOrders,
  linesOfFulfillmentOrders,
  withLines,
  setFulfillmentLineQuantities,
  claimPendingFulfillmentOrders,
  tenantsWithPendingFulfillmentOrders,
  fulfillmentOrdersCreatedPerLocationSince,
  liveFulfillmentStatuses,
  type FulfillmentOrder,
  type FulfillmentOrderRow,
  type FulfillmentOrderLineRow,
  type FulfillmentOrderFilter,
} from './db/fulfillment-orders.queries.js';
export { transitionFulfillmentOrder } from './use-cases/transition.js';
export { createFulfillmentOrders, type FulfillmentAllocation } from './use-cases/create.js';
export { initialStatus, releaseCutoff, latestWaveAtOrBefore, type ReleasePolicy } from './domain/release-policy.js';
export { splitRejection, type FoLine, type RejectionSplit } from './domain/rejection.js';
export { moveFulfillmentOrder } from './use-cases/respond.js';
// Pick lists, boxes, cartonization and packing.
export { cartonize, cartonizeLimits, cartonizePerLine, packageBreaches, volumeOf, type BoxType, type CartonItem, type CartonizeResult, type PackedBox } from './domain/cartonize.js';
export { sampleBoxes, sampleOrder, sampleProducts, seededRandom } from './domain/cartonize-samples.js';
export { assignShortfall, orderPickPath, parseBin } from './domain/pick-path.js';
export { verifyScan, type ScanResult } from './domain/pack-verification.js';
export { allBoxes, findBox, listBoxes, type BoxRow } from './db/boxes.queries.js';
export { claimReadyToPick, findPickList, lockPickList, type PickList } from './db/pick-lists.queries.js';
export { packagesOf, type Package } from './db/packages.queries.js';
export { boxType, putBox, removeBox, type BoxInput } from './use-cases/pack-boxes.js';
export { createPickList, recordPicks, type PickConfirmation, type PickMode } from './use-cases/pick-lists.js';
export { recordFailedVerification, recordPacking } from './use-cases/pack-fulfillment-order.js';
export { assertPlannableUnits, planPackages, type PackageInput, type Physical, type PlannedPackage, type PlanOptions } from './use-cases/plan-packages.js';
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
