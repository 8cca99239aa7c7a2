import { and, asc, eq, gte, inArray, lt, or } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { shipments } from './schema.js';

/** A shipment as the accounting export reads it. */
export interface AccountingShipmentRow {
  id: string;
  orderId: string;
  fulfillmentOrderId: string;
  status: string;
  createdAt: Date;
  /** For a voided shipment, when it was voided: `voided` is terminal, nothing updates it afterwards. */
  updatedAt: Date;
}

/**
 * Every shipment (voided ones included) of the orders that had a shipment created, or a label
 * voided, in [from, to). All of an order's shipments come back, not only that day's: which invoice
 * carries the shipping charge depends on the earlier ones. Read-only.
 */
export async function shipmentsForAccounting(db: Db, tenantId: string, from: Date, to: Date): Promise<AccountingShipmentRow[]> {
  const touched = db
    .select({ orderId: shipments.orderId })
    .from(shipments)
    .where(
      and(
        eq(shipments.tenantId, tenantId),
        or(and(gte(shipments.createdAt, from), lt(shipments.createdAt, to)), and(eq(shipments.status, 'voided'), gte(shipments.updatedAt, from), lt(shipments.updatedAt, to))),
      ),
    );
  return db
    .select({ id: shipments.id, orderId: shipments.orderId, fulfillmentOrderId: shipments.fulfillmentOrderId, status: shipments.status, createdAt: shipments.createdAt, updatedAt: shipments.updatedAt })
    .from(shipments)
    .where(and(eq(shipments.tenantId, tenantId), inArray(shipments.orderId, touched)))
    .orderBy(asc(shipments.orderId), asc(shipments.createdAt), asc(shipments.id));
}
