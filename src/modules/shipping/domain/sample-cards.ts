import { parseRateCsv, parseTransitCsv, parseZoneCsv, type CsvResult } from './rate-card-csv.js';
import type { RateCard } from './rate-card.js';

/**
 * SAMPLE RATE CARDS — ILLUSTRATIVE PRICES ONLY. These are invented numbers with a plausible
 * shape (prices rise with zone and weight; overnight far above two-day above ground), seeded so
 * a new tenant can rate-shop before uploading its own negotiated cards. They are NOT the
 * published tariffs of UPS, FedEx or USPS, and every card built here carries `sample: true`.
 *
 * The CSVs live in `../sample-cards/` (made by its `generate.ts`); the file reading is in
 * `../sample-cards/load.ts` because `domain/` does no I/O.
 */
type CardTerms = Omit<RateCard, 'rates' | 'zones' | 'transit'>;

/** The carrier terms of each sample card; rates and transit come from `<carrier>-rates.csv` / `-transit.csv`. */
export const sampleCardTerms: readonly CardTerms[] = [
  {
    carrier: 'ups',
    carrierName: 'UPS',
    currency: 'USD',
    weightUnit: 'lb',
    dimDivisor: 139,
    fuelSurchargeBasisPoints: 1550,
    residentialSurchargeMinor: 545,
    services: [
      { code: 'ground', name: 'UPS Ground', level: 'standard' },
      { code: '2nd_day_air', name: 'UPS 2nd Day Air', level: 'expedited' },
      { code: 'next_day_air', name: 'UPS Next Day Air', level: 'overnight' },
    ],
    sample: true,
  },
  {
    carrier: 'fedex',
    carrierName: 'FedEx',
    currency: 'USD',
    weightUnit: 'lb',
    dimDivisor: 139,
    fuelSurchargeBasisPoints: 1600,
    residentialSurchargeMinor: 560,
    services: [
      { code: 'ground', name: 'FedEx Ground', level: 'standard' },
      { code: '2day', name: 'FedEx 2Day', level: 'expedited' },
      { code: 'standard_overnight', name: 'FedEx Standard Overnight', level: 'overnight' },
    ],
    sample: true,
  },
  {
    carrier: 'usps',
    carrierName: 'USPS',
    currency: 'USD',
    weightUnit: 'lb',
    dimDivisor: 166,
    // USPS charges dimensional weight only on parcels over one cubic foot.
    dimMinVolume: 1728,
    fuelSurchargeBasisPoints: 0,
    residentialSurchargeMinor: 0,
    services: [
      { code: 'ground_advantage', name: 'USPS Ground Advantage', level: 'standard' },
      { code: 'priority_mail', name: 'USPS Priority Mail', level: 'expedited' },
      { code: 'priority_mail_express', name: 'USPS Priority Mail Express', level: 'overnight' },
    ],
    sample: true,
  },
];

/** The CSV files the sample cards are made of, for a loader to read. */
export function sampleCardFiles(): string[] {
  return ['zones.csv', ...sampleCardTerms.flatMap((t) => [`${t.carrier}-rates.csv`, `${t.carrier}-transit.csv`])];
}

function rowsOf<Row>(file: string, result: CsvResult<Row>): Row[] {
  if ('rows' in result) return result.rows;
  // Checked-in files: a problem here is a programming error, not user input.
  throw new Error(`sample rate card ${file} is invalid: ${result.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
}

/** Builds the sample cards from the CSV texts `read(file)` returns (one shared, distance-derived zone chart). */
export function buildSampleRateCards(read: (file: string) => string): RateCard[] {
  const zones = rowsOf('zones.csv', parseZoneCsv(read('zones.csv')));
  return sampleCardTerms.map((terms) => ({
    ...terms,
    services: terms.services.map((s) => ({ ...s })),
    rates: rowsOf(`${terms.carrier}-rates.csv`, parseRateCsv(read(`${terms.carrier}-rates.csv`), terms.currency)),
    zones,
    transit: rowsOf(`${terms.carrier}-transit.csv`, parseTransitCsv(read(`${terms.carrier}-transit.csv`))),
  }));
}
