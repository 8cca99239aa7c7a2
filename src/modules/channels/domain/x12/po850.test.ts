import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseInterchange } from './interchange.js';
import type { TransactionSet } from './types.js';
import { map850, x12Date, x12Decimal } from './po850.js';
import { SINGLE_850_PIPES, TWO_GROUPS_850, withSeparators } from './fixtures/documents.js';

function sets(text: string): TransactionSet[] {
  const { interchange, problems } = parseInterchange(text);
  assert.deepEqual(problems, []);
  return interchange?.groups.flatMap((g) => g.sets) ?? [];
}

function first850(text: string) {
  const set = sets(text)[0];
  assert.ok(set, 'it holds a transaction set');
  return map850(set, '1001');
}

describe('850 → purchase order', () => {
  test('the header, parties, lines, dates and notes of the first PO', () => {
    const { po, problems } = first850(TWO_GROUPS_850);
    assert.deepEqual(problems, []);
    assert.ok(po, 'the set maps to a purchase order');
    assert.equal(po.poNumber, 'PO-4500012345');
    assert.equal(po.poDate, '2026-11-25');
    assert.equal(po.purpose, '00');
    assert.equal(po.poType, 'SA');
    assert.equal(po.currency, 'USD');
    assert.equal(po.requestedDeliveryDate, '2026-12-10');
    assert.equal(po.requestedShipDate, '2026-12-05');
    assert.deepEqual(po.references, [{ qualifier: 'DP', value: '038' }]);
    assert.deepEqual(po.notes, ['DELIVER BETWEEN 8AM AND 4PM']);
    assert.deepEqual(po.buyer, {
      entity: 'BY', name: 'BUYER CO', idQualifier: '92', id: '0042', additionalNames: [], addressLines: [], city: null, state: null, postalCode: null, country: null,
    });
    assert.deepEqual(po.shipTo, {
      entity: 'ST',
      name: 'BUYER CO DC 7',
      idQualifier: '92',
      id: '0007',
      additionalNames: ['RECEIVING DOCK 4'],
      addressLines: ['100 MAIN ST', 'SUITE 200'],
      city: 'SPRINGFIELD',
      state: 'IL',
      postalCode: '62701',
      country: 'US',
    });
    assert.equal(po.billTo, null);
    assert.deepEqual(
      po.lines.map((l) => [l.lineId, l.quantity, l.unit, l.unitPrice, l.buyerSku, l.vendorPartNumber, l.upc, l.ean, l.description, l.requestedDeliveryDate]),
      [
        ['1', '10', 'EA', '12.50', 'SKU-RED-S', null, '012345678905', null, 'RED T-SHIRT SMALL', null],
        ['2', '4', 'CA', '100', null, 'VEND-778', null, '4006381333931', null, '2026-12-12'],
        ['3', '1', 'EA', '0.99', null, 'VN-1', null, null, null, null],
      ],
    );
    assert.deepEqual(po.lines[0]?.productIds, [{ qualifier: 'SK', id: 'SKU-RED-S' }, { qualifier: 'UP', id: '012345678905' }]);
  });

  test('everything not mapped is listed: whole segments and single elements', () => {
    const { po } = first850(TWO_GROUPS_850);
    assert.deepEqual(po?.unmapped, [
      { segmentTag: 'PER', setPosition: 5, value: 'PER*BD*JANE BUYER*TE*5555550100' },
      { segmentTag: 'PO1', setPosition: 18, element: 8, value: 'ZZ' },
      { segmentTag: 'PO1', setPosition: 18, element: 9, value: 'XYZ' },
      { segmentTag: 'CTT', setPosition: 19, element: 2, value: '15' },
    ]);
  });

  test('two 850s in one group and one in a second group each become a PO', () => {
    const all = sets(TWO_GROUPS_850).map((s) => map850(s));
    assert.deepEqual(all.map((r) => r.problems), [[], [], []]);
    assert.deepEqual(all.map((r) => [r.po?.poNumber, r.po?.currency, r.po?.lines.length]), [
      ['PO-4500012345', 'USD', 3],
      ['PO-4500012346', 'USD', 1],
      ['PO-4500012347', 'CAD', 1],
    ]);
    const second = all[1]?.po;
    assert.equal(second?.lines[0]?.lineId, '1', 'an empty PO101 becomes the line number');
    assert.deepEqual(second?.notes, ['LEAVE AT BACK DOOR']);
    assert.deepEqual([second?.shipTo?.name, second?.shipTo?.city, second?.shipTo?.country], ['STORE 12', 'AUSTIN', null]);
    assert.deepEqual(second?.unmapped, [{ segmentTag: 'REF', setPosition: 3, element: 4, value: 'ZZ:INTERNAL' }]);
  });

  test('the same POs come out whatever the separators', () => {
    const star = sets(TWO_GROUPS_850).map((s) => map850(s).po);
    const pipes = sets(withSeparators(TWO_GROUPS_850, { element: '|', subElement: '>', segment: '~', newline: false })).map((s) => map850(s).po);
    assert.deepEqual(
      pipes.map((p) => ({ ...p, unmapped: [] })),
      star.map((p) => ({ ...p, unmapped: [] })),
    );
    const pipeSingle = map850(sets(SINGLE_850_PIPES)[0] as TransactionSet).po;
    assert.deepEqual([pipeSingle?.poNumber, pipeSingle?.poDate, pipeSingle?.lines[0]?.unitPrice, pipeSingle?.lines[0]?.buyerSku], ['A-991', '2026-11-24', '7.25', 'SKU-A']);
  });

  test('missing BEG03 is a problem on BEG, element 3, with 997 codes', () => {
    const { po, problems } = first850(TWO_GROUPS_850.replace('BEG*00*SA*PO-4500012345**20261125', 'BEG*00*SA***20261125'));
    assert.equal(po, null);
    assert.deepEqual(problems, [
      {
        code: 'X12_ELEMENT_MISSING',
        message: 'BEG03 (purchase order number) is required',
        groupControlNumber: '1001',
        setControlNumber: '0001',
        segmentTag: 'BEG',
        setPosition: 2,
        position: 4,
        element: 3,
        elementRef: '324',
        ack: { segment: '8', element: '1', set: '5' },
      },
    ]);
  });

  test('non-numeric quantity, bad price, bad date, bad CTT count, missing BEG', () => {
    const bad = TWO_GROUPS_850.replace('PO1*1*10*EA*12.50', 'PO1*1*TEN*EA*12,50').replace('DTM*010*20261205', 'DTM*010*20261332').replace('CTT*3*15', 'CTT*4*15');
    const { po, problems } = first850(bad);
    assert.equal(po, null);
    assert.deepEqual(
      problems.map((p) => [p.code, p.segmentTag, p.setPosition, p.element, p.value, p.ack.element]),
      [
        ['X12_ELEMENT_INVALID_DATE', 'DTM', 7, 2, '20261332', '8'],
        ['X12_ELEMENT_NOT_NUMERIC', 'PO1', 14, 2, 'TEN', '6'],
        ['X12_ELEMENT_NOT_NUMERIC', 'PO1', 14, 4, '12,50', '6'],
        ['X12_CTT_COUNT_MISMATCH', 'CTT', 19, 1, '4', '7'],
      ],
    );
    const noBeg = first850(TWO_GROUPS_850.replace('BEG*00*SA*PO-4500012345**20261125~\n', '').replace('SE*20*0001', 'SE*19*0001'));
    assert.deepEqual(noBeg.problems.map((p) => [p.code, p.segmentTag, p.ack.segment]), [['X12_SEGMENT_MISSING', 'BEG', '3']]);
  });

  test('a set that is not an 850 is refused', () => {
    const text = TWO_GROUPS_850.replace('ST*850*0001', 'ST*860*0001');
    const { po, problems } = first850(text);
    assert.equal(po, null);
    assert.deepEqual(problems.map((p) => [p.code, p.value]), [['X12_ELEMENT_INVALID_CODE', '860']]);
  });
});

