import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Address } from '../../../platform/http/address.js';
import { locate } from '../../../platform/kernel/geo.js';
import { findLocationsByCodeOrId, resolveLocations } from '../../../modules/inventory/index.js';
import type { OrderRow } from '../../../modules/orders/index.js';
import { nearestReturnLocation, returnSettingsOf } from '../../../modules/returns/index.js';

/**
 * Where an approved return goes: the `location` given, else (ADR 0023) the nearest active location
 * of the policy's `return_locations` to the order's shipping address (postal-code centroid, else the
 * country's), ties and unknown distances in the policy's order; none: 422 RETURN_LOCATION_REQUIRED.
 */
export async function returnLocationFor(tx: Db, tenantId: string, order: OrderRow | undefined, given: string | undefined): Promise<{ id: string; reason: string | null }> {
  if (given !== undefined) {
    const [found] = await resolveLocations(tx, tenantId, [given], () => 'location');
    return { id: (found as { id: string }).id, reason: null };
  }
  const { policy } = await returnSettingsOf(tx, tenantId);
  const candidates = await findLocationsByCodeOrId(tx, tenantId, policy.return_locations);
  const to = order?.shippingAddress as Address | null | undefined;
  const customer = to ? locate(to.country, to.postal_code) : null;
  const chosen = nearestReturnLocation(policy.return_locations, candidates, customer);
  if (!chosen) throw new DomainError('RETURN_LOCATION_REQUIRED', 'Name the location that receives this return.', [{ field: 'location', message: 'is required: the return policy lists no active location that accepts returns' }]);
  return { id: chosen.id, reason: chosen.reason };
}
