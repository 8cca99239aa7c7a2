import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { billableWeight, compileRateCard, quote, validateRateCard, zoneFor, type RateCard } from './rate-card.js';
import type { Parcel, ShippingAddress } from './types.js';

/** A small lb card: zone 2 for the east, 5 for the west, from eastern origins only. */
function card(overrides: Partial<RateCard> = {}): RateCard {
  return {
    carrier: 'ups',
    carrierName: 'UPS',
    currency: 'USD',
    weightUnit: 'lb',
    dimDivisor: 139,
    fuelSurchargeBasisPoints: 1550,
    residentialSurchargeMinor: 545,
    services: [
      { code: 'ground', name: 'UPS Ground', level: 'standard' },
      { code: 'next_day_air', name: 'UPS Next Day Air', level: 'overnight' },
    ],
    rates: [
      { service: 'ground', zone: '2', maxWeight: 1, priceMinor: 900 },
      { service: 'ground', zone: '2', maxWeight: 3, priceMinor: 1000 },
      { service: 'ground', zone: '2', maxWeight: 150, priceMinor: 5000 },
      { service: 'ground', zone: '5', maxWeight: 3, priceMinor: 1400 },
      { service: 'ground', zone: '5', maxWeight: 150, priceMinor: 7000 },
      { service: 'next_day_air', zone: '2', maxWeight: 3, priceMinor: 4000 },
      { service: 'next_day_air', zone: '2', maxWeight: 10, priceMinor: 6000 },
      { service: 'next_day_air', zone: '5', maxWeight: 10, priceMinor: 9000 },
    ],
    zones: [
      { originFrom: '005', originTo: '099', destFrom: '005', destTo: '499', zone: '2' },
      { originFrom: '005', originTo: '099', destFrom: '500', destTo: '999', zone: '5' },
    ],
    transit: [
      { service: 'ground', zone: '2', days: 1 },
      { service: 'ground', zone: '5', days: 3 },
      { service: 'next_day_air', zone: '2', days: 1 },
      { service: 'next_day_air', zone: '5', days: 1 },
    ],
    ...overrides,
  };
}

const parcel = (weightGrams: number, l = 100, w = 100, h = 100): Parcel => ({ weightGrams, lengthMm: l, widthMm: w, heightMm: h });
const address = (postalCode: string, extra: Partial<ShippingAddress> = {}): ShippingAddress => ({ line1: '1 Main St', city: 'Town', postalCode, country: 'US', ...extra });

describe('billableWeight', () => {
  const usps = card({ dimDivisor: 166, dimMinVolume: 1728 });
  const cases: [string, RateCard, Parcel, { units: number; actualUnits: number; dimensionalUnits: number }][] = [
    ['actual beats dim: 1000 g is 2.2 lb, rounded up to 3', card(), parcel(1000), { units: 3, actualUnits: 3, dimensionalUnits: 1 }],
    ['dim beats actual: 16×12×12 in = 2304 in³ / 139 → 17 lb', card(), parcel(500, 400, 300, 300), { units: 17, actualUnits: 2, dimensionalUnits: 17 }],
    ['454 g is just over 1 lb → 2', card(), parcel(454), { units: 2, actualUnits: 2, dimensionalUnits: 1 }],
    ['453 g is under 1 lb → 1', card(), parcel(453), { units: 1, actualUnits: 1, dimensionalUnits: 1 }],
    ['a weightless parcel bills the first unit', card(), parcel(0), { units: 1, actualUnits: 1, dimensionalUnits: 1 }],
    ['mm round to the nearest inch: 393 mm → 15 in, 394 mm → 16 in', card(), parcel(100, 393, 394, 254), { units: 18, actualUnits: 1, dimensionalUnits: 18 }],
    ['USPS: exactly 1728 in³ (12 in cube) has no dim weight', usps, parcel(500, 305, 305, 305), { units: 2, actualUnits: 2, dimensionalUnits: 0 }],
    ['USPS: 13×12×12 in = 1872 in³ / 166 → 12 lb', usps, parcel(500, 330, 305, 305), { units: 12, actualUnits: 2, dimensionalUnits: 12 }],
    ['oz card: 100 g is 3.53 oz → 4 oz; 4 in cube → ceil(64×16/166) = 7 oz', card({ weightUnit: 'oz', dimDivisor: 166 }), parcel(100), { units: 7, actualUnits: 4, dimensionalUnits: 7 }],
    ['kg card: 2500 g → 3 kg; 40×30×20 cm / 5000 → 5 kg', card({ weightUnit: 'kg', dimDivisor: 5000 }), parcel(2500, 400, 300, 200), { units: 5, actualUnits: 3, dimensionalUnits: 5 }],
  ];
  for (const [name, c, p, expected] of cases) {
    test(name, () => {
      const { units, actualUnits, dimensionalUnits } = billableWeight(c, p);
      assert.deepEqual({ units, actualUnits, dimensionalUnits }, expected);
    });
  }

  test('grams are the whole billable units, comparable across cards', () => {
    assert.equal(billableWeight(card(), parcel(1000)).grams, 1361); // 3 × 453.59237
    assert.equal(billableWeight(card({ weightUnit: 'kg', dimDivisor: 5000 }), parcel(1000)).grams, 1000);
  });
});