describe('850 value formats', () => {
  test('x12Decimal: exact decimal strings, no floats', () => {
    const cases: [string, string | null][] = [
      ['12.50', '12.50'], ['.99', '0.99'], ['100', '100'], ['10.', '10'], ['+3', '3'], ['-0', '0'], ['-1.5', '-1.5'], ['007', '7'],
      ['0.1', '0.1'], ['1e3', null], ['TEN', null], ['', null], ['1,5', null], ['.', null],
    ];
    for (const [raw, expected] of cases) assert.equal(x12Decimal(raw), expected, raw);
  });

  test('x12Date: CCYYMMDD to ISO, real calendar dates only', () => {
    const cases: [string, string | null][] = [['20261125', '2026-11-25'], ['20240229', '2024-02-29'], ['20230229', null], ['20261301', null], ['261125', null], ['2026-11-25', null]];
    for (const [raw, expected] of cases) assert.equal(x12Date(raw), expected, raw);
  });
});

describe('850 money: SAC and TXI', () => {
  // A freight charge and an unmapped handling charge in the header; an allowance and a tax on the line.
  const withMoney = SINGLE_850_PIPES.replace('BEG|00|SA|A-991||20261124~', 'BEG|00|SA|A-991||20261124~SAC|C|D240|||995||||||||||UPS GROUND~SAC|C|H550|||100~')
    .replace('PO1|1|2|EA|7.25||SK|SKU-A~', 'PO1|1|2|EA|7.25||SK|SKU-A~SAC|A|C310|||150||||||||||SPRING~TXI|ST|1.20|8.25~')
    .replace('SE|5|0042', 'SE|9|0042');

  test('allowances, freight and taxes are read where they stand; other charges stay unmapped', () => {
    const { po, problems } = first850(withMoney);
    assert.deepEqual(problems, []);
    assert.ok(po, 'the set maps');
    assert.deepEqual(po.charges, [{ kind: 'charge', code: 'D240', amount: '9.95', description: 'UPS GROUND' }]);
    assert.deepEqual(po.lines[0]?.charges, [{ kind: 'allowance', code: 'C310', amount: '1.50', description: 'SPRING' }]);
    assert.deepEqual(po.lines[0]?.taxes, [{ type: 'ST', amount: '1.20', rate: '0.0825' }]);
    assert.ok(po.unmapped.some((u) => u.segmentTag === 'SAC' && u.value.includes('H550')), 'the handling charge is listed as unmapped');
  });
});
