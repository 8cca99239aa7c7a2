import { releaseDueFulfillmentOrders } from '../../flows/release-fulfillment-orders.js';
import { expireHolds } from '../../modules/inventory/index.js';
import type { Job } from './runner.js';

/**
 * Every background job of the OMS. `oms serve` runs them in-process (unless --no-workers);
 * `oms worker` runs only them. Each job claims its rows with FOR UPDATE SKIP LOCKED.
 */
export const jobs: Job[] = [
  { name: 'fulfillment-release-waves', everyMs: 30_000, run: releaseDueFulfillmentOrders },
  // Expired checkout holds give their stock back; 500 per transaction keeps each one short.
  { name: 'inventory-expire-holds', everyMs: 5_000, run: (db, now) => expireHolds(db, now, 500) },
];
