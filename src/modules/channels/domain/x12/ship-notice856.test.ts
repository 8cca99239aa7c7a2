import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseInterchange } from './interchange.js';
import type { Segment } from './types.js';
import { buildShipNotice856, gs1CheckDigit, kilograms, scacOf, sscc18, type ShipNoticeInput } from './ship-notice856.js';

const input: ShipNoticeInput = {
  separators: { element: '|', subElement: '>', segment: '~', repetition: null },
  sender: { qualifier: 'ZZ', id: 'OMSSELLER', applicationCode: 'OMSGS' },
  receiver: { qualifier: '01', id: '123456789', applicationCode: 'BUYERGS' },
  interchangeControlNumber: 17,
  groupControlNumber: 18,
  setControlNumber: 19,
  isaVersion: '00401',
  gsVersion: '004010',
  at: new Date('2026-11-28T09:05:00Z'),
  shipmentId: 'shp_01',
  shipDate: '2026-11-28',
  carrier: 'ups',
  service: 'ground',
  poNumber: 'PO-77',
  poDate: '2026-11-25',
  shipFrom: { entity: 'SF', name: 'East DC', addressLines: ['1 Port St'], city: 'Newark', state: 'NJ', postalCode: '07102', country: 'US' },
  shipTo: { entity: 'ST', name: 'BUYER CO DC 7', idQualifier: '92', id: '0007', addressLines: ['100 MAIN ST', 'SUITE 200'], city: 'SPRINGFIELD', state: 'IL', postalCode: '62701', country: 'US' },
  packs: [
    { trackingNumber: '1Z999AA10123456784', sscc: '000123456700000018', weightGrams: 2500, items: [{ lineId: '1', productIds: [{ qualifier: 'SK', id: 'SKU-RED-S' }, { qualifier: 'UP', id: '012345678905' }], quantity: 6, unit: 'EA' }] },
    { trackingNumber: '1Z999AA10123456795', weightGrams: 1200, items: [{ lineId: '1', productIds: [{ qualifier: 'SK', id: 'SKU-RED-S' }], quantity: 4, unit: 'EA' }, { lineId: '2', productIds: [{ qualifier: 'VP', id: 'VEND-778' }], quantity: 2, unit: 'CA' }] },
  ],
};

const el = (s: Segment | undefined, n: number) => s?.elements[n] ?? '';

