import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkAddress, type AddressInput } from './address-check.js';
import { checkPhone } from './phone.js';
import { isPoBox, militaryPostOffice } from '../../../platform/kernel/post-office-box.js';
import { formatPostalCode, isValidPostalCode } from './postal-codes.js';
import { applyVerification } from './verification.js';

const us = (over: Partial<AddressInput> = {}): AddressInput => ({ line1: '350 S Grand Ave', city: 'Los Angeles', region: 'CA', postal_code: '90071', country: 'US', ...over });
const codes = (a: AddressInput) => checkAddress(a, 'shipping_address').findings.map((f) => `${f.code}@${f.field}:${f.severity}`);

describe('postal codes', () => {
  const cases: [string, string, string, boolean][] = [
    // country, as sent, as standardised, valid
    ['US', '90013', '90013', true],
    ['US', '900131234', '90013-1234', true],
    ['US', '9001', '9001', false],
    ['CA', 'k1a0b1', 'K1A 0B1', true],
    ['CA', 'K1A 0B', 'K1A 0B', false],
    ['GB', 'sw1a1aa', 'SW1A 1AA', true],
    ['GB', 'EC1A 1BB', 'EC1A 1BB', true],
    ['GB', '12345', '12345', false],
    ['DE', '10115', '10115', true],
    ['DE', '1011', '1011', false],
    ['NL', '1012ab', '1012 AB', true],
    ['NL', '123AB', '123AB', false],
    ['JP', '1000001', '100-0001', true],
    ['JP', '100-0001', '100-0001', true],
    ['JP', '10-0001', '10-0001', false],
    ['BR', '01310100', '01310-100', true],
    ['BR', '01310-10', '01310-10', false],
  ];
  for (const [country, sent, formatted, valid] of cases) {
    test(`${country} ${sent} → ${formatted} (${valid ? 'valid' : 'invalid'})`, () => {
      assert.equal(formatPostalCode(country, sent), formatted);
      assert.equal(isValidPostalCode(country, formatted), valid);
    });
  }
});

