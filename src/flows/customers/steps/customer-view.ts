import type { Db } from '../../../platform/db/database.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { customerFields, tombstonesOf, type CustomerListItem, type CustomerRow, type CustomerView } from '../../../modules/customers/index.js';
import { customerOrderFigures, orderIdsOfCustomer } from '../../../modules/orders/index.js';
import { returnFiguresOfOrders } from '../../../modules/returns/index.js';
import { accountsOfCustomer } from '../../../modules/store-credit/index.js';
import type { Static } from '@fastify/type-provider-typebox';

const exponentOf = (currency: string) => currencyExponent(currency) ?? 2;
const latest = (dates: Date[]) => (dates.length === 0 ? null : new Date(Math.max(...dates.map((d) => d.getTime()))).toISOString());
const earliest = (dates: Date[]) => (dates.length === 0 ? null : new Date(Math.min(...dates.map((d) => d.getTime()))).toISOString());

/**
 * A customer with its figures, computed when read (ADR 0026: nothing kept on the customer row, so
 * capture never writes it and concurrent captures never queue on it). Amount spent per currency:
 * the orders' totals less cancellations, less what returns refunded (as Shopify's "amount spent"
 * leaves refunds out). A tombstone answers its own fields with empty figures (its orders moved).
 */
export async function customerView(db: Db, tenantId: string, row: CustomerRow): Promise<CustomerView> {
  const [figures, orderIds, tombstones] = await Promise.all([customerOrderFigures(db, tenantId, [row.id]), orderIdsOfCustomer(db, tenantId, row.id), tombstonesOf(db, tenantId, row.id)]);
  const emails = [row.email, ...tombstones.map((t) => t.email)].filter((e): e is string => e !== null);
  const [returned, accounts] = await Promise.all([returnFiguresOfOrders(db, tenantId, orderIds), accountsOfCustomer(db, tenantId, row.id, row.mergedInto ? [] : emails)]);
  const spent = new Map<string, number>();
  for (const f of figures) spent.set(f.currency, (spent.get(f.currency) ?? 0) + f.netMinor);
  for (const r of returned.refunded) spent.set(r.currency, (spent.get(r.currency) ?? 0) - r.amountMinor);
  return {
    ...customerFields(row),
    stats: {
      orders_count: figures.reduce((n, f) => n + f.orders, 0),
      first_order_at: earliest(figures.map((f) => f.firstAt)),
      last_order_at: latest(figures.map((f) => f.lastAt)),
      returns_count: returned.returns,
      amount_spent: [...spent].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => ({ currency, amount: formatMoney(Math.max(0, minor), exponentOf(currency)) })),
    },
    store_credit: accounts.map((a) => ({ account_id: a.id, email: a.email, currency: a.currency, balance: formatMoney(a.balanceMinor, exponentOf(a.currency)) })),
  };
}

/** A page of the list: each customer with its order count and last order, read for the page at once. */
export async function customerListViews(db: Db, tenantId: string, rows: CustomerRow[]): Promise<Static<typeof CustomerListItem>[]> {
  const figures = await customerOrderFigures(db, tenantId, rows.map((r) => r.id));
  return rows.map((row) => {
    const own = figures.filter((f) => f.customerId === row.id);
    return { ...customerFields(row), orders_count: own.reduce((n, f) => n + f.orders, 0), last_order_at: latest(own.map((f) => f.lastAt)) };
  });
}