describe('856 ship notice', () => {
  test('segment by segment, in the partner’s separators', () => {
    const x12 = buildShipNotice856(input);
    assert.deepEqual(x12.split('~').filter((s) => s !== ''), [
      'ISA|00|          |00|          |ZZ|OMSSELLER      |01|123456789      |261128|0905|U|00401|000000017|0|P|>',
      'GS|SH|OMSGS|BUYERGS|20261128|0905|18|X|004010',
      'ST|856|0019',
      'BSN|00|shp_01|20261128|0905|0001',
      'HL|1||S|1',
      'TD1|CTN25|2||||G|3.7|KG',
      'TD5||2|UPSN|U',
      'REF|BM|1Z999AA10123456784',
      'REF|CN|1Z999AA10123456784',
      'REF|CN|1Z999AA10123456795',
      'DTM|011|20261128',
      'N1|ST|BUYER CO DC 7|92|0007',
      'N3|100 MAIN ST|SUITE 200',
      'N4|SPRINGFIELD|IL|62701|US',
      'N1|SF|East DC',
      'N3|1 Port St',
      'N4|Newark|NJ|07102|US',
      'HL|2|1|O|1',
      'PRF|PO-77|||20261125',
      'HL|3|2|P|1',
      'TD1|CTN25|1||||G|2.5|KG',
      'MAN|GM|000123456700000018||CP|1Z999AA10123456784',
      'HL|4|3|I|0',
      'LIN|1|SK|SKU-RED-S|UP|012345678905',
      'SN1||6|EA',
      'HL|5|2|P|1',
      'TD1|CTN25|1||||G|1.2|KG',
      'MAN|CP|1Z999AA10123456795',
      'HL|6|5|I|0',
      'LIN|1|SK|SKU-RED-S',
      'SN1||4|EA',
      'HL|7|5|I|0',
      'LIN|2|VP|VEND-778',
      'SN1||2|CA',
      'CTT|7|12',
      'SE|34|0019',
      'GE|1|18',
      'IEA|1|000000017',
    ]);
  });

  test('our own parser reads it back clean: counts, control numbers, HL parents', () => {
    const parsed = parseInterchange(buildShipNotice856(input, { newline: true }));
    assert.deepEqual(parsed.problems, []);
    const ic = parsed.interchange;
    assert.ok(ic, 'what we send parses as an interchange');
    assert.equal(ic.separators.element, '|');
    assert.equal(ic.header.controlNumber, '000000017');
    const [group] = ic.groups;
    assert.equal(group?.functionalId, 'SH');
    assert.equal(group?.controlNumber, '18');
    const [set] = group?.sets ?? [];
    assert.ok(set, 'it holds a transaction set');
    assert.deepEqual(set.problems, []);
    assert.equal(set.controlNumber, '0019');
    const se = set.segments.at(-1);
    assert.equal(el(se, 1), String(set.segments.length));
    assert.equal(el(se, 2), set.controlNumber);
    const hls = set.segments.filter((s) => s.tag === 'HL');
    const codeOf = new Map(hls.map((h) => [el(h, 1), el(h, 3)]));
    for (const h of hls) {
      const parent = el(h, 2);
      const expected = { S: undefined, O: 'S', P: 'O', I: 'P' }[el(h, 3)];
      assert.equal(parent === '' ? undefined : codeOf.get(parent), expected, `HL ${el(h, 1)}`);
    }
    const ctt = set.segments.find((s) => s.tag === 'CTT');
    assert.equal(el(ctt, 1), String(hls.length));
    assert.equal(Number(el(ctt, 2)), set.segments.filter((s) => s.tag === 'SN1').reduce((n, s) => n + Number(el(s, 2)), 0));
  });

  test('items whose parcel is unknown hang under the order; a carrier without SCAC is named in TD505', () => {
    const x12 = buildShipNotice856({ ...input, carrier: 'acme', packs: [{ trackingNumber: 'T1', items: [] }], looseItems: [{ lineId: '3', productIds: [], quantity: 1, unit: 'EA' }] });
    const segments = x12.split('~').filter((s) => s !== '');
    assert.ok(segments.includes('TD5||||U|acme'), `TD5 names the carrier: ${segments.join('~')}`);
    assert.ok(segments.includes('TD1|CTN25|1'), `TD1 counts one carton: ${segments.join('~')}`);
    const hl = segments.filter((s) => s.startsWith('HL|'));
    assert.deepEqual(hl, ['HL|1||S|1', 'HL|2|1|O|1', 'HL|3|2|I|0', 'HL|4|2|P|0']);
  });

  test('SCAC, weights and SSCC-18 check digits', () => {
    assert.equal(scacOf('fedex', 'FEDEX_GROUND'), 'FDEG');
    assert.equal(scacOf('fedex', 'PRIORITY_OVERNIGHT'), 'FDE');
    assert.equal(scacOf('usps', 'Priority'), 'USPS');
    assert.equal(scacOf('acme'), null);
    assert.equal(kilograms(2500), '2.5');
    assert.equal(kilograms(1000), '1');
    assert.equal(kilograms(7), '0.007');
    // GS1's published example SSCC: extension 1, prefix 0614141, serial 123456789, check digit 7.
    assert.equal(gs1CheckDigit('10614141123456789'), '7');
    assert.equal(sscc18(1, '0614141', 123456789), '106141411234567897');
    assert.equal(sscc18(0, '0614141', 1_000_000_000), null);
    assert.equal(sscc18(0, 'ABC', 1), null);
  });
});
