/** Accounting export, pure: documents from shipments and refunds, and their QuickBooks Online, Xero and CSV journal shapes. See README.md. */
export { amountOf, decimalOf, defaultAccountCodes, documentProblems, ledgerQuantity, MAX_DOCUMENT_NUMBER, type AccountCodes, type AccountingDocument, type AccountingDocumentKind, type AccountingLine } from './model.js';
export { accountingDocuments, documentNumber, parseRefund, utcDay, utcDayBounds, type Skipped, type SourceOrder, type SourceOrderLine, type SourceRefund, type SourceShipment } from './documents.js';
export { qboDocNumber, toQboCreditMemo, toQboInvoice, type QboTransaction, type QuickBooksOptions } from './quickbooks.js';
export { toXeroCreditNote, toXeroInvoice, xeroBodies, type XeroCreditNote, type XeroInvoice, type XeroOptions } from './xero.js';
export { journalColumns, journalCsv, journalEntriesOf, journalNumber, journalOf, type JournalEntry } from './journal-csv.js';
