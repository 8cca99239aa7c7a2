import type { Static } from '@fastify/type-provider-typebox';
import type { Db } from '../../../platform/db/database.js';
import { findOrder } from '../../../modules/orders/index.js';
import { exchangeOfReplacement, listReturns, type OrderReturnLinks } from '../../../modules/returns/index.js';

/**
 * What the order's page links to (ADR 0028): its returns (id, status, outcome; newest first) and,
 * when the order is an exchange's replacement, the return it replaces and that return's order. The
 * returns module's reads and the orders module's `findOrder`, three queries at most; for a single
 * order only (lists do not pay for it).
 */
export async function orderReturnLinks(db: Db, tenantId: string, orderId: string): Promise<Static<typeof OrderReturnLinks>> {
  const [returns, exchange] = await Promise.all([listReturns(db, tenantId, { orderId }, { size: 500 }), exchangeOfReplacement(db, tenantId, orderId)]);
  const original = exchange ? await findOrder(db, tenantId, exchange.orderId) : undefined;
  return {
    returns: returns.map((r) => ({ id: r.id, status: r.status, outcome: r.outcome })),
    replaces_return: exchange ? { return_id: exchange.returnId, order_id: exchange.orderId, order_number: original?.number ?? null } : null,
  };
}
