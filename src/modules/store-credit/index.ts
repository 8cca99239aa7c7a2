/** store-credit: a customer's store credit per currency, as a ledger of entries (issue, redeem, adjust). See README.md. */
export { entryKinds, normaliseEmail, refuseEntry, type EntryKind } from './domain/entries.js';
export { entriesOfReturns, type AccountRow, type EntryRow } from './db/store-credit.queries.js';
// The customers flows (ADR 0026): a customer's accounts, moved by a merge, e-mail erased.
export { accountsOfCustomer, linkAccounts, eraseAccountEmails } from './db/store-credit.queries.js';
// The one write path, for flows that hold the transaction (closing a return with store credit, an exchange's rest).
export { postEntry, type EntryInput } from './use-cases/post-entry.js';
export { adjustStoreCredit, readStoreCredit } from './use-cases/adjust.js';
export * from './http/schemas.js';
