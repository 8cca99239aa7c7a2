import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getTracking, fedex, ups, usps } from 'ts-tracking-number';
import { checkDigitValid, formatTrackingNumber, generateTrackingNumber, identifyTrackingNumber, uspsBarcodeData, type TrackingFormat, type TrackingNumberOptions } from './tracking-numbers.js';

const generated: { format: TrackingFormat; serial: number; opts: TrackingNumberOptions; courier: string; length: number }[] = [
  { format: 'ups', serial: 1, opts: { shipperNumber: '12X34V', serviceCode: '03' }, courier: 'ups', length: 18 },
  { format: 'ups', serial: 9_999_999, opts: { shipperNumber: 'a1b2c3', serviceCode: '02' }, courier: 'ups', length: 18 },
  { format: 'fedex', serial: 1, opts: {}, courier: 'fedex', length: 12 },
  { format: 'fedex', serial: 98_765_432_109, opts: {}, courier: 'fedex', length: 12 },
  { format: 'usps', serial: 1, opts: { mailerId: '123456', serviceTypeCode: '055' }, courier: 'usps', length: 22 },
  { format: 'usps', serial: 9_999_999, opts: { mailerId: '901234567', serviceTypeCode: '001' }, courier: 'usps', length: 22 },
  { format: 'usps', serial: 77, opts: { mailerId: '123456', serviceTypeCode: '701', applicationId: '94' }, courier: 'usps', length: 22 },
];

describe('generateTrackingNumber', () => {
  for (const g of generated) {
    test(`${g.format} serial ${g.serial} is a valid ${g.courier} number for ts-tracking-number and for us`, () => {
      const n = generateTrackingNumber(g.format, g.serial, g.opts);
      assert.equal(n.length, g.length);
      assert.equal(getTracking(n, [ups, fedex, usps])?.courier.code, g.courier);
      assert.equal(checkDigitValid(g.format, n), true);
      assert.deepEqual(identifyTrackingNumber(n).carrier, g.courier);
    });
  }

  test('UPS layout: 1Z + shipper + service + 7-digit serial + check', () => {
    assert.match(generateTrackingNumber('ups', 42, { shipperNumber: '12X34V', serviceCode: '01' }), /^1Z12X34V010000042\d$/);
  });

  test('USPS layout: application id + STC + MID + serial filling 21 digits + check', () => {
    assert.match(generateTrackingNumber('usps', 42, { mailerId: '123456', serviceTypeCode: '055' }), /^920551234560000000042\d$/);
  });

  const refused: [TrackingFormat, number, TrackingNumberOptions][] = [
    ['ups', 1, {}],
    ['ups', 1, { shipperNumber: '12X34', serviceCode: '03' }],
    ['ups', 10_000_000, { shipperNumber: '12X34V' }],
    ['fedex', 100_000_000_000, {}],
    ['fedex', -1, {}],
    ['fedex', 1.5, {}],
    ['usps', 1, { mailerId: '1234567', serviceTypeCode: '001' }],
    ['usps', 1, { mailerId: '123456', serviceTypeCode: '01' }],
    ['usps', 10_000_000, { mailerId: '123456789', serviceTypeCode: '001' }],
  ];
  for (const [format, serial, opts] of refused) {
    test(`refuses ${format} serial ${serial} with ${JSON.stringify(opts)}`, () => {
      assert.throws(() => generateTrackingNumber(format, serial, opts), RangeError);
    });
  }
});

describe('checkDigitValid against published samples', () => {
  // Valid samples from jkeen/tracking_number_data, which the carriers' own examples seeded.
  const samples: [TrackingFormat, string][] = [
    ['ups', '1Z5R89390357567127'],
    ['ups', '1Z879E930346834440'],
    ['ups', '1Z410E7W0392751591'],
    ['ups', '1Z8V92A70367203024'],
    ['fedex', '986578788855'],
    ['fedex', '477179081230'],
    ['fedex', '799531274483'],
    ['usps', '9400111202555842332669'],
    ['usps', '9505 5110 6960 5048 6006 24'],
  ];
  for (const [format, number] of samples) {
    test(`${number} validates as ${format}, and every single-digit change fails`, () => {
      assert.equal(checkDigitValid(format, number), true);
      const n = number.replace(/\s+/g, '');
      const last = Number(n.at(-1));
      for (let d = 0; d <= 9; d++) {
        if (d === last) continue;
        assert.equal(checkDigitValid(format, n.slice(0, -1) + String(d)), false, `check digit ${d}`);
      }
      // A flipped data digit must be caught too.
      const i = n.length - 3;
      const flipped = n.slice(0, i) + String((Number(n[i]) + 1) % 10) + n.slice(i + 1);
      assert.equal(checkDigitValid(format, flipped), false);
      assert.equal(identifyTrackingNumber(flipped).valid, false);
    });
  }
});

describe('identifyTrackingNumber', () => {
  const cases: [string, boolean, string | undefined][] = [
    ['1Z5R89390357567127', true, 'ups'],
    [' 1z 5r89 3903 5756 7127 ', true, 'ups'],
    ['986578788855', true, 'fedex'],
    ['9400111202555842332669', true, 'usps'],
    ['1Z5R89390357567128', false, undefined],
    ['986578788856', false, undefined],
    ['hello', false, undefined],
    ['', false, undefined],
  ];
  for (const [number, valid, carrier] of cases) {
    test(`${JSON.stringify(number)} → ${valid ? carrier : 'invalid'}`, () => {
      const r = identifyTrackingNumber(number);
      assert.equal(r.valid, valid);
      assert.equal(r.carrier, carrier);
    });
  }
});

describe('uspsBarcodeData', () => {
  test('AI 420 + ZIP5, FNC1, then the IMpb as AI 92', () => {
    const impb = generateTrackingNumber('usps', 5, { mailerId: '123456', serviceTypeCode: '055' });
    const d = uspsBarcodeData(impb, '10001-4321');
    assert.equal(d.gs1, `(420)10001(92)${impb.slice(2)}`);
    assert.equal(d.scanned, `42010001\x1d${impb}`);
    assert.equal(d.humanReadable.replace(/ /g, ''), impb);
  });
  test('refuses a non-IMpb number or a short ZIP', () => {
    assert.throws(() => uspsBarcodeData('1Z5R89390357567127', '10001'), RangeError);
    assert.throws(() => uspsBarcodeData('9400111202555842332669', '1000'), RangeError);
  });
  test('UPS numbers print in the carrier grouping', () => {
    assert.equal(formatTrackingNumber('1Z5R89390357567127', 'ups'), '1Z 5R8 939 03 5756 7127');
  });
});
