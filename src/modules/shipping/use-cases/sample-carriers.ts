import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import type { Actor } from '../../../platform/outbox/events.js';
import type { CarrierRow } from '../db/carriers.queries.js';
import { sampleRateCards } from '../sample-cards/load.js';
import { putCarrier, type TrackingInput } from './carriers.js';

/** Demo account data for the sample cards' tracking numbers (valid layouts, not real accounts). */
const sampleTracking: Record<string, TrackingInput> = {
  ups: { format: 'ups', shipper_number: 'SAMPLE', service_codes: { ground: '03', '2nd_day_air': '02', next_day_air: '01' }, range_start: 1, range_end: 9_999_999 },
  fedex: { format: 'fedex', range_start: 100_000_000, range_end: 9_999_999_999 },
  usps: { format: 'usps', mailer_id: '900000', service_codes: { ground_advantage: '001', priority_mail: '055', priority_mail_express: '701' }, range_start: 1, range_end: 9_999_999_999 },
};

/**
 * POST /v1/carriers/samples: UPS, FedEx and USPS from the seeded sample cards, marked `sample`
 * (their prices are illustrative). Loading again replaces the cards and keeps the ranges' place.
 */
export async function loadSampleCarriers(db: Db, actor: Actor, now: Date): Promise<CarrierRow[]> {
  return inTransaction(db, async (tx) => {
    const rows: CarrierRow[] = [];
    for (const card of sampleRateCards()) {
      const tracking = sampleTracking[card.carrier];
      rows.push(await putCarrier(tx, actor, card.carrier, { name: card.carrierName, kind: 'rate_card', tracking }, now, { sample: true, card }));
    }
    return rows;
  });
}
