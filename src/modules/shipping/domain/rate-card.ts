import { currencyExponent } from '../../../platform/kernel/money.js';
import type { CarrierRate, Parcel, ServiceLevel, ShippingAddress } from './types.js';

/**
 * A carrier's rate card as a tenant uploads it: weight-break prices per service and zone, a ZIP3
 * zone chart, transit days, and the surcharges the carriers publish next to their tariffs. Quoting
 * from it needs no network, which is what lets rate shopping run without a carrier account.
 */
export interface RateCardService {
  code: string;
  name: string;
  level: ServiceLevel;
}

export type RateCardWeightUnit = 'lb' | 'oz' | 'kg';

export interface RateCard {
  carrier: string;
  carrierName: string;
  /** ISO 4217. */
  currency: string;
  /** The unit of the rate table's weight breaks. */
  weightUnit: RateCardWeightUnit;
  /**
   * Cubic units per weight unit: 139 in³/lb (UPS/FedEx daily), 166 in³/lb (USPS), 5000 cm³/kg.
   * Cards priced in oz still use an in³/lb divisor (that is how USPS publishes it).
   */
  dimDivisor: number;
  /** Dimensional weight applies only above this volume in the card's cubic unit (USPS: 1728 in³). */
  dimMinVolume?: number | undefined;
  /** 1550 = 15.50 %, charged on the base rate (and on the residential surcharge, see below). */
  fuelSurchargeBasisPoints: number;
  /** UPS and FedEx charge fuel on the residential surcharge too; default true. */
  fuelOnResidential?: boolean | undefined;
  /** Per parcel, when the destination is residential (or not known to be commercial). */
  residentialSurchargeMinor: number;
  services: RateCardService[];
  /** `maxWeight` in `weightUnit`: the price covers parcels up to and including that weight. */
  rates: { service: string; zone: string; maxWeight: number; priceMinor: number }[];
  /** ZIP3 ranges ('005'..'999'), inclusive on both ends. */
  zones: { originFrom: string; originTo: string; destFrom: string; destTo: string; zone: string }[];
  transit: { service: string; zone: string; days: number }[];
  /**
   * Zones abroad, by destination country (the way USPS prices by "price group" and UPS/FedEx by
   * worldwide zone), for parcels leaving a ZIP-code origin. Without them the card is domestic only.
   */
  countryZones?: { country: string; zone: string }[] | undefined;
  /**
   * A postal operator (UPU member): parcels abroad carry a CN 22 / CN 23 customs declaration. A
   * courier wants a commercial invoice instead. Unset: postal when its tracking numbers are USPS's.
   */
  postal?: boolean | undefined;
  /** True for the illustrative demo cards we seed: their prices are not any carrier's tariff. */
  sample?: boolean | undefined;
}

export interface RateCardProblem {
  field: string;
  message: string;
}

const GRAMS_PER_UNIT: Record<RateCardWeightUnit, number> = { lb: 453.59237, oz: 28.349523125, kg: 1000 };
/** Integer ratios of the same constants, so rounding up to a whole unit is exact: grams × num / den. */
const UNIT_RATIO: Record<RateCardWeightUnit, { num: number; den: number }> = {
  lb: { num: 100_000, den: 45_359_237 },
  oz: { num: 1_000_000_000, den: 28_349_523_125 },
  kg: { num: 1, den: 1000 },
};

export interface BillableWeight {
  /** Whole weight units (the card's unit) the parcel is billed at. */
  units: number;
  /** The same weight in grams (rounded to the gram), so weights from different cards compare. */
  grams: number;
  actualUnits: number;
  dimensionalUnits: number;
}

/** Millimetres → the whole inch (lb/oz cards) or centimetre (kg cards), nearest, as UPS/FedEx measure. */
function wholeLength(card: RateCard, mm: number): number {
  return card.weightUnit === 'kg' ? Math.round(mm / 10) : Math.round(mm / 25.4);
}

