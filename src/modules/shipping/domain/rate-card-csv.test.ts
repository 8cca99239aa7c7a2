import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { csvFieldFor, parseRateCsv, parseTransitCsv, parseZoneCsv, type CsvResult } from './rate-card-csv.js';

function problemsOf<Row>(result: CsvResult<Row>): { field: string; message: string }[] {
  assert.ok('problems' in result, `expected problems, got rows ${JSON.stringify(result)}`);
  return result.problems;
}

function rowsOf<Row>(result: CsvResult<Row>): Row[] {
  assert.ok('rows' in result, `expected rows, got problems ${JSON.stringify(result)}`);
  return result.rows;
}

describe('parseRateCsv', () => {
  test('columns in any order, comments and blank lines skipped, prices to exact minor units', () => {
    const text = '# sample\nprice,max_weight,zone,service\n12.34,1,2,ground\n\n0.1,0.5,8,ground\n1029.99,150,8,next_day_air\n';
    assert.deepEqual(rowsOf(parseRateCsv(text, 'USD')), [
      { service: 'ground', zone: '2', maxWeight: 1, priceMinor: 1234 },
      { service: 'ground', zone: '8', maxWeight: 0.5, priceMinor: 10 },
      { service: 'next_day_air', zone: '8', maxWeight: 150, priceMinor: 102999 },
    ]);
  });

  test('the currency’s exponent decides the minor units', () => {
    assert.equal(rowsOf(parseRateCsv('service,zone,max_weight,price\nground,2,1,1200\n', 'JPY'))[0]?.priceMinor, 1200);
    assert.equal(rowsOf(parseRateCsv('service,zone,max_weight,price\nground,2,1,1.234\n', 'KWD'))[0]?.priceMinor, 1234);
  });

  const header = 'service,zone,max_weight,price\n';
  const cases: [string, string, string, string, RegExp][] = [
    ['more decimals than USD has', 'USD', `${header}ground,2,1,12.34\nground,2,2,12.345\n`, 'rates_csv[3].price', /more than 2 decimal places/],
    ['any decimals in JPY', 'JPY', `${header}ground,2,1,1200.5\n`, 'rates_csv[2].price', /more than 0 decimal places/],
    ['a negative price', 'USD', `${header}ground,2,1,-1.00\n`, 'rates_csv[2].price', /non-negative decimal/],
    ['a price with a currency sign', 'USD', `${header}ground,2,1,$1.00\n`, 'rates_csv[2].price', /decimal/],
    ['a zero weight', 'USD', `${header}ground,2,0,1.00\n`, 'rates_csv[2].max_weight', /positive/],
    ['a weight that is not a number', 'USD', `${header}ground,2,ten,1.00\n`, 'rates_csv[2].max_weight', /positive/],
    ['an empty zone', 'USD', `${header}ground,,1,1.00\n`, 'rates_csv[2].zone', /empty/],
    ['a row with an extra value', 'USD', `${header}ground,2,1,1.00,x\n`, 'rates_csv[2]', /5 values; the header has 4/],
    ['an extra column', 'USD', 'service,zone,max_weight,price,notes\nground,2,1,1.00,x\n', 'rates_csv.header', /unknown column "notes"/],
    ['a missing column', 'USD', 'service,zone,price\nground,2,1.00\n', 'rates_csv.header', /missing column "max_weight"/],
    ['a repeated column', 'USD', 'service,zone,max_weight,price,price\nground,2,1,1.00,2.00\n', 'rates_csv.header', /repeats column "price"/],
    ['an empty file', 'USD', '', 'rates_csv', /empty/],
    ['a header without rows', 'USD', header, 'rates_csv', /no rows/],
    ['an unclosed quote', 'USD', `${header}"ground,2,1,1.00\n`, 'rates_csv', /not readable CSV/],
    ['an unknown currency', 'ABC', `${header}ground,2,1,1.00\n`, 'currency', /ISO 4217/],
  ];
  for (const [name, currency, text, field, message] of cases) {
    test(`refuses ${name}`, () => {
      const problems = problemsOf(parseRateCsv(text, currency));
      const match = problems.find((p) => p.field === field);
      assert.ok(match, `no problem at ${field}: ${JSON.stringify(problems)}`);
      assert.match(match.message, message);
    });
  }

  test('line numbers count comment lines, as an editor shows them', () => {
    const problems = problemsOf(parseRateCsv(`# a\n# b\n${header}ground,2,1,1.00\nground,2,2,oops\n`, 'USD'));
    assert.deepEqual(problems.map((p) => p.field), ['rates_csv[5].price']);
  });

  test('reports every bad row, capped', () => {
    const rows = Array.from({ length: 150 }, (_, i) => `ground,2,${i + 1},x`).join('\n');
    assert.equal(problemsOf(parseRateCsv(`${header}${rows}\n`, 'USD')).length, 100);
  });
});

