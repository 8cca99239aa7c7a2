import { readFileSync } from 'node:fs';
import { buildSampleRateCards } from '../domain/sample-cards.js';
import type { RateCard } from '../domain/rate-card.js';

/**
 * The illustrative sample cards (UPS, FedEx, USPS; NOT real tariffs), read from the CSVs next to
 * this file. Kept out of `domain/` because it touches the file system.
 */
export function sampleRateCards(): RateCard[] {
  return buildSampleRateCards((file) => readFileSync(new URL(file, import.meta.url), 'utf8'));
}
