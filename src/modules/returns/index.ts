/** returns: return reasons and policy, returns (RMAs), receipts with dispositions, refunds of returns. See README.md. */
export { returnStatuses, returnTransitions, canTransition, holdsUnits, receivable, statusAfterReceipt, type ReturnStatus } from './domain/lifecycle.js';
export { defaultReasons, refuseLineReason, type ReturnReason } from './domain/reasons.js';
export { defaultPolicy, evaluateReturn, isMerchantFault, returnOutcomes, type Evaluation, type ReturnOutcome, type ReturnPolicy } from './domain/policy.js';
export { computeRefund, gaveShippingBack, type RefundComputation, type RefundLineInput } from './domain/refund.js';
export type { Disposition } from './db/schema.js';
// Read models.
export { findReturn, linesOfReturns, dispositionsOfReturns, refundsOfReturns, refundsOfOrder, listReturns, unitsUnderReturn, returnRate, dockToStock, type ReturnRow, type ReturnLineRow, type DispositionRow, type RefundRow, type ReturnFilter, type RateGroup } from './db/returns.queries.js';
// Writes for the flows that hold the transaction (request, receive, refund).
export { lockReturn, insertReturn, addSettled, insertDispositions, insertRefund } from './db/returns.queries.js';
export { transitionReturn } from './use-cases/transition.js';
export { returnSettingsOf, replaceReturnReasons, replaceReturnPolicy, type ReturnSettings } from './use-cases/settings.js';
export * from './http/schemas.js';
