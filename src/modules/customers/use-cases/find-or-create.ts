import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { NewEvent } from '../../../platform/outbox/events.js';
import { contactOfOrder, matchKeyOf } from '../domain/contact.js';
import { findOrInsertCustomer } from '../db/customers.queries.js';

/** A concurrent capture's insert is seen by the next statement; more than two tries means a bug. */
const ATTEMPTS = 3;

/**
 * Capture's link (ADR 0026), in the capture's transaction: the customer the order's e-mail (else
 * phone) names, created when new (with `customer.created` for the caller to append). Undefined id:
 * the order names no usable contact and has no customer.
 */
export async function findOrCreateCustomer(
  tx: Db,
  tenantId: string,
  customer: { email?: string | null; phone?: string | null; name?: string | null } | null | undefined,
  shippingAddress: Record<string, unknown> | null | undefined,
  now: Date,
): Promise<{ customerId: string | null; event?: NewEvent }> {
  const shipping = shippingAddress as { phone?: string | null; country?: string } | null | undefined;
  const contact = contactOfOrder(customer, shipping);
  const matchKey = matchKeyOf(contact);
  if (!matchKey) return { customerId: null };
  const id = newId('cus');
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const row = await findOrInsertCustomer(tx, { tenantId, id, matchKey, ...contact, defaultAddress: shippingAddress ?? null, now });
    if (!row) continue;
    if (!row.created) return { customerId: row.id };
    return {
      customerId: row.id,
      event: { type: 'customer.created', aggregateType: 'customer', aggregateId: row.id, data: { email: contact.email, phone: contact.phone, name: contact.name, reason: 'first order captured' } },
    };
  }
  throw new Error(`customer ${matchKey} neither found nor inserted after ${ATTEMPTS} attempts`);
}
