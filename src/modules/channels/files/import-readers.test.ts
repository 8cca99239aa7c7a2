import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shopifyExportMapping } from '../domain/csv-orders.js';
import type { MappingResult } from '../domain/canonical.js';
import { SINGLE_850_PIPES, TWO_GROUPS_850 } from '../domain/x12/fixtures/documents.js';
import { csvItems, jsonItems, x12Items, type Item } from './import-readers.js';

/** The text cut into chunks of `size` characters, as a stream would deliver it. */
async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function all(items: AsyncGenerator<Item>): Promise<Item[]> {
  const out: Item[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** A stand-in adapter: reads `id` and `sku`, so the tests see what the reader handed over. */
const mapper = (payload: unknown, channel: string): MappingResult => {
  const p = payload as { id?: unknown; sku?: unknown };
  return typeof p.id === 'string'
    ? { order: { channel, external_id: p.id, currency: 'USD', lines: [{ sku: String(p.sku), quantity: 1, unit_price: '1.00' }] }, problems: [], unmapped: [], status: 'open', sourceStatus: 'open' }
    : { order: null, problems: [{ field: 'id', message: 'missing' }], unmapped: [], status: 'open', sourceStatus: '' };
};

describe('JSON reader', () => {
  const tricky = [{ id: 'a', sku: 'S,1]' }, { id: 'b', sku: 'quote " and [bracket' }, { id: 'c', sku: '\\\\]}' }];
  for (const size of [1, 7, 4096]) {
    test(`a top-level array is split element by element, whatever the chunking (${size}-byte chunks)`, async () => {
      const items = await all(jsonItems(chunks(JSON.stringify(tricky, null, 1), size), mapper, 'chn'));
      assert.deepEqual(items.map((i) => [i.row, i.externalId, i.order?.lines[0]?.sku]), [[1, 'a', 'S,1]'], [2, 'b', 'quote " and [bracket'], [3, 'c', '\\\\]}']]);
    });
  }

  test('NDJSON: one record per line, a bad line rejected by its number, an envelope line expanded', async () => {
    const text = `${JSON.stringify(tricky[0])}\n\n{oops\n${JSON.stringify({ orders: [tricky[1], tricky[2]] })}`;
    const items = await all(jsonItems(chunks(text, 5), mapper, 'chn'));
    assert.deepEqual(items.map((i) => [i.row, i.externalId, i.problems[0]?.message ?? null]), [[1, 'a', null], [3, null, 'is not valid JSON'], [4, 'b', null], [4, 'c', null]]);
  });

  test('a pretty-printed envelope is read whole; a cut-off array is reported', async () => {
    const envelope = await all(jsonItems(chunks(JSON.stringify({ orders: tricky }, null, 2), 10), mapper, 'chn'));
    assert.deepEqual(envelope.map((i) => i.externalId), ['a', 'b', 'c']);
    const cut = await all(jsonItems(chunks(JSON.stringify(tricky).slice(0, -1), 10), mapper, 'chn'));
    assert.deepEqual(cut.map((i) => i.externalId).slice(0, 2), ['a', 'b']);
    assert.match(cut.at(-1)?.problems[0]?.message ?? '', /not closed/);
  });
});

describe('CSV reader', () => {
  test('consecutive rows of one id are one order; an id that comes back is rejected with both rows; quoted newlines stay in their cell', async () => {
    const csv = 'Name,Currency,Lineitem quantity,Lineitem price,Lineitem sku,Notes\n#1,USD,1,1.00,A,"two\nlines"\n#1,,2,1.00,B,\n#2,USD,1,1.00,A,\n#1,USD,1,1.00,A,\n';
    const items = await all(csvItems(chunks(csv, 3), shopifyExportMapping, 'chn'));
    assert.deepEqual(items.map((i) => [i.row, i.externalId, i.order?.lines.length ?? 0]), [[2, '#1', 2], [4, '#2', 1], [5, '#1', 0]]);
    assert.equal(items[0]?.order?.notes, 'two\nlines');
    assert.deepEqual(items[0]?.lineRows, [2, 3]);
    assert.match(items[2]?.problems[0]?.message ?? '', /#1 appears again \(rows 5–5\) after its group at row 2/);
  });

  test('a malformed record is skipped and reported with its line; the rows before it are kept', async () => {
    const csv = 'Name,Currency,Lineitem quantity,Lineitem price,Lineitem sku\n#1,USD,1,1.00,A\n#2,USD,1,"1.00,A\n';
    const items = await all(csvItems(chunks(csv, 8), shopifyExportMapping, 'chn'));
    // Reported as soon as the parser meets it, which may be before the rows read ahead are handed over.
    assert.deepEqual(items.map((i) => i.externalId).sort(), ['#1', null]);
    assert.match(items.find((i) => i.externalId === null)?.problems[0]?.message ?? '', /skipped: Quote Not Closed.*line 3/);
  });
});

describe('X12 reader', () => {
  test('interchanges are cut at their IEA whatever the separators, newlines or chunking', async () => {
    for (const size of [1, 13, 65536]) {
      const items = await all(x12Items(chunks(`${TWO_GROUPS_850}${SINGLE_850_PIPES}\n${TWO_GROUPS_850}`, size)));
      assert.deepEqual(items.map((i) => i.row), [1, 2, 3]);
      assert.equal(items[0]?.interchange, TWO_GROUPS_850.trimEnd());
      assert.equal(items[1]?.interchange, SINGLE_850_PIPES);
    }
  });

  test('a file cut inside an interchange, or with text before it, is reported', async () => {
    const cut = await all(x12Items(chunks(TWO_GROUPS_850.slice(0, -20), 100)));
    assert.match(cut.at(-1)?.problems[0]?.message ?? '', /no IEA/);
    const junk = await all(x12Items(chunks(`hello\n${TWO_GROUPS_850}`, 100)));
    assert.match(junk[0]?.problems[0]?.message ?? '', /before the interchange/);
  });
});
