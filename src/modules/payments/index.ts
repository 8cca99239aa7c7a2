/** payments: each order's transaction ledger and the financial status derived from it. See README.md. */
export { transactionKinds, transactionStatuses, financialStatuses, financialStatusMeanings, paymentSummary, type FinancialStatus, type PaymentSummary, type TransactionKind, type TransactionStatus } from './domain/financial-status.js';
export { ledgerOf } from './domain/ledger-of.js';
export type { TransactionSource } from './db/schema.js';
// Read models.
export { transactionsOfOrder, transactionsOfOrders, type TransactionRow } from './db/transactions.queries.js';
// The one write path; the caller holds the order's row lock (flows/payments/record-payment.ts).
export { recordTransaction, ORDER_TRANSACTION_RECORDED, type LedgerOrder, type TransactionInput, type RecordedTransaction, type RefundItems } from './use-cases/record-transaction.js';
// Wire shapes and views (the routes' schemas; the order view's `payment`).
export { RecordTransactionBody, TransactionView, PaymentView, PaymentSummaryView, TransactionList, RecordedTransactionView, transactionView, paymentView, paymentSummaryView } from './http/schemas.js';
export { EXCHANGE_GATEWAY, MERCHANT_HELD_GATEWAYS, STORE_CREDIT_GATEWAY } from './domain/merchant-held.js';
