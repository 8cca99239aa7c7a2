import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEasyPostServer, type EasyPostServer } from '../../../../test/support/easypost-server.js';
import { loopbackFetch, startInternalService } from '../../../../test/support/outbound.js';
import { createOutboundClient, type Resolver } from '../../../platform/http/outbound.js';
import { checkDigitValid } from '../domain/tracking-numbers.js';
import type { CarrierRate, Parcel, ShippingAddress } from '../domain/types.js';
import type { RateRequest } from './adapter.js';
import { CarrierError, easyPostCarrier, type EasyPostAdapter } from './easypost.js';
import { amountMinorOf, gramsToOunces, mmToInches, serviceLevelOf, serviceNameOf } from './easypost-format.js';

const apiKey = 'EZTK_secret_key_do_not_leak';
const from: ShippingAddress = { name: 'Warehouse', line1: '417 Montgomery St', line2: 'Floor 5', city: 'San Francisco', region: 'CA', postalCode: '94104', country: 'US', residential: false };
const to: ShippingAddress = { name: 'Steve Brule', line1: '179 N Harbor Dr', city: 'Redondo Beach', region: 'CA', postalCode: '90277', country: 'US' };
// 1000 g = 35.27 oz → 35.3; 300/200/100 mm = 11.81/7.87/3.94 in → 11.9/7.9/4
const box: Parcel = { weightGrams: 1000, lengthMm: 300, widthMm: 200, heightMm: 100 };
// 500 g = 17.64 oz → 17.7
const smallBox: Parcel = { weightGrams: 500, lengthMm: 200, widthMm: 150, heightMm: 100 };

describe('EasyPost units, names and amounts', () => {
  const units: [string, number, number][] = [
    ['one ounce of grams', gramsToOunces(28.349523125), 1],
    ['a pound of grams', gramsToOunces(453.59237), 16],
    ['1000 g, rounded up', gramsToOunces(1000), 35.3],
    ['1 g, the smallest declarable weight', gramsToOunces(1), 0.1],
    ['an inch of millimetres', mmToInches(25.4), 1],
    ['300 mm, rounded up', mmToInches(300), 11.9],
  ];
  for (const [name, actual, expected] of units) test(name, () => assert.equal(actual, expected));

  const levels: [string, string][] = [
    ['GroundAdvantage', 'standard'], ['Ground', 'standard'], ['FEDEX_GROUND', 'standard'],
    ['Priority', 'expedited'], ['2ndDayAir', 'expedited'], ['FEDEX_2_DAY', 'expedited'], ['FEDEX_EXPRESS_SAVER', 'expedited'],
    ['Express', 'overnight'], ['NextDayAir', 'overnight'], ['STANDARD_OVERNIGHT', 'overnight'], ['PRIORITY_OVERNIGHT', 'overnight'],
  ];
  for (const [service, level] of levels) test(`${service} is ${level}`, () => assert.equal(serviceLevelOf(service), level));

  test('service names read like the carrier prints them', () => {
    assert.equal(serviceNameOf('UPS', '2ndDayAir'), 'UPS 2nd Day Air');
    assert.equal(serviceNameOf('FedEx', 'FEDEX_2_DAY'), 'FedEx 2 Day');
    assert.equal(serviceNameOf('USPS', 'GroundAdvantage'), 'USPS Ground Advantage');
  });

  const amounts: [string, string, number][] = [['7.58', 'USD', 758], ['10', 'USD', 1000], ['0.5', 'USD', 50], ['1200', 'JPY', 1200], ['1.234', 'KWD', 1234]];
  for (const [text, currency, minor] of amounts) test(`"${text}" ${currency} is ${minor} minor units`, () => assert.equal(amountMinorOf(text, currency), minor));
  for (const bad of ['7.585', '-1.00', '1e3', '']) {
    test(`"${bad}" is refused rather than rounded`, () => assert.throws(() => amountMinorOf(bad, 'USD'), CarrierError));
  }
});

