import type { Static } from '@fastify/type-provider-typebox';
import type { Db } from '../../platform/db/database.js';
import { currencyExponent } from '../../platform/kernel/money.js';
import type { OrderRow } from '../../modules/orders/index.js';
import { ledgerOf, paymentSummary, paymentSummaryView, transactionsOfOrder, transactionView, type TransactionList } from '../../modules/payments/index.js';

/** GET /v1/orders/{id}/transactions: the order's ledger, oldest first, and its summary against the current total. */
export async function orderLedger(db: Db, order: OrderRow): Promise<Static<typeof TransactionList>> {
  const rows = await transactionsOfOrder(db, order.tenantId, order.id);
  const exponent = currencyExponent(order.currency) ?? 2;
  return { data: rows.map((r) => transactionView(r, exponent)), summary: paymentSummaryView(paymentSummary(ledgerOf(rows), order.totalMinor), exponent) };
}
