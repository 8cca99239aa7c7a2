import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { customsDocumentFor, customsRequired, customsTerritory, declareCustoms, totalValueMinor, type DeclarationInput, type DeclarationProduct } from './customs.js';

const US = { country: 'US', region: 'NJ' };
const CA = { country: 'CA', region: 'ON' };
const GB = { country: 'GB' };

function product(sku: string, overrides: Partial<DeclarationProduct> = {}): DeclarationProduct {
  return { sku, name: `Product ${sku}`, customsDescription: null, hsCode: '610910', countryOfOrigin: 'PT', priceMinor: 1000, currency: 'USD', weightGrams: 200, ...overrides };
}

function input(overrides: Partial<DeclarationInput> = {}): DeclarationInput {
  return {
    from: US,
    to: GB,
    currency: 'USD',
    lines: [{ sku: 'TEE', quantity: 2, valueMinor: 3000 }],
    products: [product('TEE', { customsDescription: 'Cotton T-shirt' })],
    parcelWeightGrams: 700,
    defaultSigner: 'Ada Lovelace',
    ...overrides,
  };
}

function declared(i: DeclarationInput) {
  const result = declareCustoms(i);
  assert.ok('declaration' in result, JSON.stringify(result));
  return result.declaration;
}

function problemsOf(i: DeclarationInput): string[] {
  const result = declareCustoms(i);
  assert.ok('problems' in result, `expected problems, got ${JSON.stringify(result)}`);
  return result.problems.map((p) => p.field);
}

describe('when a declaration is needed', () => {
  const cases: [string, { country: string; region?: string }, { country: string; region?: string }, boolean][] = [
    ['US → US', US, { country: 'US', region: 'CA' }, false],
    ['US → Canada', US, CA, true],
    ['US → Puerto Rico (inside the US customs territory)', US, { country: 'PR' }, false],
    ['US → US Virgin Islands', US, { country: 'VI' }, true],
    ['US → Guam', US, { country: 'GU' }, true],
    ['US → APO (AE)', US, { country: 'US', region: 'AE' }, true],
    ['APO (AP) → US', { country: 'US', region: 'AP' }, US, true],
    ['France → Germany (EU customs union)', { country: 'FR' }, { country: 'DE' }, false],
    ['Germany → Switzerland', { country: 'DE' }, { country: 'CH' }, true],
    ['Germany → United Kingdom', { country: 'DE' }, GB, true],
    ['Canada → Canada', CA, { country: 'CA', region: 'BC' }, false],
  ];
  for (const [name, from, to, expected] of cases) {
    test(name, () => assert.equal(customsRequired(from, to), expected, `${customsTerritory(from)} → ${customsTerritory(to)}`));
  }
});

describe('building a declaration', () => {
  test('from the shipped lines and the products: value paid, net weight, HS code, origin, description', () => {
    const d = declared(input());
    assert.deepEqual(d.items, [{ sku: 'TEE', description: 'Cotton T-shirt', quantity: 2, valueMinor: 3000, weightGrams: 400, hsCode: '610910', originCountry: 'PT' }]);
    assert.equal(d.contentsType, 'merchandise');
    assert.equal(d.nonDeliveryOption, 'return');
    assert.equal(d.restrictionType, 'none');
    assert.equal(d.signer, 'Ada Lovelace');
    assert.equal(d.currency, 'USD');
    assert.equal(d.eelPfc, 'NOEEI 30.37(a)');
  });

  test('two order lines of one SKU are one item; a product without a weight shares what the parcel weighs beyond the rest', () => {
    const d = declared(
      input({
        lines: [
          { sku: 'TEE', quantity: 1, valueMinor: 1500 },
          { sku: 'MUG', quantity: 2, valueMinor: 1800 },
          { sku: 'TEE', quantity: 1, valueMinor: 1400 },
        ],
        products: [product('TEE'), product('MUG', { weightGrams: null, hsCode: '691200', countryOfOrigin: 'CN' })],
        parcelWeightGrams: 1000,
      }),
    );
    assert.deepEqual(d.items.map((i) => [i.sku, i.quantity, i.valueMinor, i.weightGrams]), [['TEE', 2, 2900, 400], ['MUG', 2, 1800, 600]]);
    assert.equal(totalValueMinor(d), 4700);
  });

  test('a free line is declared at the list price; the request overrides per SKU and for the whole parcel', () => {
    const free = declared(input({ lines: [{ sku: 'TEE', quantity: 3, valueMinor: 0 }] }));
    assert.equal(free.items[0]?.valueMinor, 3000);
    const d = declared(
      input({
        override: {
          contents_type: 'gift',
          non_delivery_option: 'abandon',
          signer: 'Grace Hopper',
          items: [{ sku: 'TEE', description: 'Gift T-shirt', unit_value: '5.50', hs_code: '6109.10.0012', country_of_origin: 'BD' }],
        },
      }),
    );
    assert.deepEqual(d.items[0], { sku: 'TEE', description: 'Gift T-shirt', quantity: 2, valueMinor: 1100, weightGrams: 400, hsCode: '6109100012', originCountry: 'BD' });
    assert.equal(d.contentsType, 'gift');
    assert.equal(d.nonDeliveryOption, 'abandon');
    assert.equal(d.signer, 'Grace Hopper');
  });

  test('a missing HS code or origin is refused naming the SKU; documents need no HS code', () => {
    const bare = { products: [product('TEE', { hsCode: null, countryOfOrigin: null })] };
    assert.deepEqual(problemsOf(input(bare)), ['products[TEE].hs_code', 'products[TEE].country_of_origin']);
    const docs = declared(input({ ...bare, override: { contents_type: 'documents', items: [{ sku: 'TEE', country_of_origin: 'US' }] } }));
    assert.equal(docs.items[0]?.hsCode, null);
    const given = declared(input({ ...bare, override: { items: [{ sku: 'TEE', hs_code: '610910', country_of_origin: 'US' }] } }));
    assert.equal(given.items[0]?.hsCode, '610910');
  });

  test('every problem of the request is named at once', () => {
    const fields = problemsOf(
      input({
        defaultSigner: undefined,
        override: {
          contents_type: 'other',
          restriction_type: 'quarantine',
          items: [
            { sku: 'NOPE' },
            { sku: 'TEE', hs_code: '12', country_of_origin: 'XX', unit_value: '1.234' },
          ],
        },
      }),
    );
    assert.deepEqual(fields, ['customs.contents_explanation', 'customs.restriction_comments', 'customs.signer', 'customs.items[0].sku', 'customs.items[1].hs_code', 'customs.items[1].country_of_origin', 'customs.items[1].unit_value']);
  });
});

