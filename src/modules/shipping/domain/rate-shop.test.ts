import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAmount, shop, validateShippingRules, type Candidate, type ShippingRules, type ShopRequest } from './rate-shop.js';
import type { ServiceLevel } from './types.js';

function candidate(carrier: string, service: string, level: ServiceLevel, amountMinor: number, transitDays: number, estimatedDeliveryDate: string): Candidate {
  return {
    carrier,
    service,
    serviceName: `${carrier.toUpperCase()} ${service}`,
    serviceLevel: level,
    amountMinor,
    currency: 'USD',
    billableWeightGrams: 1361,
    transitDays,
    breakdown: { base: amountMinor },
    estimatedDeliveryDate,
  };
}

// Shipping Monday 2026-11-30.
const candidates: Candidate[] = [
  candidate('ups', 'ground', 'standard', 1450, 4, '2026-12-04'),
  candidate('ups', '2nd_day_air', 'expedited', 3100, 2, '2026-12-02'),
  candidate('ups', 'next_day_air', 'overnight', 6200, 1, '2026-12-01'),
  candidate('fedex', 'ground', 'standard', 1395, 4, '2026-12-04'),
  candidate('fedex', '2day', 'expedited', 2990, 2, '2026-12-02'),
  candidate('usps', 'ground_advantage', 'standard', 812, 5, '2026-12-07'),
  candidate('usps', 'priority_mail', 'expedited', 1020, 3, '2026-12-03'),
  candidate('usps', 'priority_mail_express', 'overnight', 3300, 2, '2026-12-02'),
];
const request: ShopRequest = { country: 'US', weightGrams: 1200, channel: 'web' };
const chosen = (rules: ShippingRules, req: Partial<ShopRequest> = {}, list = candidates): string | undefined => {
  const result = shop(list, { ...request, ...req }, rules);
  return result.chosen ? `${result.chosen.carrier}/${result.chosen.service}` : undefined;
};

describe('shop: strategies and promises', () => {
  const cases: [string, ShippingRules, Partial<ShopRequest>, string | undefined][] = [
    ['cheapest overall', { strategy: 'cheapest' }, {}, 'usps/ground_advantage'],
    ['cheapest expedited or faster', { strategy: 'cheapest' }, { serviceLevel: 'expedited' }, 'usps/priority_mail'],
    ['cheapest overnight', { strategy: 'cheapest' }, { serviceLevel: 'overnight' }, 'usps/priority_mail_express'],
    ['cheapest that delivers by a date', { strategy: 'cheapest' }, { deliverBy: '2026-12-02' }, 'fedex/2day'],
    ['deliver-by on the arrival day itself qualifies', { strategy: 'cheapest' }, { deliverBy: '2026-12-03' }, 'usps/priority_mail'],
    ['fastest', { strategy: 'fastest' }, {}, 'ups/next_day_air'],
    ['best value within 3 days', { strategy: 'best_value', bestValueDays: 3 }, {}, 'usps/priority_mail'],
    ['best value within 4 days', { strategy: 'best_value', bestValueDays: 4 }, {}, 'usps/priority_mail'],
    ['best value within 2 days', { strategy: 'best_value', bestValueDays: 2 }, {}, 'fedex/2day'],
    ['best value with none within 0 days falls back to fastest', { strategy: 'best_value', bestValueDays: 0 }, {}, 'ups/next_day_air'],
    ['nothing arrives in time', { strategy: 'cheapest' }, { deliverBy: '2026-11-30' }, undefined],
  ];
  for (const [name, rules, req, expected] of cases) {
    test(name, () => {
      assert.equal(chosen(rules, req), expected);
    });
  }

  test('ranks only the candidates that keep the promise, best first', () => {
    const result = shop(candidates, { ...request, serviceLevel: 'expedited' }, { strategy: 'cheapest' });
    const ranked = result.candidates.filter((c) => c.rank !== undefined).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
    assert.deepEqual(ranked.map((c) => c.service), ['priority_mail', '2day', '2nd_day_air', 'priority_mail_express', 'next_day_air']);
    const ground = result.candidates.find((c) => c.carrier === 'ups' && c.service === 'ground');
    assert.equal(ground?.meetsPromise, false);
    assert.match(ground?.note ?? '', /standard; the order needs expedited/);
  });

  test('the reason names the rule, the field and the price', () => {
    const result = shop(candidates, { ...request, deliverBy: '2026-12-03' }, { strategy: 'cheapest' });
    assert.equal(result.chosen?.reason, 'USPS priority_mail is the cheapest of 5 services that deliver by 2026-12-03 ($10.20).');
    assert.match(result.candidates.find((c) => c.service === 'priority_mail')?.note ?? '', /^chosen: /);
  });

  test('when nothing meets the promise every candidate says why', () => {
    const result = shop(candidates, { ...request, serviceLevel: 'overnight', deliverBy: '2026-11-30' }, { strategy: 'cheapest' });
    assert.equal(result.chosen, undefined);
    for (const c of result.candidates) {
      assert.equal(c.meetsPromise, false);
      assert.equal(c.rank, undefined);
      assert.match(c.note, /after the deliver-by date 2026-11-30/);
    }
    const ground = result.candidates.find((c) => c.carrier === 'ups' && c.service === 'ground');
    assert.equal(ground?.note, 'UPS ground is standard; the order needs overnight or faster; arrives 2026-12-04, after the deliver-by date 2026-11-30');
  });

  test('an excluded service never wins, even when it is the only one that meets the promise', () => {
    const result = shop(candidates, { ...request, serviceLevel: 'overnight', deliverBy: '2026-12-01' }, { strategy: 'cheapest', excluded: [{ carrier: 'ups', service: 'next_day_air' }] });
    assert.equal(result.chosen, undefined);
    const nda = result.candidates.find((c) => c.service === 'next_day_air');
    assert.match(nda?.excluded ?? '', /ups next_day_air is excluded/);
    assert.match(nda?.note ?? '', /excluded/);
  });

  test('excluding a whole carrier', () => {
    assert.equal(chosen({ strategy: 'cheapest', excluded: [{ carrier: 'usps' }] }), 'fedex/ground');
  });
});

