/** customers: one record per person and tenant, matched by e-mail (or phone), linked at capture. See README.md. */
export { normaliseEmail, normalisePhone, matchKeyOf, contactOfOrder } from './domain/contact.js';
export { ERASED, redactJson, redactAddress, knownStrings } from './domain/redact.js';
export { preparePatch, TAG_MAX_LENGTH, TAGS_MAX, type CustomerPatch } from './domain/changes.js';
// Read models.
export { findCustomer, listCustomers, tombstonesOf, type CustomerRow, type CustomerSearch } from './db/customers.queries.js';
// Row locks and writes for the flows that hold the transaction across modules (merge, erase).
export { lockCustomers, updateCustomer, repointTombstones } from './db/customers.queries.js';
// Capture's find-or-create, in the capture's transaction.
export { findOrCreateCustomer } from './use-cases/find-or-create.js';
export { patchCustomer, visibleCustomer } from './use-cases/update-customer.js';
export * from './http/schemas.js';
