import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADDRESSES, screeningInput } from '../../../../test/support/risk-corpus.js';
import type { ScreeningInput } from './input.js';
import { forwarderMatcher, isExpedited, isPoBox, matchesDomainSuffix } from './lists.js';
import { FIELDS, VELOCITY_FIELDS } from './schema.js';
import { scoreSignals } from './score.js';
import { avsResult, computeSignals, cvvResult, DEFAULT_SETTINGS, describeSignals, prepareSettings, type ScreeningSettings, type SignalValues } from './signals.js';
import { compileList, type RiskLists } from './tenant-lists.js';

function signals(input: ScreeningInput, settings: Partial<ScreeningSettings> = {}, lists: RiskLists = {}): SignalValues {
  return computeSignals(input, prepareSettings({ ...DEFAULT_SETTINGS, ...settings }), { allow: compileList(lists.allow), block: compileList(lists.block) }).values;
}

describe('signals', () => {
  test('every schema field is computed, and nothing else', () => {
    const values = signals(screeningInput({ total: 10 }));
    assert.deepEqual(Object.keys(values).sort(), Object.keys(FIELDS).sort());
    assert.equal(VELOCITY_FIELDS.length, 39, '15 order counts + 12 card counts + 12 address counts');
  });

  test('order: total in minor units, currency, lines, units, channel, high value at the tenant amount', () => {
    const values = signals(screeningInput({ total: 500, lines: 3 }));
    assert.equal(values['order.total'], 50_000);
    assert.equal(values['order.currency'], 'USD');
    assert.equal(values['order.lines'], 3);
    assert.equal(values['order.units'], 3);
    assert.equal(values['order.channel'], 'shopify');
    assert.equal(values['order.high_value'], true, '500.00 is at the default 500');
    assert.equal(signals(screeningInput({ total: 499.99 }))['order.high_value'], false);
    assert.equal(signals(screeningInput({ total: 499.99 }), { highValue: '300' })['order.high_value'], true);
    assert.equal(signals(screeningInput({ total: 499, currency: 'JPY' }))['order.high_value'], false, '499 JPY is below 500 JPY');
  });

  test('e-mail: disposable and free domains from the list packages, matched as suffixes, with an allow list', () => {
    const at = (email: string, allow: string[] = []) => signals(screeningInput({ total: 1, email }), { emailDomainAllow: allow });
    assert.equal(at('a@mailinator.com')['email.disposable'], true);
    assert.equal(at('a@mailinator.com')['email.free'], false, 'a disposable domain is not also "free"');
    assert.equal(at('a@eu.mailinator.com')['email.disposable'], true, 'a subdomain of a disposable domain');
    assert.equal(at('a@MAILINATOR.COM')['email.domain'], 'mailinator.com');
    assert.equal(at('a@gmail.com')['email.free'], true);
    assert.equal(at('a@gmail.com')['email.disposable'], false);
    assert.equal(at('a@shopper.test')['email.free'], false);
    assert.equal(at('a@shopper.test')['email.disposable'], false);
    assert.equal(at('a@mailinator.com', ['mailinator.com'])['email.disposable'], false, 'the tenant allow list wins');
    assert.equal(at('a@gmail.com', ['gmail.com'])['email.free'], false);
    assert.equal(at('not-an-address')['email.disposable'], null, 'no domain: unknown');
    assert.equal(matchesDomainSuffix('a.b.test', new Set(['test'])), null, 'a bare top-level label never matches');
  });

  test('customer: first order vs known, history in the order currency, value ratio, age', () => {
    const first = signals(screeningInput({ total: 100 }));
    assert.equal(first['customer.known'], false);
    assert.equal(first['customer.first_order'], true);
    assert.equal(first['customer.orders'], 0);
    assert.equal(first['customer.value_ratio'], null);
    const known = signals(screeningInput({ total: 1900, history: [12, 140, 380, '2025-11-20T15:00:00Z'] }));
    assert.equal(known['customer.known'], true);
    assert.equal(known['customer.first_order'], false);
    assert.equal(known['customer.orders'], 12);
    assert.equal(known['customer.average_order'], 14_000);
    assert.equal(known['customer.max_order'], 38_000);
    assert.equal(known['customer.value_ratio'], 5);
    assert.equal(known['customer.age_days'], 365);
  });

  test('addresses: countries, mismatch and distance (ZIP centroids in the US, country centroids abroad)', () => {
    const gift = signals(screeningInput({ total: 1, ship: 'la', bill: 'nyc' }));
    assert.equal(gift['address.country_mismatch'], false);
    const km = gift['address.distance_km'];
    assert.ok(typeof km === 'number' && km > 3800 && km < 4000, `New York to Los Angeles is about 3,900 km, got ${String(km)}`);
    const abroad = signals(screeningInput({ total: 1, ship: 'miami', bill: 'paris' }));
    assert.equal(abroad['address.country_mismatch'], true);
    assert.equal(abroad['address.billing_country'], 'FR');
    assert.equal(abroad['address.shipping_country'], 'US');
    assert.ok(typeof abroad['address.distance_km'] === 'number' && abroad['address.distance_km'] > 5000, 'Miami to Paris is more than 5,000 km');
    assert.equal(signals(screeningInput({ total: 1, ship: 'paris', bill: 'paris' }))['address.distance_km'], null, 'two country centroids of one country say nothing');
    assert.equal(signals({ ...screeningInput({ total: 1 }), billingAddress: null })['address.country_mismatch'], null);
  });

  test('IP country: a mismatch only when it is neither the billing nor the shipping country', () => {
    assert.equal(signals(screeningInput({ total: 1, ship: 'miami', bill: 'paris', ipCountry: 'NG' }))['ip.country_mismatch'], true);
    assert.equal(signals(screeningInput({ total: 1, ship: 'miami', bill: 'paris', ipCountry: 'FR' }))['ip.country_mismatch'], false);
    assert.equal(signals(screeningInput({ total: 1, ipCountry: 'fr' }))['ip.country'], 'FR');
    assert.equal(signals(screeningInput({ total: 1, ipCountry: '' }))['ip.country_mismatch'], null, 'unknown IP country');
  });

  test('freight forwarders: built-in names, account-style suites, a tenant’s own fragments; ordinary suites pass', () => {
    const match = forwarderMatcher(['Acme Reship Hub']);
    for (const a of [ADDRESSES.myus, ADDRESSES.shipito, ADDRESSES.stackry, ADDRESSES.planet, ADDRESSES.suiteCode]) assert.ok(match(a), `${a.line1} ${a.line2} is a forwarder`);
    assert.match(match(ADDRESSES.shipito) ?? '', /shipito/);
    assert.match(match(ADDRESSES.suiteCode) ?? '', /suite qw-558812/);
    assert.ok(match({ line1: '9 Dock Rd', company: 'ACME RESHIP HUB' }), 'a tenant fragment');
    for (const a of [ADDRESSES.nyc, ADDRESSES.chicago, ADDRESSES.seattle, { line1: '1 Main St', line2: 'Suite 1200B' }, { line1: 'Opaslaan 3' }]) assert.equal(match(a), null, `${a.line1} ${a.line2 ?? ''} is not`);
    assert.equal(signals(screeningInput({ total: 1, ship: 'myus' }))['address.forwarder'], true);
    assert.equal(signals(screeningInput({ total: 1 }))['address.forwarder'], false);
  });

  test('PO boxes in several spellings', () => {
    for (const line1 of ['PO Box 1432', 'P.O. Box 7', 'p o box 12', 'Post Office Box 99', 'Postfach 1234', 'Apartado 55', 'Caixa Postal 8', 'PMB 201', 'POBOX 12']) assert.equal(isPoBox({ line1 }), true, line1);
    for (const line1 of ['12 Boxwood Ln', '1 Post Road', 'Compo Boxing Gym 4']) assert.equal(isPoBox({ line1 }), false, line1);
    assert.equal(signals(screeningInput({ total: 1, ship: 'poBox' }))['address.po_box'], true);
  });

  test('expedited shipping, and expedited on a first high-value order', () => {
    for (const level of ['express', 'Expedited', 'overnight', 'next_day', 'Next Day Air', '2-day', 'two_day', 'priority', 'same-day']) assert.equal(isExpedited(level), true, level);
    for (const level of ['standard', 'economy', 'ground', 'free shipping']) assert.equal(isExpedited(level), false, level);
    assert.equal(signals(screeningInput({ total: 900, level: 'overnight' }))['shipping.expedited_first_high_value'], true);
    assert.equal(signals(screeningInput({ total: 100, level: 'overnight' }))['shipping.expedited_first_high_value'], false, 'not high value');
    assert.equal(signals(screeningInput({ total: 900, level: 'overnight', history: [3, 100, 200, '2025-01-01T00:00:00Z'] }))['shipping.expedited_first_high_value'], false, 'not a first order');
    assert.equal(signals(screeningInput({ total: 900, level: 'standard' }))['shipping.expedited_first_high_value'], false);
  });

  test('payment: AVS and CVV codes in letters and in Stripe’s words; gateway and card', () => {
    assert.deepEqual(['Y', 'X', 'D', 'F', 'M', 'pass', 'A', 'Z', 'W', 'P', 'B', 'N', 'C', 'fail', 'U', 'R', 'S', 'unavailable', 'unchecked'].map(avsResult), [
      ...Array(6).fill('match'),
      ...Array(5).fill('partial'),
      ...Array(3).fill('no_match'),
      ...Array(5).fill('unavailable'),
    ]);
    assert.equal(avsResult(null), null);
    assert.deepEqual(['M', 'pass', 'N', 'fail', 'P', 'S', 'U', 'unchecked'].map(cvvResult), ['match', 'match', 'no_match', 'no_match', 'unavailable', 'unavailable', 'unavailable', 'unavailable']);
    const values = signals(screeningInput({ total: 1, avs: 'N', cvv: 'M', card: 'fp_x' }));
    assert.equal(values['payment.avs'], 'N');
    assert.equal(values['payment.avs_result'], 'no_match');
    assert.equal(values['payment.cvv_result'], 'match');
    assert.equal(values['payment.gateway'], 'shopify_payments');
    assert.equal(values['payment.card'], 'fp_x');
  });

  test('channel risk as the channel gives it', () => {
    const values = signals(screeningInput({ total: 1, risk: { level: 'high', recommendation: 'cancel' } }));
    assert.equal(values['channel.risk_level'], 'high');
    assert.equal(values['channel.recommendation'], 'cancel');
    assert.equal(signals({ ...screeningInput({ total: 1 }), channelRisk: null })['channel.risk_level'], null);
  });

  test('velocity: each count where given, unknown where not', () => {
    const values = signals(screeningInput({ total: 1, velocity: { email: { '1h': { orders: 4 }, '24h': { cards: 3, addresses: 2 } }, card: { '7d': { addresses: 5 } }, ip: { '1h': { orders: 0 } } } }));
    assert.equal(values['velocity.orders_per_email_1h'], 4);
    assert.equal(values['velocity.cards_per_email_24h'], 3);
    assert.equal(values['velocity.addresses_per_email_24h'], 2);
    assert.equal(values['velocity.addresses_per_card_7d'], 5);
    assert.equal(values['velocity.orders_per_ip_1h'], 0, 'zero is a count, not unknown');
    assert.equal(values['velocity.orders_per_phone_7d'], null);
    assert.equal('velocity.cards_per_card_1h' in values, false);
  });

  test('lists: allowed and blocked with what matched', () => {
    const input = screeningInput({ total: 1, email: 'Bad@Fraud.test', ip: '203.0.113.9', card: 'fp_bad' });
    const at = (lists: RiskLists) => computeSignals(input, prepareSettings(DEFAULT_SETTINGS), { allow: compileList(lists.allow), block: compileList(lists.block) });
    assert.equal(at({ block: { emails: ['bad@fraud.test'] } }).notes.blocked, 'the e-mail address bad@fraud.test');
    assert.equal(at({ block: { domains: ['fraud.test'] } }).notes.blocked, 'the e-mail domain fraud.test');
    assert.equal(at({ block: { cards: ['fp_bad'] } }).notes.blocked, 'the card fp_bad');
    assert.equal(at({ block: { ips: ['203.0.113.0/24'] } }).notes.blocked, 'the IP address 203.0.113.9 (203.0.113.0/24)');
    assert.equal(at({ block: { ips: ['203.0.113.9'] } }).values['lists.blocked'], true);
    assert.equal(at({ block: { ips: ['2001:db8::/32'] } }).values['lists.blocked'], false, 'an IPv6 range does not hold an IPv4 address');
    assert.equal(at({ allow: { addresses: ['350 5th ave'] } }).notes.allowed, 'the address "350 5th ave"');
    assert.equal(at({ allow: { addresses: ['350 5th avenue'] } }).values['lists.allowed'], false, 'whole words only');
    assert.equal(at({}).values['lists.allowed'], false);
    const mapped = computeSignals({ ...input, client: { ip: '::ffff:203.0.113.9' } }, prepareSettings(DEFAULT_SETTINGS), { allow: compileList({}), block: compileList({ ips: ['203.0.113.0/24'] }) });
    assert.equal(mapped.values['lists.blocked'], true, 'an IPv4-mapped IPv6 address matches its IPv4 range');
  });

  test('every known signal has a name, a source and a sentence that is not the raw field name', () => {
    const values = signals(screeningInput({ total: 900, level: 'overnight', ship: 'myus', bill: 'paris', ipCountry: 'NG', email: 'x@mailinator.com', avs: 'N', cvv: 'N', risk: { level: 'high', recommendation: 'cancel' }, velocity: { email: { '1h': { orders: 4 } } } }));
    values.score = scoreSignals(values).score;
    const described = describeSignals(values);
    assert.ok(described.length >= 30, `${described.length} signals described`);
    for (const s of described) {
      assert.ok(s.sentence.length > 10 && (!s.name.includes('.') || !s.sentence.includes(s.name)) && /[.]$/.test(s.sentence), `${s.name}: "${s.sentence}"`);
      assert.equal(s.source, FIELDS[s.name]?.source);
    }
    assert.ok(described.some((s) => s.sentence === '4 orders with this email in the last hour.'), 'velocity in words');
  });
});

describe('score', () => {
  test('sums the points of risky signals and caps at 100', () => {
    const clean = signals(screeningInput({ total: 50, history: [3, 50, 80, '2025-01-01T00:00:00Z'] }));
    assert.deepEqual(scoreSignals(clean), { score: 0, parts: [] });
    const disposable = signals(screeningInput({ total: 50, email: 'a@mailinator.com' }));
    assert.deepEqual(scoreSignals(disposable), {
      score: 35,
      parts: [
        { signal: 'email.disposable', points: 30, reason: 'a throwaway mailbox' },
        { signal: 'customer.first_order', points: 5, reason: 'first order' },
      ],
    });
    const everything = signals(screeningInput({ total: 900, level: 'overnight', ship: 'myus', bill: 'paris', ipCountry: 'NG', email: 'x@mailinator.com', avs: 'N', cvv: 'N' }));
    assert.equal(scoreSignals(everything).score, 100);
  });
});