describe('shop: preferred carriers', () => {
  const cases: [string, ShippingRules, Partial<ShopRequest>, string][] = [
    ['a preferred carrier wins with its best service under the strategy', { strategy: 'cheapest', preferred: [{ carrier: 'ups' }] }, {}, 'ups/ground'],
    ['a preferred service wins', { strategy: 'cheapest', preferred: [{ carrier: 'fedex', service: '2day' }] }, {}, 'fedex/2day'],
    ['scoped to another channel: the strategy decides', { strategy: 'cheapest', preferred: [{ carrier: 'ups', channels: ['amazon'] }] }, {}, 'usps/ground_advantage'],
    ['scoped to this channel', { strategy: 'cheapest', preferred: [{ carrier: 'ups', channels: ['amazon', 'web'] }] }, {}, 'ups/ground'],
    ['scoped to another country', { strategy: 'cheapest', preferred: [{ carrier: 'ups', countries: ['CA'] }] }, {}, 'usps/ground_advantage'],
    ['scoped to heavier parcels', { strategy: 'cheapest', preferred: [{ carrier: 'ups', minWeightGrams: 5000 }] }, {}, 'usps/ground_advantage'],
    ['scoped to a weight band that holds this one', { strategy: 'cheapest', preferred: [{ carrier: 'ups', minWeightGrams: 1000, maxWeightGrams: 1200 }] }, {}, 'ups/ground'],
    ['the first matching rule wins', { strategy: 'cheapest', preferred: [{ carrier: 'fedex' }, { carrier: 'ups' }] }, {}, 'fedex/ground'],
    ['a preferred carrier that cannot keep the promise yields to the next rule', { strategy: 'cheapest', preferred: [{ carrier: 'fedex' }, { carrier: 'ups' }] }, { serviceLevel: 'overnight' }, 'ups/next_day_air'],
    ['a preferred but excluded service does not win', { strategy: 'cheapest', preferred: [{ carrier: 'ups', service: 'ground' }], excluded: [{ carrier: 'ups', service: 'ground' }] }, {}, 'usps/ground_advantage'],
    ['preference holds only among services that meet the deliver-by date', { strategy: 'fastest', preferred: [{ carrier: 'usps' }] }, { deliverBy: '2026-12-03' }, 'usps/priority_mail_express'],
  ];
  for (const [name, rules, req, expected] of cases) {
    test(name, () => {
      assert.equal(chosen(rules, req), expected);
    });
  }

  test('the reason names the rule that matched', () => {
    const result = shop(candidates, request, { strategy: 'cheapest', preferred: [{ carrier: 'amazon' }, { carrier: 'ups', channels: ['web'] }] });
    assert.equal(result.chosen?.reason, 'UPS ground is the preferred carrier ups for channel web (shipping rule 2) among 8 eligible services ($14.50).');
  });
});

