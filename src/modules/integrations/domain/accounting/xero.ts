import { amountOf, assertDocument, defaultAccountCodes, ledgerQuantity, type AccountCodes, type AccountingDocument } from './model.js';

/**
 * Xero Accounting API bodies: `{ "Invoices": [...] }` for PUT/POST /api.xro/2.0/Invoices (Type
 * ACCREC) and `{ "CreditNotes": [...] }` for …/CreditNotes (Type ACCRECCREDIT). Line amounts are
 * exact decimals; LineAmount = Quantity × UnitAmount.
 *
 * Tax: the OMS knows the tax amount, not the tenant's Xero tax rates, so a document without tax
 * is `NoTax`, and one with tax is `Exclusive` with every line `TaxType: "NONE"` and the tax as its
 * own line on the sales-tax liability account — Xero then adds nothing of its own.
 */
export interface XeroLineItem {
  Description: string;
  Quantity: number;
  UnitAmount: number;
  ItemCode?: string;
  AccountCode: string;
  LineAmount: number;
  TaxType?: string;
}

interface XeroDocument {
  Contact: { Name: string; EmailAddress?: string };
  Date: string;
  DueDate?: string;
  LineAmountTypes: 'Exclusive' | 'NoTax';
  LineItems: XeroLineItem[];
  CurrencyCode: string;
  Reference: string;
  Status: 'AUTHORISED';
}

export interface XeroInvoice extends XeroDocument {
  Type: 'ACCREC';
  InvoiceNumber: string;
  DueDate: string;
}

export interface XeroCreditNote extends XeroDocument {
  Type: 'ACCRECCREDIT';
  CreditNoteNumber: string;
}

export interface XeroOptions {
  accounts?: AccountCodes;
  /** Days from the invoice date to its due date (default 0: due on receipt). */
  dueDays?: number;
  /** Send ItemCode = SKU (default true; turn off when the SKUs are not Xero items). */
  itemCodes?: boolean;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function common(doc: AccountingDocument, options: XeroOptions): XeroDocument {
  assertDocument(doc);
  const accounts = options.accounts ?? defaultAccountCodes;
  const money = (minor: number) => amountOf(minor, doc.currency);
  const taxed = doc.tax_minor > 0;
  const noTax = taxed ? { TaxType: 'NONE' } : {};
  const items: XeroLineItem[] = doc.lines.map((l) => {
    const q = ledgerQuantity(l);
    return { Description: q.description, Quantity: q.quantity, UnitAmount: money(q.unitPriceMinor), ...(options.itemCodes === false ? {} : { ItemCode: l.sku }), AccountCode: accounts.sales.code, LineAmount: money(l.amount_minor), ...noTax };
  });
  if (doc.shipping_minor > 0) items.push({ Description: 'Shipping', Quantity: 1, UnitAmount: money(doc.shipping_minor), AccountCode: accounts.shipping.code, LineAmount: money(doc.shipping_minor), ...noTax });
  // A discount is a negative line on the discounts account (Xero sums line amounts to the total).
  if (doc.discount_minor > 0) items.push({ Description: 'Discounts', Quantity: 1, UnitAmount: -money(doc.discount_minor), AccountCode: accounts.discounts.code, LineAmount: -money(doc.discount_minor), ...noTax });
  if (taxed) items.push({ Description: 'Sales tax', Quantity: 1, UnitAmount: money(doc.tax_minor), AccountCode: accounts.tax.code, LineAmount: money(doc.tax_minor), ...noTax });
  return {
    Contact: { Name: doc.customer.name ?? doc.customer.email ?? 'Unknown customer', ...(doc.customer.email ? { EmailAddress: doc.customer.email } : {}) },
    Date: doc.date,
    LineAmountTypes: taxed ? 'Exclusive' : 'NoTax',
    LineItems: items,
    CurrencyCode: doc.currency,
    Reference: doc.external_id ?? doc.order_id,
    Status: 'AUTHORISED',
  };
}

export function toXeroInvoice(doc: AccountingDocument, options: XeroOptions = {}): XeroInvoice {
  if (doc.kind !== 'invoice') throw new Error(`${doc.number} is a ${doc.kind}, not an invoice`);
  return { Type: 'ACCREC', ...common(doc, options), DueDate: addDays(doc.date, options.dueDays ?? 0), InvoiceNumber: doc.number };
}

export function toXeroCreditNote(doc: AccountingDocument, options: XeroOptions = {}): XeroCreditNote {
  if (doc.kind !== 'credit_note') throw new Error(`${doc.number} is a ${doc.kind}, not a credit note`);
  return { Type: 'ACCRECCREDIT', ...common(doc, options), CreditNoteNumber: doc.number };
}

/** The two request bodies for a day, in Xero's own envelopes. */
export function xeroBodies(docs: readonly AccountingDocument[], options: XeroOptions = {}): { invoices: { Invoices: XeroInvoice[] }; credit_notes: { CreditNotes: XeroCreditNote[] } } {
  return {
    invoices: { Invoices: docs.filter((d) => d.kind === 'invoice').map((d) => toXeroInvoice(d, options)) },
    credit_notes: { CreditNotes: docs.filter((d) => d.kind === 'credit_note').map((d) => toXeroCreditNote(d, options)) },
  };
}