describe('address checks', () => {
  test('the tester’s ZIP 90013 with state NY: the ZIP is in California, an error on the postal code', () => {
    const result = checkAddress(us({ postal_code: '90013', region: 'NY' }), 'shipping_address');
    assert.deepEqual(result.findings.map((f) => [f.code, f.field, f.severity]), [['postal_code_region_mismatch', 'shipping_address.postal_code', 'error']]);
    assert.match(result.findings[0]?.message ?? '', /90013 is in CA, but the state given is NY/);
  });

  test('a good US address is standardised: state name → code, ZIP+4 hyphenated, phone in E.164, spaces trimmed', () => {
    const result = checkAddress(us({ line1: '  350  S Grand Ave ', region: 'california', postal_code: '900711234', phone: '(213) 555-0100' }), 'shipping_address');
    assert.deepEqual(result.findings, []);
    assert.equal(result.standardized.line1, '350 S Grand Ave');
    assert.equal(result.standardized.region, 'CA');
    assert.equal(result.standardized.postal_code, '90071-1234');
    assert.equal(result.standardized.phone, '+12135550100');
    assert.equal(result.standardized.po_box, false);
  });

  test('an unknown state, a missing state, a missing ZIP', () => {
    assert.deepEqual(codes(us({ region: 'Narnia' })), ['region_unknown@shipping_address.region:error']);
    assert.deepEqual(codes(us({ region: null })), ['region_missing@shipping_address.region:error']);
    assert.deepEqual(codes(us({ postal_code: '' })), ['postal_code_missing@shipping_address.postal_code:error']);
  });

  test('a ZIP the dataset does not know is a warning, not an error', () => {
    assert.deepEqual(codes(us({ postal_code: '00000' })), ['postal_code_unknown@shipping_address.postal_code:warning']);
  });

  test('Canada: the first letter of the postal code names the province', () => {
    assert.deepEqual(codes({ line1: '111 Wellington St', city: 'Ottawa', region: 'ON', postal_code: 'K1A 0A9', country: 'CA' }), []);
    assert.deepEqual(codes({ line1: '1 Rue Notre-Dame', city: 'Montréal', region: 'Quebec', postal_code: 'h2y1c6', country: 'CA' }), []);
    assert.deepEqual(codes({ line1: '111 Wellington St', city: 'Ottawa', region: 'BC', postal_code: 'K1A 0A9', country: 'CA' }), ['postal_code_region_mismatch@shipping_address.postal_code:error']);
    // X serves two territories.
    assert.deepEqual(codes({ line1: '1 Main', city: 'Iqaluit', region: 'NU', postal_code: 'X0A 0H0', country: 'CA' }), []);
    assert.deepEqual(codes({ line1: '1 Main', city: 'Iqaluit', region: 'Nunavut', postal_code: 'X0A 0H0', country: 'CA' }), []);
  });

  test('postal formats of other countries are findings on the postal code', () => {
    assert.deepEqual(codes({ line1: '10 Downing St', city: 'London', postal_code: 'SW1A 2AA', country: 'GB' }), []);
    assert.deepEqual(codes({ line1: '10 Downing St', city: 'London', postal_code: 'SW1A', country: 'GB' }), ['postal_code_format@shipping_address.postal_code:error']);
    assert.deepEqual(codes({ line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '101', country: 'DE' }), ['postal_code_format@shipping_address.postal_code:error']);
    assert.deepEqual(codes({ line1: 'Unter den Linden 1', city: 'Berlin', country: 'DE' }), ['postal_code_missing@shipping_address.postal_code:error']);
    assert.deepEqual(codes({ line1: 'Dam 1', city: 'Amsterdam', postal_code: '1012JS', country: 'NL' }), []);
    assert.deepEqual(codes({ line1: '1-1 Chiyoda', city: 'Chiyoda-ku', region: 'Tokyo', postal_code: '1000001', country: 'JP' }), []);
    assert.deepEqual(codes({ line1: '1-1 Chiyoda', city: 'Chiyoda-ku', postal_code: '100-0001', country: 'JP' }), ['region_missing@shipping_address.region:error']);
    assert.deepEqual(codes({ line1: 'Av. Paulista 1000', city: 'São Paulo', region: 'SP', postal_code: '0131', country: 'BR' }), ['postal_code_format@shipping_address.postal_code:error']);
  });

  test('a country without postal codes needs none', () => {
    assert.deepEqual(codes({ line1: 'Sheikh Zayed Rd 1', city: 'Dubai', country: 'AE' }), []);
  });

  test('a PO box is a warning naming the line it is on', () => {
    assert.deepEqual(codes(us({ line1: 'P.O. Box 123' })), ['po_box@shipping_address.line1:warning']);
    assert.deepEqual(codes(us({ line2: 'PO Box 9' })), ['po_box@shipping_address.line2:warning']);
    assert.equal(checkAddress(us({ line1: 'Post Office Box 77' }), 'shipping_address').standardized.po_box, true);
  });

  test('military mail: APO/FPO/DPO cities and the AA/AE/AP states', () => {
    const apo = checkAddress({ line1: 'Unit 2050 Box 4190', city: 'APO', region: 'AP', postal_code: '96278', country: 'US' }, 'shipping_address');
    assert.equal(apo.standardized.military, 'APO');
    assert.deepEqual(apo.findings.map((f) => f.code), ['military_address']);
    const fpo = checkAddress({ line1: 'USS Ship DDG 1', city: 'FPO', region: 'AE', postal_code: '09501', country: 'US' }, 'shipping_address');
    assert.equal(fpo.standardized.military, 'FPO');
    assert.deepEqual(fpo.findings.map((f) => f.code), ['military_address']);
  });

  test('an invalid phone is a warning and stays as sent', () => {
    const result = checkAddress(us({ phone: '12345' }), 'shipping_address');
    assert.deepEqual(result.findings.map((f) => [f.code, f.field, f.severity]), [['phone_invalid', 'shipping_address.phone', 'warning']]);
    assert.equal(result.standardized.phone, '12345');
  });

  test('findings name the prefix they are given', () => {
    assert.deepEqual(codes(us({ postal_code: '90013', region: 'NY' })).length, 1);
    assert.equal(checkAddress(us({ postal_code: '90013', region: 'NY' }), 'billing_address').findings[0]?.field, 'billing_address.postal_code');
  });
});