describe('shop: ties are broken the same way every time', () => {
  const tied = [
    candidate('ups', 'ground', 'standard', 1000, 3, '2026-12-03'),
    candidate('fedex', 'ground', 'standard', 1000, 3, '2026-12-03'),
    candidate('usps', 'priority_mail', 'expedited', 1000, 2, '2026-12-02'),
    candidate('fedex', 'home', 'standard', 900, 3, '2026-12-03'),
  ];
  const cases: [string, ShippingRules, Candidate[], string][] = [
    ['cheapest: a price tie goes to the faster', { strategy: 'cheapest' }, tied.slice(0, 3), 'usps/priority_mail'],
    ['cheapest: a full tie goes to the carrier code, then service', { strategy: 'cheapest' }, tied.slice(0, 2), 'fedex/ground'],
    ['fastest: a date tie goes to the cheaper', { strategy: 'fastest' }, [tied[0], tied[3]] as Candidate[], 'fedex/home'],
    ['fastest: a full tie goes to the carrier code', { strategy: 'fastest' }, tied.slice(0, 2), 'fedex/ground'],
  ];
  for (const [name, rules, list, expected] of cases) {
    test(name, () => {
      assert.equal(chosen(rules, {}, list), expected);
      assert.equal(chosen(rules, {}, [...list].reverse()), expected, 'input order does not matter');
    });
  }
});

test('formatAmount uses string arithmetic on minor units', () => {
  assert.equal(formatAmount(812, 'USD'), '$8.12');
  assert.equal(formatAmount(5, 'EUR'), '€0.05');
  assert.equal(formatAmount(1200, 'JPY'), '1200 JPY');
  assert.equal(formatAmount(1234, 'KWD'), '1.234 KWD');
});

describe('validateShippingRules', () => {
  test('accepts a full rule set', () => {
    const rules: ShippingRules = {
      strategy: 'best_value',
      bestValueDays: 3,
      preferred: [{ carrier: 'ups', service: 'ground', channels: ['web'], countries: ['US'], minWeightGrams: 0, maxWeightGrams: 5000 }],
      excluded: [{ carrier: 'fedex', service: 'standard_overnight' }, { carrier: 'usps' }],
    };
    assert.deepEqual(validateShippingRules(rules), []);
  });

  const cases: [string, unknown, string][] = [
    ['not an object', [], ''],
    ['an unknown strategy', { strategy: 'random' }, 'strategy'],
    ['best value without days', { strategy: 'best_value' }, 'bestValueDays'],
    ['fractional days', { strategy: 'best_value', bestValueDays: 2.5 }, 'bestValueDays'],
    ['an unknown field', { strategy: 'cheapest', cheapestFirst: true }, 'cheapestFirst'],
    ['preferred not a list', { strategy: 'cheapest', preferred: { carrier: 'ups' } }, 'preferred'],
    ['a preferred rule without a carrier', { strategy: 'cheapest', preferred: [{ service: 'ground' }] }, 'preferred[0].carrier'],
    ['lower-case countries', { strategy: 'cheapest', preferred: [{ carrier: 'ups', countries: ['us'] }] }, 'preferred[0].countries'],
    ['an empty channel list', { strategy: 'cheapest', preferred: [{ carrier: 'ups', channels: [] }] }, 'preferred[0].channels'],
    ['min above max weight', { strategy: 'cheapest', preferred: [{ carrier: 'ups', minWeightGrams: 10, maxWeightGrams: 5 }] }, 'preferred[0].maxWeightGrams'],
    ['negative weight', { strategy: 'cheapest', preferred: [{ carrier: 'ups', minWeightGrams: -1 }] }, 'preferred[0].minWeightGrams'],
    ['an exclusion with an unknown field', { strategy: 'cheapest', excluded: [{ carrier: 'ups', why: 'slow' }] }, 'excluded[0].why'],
  ];
  for (const [name, input, field] of cases) {
    test(`refuses ${name}`, () => {
      const problems = validateShippingRules(input);
      assert.ok(problems.some((p) => p.field === field), `expected ${field}: ${JSON.stringify(problems)}`);
    });
  }
});