describe('US export filing (EEL/PFC)', () => {
  const pricey = (valueMinor: number, sku = 'TEE') => ({ sku, quantity: 1, valueMinor });

  test('Canada is exempt by 30.36 at any value', () => {
    assert.equal(declared(input({ to: CA, lines: [pricey(900_000)] })).eelPfc, 'NOEEI 30.36');
  });

  test('up to USD 2,500 per Schedule B line: NOEEI 30.37(a); two lines under it each stay exempt', () => {
    assert.equal(declared(input({ lines: [pricey(250_000)] })).eelPfc, 'NOEEI 30.37(a)');
    const two = input({ lines: [pricey(200_000), pricey(200_000, 'MUG')], products: [product('TEE'), product('MUG', { hsCode: '691200' })] });
    assert.equal(declared(two).eelPfc, 'NOEEI 30.37(a)');
  });

  test('above USD 2,500 on one Schedule B line (same HS code summed) the ITN of the AES filing is required', () => {
    const same = input({ lines: [pricey(200_000), pricey(100_000, 'TEE2')], products: [product('TEE'), product('TEE2')] });
    assert.deepEqual(problemsOf(same), ['customs.itn']);
    assert.deepEqual(problemsOf({ ...same, override: { eel_pfc: 'NOEEI 30.37(a)' } }), ['customs.itn']);
    const filed = declared({ ...same, override: { itn: 'X20260115123456' } });
    assert.equal(filed.eelPfc, 'AES X20260115123456');
    assert.equal(filed.itn, 'X20260115123456');
    assert.deepEqual(problemsOf({ ...same, override: { itn: '20260115123456' } }), ['customs.itn']);
  });

  test('an order in another currency cannot be judged against USD: the request must say', () => {
    const eur = input({ currency: 'EUR', products: [product('TEE', { currency: 'EUR' })] });
    assert.deepEqual(problemsOf(eur), ['customs.eel_pfc']);
    assert.equal(declared({ ...eur, override: { eel_pfc: 'NOEEI 30.37(a)' } }).eelPfc, 'NOEEI 30.37(a)');
  });

  test('not a US export: no EEL/PFC (Germany → UK, US → Guam)', () => {
    assert.equal(declared(input({ from: { country: 'DE' }, currency: 'EUR', products: [product('TEE', { currency: 'EUR' })] })).eelPfc, null);
    assert.equal(declared(input({ to: { country: 'GU' }, lines: [pricey(900_000)] })).eelPfc, null);
  });
});

describe('which paper', () => {
  test('a courier takes a commercial invoice; a postal service a CN 22 up to 300 SDR and a CN 23 above', () => {
    const at = (valueMinor: number, currency = 'USD') => ({ currency, items: [{ sku: 'X', description: 'x', quantity: 1, valueMinor, weightGrams: 1, hsCode: null, originCountry: 'US' }] });
    assert.equal(customsDocumentFor(false, at(100)), 'commercial_invoice');
    assert.equal(customsDocumentFor(true, at(40_000)), 'cn22');
    assert.equal(customsDocumentFor(true, at(40_001)), 'cn23');
    assert.equal(customsDocumentFor(true, at(34_000, 'EUR')), 'cn22');
    assert.equal(customsDocumentFor(true, at(34_001, 'EUR')), 'cn23');
    // A currency we cannot convert gets the CN 23, which is valid at any value.
    assert.equal(customsDocumentFor(true, at(100, 'SEK')), 'cn23');
  });
});