describe('zoneFor', () => {
  const c = compileRateCard(card());
  const cases: [string, string, string, string | undefined][] = [
    ['lowest ZIP3 005 both ends', '00501', '00501', '2'],
    ['highest destination ZIP3 999', '00501', '99950', '5'],
    ['range edges 499 / 500', '01001', '49999', '2'],
    ['range edges 499 / 500 (west)', '01001', '50001', '5'],
    ['ZIP+4 with and without hyphen', '01001-1234', '500011234', '5'],
    ['origin outside the chart', '10001', '00501', undefined],
    ['destination below 005 is not charted', '01001', '00401', undefined],
    ['a UK postcode is not a ZIP', '01001', 'SW1A 1AA', undefined],
    ['four digits is not a ZIP', '01001', '1234', undefined],
  ];
  for (const [name, from, to, expected] of cases) {
    test(name, () => {
      assert.equal(zoneFor(c, from, to), expected);
      assert.equal(zoneFor(card(), from, to), expected, 'uncompiled card answers the same');
    });
  }
});

describe('quote', () => {
  const from = address('01001');

  test('base, residential and fuel add up exactly, per parcel', () => {
    // Two 3 lb parcels, zone 2 ground: per parcel base 1000 + residential 545 = 1545, fuel 15.5 % = 239.475 → 239.
    const [ground] = quote(card(), [parcel(1000), parcel(1200)], from, address('10001'));
    assert.deepEqual(ground?.breakdown, { base: 2000, residential: 1090, fuel: 478 });
    assert.equal(ground?.amountMinor, 3568);
    assert.equal(ground?.billableWeightGrams, 2722);
    assert.equal(ground?.zone, '2');
    assert.equal(ground?.transitDays, 1);
    assert.equal(ground?.serviceName, 'UPS Ground');
  });

  test('fuel rounds half up to the minor unit', () => {
    // 900 × 15.50 % = 139.5 → 140 on a commercial delivery.
    const [ground] = quote(card(), [parcel(400)], from, address('10001', { residential: false }));
    assert.deepEqual(ground?.breakdown, { base: 900, residential: 0, fuel: 140 });
    assert.equal(ground?.amountMinor, 1040);
  });

  test('unknown residential status counts as residential; fuel can skip the residential surcharge', () => {
    const [unknown] = quote(card(), [parcel(400)], from, address('10001', { residential: undefined }));
    assert.equal(unknown?.breakdown.residential, 545);
    const [noFuelOnResi] = quote(card({ fuelOnResidential: false }), [parcel(400)], from, address('10001'));
    assert.deepEqual(noFuelOnResi?.breakdown, { base: 900, residential: 545, fuel: 140 });
  });

  test('a parcel heavier than a service’s top break drops only that service', () => {
    const rates = quote(card(), [parcel(1000), parcel(6000)], from, address('60601')); // 14 lb
    assert.deepEqual(rates.map((r) => r.service), ['ground']);
    assert.equal(rates[0]?.breakdown.base, 1400 + 7000);
  });

  test('a service without transit days for the zone gives no rate', () => {
    const c = card({ transit: [{ service: 'ground', zone: '2', days: 1 }] });
    assert.deepEqual(quote(c, [parcel(1000)], from, address('10001')).map((r) => r.service), ['ground']);
  });

  test('no zone, no parcels, or a non-US address: no rates', () => {
    assert.deepEqual(quote(card(), [parcel(1000)], address('10001'), address('10001')), []);
    assert.deepEqual(quote(card(), [], from, address('10001')), []);
    assert.deepEqual(quote(card(), [parcel(1000)], from, address('10001', { country: 'CA' })), []);
  });

  test('abroad, a card with country zones quotes by the destination country, from the chart’s origins only', () => {
    const intl = card({
      countryZones: [{ country: 'CA', zone: 'INTL1' }],
      rates: [...card().rates, { service: 'ground', zone: 'INTL1', maxWeight: 10, priceMinor: 3000 }],
      transit: [...card().transit, { service: 'ground', zone: 'INTL1', days: 6 }],
    });
    const toronto = address('M5V 2T6', { country: 'CA' });
    const rates = quote(intl, [parcel(1000)], from, toronto);
    assert.deepEqual(rates.map((r) => [r.service, r.zone, r.breakdown.base, r.transitDays]), [['ground', 'INTL1', 3000, 6]]);
    assert.deepEqual(quote(intl, [parcel(1000)], from, address('75001', { country: 'FR' })), [], 'a country without a zone');
    assert.deepEqual(quote(intl, [parcel(1000)], address('99501'), toronto), [], 'an origin outside the chart');
    assert.deepEqual(quote(intl, [parcel(1000)], toronto, address('10001')), [], 'an origin abroad');
  });

  test('compiled and plain cards quote the same', () => {
    const parcels = [parcel(1000), parcel(500, 400, 300, 300)];
    assert.deepEqual(quote(compileRateCard(card()), parcels, from, address('94105')), quote(card(), parcels, from, address('94105')));
  });
});

