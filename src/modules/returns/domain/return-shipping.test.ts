import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelDeduction, labelDeductionRule } from './label-deduction.js';
import { defaultPolicy } from './policy.js';
import { defaultReasons } from './reasons.js';
import { computeRefund } from './refund.js';
import { nearestReturnLocation } from './return-location.js';
import { PACKAGING_GRAMS, returnParcel } from './return-parcel.js';

// Newark NJ, Los Angeles CA, Chicago IL; a customer in Pasadena CA.
const EAST = { id: 'loc_e', code: 'EAST', active: true, latitude: 40.73, longitude: -74.17 };
const WEST = { id: 'loc_w', code: 'WEST', active: true, latitude: 34.05, longitude: -118.24 };
const MID = { id: 'loc_m', code: 'MID', active: true, latitude: 41.88, longitude: -87.63 };
const PASADENA = { latitude: 34.15, longitude: -118.14 };

describe('the return location by rules', () => {
  test('the nearest active location of the policy’s list, whatever its rank', () => {
    const chosen = nearestReturnLocation(['EAST', 'MID', 'WEST'], [EAST, MID, WEST], PASADENA);
    assert.equal(chosen?.code, 'WEST');
    assert.ok((chosen?.distance_km ?? 99) < 20, `Pasadena is close to LA: ${chosen?.distance_km}`);
    assert.match(chosen?.reason ?? '', /nearest/);
  });

  test('inactive locations and locations not in the policy never receive returns', () => {
    assert.equal(nearestReturnLocation(['EAST', 'WEST'], [EAST, { ...WEST, active: false }, MID], PASADENA)?.code, 'EAST');
    assert.equal(nearestReturnLocation(['MID'], [EAST, MID, WEST], PASADENA)?.code, 'MID');
    assert.equal(nearestReturnLocation([], [EAST, MID, WEST], PASADENA), undefined);
    assert.equal(nearestReturnLocation(['WEST'], [{ ...WEST, active: false }], PASADENA), undefined);
  });

  test('without the customer’s position, or the locations’, the policy’s order of preference decides', () => {
    assert.equal(nearestReturnLocation(['MID', 'WEST'], [MID, WEST], null)?.code, 'MID');
    const chosen = nearestReturnLocation(['WEST', 'EAST'], [{ ...WEST, latitude: null, longitude: null }, EAST], PASADENA);
    assert.equal(chosen?.code, 'EAST', 'a known distance comes before an unknown one');
  });
});

describe('who pays the return label', () => {
  test('unset, it follows return_shipping: charged → customer reasons only, free → never', () => {
    assert.equal(labelDeductionRule({ return_shipping: 'charged' }), 'customer_reasons');
    assert.equal(labelDeductionRule({ return_shipping: 'free' }), 'never');
    assert.equal(labelDeductionRule({ return_shipping: 'free', deduct_return_label: 'always' }), 'always');
  });

  test('customer reasons pay it, a merchant’s fault does not; never more than the refund', () => {
    const charged = { return_shipping: 'charged' as const };
    assert.equal(labelDeduction(charged, defaultReasons, ['changed_mind'], 750, 2000), 750);
    assert.equal(labelDeduction(charged, defaultReasons, ['changed_mind', 'defective'], 750, 2000), 0);
    assert.equal(labelDeduction({ ...charged, deduct_return_label: 'always' }, defaultReasons, ['defective'], 750, 2000), 750);
    assert.equal(labelDeduction({ ...charged, deduct_return_label: 'never' }, defaultReasons, ['changed_mind'], 750, 2000), 0);
    assert.equal(labelDeduction(charged, defaultReasons, ['changed_mind'], 750, 500), 500, 'capped at the refund');
    assert.equal(labelDeduction(charged, defaultReasons, ['changed_mind'], 0, 500), 0, 'no label, nothing taken');
  });

  test('the refund itemises the deduction and takes it off the amount', () => {
    const paid = { price: 1000, discount: 0, tax: 80, paid: 1080 };
    const refund = computeRefund({ policy: { ...defaultPolicy, return_shipping: 'charged' }, reasons: defaultReasons, taxesIncluded: false, shipping: [], shippingRefunded: false, returnLabelMinor: 650, lines: [{ orderLineId: 'l', sku: 'S', reason: 'size_too_small', count: 1, start: 0, paid }] });
    assert.deepEqual([refund.label_minor, refund.tax_minor, refund.amount_minor], [650, 80, 1000 + 80 - 650]);
    const noLabel = computeRefund({ policy: { ...defaultPolicy, return_shipping: 'charged' }, reasons: defaultReasons, taxesIncluded: false, shipping: [], shippingRefunded: false, lines: [{ orderLineId: 'l', sku: 'S', reason: 'size_too_small', count: 1, start: 0, paid }] });
    assert.deepEqual([noLabel.label_minor, noLabel.amount_minor], [0, 1080]);
  });
});

describe('the return parcel', () => {
  test('catalog weights × units plus packaging; units laid flat and stacked', () => {
    const made = returnParcel([{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }], new Map([['A', { weightGrams: 500, dims: { length: 100, width: 300, height: 50 } }], ['B', { weightGrams: 200, dims: { length: 200, width: 150, height: 40 } }]]));
    assert.ok('parcel' in made, JSON.stringify(made));
    assert.deepEqual(made.parcel, { weightGrams: 2 * 500 + 200 + PACKAGING_GRAMS, lengthMm: 300, widthMm: 150, heightMm: 2 * 50 + 40 });
  });

  test('a SKU without a weight is named, not guessed; no dimensions at all: a standard carton', () => {
    assert.deepEqual(returnParcel([{ sku: 'A', quantity: 1 }, { sku: 'C', quantity: 1 }], new Map([['A', { weightGrams: 100 }]])), { missingWeight: ['C'] });
    const made = returnParcel([{ sku: 'A', quantity: 1 }], new Map([['A', { weightGrams: 100 }]]));
    assert.ok('parcel' in made && made.parcel.lengthMm > 0 && made.parcel.heightMm > 0, `a standard carton: ${JSON.stringify(made)}`);
  });
});
