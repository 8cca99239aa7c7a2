import { DomainError } from '../../../platform/errors.js';
import type { Address } from '../../../platform/http/address.js';
import type { LocationRow } from '../../../modules/inventory/index.js';
import type { FulfillmentClock } from '../../../modules/shipping/index.js';

export { shippingAddressOf as shippingAddress } from '../../../modules/shipping/index.js';

/** A location can ship only with an address: it is the label's ship-from and the rate's origin. */
export function shipFromOf(location: LocationRow, field: string): Address {
  if (!location.address) {
    throw new DomainError('REQUEST_INVALID', `Location ${location.code} has no address to ship from.`, [{ field, message: `location ${location.code} needs an address (PATCH /v1/locations/{id})` }]);
  }
  return location.address;
}

/** The location's shipping clock: its zone (UTC when unknown), cut-off, handling days, holidays. */
export function clockOf(location: LocationRow): FulfillmentClock {
  return {
    timeZone: location.timeZone ?? 'UTC',
    cutoffTime: location.cutoffTime,
    processingDays: location.processingDays,
    country: location.address?.country ?? 'US',
    region: location.address?.region ?? undefined,
  };
}
