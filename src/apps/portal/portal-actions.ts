import type { Db } from '../../platform/db/database.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import type { Actor } from '../../platform/outbox/events.js';
import { findReturn, type ReturnBody } from '../../modules/returns/index.js';
import { cancelOrder } from '../../flows/orders/cancel-order.js';
import { patchOrder } from '../../flows/orders/edit-order.js';
import { requestReturn } from '../../flows/returns/request-return.js';
import { returnLabelFile } from '../../flows/returns/return-label-files.js';
import { portalOrder } from '../../flows/portal/portal-order.js';

/**
 * What a customer does in the portal (ADR 0036), each through the use case staff use — the cancel
 * step, an order edit, the returns module's request — recorded as done by the customer. The portal
 * checks the customer's own rules first (cancel before release, address before a label); the use
 * case checks its rules again under the order's row lock.
 */

const customer = (tenantId: string, orderId: string): Actor => ({ tenantId, actorId: `customer:portal:${orderId}` });

async function current(db: Db, tenantId: string, orderId: string, now: Date) {
  const order = await portalOrder(db, tenantId, orderId, now);
  if (!order) throw new DomainError('ORDER_NOT_FOUND', `No order ${orderId}.`);
  return order;
}

export async function cancelByCustomer(db: Db, tenantId: string, orderId: string, now: Date): Promise<void> {
  const order = await current(db, tenantId, orderId, now);
  if (!order.can_cancel) throw new DomainError('ORDER_ILLEGAL_TRANSITION', 'This order is on its way to the warehouse and can no longer be cancelled here.', undefined, { current_status: order.status, requested_status: 'cancelled' });
  await cancelOrder(db, customer(tenantId, orderId), orderId, { reason: 'cancelled by the customer in the portal' }, now);
}

export const addressFields = ['name', 'line1', 'line2', 'city', 'region', 'postal_code', 'country'] as const;
export type AddressForm = Partial<Record<(typeof addressFields)[number], string>>;
const REQUIRED = ['name', 'line1', 'city', 'postal_code', 'country'] as const;

/** The address a customer typed, checked field by field (errors name the form's fields), then committed as an order edit. */
export async function changeAddressByCustomer(db: Db, tenantId: string, orderId: string, form: AddressForm, now: Date): Promise<void> {
  const errors: FieldError[] = [];
  const address: Record<string, string | null> = {};
  for (const f of addressFields) {
    const value = (form[f] ?? '').trim();
    if (value.length > 200) errors.push({ field: f, message: 'too_long' });
    else if (value === '' && (REQUIRED as readonly string[]).includes(f)) errors.push({ field: f, message: 'required' });
    address[f] = value === '' ? null : value;
  }
  if (address.country && !/^[A-Za-z]{2}$/.test(address.country)) errors.push({ field: 'country', message: 'country_code' });
  if (errors.length > 0) throw new DomainError('REQUEST_INVALID', 'Some address fields are not acceptable.', errors);
  const order = await current(db, tenantId, orderId, now);
  if (order.address_locked) throw new DomainError('ORDER_EDIT_LABEL_BOUGHT', 'The parcel is already labelled: the address can no longer change here.', [{ field: 'line1', message: order.address_locked }]);
  const country = (address.country as string).toUpperCase();
  try {
    await patchOrder(db, customer(tenantId, orderId), orderId, { shipping_address: { ...address, country }, reason: 'address changed by the customer in the portal' }, undefined, now);
  } catch (error) {
    // The edit names `changes[0].address.<field>`: the form's field is the last part.
    if (error instanceof DomainError && error.errors) {
      throw new DomainError(error.code, error.detail, error.errors.map((e) => ({ field: e.field.replace(/^changes\[\d+\]\.address\.?/, '') || 'line1', message: e.message })));
    }
    throw error;
  }
}

export async function startReturnByCustomer(db: Db, tenantId: string, orderId: string, body: Pick<ReturnBody, 'lines' | 'outcome' | 'customer_note'>, now: Date): Promise<string> {
  const created = await requestReturn(db, customer(tenantId, orderId), orderId, { lines: body.lines, ...(body.outcome ? { outcome: body.outcome } : {}), ...(body.customer_note ? { customer_note: body.customer_note } : {}) }, () => true, now);
  return created.body.id;
}

/** A return's label file, only for a return of this order. */
export async function returnLabelForCustomer(db: Db, tenantId: string, orderId: string, returnId: string, format: 'pdf' | 'png' | 'svg'): Promise<{ type: string; body: Buffer | string }> {
  const ret = /^rma_[0-9a-z]{26}$/.test(returnId) ? await findReturn(db, tenantId, returnId) : undefined;
  if (!ret || ret.orderId !== orderId) throw new DomainError('RETURN_LABEL_NOT_FOUND', 'No such return label.');
  return returnLabelFile(db, tenantId, returnId, format);
}