describe('PO boxes', () => {
  const boxes = ['PO Box 12', 'P.O. Box 12', 'P O Box 12', 'p.o.box 12', 'POB 12', 'P.O.B. 12', 'POBox 12', 'Post Office Box 12', 'Postal Box 5', 'Box 44', 'Postfach 10 01 01', 'Apartado de Correos 5', 'Caixa Postal 100', 'Postbus 1000', 'GPO Box 1234', 'Private Bag 3'];
  for (const line of boxes) test(`${line} is a PO box`, () => assert.equal(isPoBox(line), true));
  // A PMB is a private mailbox at a street address (a UPS Store): every carrier delivers there.
  const streets = ['123 Main St', '1 Boxwood Lane', '12 Pobox Road', 'Post Road 5', '350 Market St PMB 221', '45 Box Hill Rd', 'Unit 4, 12 Office Park'];
  for (const line of streets) test(`${line} is not a PO box`, () => assert.equal(isPoBox(line), false));
});

describe('military post offices', () => {
  test('APO, FPO, DPO by city; AA, AE, AP by state; anything else is not', () => {
    assert.equal(militaryPostOffice('APO', 'AE', []), 'APO');
    assert.equal(militaryPostOffice('fpo', 'AP', []), 'FPO');
    assert.equal(militaryPostOffice('DPO', 'AA', []), 'DPO');
    assert.equal(militaryPostOffice('Anytown', 'AE', ['PSC 1234 Box 5678']), 'APO');
    assert.equal(militaryPostOffice('Apopka', 'FL', []), null);
    assert.equal(militaryPostOffice('Los Angeles', 'CA', ['Unit 5']), null);
  });
});

describe('phones', () => {
  const cases: [string, string, string | null][] = [
    // as written, the address's country, E.164 (null: invalid)
    ['(213) 555-0100', 'US', '+12135550100'],
    ['213-555-0100', 'US', '+12135550100'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['030 1234567', 'DE', '+49301234567'],
    ['03-1234-5678', 'JP', '+81312345678'],
    ['(11) 91234-5678', 'BR', '+5511912345678'],
    ['613-555-0199', 'CA', '+16135550199'],
    ['555-0100', 'US', null],
    ['020 7946', 'GB', null],
    ['call me', 'US', null],
    ['+1 999 555 0100', 'US', null],
  ];
  for (const [raw, country, e164] of cases) {
    test(`${raw} in ${country} → ${e164 ?? 'invalid'}`, () => {
      const result = checkPhone(raw, country);
      assert.deepEqual(result.valid ? result.e164 : null, e164);
    });
  }
});

describe('address verification answers', () => {
  const checked = checkAddress(us({ line1: '350 south grand avenue' }), 'shipping_address');
  test('none: nothing changes, nothing recorded', () => {
    const result = applyVerification(checked, 'none', null, 'shipping_address');
    assert.equal(result.verification, null);
    assert.deepEqual(result.standardized, checked.standardized);
  });
  test('corrected: the corrected fields replace the standardised ones, with a warning', () => {
    const result = applyVerification(checked, 'fake', { verdict: 'corrected', corrected: { line1: '350 S GRAND AVE', postal_code: '90071-3406' }, codes: ['AA'] }, 'shipping_address');
    assert.equal(result.standardized.line1, '350 S GRAND AVE');
    assert.equal(result.standardized.postal_code, '90071-3406');
    assert.deepEqual(result.findings.map((f) => [f.code, f.severity]), [['verification_corrected', 'warning']]);
    assert.deepEqual(result.verification, { provider: 'fake', verdict: 'corrected', codes: ['AA'] });
  });
  test('undeliverable: an error on the street line', () => {
    const result = applyVerification(checked, 'fake', { verdict: 'undeliverable', codes: ['M1'] }, 'shipping_address');
    assert.deepEqual(result.findings.map((f) => [f.code, f.field, f.severity]), [['verification_undeliverable', 'shipping_address.line1', 'error']]);
  });
});
