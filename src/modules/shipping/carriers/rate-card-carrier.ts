import { compileRateCard, quote, type CompiledRateCard, type RateCard } from '../domain/rate-card.js';
import { generateTrackingNumber, type TrackingFormat, type TrackingNumberOptions } from '../domain/tracking-numbers.js';
import type { CarrierAdapter } from './adapter.js';

/** How a rate-card carrier numbers its parcels: the carrier's layout and the tenant's account data. */
export interface TrackingSettings {
  format: TrackingFormat;
  shipperNumber?: string | undefined;
  mailerId?: string | undefined;
  /** Per service code: UPS service code (`03`) or USPS service type code (`001`). */
  serviceCodes?: Record<string, string> | undefined;
}

/**
 * A carrier quoted from its uploaded rate card, with tracking numbers from the tenant's range.
 * Nothing leaves the process: the label is ours to render, and there is no carrier to void with
 * or to ask for tracking (scans arrive as manual events or from an aggregator).
 */
export function rateCardCarrier(card: CompiledRateCard, tracking: TrackingSettings | undefined, takeSerials: (count: number) => Promise<number>): CarrierAdapter {
  return {
    rate: (request) => Promise.resolve(quote(card, request.parcels, request.from, request.to)),
    async createLabel(request) {
      if (!tracking) throw new Error('rate-card carrier without a tracking number range');
      const first = await takeSerials(request.parcels.length);
      const serviceCode = tracking.serviceCodes?.[request.rate.service];
      const options: TrackingNumberOptions = {
        ...(tracking.shipperNumber ? { shipperNumber: tracking.shipperNumber } : {}),
        ...(tracking.mailerId ? { mailerId: tracking.mailerId } : {}),
        ...(serviceCode && tracking.format === 'ups' ? { serviceCode } : {}),
        ...(serviceCode && tracking.format === 'usps' ? { serviceTypeCode: serviceCode } : {}),
      };
      return {
        trackingNumbers: request.parcels.map((_, i) => generateTrackingNumber(tracking.format, first + i, options)),
        amountMinor: request.rate.amountMinor,
        currency: request.rate.currency,
      };
    },
    void: () => Promise.resolve({ voided: true }),
    track: () => Promise.resolve([]),
  };
}

/** Compiled cards by (tenant, carrier, version): compiling indexes the whole card, quoting should not. */
const compiled = new Map<string, CompiledRateCard>();

export function compiledCard(key: string, card: RateCard): CompiledRateCard {
  let hit = compiled.get(key);
  if (!hit) {
    if (compiled.size > 1000) compiled.clear();
    hit = compileRateCard(card);
    compiled.set(key, hit);
  }
  return hit;
}
