import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseInterchange } from './interchange.js';
import { map850 } from './po850.js';
import type { PurchaseOrder850 } from './types.js';
import { ack855Segments, ackTypeFor, buildAck855, sumDecimals, type Ack855Input, type Ack855Line } from './ack855.js';
import { TWO_GROUPS_850 } from './fixtures/documents.js';

function firstPo(): { po: PurchaseOrder850; input: Omit<Ack855Input, 'lines' | 'poNumber' | 'poDate'> } {
  const { interchange } = parseInterchange(TWO_GROUPS_850);
  assert.ok(interchange, 'the 850 parses');
  const set = interchange.groups[0]?.sets[0];
  assert.ok(set, 'it holds a transaction set');
  const { po } = map850(set);
  assert.ok(po, 'the set maps to a purchase order');
  return {
    po,
    input: {
      separators: interchange.separators,
      sender: { qualifier: interchange.header.receiverQualifier, id: interchange.header.receiverId },
      receiver: { qualifier: interchange.header.senderQualifier, id: interchange.header.senderId },
      interchangeControlNumber: 502,
      groupControlNumber: 602,
      setControlNumber: 1,
      isaVersion: interchange.header.version,
      gsVersion: interchange.groups[0]?.version ?? '',
      at: new Date('2026-11-27T04:20:00Z'),
      sellerOrderNumber: 'ORD-0001',
    },
  };
}

const line = (l: PurchaseOrder850['lines'][number], acks: Ack855Line['acks']): Ack855Line => ({
  lineId: l.lineId, quantity: l.quantity, unit: l.unit, unitPrice: l.unitPrice, productIds: l.productIds, acks,
});

describe('855 purchase order acknowledgement', () => {
  test('accepted in part, backordered in part, one line rejected: segment by segment', () => {
    const { po, input } = firstPo();
    const [l1, l2, l3] = po.lines;
    assert.ok(l1 && l2 && l3, 'three PO1 lines');
    const lines = [
      line(l1, [{ status: 'IA', quantity: '6' }, { status: 'IB', quantity: '4', shipDate: '2026-12-15' }]),
      line(l2, [{ status: 'IA', quantity: '4' }]),
      line(l3, [{ status: 'IR', quantity: '0' }]),
    ];
    const x12 = buildAck855({ ...input, poNumber: po.poNumber, poDate: po.poDate, lines }, { newline: true });
    assert.deepEqual(x12.split('~\n').filter((s) => s !== ''), [
      'ISA*00*          *00*          *ZZ*OMSSELLER      *ZZ*BUYERCO        *261127*0420*U*00401*000000502*0*P*:',
      'GS*PR*OMSSELLER*BUYERCO*20261127*0420*602*X*004010',
      'ST*855*0001',
      'BAK*00*AC*PO-4500012345*20261125****ORD-0001*20261127',
      'PO1*1*10*EA*12.50**SK*SKU-RED-S*UP*012345678905',
      'ACK*IA*6*EA',
      'ACK*IB*4*EA*068*20261215',
      'PO1*2*4*CA*100**VP*VEND-778*EN*4006381333931',
      'ACK*IA*4*CA',
      'PO1*3*1*EA*0.99**VN*VN-1',
      'ACK*IR*0*EA',
      'CTT*3*15',
      'SE*11*0001',
      'GE*1*602',
      'IEA*1*000000502',
    ]);
    const { interchange, problems } = parseInterchange(x12);
    assert.deepEqual(problems, [], 'the 855 parses back cleanly');
    assert.equal(interchange?.groups[0]?.sets[0]?.id, '855');
  });

  test('BAK02: AK when every line is accepted as sent, RD when all are rejected, AC otherwise', () => {
    const { po } = firstPo();
    const all = (status: 'IA' | 'IR') => po.lines.map((l) => line(l, [{ status, quantity: status === 'IA' ? l.quantity : '0' }]));
    assert.equal(ackTypeFor(all('IA')), 'AK');
    assert.equal(ackTypeFor(all('IR')), 'RD');
    const fewer = po.lines.map((l, i) => line(l, [{ status: i === 0 ? 'IQ' : 'IA', quantity: i === 0 ? '9' : l.quantity }]));
    assert.equal(ackTypeFor(fewer), 'AC');
    assert.equal(ackTypeFor(po.lines.map((l) => line(l, [{ status: 'IA', quantity: `${l.quantity}.0` }]))), 'AK', '10 and 10.0 are the same quantity');
  });

  test('an explicit BAK02 wins; the set stands alone with its SE count', () => {
    const { po, input } = firstPo();
    const segments = ack855Segments({ ...input, ackType: 'RD', poNumber: po.poNumber, poDate: po.poDate, lines: [] });
    assert.deepEqual(segments, [
      ['ST', '855', '0001'],
      ['BAK', '00', 'RD', 'PO-4500012345', '20261125', '', '', '', 'ORD-0001', '20261127'],
      ['CTT', '0', '0'],
      ['SE', '4', '0001'],
    ]);
  });

  test('sumDecimals is exact', () => {
    assert.equal(sumDecimals(['0.1', '0.2']), '0.3');
    assert.equal(sumDecimals(['10', '4', '1']), '15');
    assert.equal(sumDecimals(['1.25', '2.5', '-0.75']), '3.00');
    assert.equal(sumDecimals(['-1', '0.5']), '-0.5');
    assert.equal(sumDecimals([]), '0');
  });
});