export function billableWeight(card: RateCard, parcel: Parcel): BillableWeight {
  const { num, den } = UNIT_RATIO[card.weightUnit];
  // Whole grams first (never lowers the weight), then an integer ceiling: no float drift at a break.
  const actualUnits = Math.max(1, Math.ceil((Math.ceil(parcel.weightGrams) * num) / den));
  const volume = wholeLength(card, parcel.lengthMm) * wholeLength(card, parcel.widthMm) * wholeLength(card, parcel.heightMm);
  let dimensionalUnits = 0;
  if (volume > (card.dimMinVolume ?? 0)) {
    // The divisor is per pound even on an ounce card, so scale before rounding up to a whole ounce.
    dimensionalUnits = Math.ceil((card.weightUnit === 'oz' ? volume * 16 : volume) / card.dimDivisor);
  }
  const units = Math.max(actualUnits, dimensionalUnits);
  return { units, grams: Math.round(units * GRAMS_PER_UNIT[card.weightUnit]), actualUnits, dimensionalUnits };
}

/** Billable weight of one parcel in grams of whole billable units: max(actual, dimensional). */
export function billableWeightGrams(card: RateCard, parcel: Parcel): number {
  return billableWeight(card, parcel).grams;
}

const US_ZIP = /^(\d{3})\d{2}(?:-?\d{4})?$/;

/** ZIP3 of a US ZIP / ZIP+4 as a number 0..999, or undefined. */
export function zip3(postalCode: string): number | undefined {
  const match = US_ZIP.exec(postalCode.trim());
  return match ? Number(match[1]) : undefined;
}

/** Countries whose addresses use US ZIP codes (territories the domestic zone charts cover). */
const ZIP_COUNTRIES = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP']);

interface Breaks {
  maxWeights: number[];
  prices: number[];
}

interface CompiledService {
  service: RateCardService;
  /** zone → breaks sorted by weight. */
  breaks: Map<string, Breaks>;
  transit: Map<string, number>;
}

/** A card indexed for quoting: build it once per card version, quote from it many times. */
export interface CompiledRateCard {
  readonly kind: 'compiled-rate-card';
  readonly card: RateCard;
  /** origin ZIP3 → index into `zoneTables`, -1 when the origin is not covered. */
  readonly originTable: Int32Array;
  /** per origin group: dest ZIP3 → index into `zoneNames` + 1 (0 = not covered). */
  readonly zoneTables: Uint16Array[];
  readonly zoneNames: string[];
  /** destination country → zone, for parcels abroad. */
  readonly countryZones: Map<string, string>;
  readonly services: CompiledService[];
}

function zip3Number(text: string): number {
  return /^\d{3}$/.test(text) ? Number(text) : NaN;
}

export function compileRateCard(card: RateCard): CompiledRateCard {
  const zoneNames: string[] = [];
  const zoneIndex = new Map<string, number>();
  const rows = card.zones.map((row) => {
    let index = zoneIndex.get(row.zone);
    if (index === undefined) {
      index = zoneNames.push(row.zone) - 1;
      zoneIndex.set(row.zone, index);
    }
    return { of: zip3Number(row.originFrom), ot: zip3Number(row.originTo), df: zip3Number(row.destFrom), dt: zip3Number(row.destTo), zone: index + 1 };
  });
  // Origins covered by the same set of rows share one destination table: a chart with a few
  // origin ranges costs a few 2 KB tables, not 1000.
  const originTable = new Int32Array(1000).fill(-1);
  const zoneTables: Uint16Array[] = [];
  const tableByRows = new Map<string, number>();
  for (let origin = 0; origin < 1000; origin++) {
    const covering: number[] = [];
    rows.forEach((row, i) => {
      if (origin >= row.of && origin <= row.ot) covering.push(i);
    });
    if (covering.length === 0) continue;
    const key = covering.join(',');
    let table = tableByRows.get(key);
    if (table === undefined) {
      const dest = new Uint16Array(1000);
      for (const i of covering) {
        const row = rows[i];
        if (!row) continue;
        // First row wins, like reading the chart top to bottom; validateRateCard flags conflicts.
        for (let d = Math.max(0, row.df); d <= Math.min(999, row.dt); d++) if (dest[d] === 0) dest[d] = row.zone;
      }
      table = zoneTables.push(dest) - 1;
      tableByRows.set(key, table);
    }
    originTable[origin] = table;
  }

  const services = card.services.map((service): CompiledService => ({ service, breaks: new Map(), transit: new Map() }));
  const byCode = new Map(services.map((s) => [s.service.code, s]));
  const sortedRates = [...card.rates].sort((a, b) => a.maxWeight - b.maxWeight);
  for (const rate of sortedRates) {
    const target = byCode.get(rate.service);
    if (!target) continue;
    let breaks = target.breaks.get(rate.zone);
    if (!breaks) {
      breaks = { maxWeights: [], prices: [] };
      target.breaks.set(rate.zone, breaks);
    }
    breaks.maxWeights.push(rate.maxWeight);
    breaks.prices.push(rate.priceMinor);
  }
  for (const row of card.transit) byCode.get(row.service)?.transit.set(row.zone, row.days);
  const countryZones = new Map((card.countryZones ?? []).map((row) => [row.country.toUpperCase(), row.zone]));
  return { kind: 'compiled-rate-card', card, originTable, zoneTables, zoneNames, countryZones, services };
}

