import { currencyExponent, formatMoney } from '../../../../platform/kernel/money.js';

/**
 * What the accounting export hands to a ledger: one invoice per shipment, one credit note per
 * refund (or per label voided after the day it was invoiced). Money is integer minor units of
 * `currency`; the provider shapes turn it into exact decimals.
 */
export type AccountingDocumentKind = 'invoice' | 'credit_note';

export interface AccountingLine {
  sku: string;
  description: string;
  quantity: number;
  unit_price_minor: number;
  /** Normally quantity × unit price; a kit component's share of its kit may not divide evenly. */
  amount_minor: number;
}

export interface AccountingDocument {
  kind: AccountingDocumentKind;
  /** At most 21 characters (QuickBooks Online's DocNumber limit), unique per tenant. */
  number: string;
  /** YYYY-MM-DD, the day it belongs to in the journal. */
  date: string;
  order_id: string;
  external_id: string | null;
  channel: string;
  currency: string;
  customer: { name: string | null; email: string | null };
  /** Net of any tax the prices included (that tax is in `tax_minor`), before discounts. */
  lines: AccountingLine[];
  /** The discounts on these lines' units and on the shipping charge (orders/domain/money.ts shares). */
  discount_minor: number;
  /** The shipping charge before its discount, net of included tax. */
  shipping_minor: number;
  tax_minor: number;
  /** lines − discount + shipping + tax: what the customer paid for what this document covers. */
  total_minor: number;
  memo: string;
  /** What it was made from: `shipment` id, `refund` id, or the voided `shipment` it reverses. */
  source: { type: 'shipment' | 'refund' | 'voided_shipment'; id: string };
}

/** The ledger accounts the journal posts to. Codes are the tenant's chart of accounts. */
export interface AccountCodes {
  receivable: { code: string; name: string };
  sales: { code: string; name: string };
  shipping: { code: string; name: string };
  tax: { code: string; name: string };
  /** Contra-revenue: discounts given on sales and shipping. */
  discounts: { code: string; name: string };
}

export const defaultAccountCodes: AccountCodes = {
  receivable: { code: '1200', name: 'Accounts Receivable' },
  sales: { code: '4000', name: 'Sales' },
  shipping: { code: '4100', name: 'Shipping Income' },
  tax: { code: '2200', name: 'Sales Tax Payable' },
  discounts: { code: '4900', name: 'Sales Discounts' },
};

/** QuickBooks Online refuses a DocNumber longer than this. */
export const MAX_DOCUMENT_NUMBER = 21;

/** The currency's ISO 4217 exponent; an unknown code is a bug upstream (orders validate it). */
export function exponentOf(currency: string): number {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new Error(`accounting: unknown currency ${currency}`);
  return exponent;
}

/** Minor units as the exact decimal string: 1999 USD → "19.99", 500 JPY → "500", 1235 KWD → "1.235". */
export function decimalOf(minor: number, currency: string): string {
  return formatMoney(minor, exponentOf(currency));
}

/**
 * Minor units as a JSON number whose text is exactly the decimal (19.99, never 19.990000000000002):
 * parsing the exact decimal string gives the double closest to it, and JSON.stringify writes the
 * shortest text that reads back as that double — the same decimal.
 */
export function amountOf(minor: number, currency: string): number {
  return Number(decimalOf(minor, currency));
}

export function sumMinor(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Broken arithmetic in a document is a bug: every shape and the journal rely on these. */
export function documentProblems(doc: AccountingDocument): string[] {
  const problems: string[] = [];
  if (doc.number.length === 0 || doc.number.length > MAX_DOCUMENT_NUMBER) problems.push(`number ${doc.number} must have 1 to ${MAX_DOCUMENT_NUMBER} characters`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(doc.date)) problems.push(`date ${doc.date} is not YYYY-MM-DD`);
  const amounts = [doc.discount_minor, doc.shipping_minor, doc.tax_minor, doc.total_minor, ...doc.lines.flatMap((l) => [l.amount_minor, l.unit_price_minor])];
  if (amounts.some((a) => !Number.isSafeInteger(a) || a < 0)) problems.push('amounts must be non-negative integers of minor units');
  if (doc.lines.some((l) => !Number.isSafeInteger(l.quantity) || l.quantity <= 0)) problems.push('quantities must be positive integers');
  const total = sumMinor(doc.lines.map((l) => l.amount_minor)) - doc.discount_minor + doc.shipping_minor + doc.tax_minor;
  if (total !== doc.total_minor) problems.push(`total ${doc.total_minor} is not lines − discount + shipping + tax = ${total}`);
  if (currencyExponent(doc.currency) === undefined) problems.push(`currency ${doc.currency} is not ISO 4217`);
  return problems;
}

export function assertDocument(doc: AccountingDocument): void {
  const problems = documentProblems(doc);
  if (problems.length > 0) throw new Error(`accounting document ${doc.number}: ${problems.join('; ')}`);
}

/**
 * A line's quantity and unit price as a ledger can take them: ledgers check
 * amount = quantity × unit price, so a line whose amount does not divide evenly (a kit
 * component's share) is sent as one unit of its whole amount.
 */
export function ledgerQuantity(line: AccountingLine): { quantity: number; unitPriceMinor: number; description: string } {
  if (line.quantity * line.unit_price_minor === line.amount_minor) return { quantity: line.quantity, unitPriceMinor: line.unit_price_minor, description: line.description };
  return { quantity: 1, unitPriceMinor: line.amount_minor, description: `${line.quantity} × ${line.description}` };
}
