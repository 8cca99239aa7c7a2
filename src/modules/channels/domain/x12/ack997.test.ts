import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseInterchange } from './interchange.js';
import type { Interchange, X12Problem } from './types.js';
import { buildAck997 } from './ack997.js';
import { map850 } from './po850.js';
import { SINGLE_850_PIPES, TWO_GROUPS_850, withSeparators } from './fixtures/documents.js';

const at = new Date('2026-11-27T04:10:00Z');
const numbers = { interchangeControlNumber: 501, groupControlNumber: 601, firstSetControlNumber: 1, at };

function parsed(text: string): { interchange: Interchange; problems: X12Problem[] } {
  const { interchange, problems } = parseInterchange(text);
  assert.ok(interchange, 'the interchange parses');
  return { interchange, problems };
}

/** The 997's segments as arrays of elements, read back with our own parser. */
function readBack(x12: string) {
  const { interchange, problems } = parsed(x12);
  assert.deepEqual(problems, [], 'the 997 we write must parse cleanly');
  return interchange;
}

const lines = (x12: string, segment = '~') => x12.split(segment).map((s) => s.trim()).filter((s) => s !== '');

describe('997 functional acknowledgement', () => {
  test('all sets accepted: one 997 per received group, sender and receiver swapped, segment by segment', () => {
    const { x12, groups } = buildAck997({ interchange: parsed(TWO_GROUPS_850).interchange, ...numbers }, { newline: true });
    assert.deepEqual(lines(x12), [
      'ISA*00*          *00*          *ZZ*OMSSELLER      *ZZ*BUYERCO        *261127*0410*U*00401*000000501*0*P*:',
      'GS*FA*OMSSELLER*BUYERCO*20261127*0410*601*X*004010',
      'ST*997*0001',
      'AK1*PO*1001',
      'AK2*850*0001',
      'AK5*A',
      'AK2*850*0002',
      'AK5*A',
      'AK9*A*2*2*2',
      'SE*8*0001',
      'ST*997*0002',
      'AK1*PO*1002',
      'AK2*850*0003',
      'AK5*A',
      'AK9*A*1*1*1',
      'SE*6*0002',
      'GE*2*601',
      'IEA*1*000000501',
    ]);
    assert.deepEqual(groups.map((g) => [g.controlNumber, g.status, g.received, g.accepted]), [['1001', 'A', 2, 2], ['1002', 'A', 1, 1]]);
    assert.equal(x12.indexOf('~'), 105, 'the ISA is fixed width');
  });

  test('round trip: the 997 parses back with our parser, with control numbers and counts that check out', () => {
    const { x12 } = buildAck997({ interchange: parsed(TWO_GROUPS_850).interchange, ...numbers });
    const back = readBack(x12);
    assert.equal(back.header.senderId, 'OMSSELLER');
    assert.equal(back.header.receiverId, 'BUYERCO');
    assert.equal(back.header.controlNumber, '000000501');
    assert.deepEqual(back.groups.map((g) => [g.functionalId, g.controlNumber, g.sets.map((s) => [s.id, s.controlNumber])]), [['FA', '601', [['997', '0001'], ['997', '0002']]]]);
    const ak1 = back.groups[0]?.sets[0]?.segments[1];
    assert.deepEqual(ak1?.elements, ['AK1', 'PO', '1001']);
  });

  test('the answer uses the separators the partner declared, including the 005010 repetition separator', () => {
    const { x12 } = buildAck997({ interchange: parsed(SINGLE_850_PIPES).interchange, ...numbers });
    assert.deepEqual(lines(x12), [
      'ISA|00|          |00|          |ZZ|OMSSELLER      |01|123456789      |261127|0410|^|00501|000000501|0|T|>',
      'GS|FA|OMSSELLER|4405197800|20261127|0410|601|X|005010',
      'ST|997|0001',
      'AK1|PO|7',
      'AK2|850|0042',
      'AK5|A',
      'AK9|A|1|1|1',
      'SE|6|0001',
      'GE|1|601',
      'IEA|1|000000501',
    ]);
    const back = readBack(x12);
    assert.deepEqual(back.separators, { element: '|', subElement: '>', segment: '~', repetition: '^' });
  });

  for (const v of [
    { element: '|', subElement: '>', segment: '~', newline: false },
    { element: '*', subElement: ':', segment: '\n', newline: false },
  ]) {
    test(`separators ${JSON.stringify(v)} survive the round trip`, () => {
      const { interchange } = parsed(withSeparators(TWO_GROUPS_850, v));
      const { x12 } = buildAck997({ interchange, ...numbers }, { newline: v.newline });
      const back = readBack(x12);
      assert.deepEqual(back.separators, { element: v.element, subElement: v.subElement, segment: v.segment, repetition: null });
      assert.equal(back.groups[0]?.sets.length, 2);
    });
  }

  test('rejections: envelope errors, content errors from the 850 mapping, partial and rejected groups', () => {
    const text = TWO_GROUPS_850
      .replace('SE*20*0001', 'SE*21*0001') // set 0001: wrong segment count
      .replace('PO1**2*EA*5.00', 'PO1**TWO*EA*5.00') // set 0002: non-numeric quantity (content)
      .replace('BEG*00*DS*PO-4500012347**20261127', 'BEG*00*DS***20261127') // set 0003: missing BEG03 (content)
      .replace('GE*1*1002', 'GE*2*1002'); // group 1002: wrong set count
    const { interchange, problems } = parsed(text);
    assert.deepEqual(problems.map((p) => p.code), ['X12_SE_COUNT_MISMATCH', 'X12_GE_COUNT_MISMATCH']);
    const contentProblems = interchange.groups.flatMap((g) => g.sets.flatMap((s) => map850(s, g.controlNumber).problems));
    assert.deepEqual(contentProblems.map((p) => [p.setControlNumber, p.code]), [['0002', 'X12_ELEMENT_NOT_NUMERIC'], ['0003', 'X12_ELEMENT_MISSING']]);

    const { x12, groups } = buildAck997({ interchange, contentProblems, ...numbers });
    assert.deepEqual(lines(x12).slice(2), [
      'ST*997*0001',
      'AK1*PO*1001',
      'AK2*850*0001',
      'AK5*R*4',
      'AK2*850*0002',
      'AK3*PO1*8**8',
      'AK4*2*330*6*TWO',
      'AK5*R*5',
      'AK9*R*2*2*0',
      'SE*10*0001',
      'ST*997*0002',
      'AK1*PO*1002',
      'AK2*850*0003',
      'AK3*BEG*2**8',
      'AK4*3*324*1',
      'AK5*R*5',
      'AK9*R*1*1*0*5',
      'SE*8*0002',
      'GE*2*601',
      'IEA*1*000000501',
    ]);
    assert.deepEqual(groups.map((g) => [g.status, g.sets.map((s) => s.status)]), [['R', ['R', 'R']], ['R', ['R']]]);
    readBack(x12);
  });

  test('a partly accepted group is P; a missing trailer is AK5 code 2; control number mismatch code 3', () => {
    const mismatch = parsed(TWO_GROUPS_850.replace('SE*10*0002', 'SE*10*0007'));
    const { x12, groups } = buildAck997({ interchange: mismatch.interchange, ...numbers });
    assert.deepEqual(lines(x12).slice(4, 9), ['AK2*850*0001', 'AK5*A', 'AK2*850*0002', 'AK5*R*3', 'AK9*P*2*2*1']);
    assert.equal(groups[0]?.status, 'P');

    const cut = parsed(TWO_GROUPS_850.slice(0, TWO_GROUPS_850.indexOf('SE*6*0003')));
    const answer = buildAck997({ interchange: cut.interchange, ...numbers });
    assert.deepEqual(lines(answer.x12).slice(-7, -2), ['AK1*PO*1002', 'AK2*850*0003', 'AK5*R*2', 'AK9*R*1*1*0*3', 'SE*6*0002']);
  });
});