describe('validateRateCard', () => {
  test('a good card has no problems', () => {
    assert.deepEqual(validateRateCard(card()), []);
  });

  const base = card();
  const cases: [string, RateCard, string][] = [
    ['unknown currency', card({ currency: 'XYZ' }), 'currency'],
    ['non-positive divisor', card({ dimDivisor: 0 }), 'dimDivisor'],
    ['fractional fuel basis points', card({ fuelSurchargeBasisPoints: 15.5 }), 'fuelSurchargeBasisPoints'],
    ['duplicate service code', card({ services: [...base.services, { code: 'ground', name: 'Again', level: 'standard' }] }), 'services[2].code'],
    ['rate for an unknown service', card({ rates: [...base.rates, { service: 'air', zone: '2', maxWeight: 1, priceMinor: 1 }] }), 'rates[8].service'],
    ['duplicate break', card({ rates: [...base.rates, { service: 'ground', zone: '2', maxWeight: 3, priceMinor: 1000 }] }), 'rates[8].maxWeight'],
    ['price falls as weight rises', card({ rates: [...base.rates, { service: 'ground', zone: '2', maxWeight: 5, priceMinor: 999 }] }), 'rates[8].priceMinor'],
    ['negative price', card({ rates: [...base.rates.slice(0, 7), { service: 'next_day_air', zone: '5', maxWeight: 10, priceMinor: -1 }] }), 'rates[7].priceMinor'],
    ['malformed ZIP3', card({ zones: [{ originFrom: '5', originTo: '099', destFrom: '005', destTo: '999', zone: '2' }] }), 'zones[0].originFrom'],
    ['range backwards', card({ zones: [{ originFrom: '005', originTo: '099', destFrom: '900', destTo: '100', zone: '2' }] }), 'zones[0].destTo'],
    ['overlapping rows with different zones', card({ zones: [...base.zones, { originFrom: '050', originTo: '060', destFrom: '400', destTo: '600', zone: '5' }] }), 'zones[2]'],
    ['service with rates but no transit for a zone', card({ transit: base.transit.slice(0, 3) }), 'transit'],
    ['transit for an unknown service', card({ transit: [...base.transit, { service: 'air', zone: '2', days: 1 }] }), 'transit[4].service'],
    ['duplicate transit', card({ transit: [...base.transit, { service: 'ground', zone: '2', days: 2 }] }), 'transit[4].zone'],
    ['a country zone for a ZIP-code country', card({ countryZones: [{ country: 'PR', zone: '9' }] }), 'countryZones[0].country'],
    ['a country zone named twice', card({ countryZones: [{ country: 'CA', zone: '9' }, { country: 'CA', zone: '8' }] }), 'countryZones[1].country'],
  ];
  for (const [name, c, field] of cases) {
    test(name, () => {
      const problems = validateRateCard(c);
      assert.ok(problems.some((p) => p.field === field), `expected a problem at ${field}, got ${JSON.stringify(problems)}`);
    });
  }
});