/**
 * Plain cards are compiled once and remembered for as long as the card object lives, so passing
 * a plain card stays fast. Cards are treated as immutable: edit a copy, not a card already quoted.
 */
const compiledCards = new WeakMap<RateCard, CompiledRateCard>();

function compiled(card: RateCard | CompiledRateCard): CompiledRateCard {
  if ('kind' in card && card.kind === 'compiled-rate-card') return card;
  const plain = card as RateCard;
  let result = compiledCards.get(plain);
  if (!result) {
    result = compileRateCard(plain);
    compiledCards.set(plain, result);
  }
  return result;
}

/**
 * The zone of a parcel from a ZIP-code origin: by the ZIP3 chart to a ZIP-code destination, by the
 * destination country abroad; undefined when the card does not cover the pair.
 */
function zoneOf(c: CompiledRateCard, from: ShippingAddress, to: ShippingAddress): string | undefined {
  if (!ZIP_COUNTRIES.has(from.country.toUpperCase())) return undefined;
  if (ZIP_COUNTRIES.has(to.country.toUpperCase())) return zoneFor(c, from.postalCode, to.postalCode);
  // Abroad the card still covers only the origins its chart names.
  const origin = zip3(from.postalCode);
  if (origin === undefined || (c.originTable[origin] ?? -1) < 0) return undefined;
  return c.countryZones.get(to.country.toUpperCase());
}

/** The zone between two US ZIP codes, or undefined when either is not a ZIP or the chart has no row. */
export function zoneFor(card: RateCard | CompiledRateCard, originPostal: string, destPostal: string): string | undefined {
  const c = compiled(card);
  const origin = zip3(originPostal);
  const dest = zip3(destPostal);
  if (origin === undefined || dest === undefined) return undefined;
  const table = c.zoneTables[c.originTable[origin] ?? -1];
  const zone = table?.[dest] ?? 0;
  return zone === 0 ? undefined : c.zoneNames[zone - 1];
}

/** Price of the smallest break that holds `units`, or undefined above the top break. */
function priceFor(breaks: Breaks, units: number): number | undefined {
  const weights = breaks.maxWeights;
  let lo = 0;
  let hi = weights.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((weights[mid] ?? Infinity) < units) lo = mid + 1;
    else hi = mid;
  }
  return breaks.prices[lo];
}

/** Half up to the minor unit; amounts are never negative so floor(x + ½) is half up. */
function percentOf(amountMinor: number, basisPoints: number): number {
  return Math.floor((amountMinor * basisPoints + 5000) / 10_000);
}

/**
 * One rate per service that prices every parcel for the zone and has transit days for it.
 * Surcharges are per parcel, and fuel is rounded per parcel (half up to the minor unit) because
 * carriers invoice each package as its own line; the shipment total is the sum of those lines.
 */
