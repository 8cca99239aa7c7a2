import type { Db } from '../../../platform/db/database.js';
import type { CanonicalCustomer } from '../../../platform/contracts/canonical-order.js';
import type { NewEvent } from '../../../platform/outbox/events.js';
import { findOrCreateCustomer } from '../../../modules/customers/index.js';

/**
 * The order's customer, in the capture's transaction (ADR 0026): found by the order's e-mail (else
 * its phone), created when new — one statement, no lock on an existing customer. `customer.created`
 * goes into the capture's events; id null when the order names no usable contact; `created`: this
 * order made the customer (it has no earlier orders).
 */
export async function linkCustomer(tx: Db, tenantId: string, customer: CanonicalCustomer | null | undefined, shippingAddress: unknown, now: Date, events: NewEvent[]): Promise<{ customerId: string | null; created: boolean }> {
  const { customerId, event } = await findOrCreateCustomer(tx, tenantId, customer, (shippingAddress as Record<string, unknown> | null | undefined) ?? null, now);
  if (event) events.push(event);
  return { customerId, created: event !== undefined };
}
