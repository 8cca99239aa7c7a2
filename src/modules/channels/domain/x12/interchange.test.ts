import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { components, parseInterchange } from './interchange.js';
import type { Separators } from './types.js';
import { writeInterchange, writeIsa, writeSegment } from './writer.js';
import { SINGLE_850_PIPES, TWO_GROUPS_850, withSeparators } from './fixtures/documents.js';

const codes = (text: string) => parseInterchange(text).problems.map((p) => p.code);

describe('X12 interchange: separators the ISA declares', () => {
  const variants = [
    { element: '*', subElement: ':', segment: '~', newline: true },
    { element: '*', subElement: ':', segment: '~', newline: false },
    { element: '|', subElement: '>', segment: '~', newline: false },
    { element: '|', subElement: '>', segment: '~', newline: true },
    { element: '*', subElement: '>', segment: '\n', newline: false },
    { element: '^', subElement: ':', segment: "'", newline: true },
  ];
  for (const v of variants) {
    test(`elements ${JSON.stringify(v.element)}, sub-elements ${JSON.stringify(v.subElement)}, segments ${JSON.stringify(v.segment)}${v.newline ? ' + newline' : ''}`, () => {
      const { interchange, problems } = parseInterchange(withSeparators(TWO_GROUPS_850, v));
      assert.deepEqual(problems, []);
      assert.ok(interchange, 'the interchange parses');
      assert.deepEqual(interchange.separators, { element: v.element, subElement: v.subElement, segment: v.segment, repetition: null });
      assert.equal(interchange.header.senderId, 'BUYERCO');
      assert.equal(interchange.header.receiverId, 'OMSSELLER');
      assert.equal(interchange.header.controlNumber, '000000905');
      assert.deepEqual(
        interchange.groups.map((g) => [g.functionalId, g.controlNumber, g.version, g.sets.map((s) => [s.id, s.controlNumber, s.segments.length])]),
        [
          ['PO', '1001', '004010', [['850', '0001', 20], ['850', '0002', 10]]],
          ['PO', '1002', '004010', [['850', '0003', 6]]],
        ],
      );
      const ref = interchange.groups[0]?.sets[1]?.segments[2];
      assert.equal(ref?.tag, 'REF');
      assert.deepEqual(components(ref?.elements[4] ?? '', interchange.separators), ['ZZ', 'INTERNAL']);
    });
  }

  test('a 005010 ISA declares a repetition separator in ISA11; one line without newlines', () => {
    const { interchange, problems } = parseInterchange(SINGLE_850_PIPES);
    assert.deepEqual(problems, []);
    assert.deepEqual(interchange?.separators, { element: '|', subElement: '>', segment: '~', repetition: '^' });
    assert.equal(interchange?.header.version, '00501');
    assert.equal(interchange?.header.usage, 'T');
    assert.equal(interchange?.groups[0]?.sets[0]?.segments[1]?.elements[3], 'A-991');
  });

  test('CRLF line ends, a byte-order mark and leading blank lines are ignored', () => {
    const text = '\uFEFF\r\n' + TWO_GROUPS_850.replace(/\n/g, '\r\n');
    const { interchange, problems } = parseInterchange(text);
    assert.deepEqual(problems, []);
    assert.equal(interchange?.groups[1]?.sets[0]?.segments[1]?.elements[3], 'PO-4500012347');
  });

  test('positions: ISA is 1 in the interchange; set positions count from ST', () => {
    const { interchange } = parseInterchange(TWO_GROUPS_850);
    const set = interchange?.groups[0]?.sets[0];
    assert.equal(set?.segments[0]?.position, 3);
    assert.equal(set?.segments[1]?.tag, 'BEG');
    assert.equal(set?.segments[1]?.position, 4);
  });
});