export function quote(card: RateCard | CompiledRateCard, parcels: Parcel[], from: ShippingAddress, to: ShippingAddress): CarrierRate[] {
  if (parcels.length === 0) return [];
  const c = compiled(card);
  const zone = zoneOf(c, from, to);
  if (zone === undefined) return [];
  const spec = c.card;
  const residential = to.residential !== false ? spec.residentialSurchargeMinor : 0;
  const fuelOnResidential = spec.fuelOnResidential !== false;
  const weights = parcels.map((parcel) => billableWeight(spec, parcel));
  const billableGrams = weights.reduce((sum, w) => sum + w.grams, 0);

  const rates: CarrierRate[] = [];
  for (const s of c.services) {
    const breaks = s.breaks.get(zone);
    const transitDays = s.transit.get(zone);
    if (!breaks || transitDays === undefined) continue;
    let base = 0;
    let fuel = 0;
    let priced = true;
    for (const weight of weights) {
      const price = priceFor(breaks, weight.units);
      if (price === undefined) {
        priced = false;
        break;
      }
      base += price;
      fuel += percentOf(fuelOnResidential ? price + residential : price, spec.fuelSurchargeBasisPoints);
    }
    if (!priced) continue;
    const residentialTotal = residential * parcels.length;
    rates.push({
      carrier: spec.carrier,
      service: s.service.code,
      serviceName: s.service.name,
      serviceLevel: s.service.level,
      amountMinor: base + residentialTotal + fuel,
      currency: spec.currency,
      billableWeightGrams: billableGrams,
      parcelBillableWeightGrams: weights.map((w) => w.grams),
      transitDays,
      breakdown: { base, residential: residentialTotal, fuel },
      zone,
    });
  }
  return rates;
}

const LEVELS: readonly string[] = ['standard', 'expedited', 'overnight'];
const ZIP3 = /^\d{3}$/;
const isCount = (n: unknown): boolean => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * Everything wrong with a card, each naming the field (`rates[3].priceMinor`), so an upload can be
 * answered with every problem at once. An empty list means `quote` can trust the card.
 */
export function validateRateCard(card: RateCard): RateCardProblem[] {
  const problems: RateCardProblem[] = [];
  const add = (field: string, message: string): void => {
    problems.push({ field, message });
  };
  if (!card.carrier.trim()) add('carrier', 'must not be empty');
  if (currencyExponent(card.currency) === undefined) add('currency', 'must be an ISO 4217 code such as USD');
  if (!(card.weightUnit in GRAMS_PER_UNIT)) add('weightUnit', 'must be lb, oz or kg');
  if (!(Number.isFinite(card.dimDivisor) && card.dimDivisor > 0)) add('dimDivisor', 'must be a positive number');
  if (card.dimMinVolume !== undefined && !(Number.isFinite(card.dimMinVolume) && card.dimMinVolume >= 0)) add('dimMinVolume', 'must be zero or more');
  if (!isCount(card.fuelSurchargeBasisPoints)) add('fuelSurchargeBasisPoints', 'must be a whole number of basis points, zero or more');
  if (!isCount(card.residentialSurchargeMinor)) add('residentialSurchargeMinor', 'must be a whole number of minor units, zero or more');

  const services = new Set<string>();
  if (card.services.length === 0) add('services', 'must list at least one service');
  card.services.forEach((service, i) => {
    if (!service.code.trim()) add(`services[${i}].code`, 'must not be empty');
    else if (services.has(service.code)) add(`services[${i}].code`, `duplicates service ${service.code}`);
    services.add(service.code);
    if (!LEVELS.includes(service.level)) add(`services[${i}].level`, 'must be standard, expedited or overnight');
  });

  // service → zone → [maxWeight, price, row] to check breaks as a table, whatever the row order.
  const table = new Map<string, Map<string, [number, number, number][]>>();
  card.rates.forEach((rate, i) => {
    if (!services.has(rate.service)) add(`rates[${i}].service`, `unknown service ${rate.service}`);
    if (!rate.zone.trim()) add(`rates[${i}].zone`, 'must not be empty');
    if (!(Number.isFinite(rate.maxWeight) && rate.maxWeight > 0)) add(`rates[${i}].maxWeight`, 'must be a positive weight');
    if (!isCount(rate.priceMinor)) add(`rates[${i}].priceMinor`, 'must be a whole number of minor units, zero or more');
    const zones = table.get(rate.service) ?? new Map<string, [number, number, number][]>();
    table.set(rate.service, zones);
    const breaks = zones.get(rate.zone) ?? [];
    zones.set(rate.zone, breaks);
    breaks.push([rate.maxWeight, rate.priceMinor, i]);
  });
  for (const [service, zones] of table) {
    for (const [zone, breaks] of zones) {
      breaks.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
      for (let k = 1; k < breaks.length; k++) {
        const [weight, price, row] = breaks[k] as [number, number, number];
        const [prevWeight, prevPrice, prevRow] = breaks[k - 1] as [number, number, number];
        if (weight === prevWeight) add(`rates[${row}].maxWeight`, `duplicates the ${service} zone ${zone} break of ${weight} in rates[${prevRow}]`);
        else if (price < prevPrice) add(`rates[${row}].priceMinor`, `is lower than the lighter ${service} zone ${zone} break of ${prevWeight} (rates[${prevRow}]): prices must not fall as weight rises`);
      }
    }
  }
  for (const code of services) if (!table.has(code)) add('rates', `service ${code} has no rates`);

  const transit = new Map<string, number>();
  card.transit.forEach((row, i) => {
    if (!services.has(row.service)) add(`transit[${i}].service`, `unknown service ${row.service}`);
    if (!(Number.isSafeInteger(row.days) && row.days >= 0 && row.days <= 60)) add(`transit[${i}].days`, 'must be a whole number of business days from 0 to 60');
    const key = `${row.service}\u0000${row.zone}`;
    if (transit.has(key)) add(`transit[${i}].zone`, `duplicates transit days for ${row.service} zone ${row.zone} in transit[${transit.get(key)}]`);
    else transit.set(key, i);
  });
  for (const [service, zones] of table) {
    if (!services.has(service)) continue;
    for (const zone of zones.keys()) {
      if (!transit.has(`${service}\u0000${zone}`)) add('transit', `service ${service} has rates for zone ${zone} but no transit days`);
    }
  }

  validateZones(card, add);
  const countries = new Map<string, number>();
  (card.countryZones ?? []).forEach((row, i) => {
    const country = row.country.toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) add(`countryZones[${i}].country`, 'must be an ISO 3166-1 alpha-2 country code such as CA');
    else if (ZIP_COUNTRIES.has(country)) add(`countryZones[${i}].country`, `${country} uses ZIP codes: it is priced by the ZIP3 zone chart`);
    else if (countries.has(country)) add(`countryZones[${i}].country`, `duplicates countryZones[${countries.get(country)}]`);
    else countries.set(country, i);
    if (!row.zone.trim()) add(`countryZones[${i}].zone`, 'must not be empty');
  });
  return problems;
}

