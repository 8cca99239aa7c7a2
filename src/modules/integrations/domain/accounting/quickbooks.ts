import { amountOf, assertDocument, ledgerQuantity, MAX_DOCUMENT_NUMBER, type AccountingDocument } from './model.js';

/**
 * QuickBooks Online Accounting API (v3) entities: `Invoice` for POST /v3/company/{realm}/invoice
 * and `CreditMemo` for …/creditmemo. Both take the same body: `Line[]` of `SalesItemLineDetail`
 * lines (Amount = Qty × UnitPrice), CustomerRef, TxnDate, DocNumber (≤ 21 characters),
 * CurrencyRef, BillEmail, PrivateNote. Amounts are JSON numbers equal to the exact decimal.
 */
export interface QboRef {
  value: string;
  name?: string;
}

export interface QboSalesItemLine {
  DetailType: 'SalesItemLineDetail';
  Amount: number;
  Description: string;
  SalesItemLineDetail: { ItemRef: QboRef; Qty: number; UnitPrice: number; TaxCodeRef?: QboRef };
}

/** QBO's discount line: an amount taken off the lines above it (PercentBased false: an amount, not a rate). */
export interface QboDiscountLine {
  DetailType: 'DiscountLineDetail';
  Amount: number;
  Description: string;
  DiscountLineDetail: { PercentBased: false };
}

export interface QboTransaction {
  DocNumber: string;
  TxnDate: string;
  CustomerRef: QboRef;
  CurrencyRef: QboRef;
  BillEmail?: { Address: string };
  PrivateNote: string;
  Line: (QboSalesItemLine | QboDiscountLine)[];
  TxnTaxDetail?: { TotalTax: number };
}

export interface QuickBooksOptions {
  /** The tenant's QBO Customer for an order (default: the customer's name, or e-mail, as the reference name and value). */
  customerRef?: (doc: AccountingDocument) => QboRef;
  /** The QBO Item for a SKU (default: the SKU as value and name; map it before posting). */
  itemRef?: (sku: string) => QboRef;
  /** QBO's built-in shipping item. */
  shippingItemRef?: QboRef;
  /** Tax code on lines: "TAX" / "NON" in US companies (default: NON when the document carries no tax). */
  taxCodeRef?: QboRef;
}

const SHIPPING_ITEM: QboRef = { value: 'SHIPPING_ITEM_ID', name: 'Shipping' };

/** FNV-1a, 32 bits, as 8 hex digits: a stable short suffix for numbers too long for QBO. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** A DocNumber QBO accepts: as is when it fits, else its first 12 characters, "-" and a hash of the whole (21). */
export function qboDocNumber(number: string): string {
  if (number.length <= MAX_DOCUMENT_NUMBER) return number;
  return `${number.slice(0, MAX_DOCUMENT_NUMBER - 9)}-${fnv1a(number)}`;
}

function transaction(doc: AccountingDocument, options: QuickBooksOptions): QboTransaction {
  assertDocument(doc);
  const money = (minor: number) => amountOf(minor, doc.currency);
  const taxCode = options.taxCodeRef ?? (doc.tax_minor === 0 ? { value: 'NON' } : undefined);
  const item = options.itemRef ?? ((sku: string) => ({ value: sku, name: sku }));
  const lines: (QboSalesItemLine | QboDiscountLine)[] = doc.lines.map((l): QboSalesItemLine => {
    const q = ledgerQuantity(l);
    return {
      DetailType: 'SalesItemLineDetail',
      Amount: money(l.amount_minor),
      Description: q.description,
      SalesItemLineDetail: { ItemRef: item(l.sku), Qty: q.quantity, UnitPrice: money(q.unitPriceMinor), ...(taxCode ? { TaxCodeRef: taxCode } : {}) },
    };
  });
  if (doc.shipping_minor > 0) {
    lines.push({
      DetailType: 'SalesItemLineDetail',
      Amount: money(doc.shipping_minor),
      Description: 'Shipping',
      SalesItemLineDetail: { ItemRef: options.shippingItemRef ?? SHIPPING_ITEM, Qty: 1, UnitPrice: money(doc.shipping_minor), ...(taxCode ? { TaxCodeRef: taxCode } : {}) },
    });
  }
  if (doc.discount_minor > 0) lines.push({ DetailType: 'DiscountLineDetail', Amount: money(doc.discount_minor), Description: 'Discounts', DiscountLineDetail: { PercentBased: false } });
  const customerName = doc.customer.name ?? doc.customer.email ?? 'Unknown customer';
  return {
    DocNumber: qboDocNumber(doc.number),
    TxnDate: doc.date,
    CustomerRef: options.customerRef?.(doc) ?? { value: doc.customer.email ?? customerName, name: customerName },
    CurrencyRef: { value: doc.currency },
    ...(doc.customer.email ? { BillEmail: { Address: doc.customer.email } } : {}),
    PrivateNote: doc.memo.slice(0, 4000),
    Line: lines,
    ...(doc.tax_minor > 0 ? { TxnTaxDetail: { TotalTax: money(doc.tax_minor) } } : {}),
  };
}

/** An invoice document as a QBO `Invoice`. */
export function toQboInvoice(doc: AccountingDocument, options: QuickBooksOptions = {}): QboTransaction {
  if (doc.kind !== 'invoice') throw new Error(`${doc.number} is a ${doc.kind}, not an invoice`);
  return transaction(doc, options);
}

/** A credit note document as a QBO `CreditMemo` (positive amounts: QBO knows it is a credit). */
export function toQboCreditMemo(doc: AccountingDocument, options: QuickBooksOptions = {}): QboTransaction {
  if (doc.kind !== 'credit_note') throw new Error(`${doc.number} is a ${doc.kind}, not a credit note`);
  return transaction(doc, options);
}