describe('parseZoneCsv', () => {
  const header = 'origin_zip3_from,origin_zip3_to,dest_zip3_from,dest_zip3_to,zone\n';
  test('reads ranges as ZIP3 strings', () => {
    assert.deepEqual(rowsOf(parseZoneCsv(`${header}005,099,005,999,2\n`)), [{ originFrom: '005', originTo: '099', destFrom: '005', destTo: '999', zone: '2' }]);
  });

  const cases: [string, string, string][] = [
    ['a two-digit ZIP3', `${header}005,099,05,999,2\n`, 'zones_csv[2].dest_zip3_from'],
    ['a backwards origin range', `${header}099,005,005,999,2\n`, 'zones_csv[2].origin_zip3_to'],
    ['a backwards destination range', `${header}005,099,999,005,2\n`, 'zones_csv[2].dest_zip3_to'],
    ['a missing zone', `${header}005,099,005,999,\n`, 'zones_csv[2].zone'],
    ['a misspelt column', 'origin_zip3_from,origin_zip3_to,dest_zip_from,dest_zip3_to,zone\n005,099,005,999,2\n', 'zones_csv.header'],
  ];
  for (const [name, text, field] of cases) {
    test(`refuses ${name}`, () => {
      assert.ok(problemsOf(parseZoneCsv(text)).some((p) => p.field === field), `the problem names ${field}`);
    });
  }
});

describe('parseTransitCsv', () => {
  test('reads days', () => {
    assert.deepEqual(rowsOf(parseTransitCsv('zone,service,days\n2,ground,1\n')), [{ service: 'ground', zone: '2', days: 1 }]);
  });

  const cases: [string, string, string][] = [
    ['fractional days', 'service,zone,days\nground,2,1.5\n', 'transit_csv[2].days'],
    ['more than 60 days', 'service,zone,days\nground,2,61\n', 'transit_csv[2].days'],
    ['a service code with spaces', 'service,zone,days\nUPS Ground,2,1\n', 'transit_csv[2].service'],
  ];
  for (const [name, text, field] of cases) {
    test(`refuses ${name}`, () => {
      assert.ok(problemsOf(parseTransitCsv(text)).some((p) => p.field === field), `the problem names ${field}`);
    });
  }
});

describe('card problems point back at the CSV line', () => {
  test('lines follow the file, comments included', () => {
    const result = parseRateCsv('# sample\nservice,zone,max_weight,price\nground,2,1,1.00\n\nground,2,1,1.00\n', 'USD');
    assert.ok('lines' in result, `parses: ${JSON.stringify(result)}`);
    assert.deepEqual(result.lines, [3, 5]);
  });

  const lines = { rates: [3, 5], zones: [2], transit: [2, 3] };
  const cases: [string, string][] = [
    ['rates[1].maxWeight', 'rates_csv[5].max_weight'],
    ['rates[0].priceMinor', 'rates_csv[3].price'],
    ['zones[0].originFrom', 'zones_csv[2].origin_zip3_from'],
    ['zones[0]', 'zones_csv[2]'],
    ['transit[1].days', 'transit_csv[3].days'],
    ['transit', 'transit'],
    ['currency', 'currency'],
    ['rates[9].zone', 'rates[9].zone'],
  ];
  for (const [field, expected] of cases) {
    test(`${field} → ${expected}`, () => {
      assert.equal(csvFieldFor(field, lines), expected);
    });
  }
});