describe('easyPostCarrier against a local EasyPost', () => {
  let server: EasyPostServer;
  let adapter: EasyPostAdapter;
  const fetched: { url: string; authorization: string | null }[] = [];
  const request = (parcels: Parcel[]): RateRequest => ({ from, to, parcels, shipDate: '2026-01-05', reference: 'SO-1001' });
  const find = (rates: CarrierRate[], carrier: string, service: string) => {
    const rate = rates.find((r) => r.carrier === carrier && r.service === service);
    assert.ok(rate, `no ${carrier} ${service} rate`);
    return rate;
  };
  const since = (mark: number) => server.requests.slice(mark).map((r) => `${r.method} ${r.path.replace(/(shp|order)_\d+/g, '$1_*')}`);

  before(async () => {
    server = await startEasyPostServer({ apiKey, now: () => '2026-01-05T18:00:00Z' });
    const recordingFetch: typeof fetch = (input, init) => {
      fetched.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
      return loopbackFetch(input, init);
    };
    adapter = easyPostCarrier({ apiKey, baseUrl: server.url, carrierCode: 'easypost', fetch: recordingFetch, timeoutMs: 20000 });
  });
  after(() => server.close());

  test('one parcel is rated as a Shipment in inches and ounces', async () => {
    const mark = server.requests.length;
    const rates = await adapter.rate(request([box]));
    const sent = server.requests[mark];
    assert.equal(`${sent?.method} ${sent?.path}`, 'POST /v2/shipments');
    const shipment = (sent?.body as { shipment: Record<string, Record<string, unknown>> }).shipment;
    assert.deepEqual(shipment.parcel, { length: 11.9, width: 7.9, height: 4, weight: 35.3 });
    assert.deepEqual(shipment.from_address, { name: 'Warehouse', street1: '417 Montgomery St', street2: 'Floor 5', city: 'San Francisco', state: 'CA', zip: '94104', country: 'US', residential: false });
    assert.equal(shipment.to_address?.residential, true);
    assert.equal(rates.length, 9);
    // 36 started ounces at the server's table: base + 36 × per-ounce.
    const expected: [string, string, string, string, number, number][] = [
      ['usps', 'GroundAdvantage', 'USPS Ground Advantage', 'standard', 525 + 36 * 9, 4],
      ['ups', '2ndDayAir', 'UPS 2nd Day Air', 'expedited', 2150 + 36 * 18, 2],
      ['fedex', 'STANDARD_OVERNIGHT', 'FedEx Standard Overnight', 'overnight', 4800 + 36 * 36, 1],
    ];
    for (const [carrier, service, serviceName, serviceLevel, amountMinor, transitDays] of expected) {
      const rate = find(rates, carrier, service);
      assert.deepEqual(
        { serviceName: rate.serviceName, serviceLevel: rate.serviceLevel, amountMinor: rate.amountMinor, currency: rate.currency, transitDays: rate.transitDays, billableWeightGrams: rate.billableWeightGrams },
        { serviceName, serviceLevel, amountMinor, currency: 'USD', transitDays, billableWeightGrams: 1000 },
      );
      assert.match(rate.carrierRateId ?? '', /^shp_\d+\|rate_\w+$/);
    }
  });

  test('two parcels are rated as an Order whose rates cover both', async () => {
    const mark = server.requests.length;
    const rates = await adapter.rate(request([box, smallBox]));
    assert.deepEqual(since(mark), ['POST /v2/orders']);
    const order = (server.requests[mark]?.body as { order: { shipments: { parcel: unknown }[] } }).order;
    assert.deepEqual(order.shipments.map((s) => s.parcel), [
      { length: 11.9, width: 7.9, height: 4, weight: 35.3 },
      { length: 7.9, width: 6, height: 4, weight: 17.7 },
    ]);
    const ground = find(rates, 'usps', 'GroundAdvantage');
    assert.equal(ground.amountMinor, 525 + 36 * 9 + (525 + 18 * 9));
    assert.equal(ground.billableWeightGrams, 1500);
    assert.match(ground.carrierRateId ?? '', /^order_\d+\|rate_\w+$/);
  });

  test('buying one parcel returns its tracking number, both label files and the price', async () => {
    const rate = find(await adapter.rate(request([box])), 'usps', 'Priority');
    const mark = server.requests.length;
    const fetchMark = fetched.length;
    const label = await adapter.createLabel({ ...request([box]), rate });
    assert.deepEqual(since(mark).sort(), ['GET /v2/shipments/shp_*/label?file_format=PDF', 'GET /v2/shipments/shp_*/label?file_format=ZPL', 'POST /v2/shipments/shp_*/buy']);
    assert.deepEqual(server.requests.find((r) => r.path.endsWith('/buy'))?.body, { rate: { id: rate.carrierRateId?.split('|')[1] } });
    const [number] = label.trackingNumbers;
    assert.equal(label.trackingNumbers.length, 1);
    assert.ok(number && checkDigitValid('usps', number), `${number} is not a valid USPS IMpb number`);
    assert.deepEqual([label.amountMinor, label.currency], [rate.amountMinor, 'USD']);
    assert.match(label.carrierShipmentId ?? '', /^shp_/);
    assert.equal(label.labels?.length, 1);
    assert.equal(label.labels?.[0]?.pdf?.subarray(0, 5).toString('latin1'), '%PDF-', label.labelProblems.join('; '));
    assert.match(label.labels?.[0]?.zpl ?? '', /^\^XA[\s\S]*\^XZ\s*$/);
    assert.ok(label.labels?.[0]?.zpl?.includes(number), `the ZPL holds the tracking number ${number}`);
    const downloads = fetched.slice(fetchMark).filter((f) => f.url.includes('/files/'));
    assert.equal(downloads.length, 2);
    assert.deepEqual(downloads.map((d) => d.authorization), [null, null], 'the API key must not travel to label file hosts');
  });

  test('buying several parcels buys the Order by carrier and service: one number and label each', async () => {
    const rate = find(await adapter.rate(request([box, smallBox])), 'ups', '2ndDayAir');
    const mark = server.requests.length;
    const label = await adapter.createLabel({ ...request([box, smallBox]), rate });
    const buy = server.requests.slice(mark).find((r) => r.path.endsWith('/buy'));
    assert.match(buy?.path ?? '', /^\/v2\/orders\/order_\d+\/buy$/);
    assert.deepEqual(buy?.body, { carrier: 'UPS', service: '2ndDayAir' });
    assert.equal(label.trackingNumbers.length, 2);
    assert.notEqual(label.trackingNumbers[0], label.trackingNumbers[1]);
    for (const n of label.trackingNumbers) assert.ok(n.startsWith('1Z') && checkDigitValid('ups', n), `${n} is not a valid UPS number`);
    assert.equal(label.amountMinor, rate.amountMinor);
    assert.match(label.carrierShipmentId ?? '', /^order_/);
    assert.equal(label.labels?.filter((l) => l.pdf && l.zpl).length, 2);
  });

  test('a rate without an EasyPost id is re-quoted and bought for the same service', async () => {
    const rate = find(await adapter.rate(request([box])), 'fedex', 'FEDEX_GROUND');
    const mark = server.requests.length;
    const label = await adapter.createLabel({ ...request([box]), rate: { ...rate, carrierRateId: undefined } });
    assert.deepEqual(since(mark).slice(0, 2), ['POST /v2/shipments', 'POST /v2/shipments/shp_*/buy']);
    assert.ok(label.trackingNumbers[0] && checkDigitValid('fedex', label.trackingNumbers[0]), `a valid FedEx tracking number: ${label.trackingNumbers[0]}`);
  });

  test('retrying a purchase that went through answers what was bought, without buying twice', async () => {
    for (const parcels of [[box], [box, smallBox]]) {
      const rate = find(await adapter.rate(request(parcels)), 'usps', 'Express');
      const first = await adapter.createLabel({ ...request(parcels), rate });
      const mark = server.requests.length;
      const again = await adapter.createLabel({ ...request(parcels), rate });
      assert.deepEqual([again.trackingNumbers, again.amountMinor, again.carrierShipmentId], [first.trackingNumbers, first.amountMinor, first.carrierShipmentId]);
      assert.equal(since(mark).filter((r) => r.endsWith('/buy')).length, 1, 'one refused buy, then a look-up');
    }
  });

  test('a purchase that failed is reported as it failed', async () => {
    const rate = find(await adapter.rate(request([box])), 'usps', 'Express');
    server.failNext(500);
    await assert.rejects(adapter.createLabel({ ...request([box]), rate }), (e: unknown) => e instanceof CarrierError && e.status === 500 && e.retryable);
    const label = await adapter.createLabel({ ...request([box]), rate });
    assert.equal(label.trackingNumbers.length, 1, 'the retry buys it');
  });

  test('a label format EasyPost cannot convert to is reported; the purchase stands', async () => {
    server.refuseConversion('FedEx', 'ZPL');
    const rate = find(await adapter.rate(request([box])), 'fedex', 'STANDARD_OVERNIGHT');
    const label = await adapter.createLabel({ ...request([box]), rate });
    assert.equal(label.trackingNumbers.length, 1);
    assert.equal(label.labels?.[0]?.pdf?.subarray(0, 5).toString('latin1'), '%PDF-', label.labelProblems.join('; '));
    assert.equal(label.labels?.[0]?.zpl, undefined);
    assert.equal(label.labelProblems.length, 1);
    assert.match(label.labelProblems[0] ?? '', /SHIPMENT\.LABEL\.CONVERSION_UNAVAILABLE/);
  });

  test('void asks EasyPost for a refund of every parcel; a second void is refused by EasyPost', async () => {
    for (const parcels of [[box], [box, smallBox]]) {
      const rate = find(await adapter.rate(request(parcels)), 'usps', 'GroundAdvantage');
      const label = await adapter.createLabel({ ...request(parcels), rate });
      const mark = server.requests.length;
      assert.deepEqual(await adapter.void({ carrierShipmentId: label.carrierShipmentId, trackingNumbers: label.trackingNumbers }), { voided: true });
      assert.equal(since(mark).filter((r) => r.endsWith('/refund')).length, parcels.length);
      await assert.rejects(adapter.void({ carrierShipmentId: label.carrierShipmentId, trackingNumbers: label.trackingNumbers }), (e: unknown) => e instanceof CarrierError && e.status === 422 && !e.retryable);
    }
    assert.deepEqual(await adapter.void({ trackingNumbers: ['9400100000000000000000'] }), { voided: false, reason: 'No EasyPost shipment id was kept for this label' });
  });

  test('track maps the Tracker history to our statuses, locations and UTC instants', async () => {
    const rate = find(await adapter.rate(request([box])), 'usps', 'Priority');
    const [number] = (await adapter.createLabel({ ...request([box]), rate })).trackingNumbers;
    assert.ok(number, 'the label has a tracking number');
    server.scan(number, { status: 'in_transit', datetime: '2026-01-06T06:15:00-08:00', message: 'Arrived at facility', tracking_location: { city: 'OAKLAND', state: 'CA', zip: '94607', country: 'US' } });
    server.scan(number, { status: 'delivered', datetime: '2026-01-07T09:40:00-08:00', message: 'Delivered', tracking_location: { city: 'REDONDO BEACH', state: 'CA' } });
    const mark = server.requests.length;
    const updates = await adapter.track(number);
    assert.deepEqual(server.requests.slice(mark).map((r) => [r.path, r.body]), [['/v2/trackers', { tracker: { tracking_code: number } }]]);
    assert.deepEqual(updates, [
      { trackingNumber: number, status: 'label_created', occurredAt: '2026-01-05T18:00:00.000Z', location: undefined, description: 'Shipping Label Created' },
      { trackingNumber: number, status: 'in_transit', occurredAt: '2026-01-06T14:15:00.000Z', location: 'OAKLAND, CA 94607, US', description: 'Arrived at facility' },
      { trackingNumber: number, status: 'delivered', occurredAt: '2026-01-07T17:40:00.000Z', location: 'REDONDO BEACH, CA', description: 'Delivered' },
    ]);
    assert.deepEqual(await adapter.track('1Z999AA10123456784'), [], 'a new Tracker has no history yet');
  });

  const isError = (status: number, code: string, retryable: boolean) => (e: unknown) => {
    assert.ok(e instanceof CarrierError, `expected a CarrierError, got ${String(e)}`);
    assert.deepEqual({ status: e.status, code: e.code, retryable: e.retryable }, { status, code, retryable });
    assert.ok(!e.message.includes(apiKey), 'the API key must never appear in an error');
    return true;
  };

  test('a wrong API key is a 401 CarrierError, not worth retrying', async () => {
    const wrong = easyPostCarrier({ apiKey: 'EZTK_wrong', baseUrl: server.url, carrierCode: 'easypost', fetch: loopbackFetch });
    await assert.rejects(wrong.rate(request([box])), isError(401, 'APIKEY.INACTIVE', false));
  });

  const failures: [number, string, boolean][] = [[500, 'INTERNAL_SERVER_ERROR', true], [503, 'INTERNAL_SERVER_ERROR', true], [429, 'FORCED.FAILURE', true], [402, 'FORCED.FAILURE', false]];
  for (const [status, code, retryable] of failures) {
    test(`EasyPost answering ${status} is ${retryable ? '' : 'not '}retryable`, async () => {
      server.failNext(status);
      await assert.rejects(adapter.rate(request([box])), isError(status, code, retryable));
    });
  }

  test('a refused request names EasyPost code and the fields it blamed', async () => {
    await assert.rejects(adapter.rate({ ...request([box]), to: { ...to, line1: '' } }), (e: unknown) => {
      isError(422, 'PARAMETER.REQUIRED', false)(e);
      assert.match((e as Error).message, /to_address\.street1: cannot be blank/);
      return true;
    });
  });

  test('no answer within the timeout is a retryable TIMEOUT', async () => {
    const impatient = easyPostCarrier({ apiKey, baseUrl: server.url, carrierCode: 'easypost', fetch: loopbackFetch, timeoutMs: 100 });
    server.stallNext();
    const started = performance.now();
    await assert.rejects(impatient.track('9400100000000000000000'), isError(504, 'TIMEOUT', true));
    assert.ok(performance.now() - started < 1500, `gave up within 1.5 s: ${Math.round(performance.now() - started)} ms`);
  });

  test('an unreachable host is a retryable UNREACHABLE', async () => {
    const nowhere = easyPostCarrier({ apiKey, baseUrl: 'http://127.0.0.1:9/v2', carrierCode: 'easypost', fetch: loopbackFetch, timeoutMs: 1000 });
    await assert.rejects(nowhere.rate(request([box])), isError(503, 'UNREACHABLE', true));
  });

  test('by default only public https addresses are called: an aggregator on loopback is refused before connecting', async () => {
    const mark = server.requests.length;
    const local = easyPostCarrier({ apiKey, baseUrl: server.url.replace('http:', 'https:'), carrierCode: 'easypost', timeoutMs: 1000 });
    await assert.rejects(local.rate(request([box])), (e: unknown) => isError(503, 'UNREACHABLE', true)(e) && /127\.0\.0\.1 is inside a private network/.test((e as Error).message));
    assert.equal(server.requests.length, mark, 'nothing reached the server');
  });

  /**
   * Label files are fetched from wherever the aggregator's answer says. The aggregator here plays
   * a public one (its API is reached through a client allowing loopback); everything else goes
   * through the client as production has it: public addresses only.
   */
  describe('label URLs given by the aggregator', () => {
    const labelsTest: Resolver = async (name) => (name === 'labels.test' ? [{ address: '127.0.0.1', family: 4 }] : []);
    const production = createOutboundClient({ resolve: labelsTest }).fetch;
    const asInProduction: typeof fetch = (input, init) => (String(input).startsWith(server.url) ? loopbackFetch(input, init) : production(input, init));
    const buyWithLabelsAt = async (origin: string, fetcher: typeof fetch) => {
      const viaProduction = easyPostCarrier({ apiKey, baseUrl: server.url, carrierCode: 'easypost', fetch: fetcher, timeoutMs: 2000 });
      const rate = find(await viaProduction.rate(request([box])), 'usps', 'Priority');
      server.labelOrigin(origin);
      try {
        return await viaProduction.createLabel({ ...request([box]), rate });
      } finally {
        server.labelOrigin(null);
      }
    };

    test('a label URL into a private network is refused, by address or by a name resolving there; nothing is read', async () => {
      const internal = await startInternalService();
      try {
        for (const origin of [`https://127.0.0.1:${internal.port}`, `https://labels.test:${internal.port}`, `https://[::ffff:7f00:1]:${internal.port}`]) {
          const label = await buyWithLabelsAt(origin, asInProduction);
          assert.equal(label.trackingNumbers.length, 1, 'the postage is bought and kept');
          assert.deepEqual(label.labels, [{ pdf: undefined, zpl: undefined }], origin);
          assert.equal(label.labelProblems.length, 2);
          assert.ok(label.labelProblems.every((p) => /inside a private network/.test(p)), label.labelProblems.join('; '));
        }
        assert.equal(internal.connections, 0, 'the internal service was never connected to');
      } finally {
        await internal.close();
      }
    });

    test('a label URL that redirects is answered by the redirect, never followed', async () => {
      const internal = await startInternalService();
      const redirector = await startInternalService((req, res) => res.writeHead(302, { location: `${internal.url}${req.url ?? '/'}` }).end());
      try {
        const label = await buyWithLabelsAt(redirector.url, loopbackFetch);
        assert.deepEqual(label.labels, [{ pdf: undefined, zpl: undefined }]);
        assert.ok(label.labelProblems.every((p) => /answered 302/.test(p)), label.labelProblems.join('; '));
        assert.equal(redirector.requests.length, 2, 'both files were asked for where the aggregator said');
        assert.equal(internal.connections, 0, 'the redirect target was never contacted');
      } finally {
        await internal.close();
        await redirector.close();
      }
    });
  });
});
