import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { lockOrder, type OrderRow } from '../../../modules/orders/index.js';
import { findReturn, lockReturn, type ReturnRow } from '../../../modules/returns/index.js';

/**
 * The return and its order, both locked, in the order every returns flow takes them (the order
 * row first, then the return: two flows never wait on each other crosswise). 404 when the return
 * is not the tenant's.
 */
export async function lockOrderAndReturn(tx: Db, tenantId: string, returnId: string): Promise<{ order: OrderRow; ret: ReturnRow }> {
  const seen = await findReturn(tx, tenantId, returnId);
  if (!seen) throw new DomainError('RETURN_NOT_FOUND', `No return ${returnId}.`);
  const order = await lockOrder(tx, tenantId, seen.orderId);
  const ret = await lockReturn(tx, tenantId, returnId);
  if (!order || !ret) throw new DomainError('RETURN_NOT_FOUND', `No return ${returnId}.`);
  return { order, ret };
}