describe('X12 interchange: malformed input returns problems, never throws', () => {
  test('empty and non-X12 input', () => {
    assert.deepEqual(codes(''), ['X12_EMPTY']);
    assert.deepEqual(codes('{"order":1}'), ['X12_ISA_INVALID']);
    assert.equal(parseInterchange('').interchange, null);
  });

  test('truncated ISA', () => {
    for (const cut of [3, 20, 60, 104, 105]) {
      const result = parseInterchange(TWO_GROUPS_850.slice(0, cut));
      assert.equal(result.interchange, null, `cut at ${cut}`);
      assert.deepEqual(result.problems.map((p) => p.code), ['X12_ISA_TRUNCATED'], `cut at ${cut}`);
    }
  });

  test('separators that collide or are letters are refused', () => {
    const isa = 'ISA*00*          *00*          *ZZ*A              *ZZ*B              *261127*0350*U*00401*000000001*0*P**~';
    assert.deepEqual(codes(isa), ['X12_SEPARATORS_INVALID']);
  });

  test('interchange stops without the IEA, and the open group and set are reported too', () => {
    const text = TWO_GROUPS_850.slice(0, TWO_GROUPS_850.indexOf('SE*6*0003'));
    assert.deepEqual(codes(text), ['X12_SE_MISSING', 'X12_GE_MISSING', 'X12_IEA_MISSING']);
    const problems = parseInterchange(text).problems;
    assert.deepEqual(problems[0]?.ack, { set: '2' });
    assert.equal(problems[0]?.setControlNumber, '0003');
    assert.equal(problems[0]?.groupControlNumber, '1002');
  });

  test('bad counts: SE01, GE01, IEA01', () => {
    const bad = TWO_GROUPS_850.replace('SE*20*0001', 'SE*19*0001').replace('GE*1*1002', 'GE*2*1002').replace('IEA*2*', 'IEA*3*');
    const { interchange, problems } = parseInterchange(bad);
    assert.deepEqual(problems.map((p) => p.code), ['X12_SE_COUNT_MISMATCH', 'X12_GE_COUNT_MISMATCH', 'X12_IEA_COUNT_MISMATCH']);
    const se = problems[0];
    assert.deepEqual(
      { set: se?.setControlNumber, group: se?.groupControlNumber, tag: se?.segmentTag, setPosition: se?.setPosition, element: se?.element, value: se?.value, ack: se?.ack },
      { set: '0001', group: '1001', tag: 'SE', setPosition: 20, element: 1, value: '19', ack: { set: '4' } },
    );
    assert.deepEqual(interchange?.groups[0]?.sets[0]?.problems.map((p) => p.code), ['X12_SE_COUNT_MISMATCH']);
    assert.deepEqual(interchange?.groups[0]?.sets[1]?.problems, []);
    assert.deepEqual(interchange?.groups[1]?.problems.map((p) => p.ack.group), ['5']);
    assert.deepEqual(interchange?.problems.map((p) => p.code), ['X12_IEA_COUNT_MISMATCH']);
  });

  test('mismatched control numbers: SE02, GE02, IEA02', () => {
    const bad = TWO_GROUPS_850.replace('SE*10*0002', 'SE*10*0009').replace('GE*2*1001', 'GE*2*1000').replace('IEA*2*000000905', 'IEA*2*000000906');
    assert.deepEqual(codes(bad), ['X12_SE_CONTROL_MISMATCH', 'X12_GE_CONTROL_MISMATCH', 'X12_IEA_CONTROL_MISMATCH']);
    const se = parseInterchange(bad).problems[0];
    assert.deepEqual([se?.setControlNumber, se?.element, se?.value, se?.ack.set], ['0002', 2, '0009', '3']);
  });

  test('segments outside a set or group, after the IEA, and unreadable tags', () => {
    assert.deepEqual(codes(TWO_GROUPS_850.replace('GE*1*1002~', 'GE*1*1002~\nBEG*00~')), ['X12_SEGMENT_OUTSIDE_GROUP']);
    assert.deepEqual(codes(TWO_GROUPS_850.replace('ST*850*0003~', 'NTE*GEN*X~\nST*850*0003~')), ['X12_SEGMENT_OUTSIDE_SET']);
    assert.deepEqual(codes(`${TWO_GROUPS_850}GS*PO*X*Y*20261127*0350*9*X*004010~`), ['X12_DATA_AFTER_IEA']);
    const bad = parseInterchange(TWO_GROUPS_850.replace('CUR*BY*CAD~', '12*BY*CAD~'));
    assert.deepEqual(bad.problems.map((p) => [p.code, p.setPosition, p.ack.segment]), [['X12_SEGMENT_TAG_INVALID', 3, '1']]);
  });

  test('a garbage tail does not throw', () => {
    for (const tail of ['~~~~', '\u0000\u0001', '*'.repeat(1000), 'ST', 'SE*x*y~GE~IEA~']) {
      assert.doesNotThrow(() => parseInterchange(TWO_GROUPS_850.slice(0, 200) + tail));
    }
  });
});

describe('X12 writing', () => {
  const separators: Separators = { element: '|', subElement: '>', segment: '~', repetition: null };

  test('writeSegment drops trailing empty elements and blanks separator characters inside data', () => {
    assert.equal(writeSegment(['N1', 'ST', 'A|B~C', '', ''], separators), 'N1|ST|A B C');
    assert.equal(writeSegment(['PO1', '1', '', '', '2'], separators), 'PO1|1|||2');
  });

  test('the ISA is fixed width and pads ids; the interchange parses back with no problems', () => {
    const base = {
      separators,
      sender: { qualifier: 'ZZ', id: 'OMSSELLER' },
      receiver: { qualifier: '01', id: '123456789' },
      interchangeControlNumber: 77,
      isaVersion: '00401',
      at: new Date('2026-11-27T04:05:00Z'),
    };
    const isa = writeIsa(base);
    assert.equal(isa.length, 106);
    assert.equal(isa, 'ISA|00|          |00|          |ZZ|OMSSELLER      |01|123456789      |261127|0405|U|00401|000000077|0|P|>~');
    const text = writeInterchange({ ...base, groupControlNumber: 5, gsVersion: '004010', functionalId: 'PR', sets: [[['ST', '855', '0001'], ['BAK', '00', 'AK', 'PO-1', '20261125'], ['SE', '3', '0001']]] }, { newline: true });
    const { interchange, problems } = parseInterchange(text);
    assert.deepEqual(problems, []);
    assert.equal(interchange?.groups[0]?.functionalId, 'PR');
    assert.equal(interchange?.groups[0]?.date, '20261127');
  });
});