function validateZones(card: RateCard, add: (field: string, message: string) => void): void {
  if (card.zones.length === 0) add('zones', 'must have at least one zone row');
  let wellFormed = true;
  card.zones.forEach((row, i) => {
    for (const key of ['originFrom', 'originTo', 'destFrom', 'destTo'] as const) {
      if (!ZIP3.test(row[key])) {
        add(`zones[${i}].${key}`, 'must be a three-digit ZIP3 such as 005');
        wellFormed = false;
      }
    }
    if (row.originFrom > row.originTo) add(`zones[${i}].originTo`, 'must not be before originFrom');
    if (row.destFrom > row.destTo) add(`zones[${i}].destTo`, 'must not be before destFrom');
    if (!row.zone.trim()) add(`zones[${i}].zone`, 'must not be empty');
  });
  if (!wellFormed) return;
  // Two rows that give the same origin/destination pair different zones make the chart ambiguous.
  // Sweep per origin: mark each destination with the first row that claimed it.
  const claimedBy = new Int32Array(1000);
  const reported = new Set<string>();
  for (let origin = 0; origin < 1000; origin++) {
    claimedBy.fill(-1);
    card.zones.forEach((row, i) => {
      if (origin < Number(row.originFrom) || origin > Number(row.originTo)) return;
      for (let d = Number(row.destFrom); d <= Number(row.destTo); d++) {
        const first = claimedBy[d] ?? -1;
        if (first < 0) claimedBy[d] = i;
        else if (card.zones[first]?.zone !== row.zone && !reported.has(`${first},${i}`)) {
          reported.add(`${first},${i}`);
          add(`zones[${i}]`, `overlaps zones[${first}] with a different zone (origin ${String(origin).padStart(3, '0')}, destination ${String(d).padStart(3, '0')})`);
        }
      }
    });
  }
}
