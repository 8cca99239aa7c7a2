import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { CarrierAdapter } from '../carriers/adapter.js';
import { getShippingRules, listCarriers, type CarrierRow } from '../db/carriers.queries.js';
import { deliverByDate, shipByDate, type FulfillmentClock } from '../domain/promise.js';
import { shop, type Candidate, type ShippingRules, type ShopResult } from '../domain/rate-shop.js';
import type { CustomsDeclaration } from '../domain/customs.js';
import type { Parcel, ServiceLevel, ShippingAddress } from '../domain/types.js';
import { adapterFor, type SecretSource } from './carrier-registry.js';

export interface QuoteRequest {
  from: ShippingAddress;
  clock: FulfillmentClock;
  to: ShippingAddress;
  parcels: Parcel[];
  serviceLevel?: ServiceLevel | undefined;
  deliverBy?: string | undefined;
  channel?: string | undefined;
  /** Only this carrier (and service): an operator's explicit choice still goes through the same checks. */
  only?: { carrier: string; service?: string | undefined } | undefined;
  /** A carrier that has not answered within this many milliseconds counts as unavailable. */
  deadlineMs?: number | undefined;
  /** The shipment's customs declaration, when it leaves its customs territory: aggregators rate the shipment with it. */
  customs?: CustomsDeclaration | undefined;
  /** A return parcel from the customer (`from`) to a return location (`to`): aggregators rate a return shipment. */
  isReturn?: boolean | undefined;
}

function within<T>(work: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export interface Quote {
  shipDate: string;
  result: ShopResult;
  /** Carriers that could not answer, with why (one failing carrier does not stop the others). */
  unavailable: { carrier: string; reason: string }[];
  adapters: Map<string, CarrierAdapter>;
  carriers: Map<string, CarrierRow>;
}

export const defaultRules: ShippingRules = { strategy: 'cheapest' };

export async function shippingRulesOf(db: Db, tenantId: string): Promise<ShippingRules> {
  return ((await getShippingRules(db, tenantId)) as ShippingRules | undefined) ?? defaultRules;
}

/**
 * Asks every active carrier for its services, dates each with the promise rules (ship day from
 * the location's clock, transit on the destination's business days) and lets the tenant's rules
 * choose. Nothing is bought.
 */
export async function quoteShipment(db: Db, tenantId: string, request: QuoteRequest, now: Date, secrets: SecretSource, preloaded?: { rules: ShippingRules; carriers: CarrierRow[] }): Promise<Quote> {
  const rows = (preloaded?.carriers ?? (await listCarriers(db, tenantId, true))).filter((c) => !request.only || c.code === request.only.carrier);
  if (rows.length === 0) {
    if (request.only) throw new DomainError('CARRIER_NOT_FOUND', `No active carrier ${request.only.carrier}.`, [{ field: 'carrier', message: 'is not an active carrier of this tenant' }]);
    throw new DomainError('SHIPPING_NO_CARRIERS');
  }
  const shipDate = shipByDate(now, request.clock);
  const adapters = new Map<string, CarrierAdapter>();
  const unavailable: { carrier: string; reason: string }[] = [];
  const answers = await Promise.all(
    rows.map(async (row) => {
      try {
        const adapter = adapterFor(db, row, secrets);
        adapters.set(row.code, adapter);
        return await within(adapter.rate({ from: request.from, to: request.to, parcels: request.parcels, shipDate, ...(request.customs ? { customs: request.customs } : {}), ...(request.isReturn ? { isReturn: true } : {}) }), request.deadlineMs);
      } catch (error) {
        unavailable.push({ carrier: row.code, reason: error instanceof Error ? error.message : String(error) });
        return [];
      }
    }),
  );
  const destination = { country: request.to.country, region: request.to.region };
  const candidates: Candidate[] = answers
    .flat()
    .filter((r) => !request.only?.service || r.service === request.only.service)
    .map((r) => ({ ...r, estimatedDeliveryDate: deliverByDate(shipDate, r.transitDays, destination) }));
  const weightGrams = request.parcels.reduce((n, p) => n + p.weightGrams, 0);
  const result = shop(
    candidates,
    { serviceLevel: request.serviceLevel, deliverBy: request.deliverBy, channel: request.channel, country: request.to.country, weightGrams },
    preloaded?.rules ?? (await shippingRulesOf(db, tenantId)),
  );
  return { shipDate, result, unavailable, adapters, carriers: new Map(rows.map((r) => [r.code, r])) };
}
