import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import type { Actor } from '../../platform/outbox/events.js';
import { findStockPolicies } from '../../modules/catalog/index.js';
import { createInbound, getInbound, recordReceipt, type InboundInput, type InboundView } from '../../modules/inventory/index.js';
import { adjustInventory } from './adjust-inventory.js';

/** Records expected supply after checking its SKUs against the catalog. */
export async function createInboundShipment(db: Db, actor: Actor, input: InboundInput, now: Date, fieldOf: (i: number, name: 'sku' | 'quantity') => string): Promise<InboundView> {
  const known = new Map((await findStockPolicies(db, actor.tenantId, [...new Set(input.lines.map((l) => l.sku))])).map((p) => [p.sku, p]));
  const unknown: FieldError[] = input.lines.flatMap((l, i) => (known.has(l.sku) ? [] : [{ field: fieldOf(i, 'sku'), message: `no product with SKU ${l.sku}` }]));
  if (unknown.length > 0) throw new DomainError('PRODUCT_UNKNOWN_SKU', 'Some SKUs are not in the catalog.', unknown);
  const kits: FieldError[] = input.lines.flatMap((l, i) => (known.get(l.sku)?.components.length ? [{ field: fieldOf(i, 'sku'), message: `${l.sku} is a kit and holds no stock of its own` }] : []));
  if (kits.length > 0) throw new DomainError('PRODUCT_IS_KIT', 'Kits hold no stock; send their components.', kits);
  return inTransaction(db, (tx) => createInbound(tx, actor, input, now, fieldOf));
}

/**
 * Receives an inbound shipment (what is given, or everything outstanding) in ONE transaction:
 * the shipment's lines are booked, and the units are added to stock through the ordinary
 * adjustment flow (reason `received`, reference the shipment id), which fills waiting backorders
 * of those SKUs oldest first.
 */
export async function receiveInbound(db: Db, actor: Actor, id: string, lines: { sku: string; quantity: number }[] | undefined, now: Date): Promise<InboundView & { backorders_allocated: number }> {
  const allocated = await inTransaction(db, async (tx) => {
    const { locationId, receipts } = await recordReceipt(tx, actor, id, lines, now);
    const result = await adjustInventory(
      tx,
      actor,
      receipts.map((r) => ({ sku: r.sku, location: locationId, delta: r.quantity, reason: 'received', reference: id })),
      now,
      (i, name) => `lines[${i}].${name === 'delta' ? 'quantity' : name}`,
    );
    return result.backorders_allocated;
  });
  return { ...(await getInbound(db, actor.tenantId, id)), backorders_allocated: allocated };
}
