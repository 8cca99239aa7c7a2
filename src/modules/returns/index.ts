/** returns: return reasons and policy, returns (RMAs), receipts with dispositions, refunds of returns. See README.md. */
export { returnStatuses, returnTransitions, canTransition, holdsUnits, receivable, statusAfterReceipt, type ReturnStatus } from './domain/lifecycle.js';
export { defaultReasons, refuseLineReason, type ReturnReason } from './domain/reasons.js';
export { defaultPolicy, evaluateReturn, isMerchantFault, outcomeRefusal, returnOutcomes, type Evaluation, type PolicyNote, type PolicyRefusal, type ReturnOutcome, type ReturnPolicy } from './domain/policy.js';
export { computeRefund, gaveShippingBack, type RefundComputation, type RefundLineInput } from './domain/refund.js';
export { DEFAULT_INSTANT_EXCHANGE_DAYS, awaitingParcel, differenceTos, exchangeDueAt, refuseExchange, refuseReplacementLines, settleDifference, type DifferenceTo, type ReplacementLine } from './domain/exchange.js';
export { exchangesOfReturns, exchangeOfReplacement, type ExchangeRow } from './db/exchanges.queries.js';
// Writes for the exchange flow and the overdue job.
export { insertExchange, claimOverdueExchanges } from './db/exchanges.queries.js';
export type { Disposition } from './db/schema.js';
// Read models.
// A customer's returns in figures (flows/customers, ADR 0026).
export { returnFiguresOfOrders } from './db/returns.queries.js';
export { findReturn, linesOfReturns, dispositionsOfReturns, refundsOfReturns, refundsOfOrder, listReturns, unitsUnderReturn, returnRate, dockToStock, type ReturnRow, type ReturnLineRow, type DispositionRow, type RefundRow, type ReturnFilter, type RateGroup } from './db/returns.queries.js';
// Writes for the flows that hold the transaction (request, receive, refund).
export { lockReturn, insertReturn, addSettled, insertDispositions, insertRefund } from './db/returns.queries.js';
export { transitionReturn } from './use-cases/transition.js';
export { returnSettingsOf, replaceReturnReasons, replaceReturnPolicy, type ReturnSettings } from './use-cases/settings.js';
export * from './http/schemas.js';
// Return shipping (ADR 0023): where a return goes, how its goods come back, who pays the label.
export { nearestReturnLocation, type ReturnLocationCandidate, type ReturnLocationChoice } from './domain/return-location.js';
export { labelDeduction, labelDeductionRule, labelDeductionRules, type LabelDeductionRule } from './domain/label-deduction.js';
export { returnShippingOf, returnShippingOfReturns, returnShippingByTracking, insertReturnShipping, updateReturnParcel, type ReturnShippingRow } from './db/return-shipping.queries.js';
export type { ReturnShippingMethod } from './db/schema.js';
export * from './http/return-shipping.schemas.js';
export { returnParcel, PACKAGING_GRAMS, type ReturnParcel, type UnitPhysical } from './domain/return-parcel.js';
export { rmaQrText, rmaQrPng, rmaQrSvg } from './http/rma-qr.js';
