import { assertDocument, decimalOf, defaultAccountCodes, sumMinor, type AccountCodes, type AccountingDocument } from './model.js';
import { csvCell as cell } from '../../../../platform/kernel/csv-cell.js';

/**
 * The daily journal: double entry per document. An invoice debits Accounts Receivable with its
 * total and Sales Discounts with its discounts, and credits Sales per line, Shipping income and the
 * sales tax liability; a credit note posts the same
 * accounts the other way round. Each document's debits equal its credits (checked here: a journal
 * that does not balance is never written).
 */
export interface JournalEntry {
  date: string;
  journalNumber: string;
  documentNumber: string;
  orderId: string;
  account: { code: string; name: string };
  debitMinor: number;
  creditMinor: number;
  currency: string;
  memo: string;
}

export const journalColumns = ['date', 'journal_number', 'document_number', 'order_id', 'account_code', 'account_name', 'debit', 'credit', 'currency', 'memo'] as const;

/** `JE-20261127-0001`: the day and the document's place in that day's export. */
export function journalNumber(date: string, index: number): string {
  return `JE-${date.replace(/-/g, '')}-${String(index + 1).padStart(4, '0')}`;
}

/** One document's entries; throws if they do not balance (a bug, never bad input). */
export function journalEntriesOf(doc: AccountingDocument, number: string, accounts: AccountCodes = defaultAccountCodes): JournalEntry[] {
  assertDocument(doc);
  const base = { date: doc.date, journalNumber: number, documentNumber: doc.number, orderId: doc.order_id, currency: doc.currency };
  // Invoice: the income side is credited; a credit note debits it.
  const income = (account: { code: string; name: string }, minor: number, memo: string): JournalEntry => ({ ...base, account, memo, debitMinor: doc.kind === 'invoice' ? 0 : minor, creditMinor: doc.kind === 'invoice' ? minor : 0 });
  const entries: JournalEntry[] = [{ ...base, account: accounts.receivable, memo: doc.memo, debitMinor: doc.kind === 'invoice' ? doc.total_minor : 0, creditMinor: doc.kind === 'invoice' ? 0 : doc.total_minor }];
  for (const l of doc.lines) if (l.amount_minor > 0) entries.push(income(accounts.sales, l.amount_minor, `${l.quantity} × ${l.description}`));
  if (doc.shipping_minor > 0) entries.push(income(accounts.shipping, doc.shipping_minor, 'Shipping'));
  if (doc.tax_minor > 0) entries.push(income(accounts.tax, doc.tax_minor, 'Sales tax'));
  // Discounts are contra-revenue: on the side opposite the income they reduce.
  if (doc.discount_minor > 0) entries.push({ ...base, account: accounts.discounts, memo: 'Discounts', debitMinor: doc.kind === 'invoice' ? doc.discount_minor : 0, creditMinor: doc.kind === 'invoice' ? 0 : doc.discount_minor });
  const debits = sumMinor(entries.map((e) => e.debitMinor));
  const credits = sumMinor(entries.map((e) => e.creditMinor));
  if (debits !== credits) throw new Error(`journal ${number} for ${doc.number} does not balance: debits ${debits}, credits ${credits}`);
  return entries;
}

/** Every document of the day, numbered in order. */
export function journalOf(docs: readonly AccountingDocument[], accounts: AccountCodes = defaultAccountCodes): JournalEntry[] {
  return docs.flatMap((d, i) => journalEntriesOf(d, journalNumber(d.date, i), accounts));
}

/** The journal as CSV: a header, one row per entry, CRLF line ends. Empty debit/credit cells are blank. */
export function journalCsv(entries: readonly JournalEntry[]): string {
  const rows = [journalColumns.join(',')];
  for (const e of entries) {
    const amount = (minor: number) => (minor === 0 ? '' : decimalOf(minor, e.currency));
    rows.push(
      [
        cell(e.date),
        cell(e.journalNumber),
        cell(e.documentNumber),
        cell(e.orderId),
        cell(e.account.code),
        cell(e.account.name),
        cell(amount(e.debitMinor), true),
        cell(amount(e.creditMinor), true),
        cell(e.currency),
        cell(e.memo),
      ].join(','),
    );
  }
  return rows.join('\r\n') + '\r\n';
}
