import assert from 'node:assert/strict';
import { it } from 'node:test';
import { csvCell } from './csv-cell.js';

it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
  for (const formula of ['=SUM(A1)', '+1', '-2', '@cmd', '\tx']) assert.equal(csvCell(formula)[0] === '"' ? csvCell(formula)[1] : csvCell(formula)[0], "'", formula);
  assert.equal(csvCell('-12.50', true), '-12.50', 'a number we formatted stays a number');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(42), '42');
});
