// The import's file readers: each turns a byte stream into records (Items), one at a time, so
// memory holds one record (CSV: one row group) whatever the file's size. Used by the import flow (flows/capture/import-orders.ts).
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse';
import { DomainError } from '../../../platform/errors.js';
import type { CanonicalOrderInput, MappingResult } from '../domain/canonical.js';
import { externalIdOf, mapCsvGroup, resolveColumns, type CsvMapping, type CsvRow, type ResolvedColumns } from '../domain/csv-orders.js';

export type Mapper = (payload: unknown, channel: string) => MappingResult;

/** A JSON document that is neither NDJSON nor a top-level array is parsed whole, up to this size. */
export const JSON_DOCUMENT_CAP_BYTES = 64 * 1024 * 1024;
/** One record (array element, NDJSON line, CSV order group) is at most this large. */
const RECORD_CAP_CHARS = 8 * 1024 * 1024;
/** How many recent CSV order ids are remembered to name a group that comes back (see csvItems). */
export const RECENT_GROUP_IDS = 50_000;
/** One X12 interchange (ISA … IEA) is at most this large; a file may hold any number of them. */
export const X12_INTERCHANGE_CAP_CHARS = 64 * 1024 * 1024;

/** One record read from the file, mapped or not. */
export interface Item {
  row: number | null;
  externalId: string | null;
  order: CanonicalOrderInput | null;
  problems: { row: number | null; column: string | null; message: string }[];
  /** The row of each order line (CSV), to place a capture's `lines[i]` error. */
  lineRows?: number[];
  columns?: ResolvedColumns;
  /** x12: one whole interchange, captured by the X12 flow (997, 855 and documents included). */
  interchange?: string;
}

/**
 * CSV: the header row, then one order per run of consecutive rows with the same external id.
 * Only the current group is in memory; an id whose rows are not together makes two groups, and
 * the second is rejected at capture (see runImport).
 */
export async function* csvItems(source: AsyncIterable<Buffer | string>, mapping: CsvMapping, channelId: string): AsyncGenerator<Item> {
  // A malformed record (an unclosed quote…) is skipped and reported, never the end of the read
  // (an error would also drop the records parsed but not yet consumed).
  const input = Readable.from(source);
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: RECORD_CAP_CHARS, skip_records_with_error: true }));
  // pipe() does not pass errors on: a source that fails (an upload cut off, a disk error) would be
  // an unhandled 'error' event, and the end of the process. It ends the read instead.
  let sourceError: unknown;
  input.on('error', (error) => {
    sourceError = error;
    parser.destroy(error);
  });
  const skipped: string[] = [];
  parser.on('skip', (error: Error) => skipped.push(error.message));
  const malformed = function* (): Generator<Item> {
    for (const message of skipped.splice(0)) yield { row: null, externalId: null, order: null, problems: [{ row: null, column: null, message: `a record could not be read and was skipped: ${message}` }] };
  };
  let columns: ResolvedColumns | undefined;
  let group: CsvRow[] = [];
  let groupId = '';
  let row = 0;
  // The last groups' ids and first rows, to name an id that comes back (bounded: older ids are
  // still caught at capture, as the same file's order, without the earlier row).
  const recent = new Map<string, number>();
  const flush = (): Item | undefined => {
    if (group.length === 0 || !columns) return undefined;
    const first = group[0] as CsvRow;
    const earlier = groupId === '' ? undefined : recent.get(groupId);
    if (earlier !== undefined) {
      const rows = group.map((r) => r.row);
      group = [];
      const message = `external id ${groupId} appears again (rows ${rows[0]}–${rows[rows.length - 1]}) after its group at row ${earlier} was closed: the rows of one order must be consecutive`;
      return { row: first.row, externalId: groupId, order: null, problems: [{ row: first.row, column: columns.external_id?.header ?? null, message }] };
    }
    if (groupId !== '') {
      recent.set(groupId, first.row);
      if (recent.size > RECENT_GROUP_IDS) recent.delete(recent.keys().next().value as string);
    }
    const mapped = mapCsvGroup(group, columns, channelId);
    const item: Item = { row: group[0]?.row ?? null, externalId: mapped.external_id || null, order: mapped.order, problems: mapped.problems, lineRows: group.map((r) => r.row), columns };
    group = [];
    return item;
  };
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (!columns) {
        const resolved = resolveColumns(mapping, record);
        if (!resolved.columns) throw new DomainError('IMPORT_MAPPING_INVALID', 'The file’s header lacks columns the mapping needs.', resolved.problems.map((p) => ({ field: p.column ?? 'header', message: p.message })));
        columns = resolved.columns;
        continue;
      }
      yield* malformed();
      const id = externalIdOf(columns, record);
      if (group.length > 0 && (id !== groupId || id === '')) {
        const item = flush();
        if (item) yield item;
      }
      if (group.length === 0) groupId = id;
      // A group longer than an order may be is rejected whole; keep its first rows only.
      if (group.length <= 500) group.push({ row, record });
    }
  } catch (error) {
    if (error instanceof DomainError || sourceError !== undefined) throw sourceError ?? error;
    const item = flush();
    if (item) yield item;
    // A CSV syntax error (an unclosed quote): what follows cannot be read reliably.
    yield { row: row + 1, externalId: null, order: null, problems: [{ row: row + 1, column: null, message: `the CSV cannot be read from here on (${error instanceof Error ? error.message : String(error)}); the rest of the file was not imported` }] };
    return;
  }
  if (!columns) throw new DomainError('IMPORT_MAPPING_INVALID', 'The file is empty: it needs a header row.', [{ field: 'header', message: 'is missing' }]);
  const last = flush();
  if (last) yield last;
  yield* malformed();
}

function mappedItem(mapper: Mapper, value: unknown, row: number, channelId: string): Item {
  const mapped = mapper(value, channelId);
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const amazon = typeof record.order === 'object' && record.order !== null ? (record.order as Record<string, unknown>).AmazonOrderId : undefined;
  const rawId = record.id ?? record.orderId ?? amazon;
  const externalId = mapped.order?.external_id ?? (typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : null);
  if (mapped.status === 'cancelled') return { row, externalId, order: null, problems: [{ row, column: null, message: `the order is cancelled in the source (${mapped.sourceStatus}); not imported` }] };
  return { row, externalId, order: mapped.order, problems: mapped.problems.map((p) => ({ row, column: p.field, message: p.message })) };
}

/** The orders of one parsed JSON value: a platform list envelope ({orders: [...]}) or one order. */
function* ordersOf(value: unknown): Generator<unknown> {
  const orders = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { orders?: unknown }).orders : undefined;
  if (Array.isArray(orders)) yield* orders;
  else yield value;
}

/**
 * JSON: a top-level array (streamed element by element), NDJSON (line by line; a line may also be
 * a list envelope), or one document parsed whole up to JSON_DOCUMENT_CAP_BYTES (a pretty-printed
 * envelope). `row` is the array element number or the NDJSON line.
 */
export async function* jsonItems(source: AsyncIterable<Buffer | string>, mapper: Mapper, channelId: string): AsyncGenerator<Item> {
  const decoder = new StringDecoder('utf8');
  let mode: 'unknown' | 'array' | 'lines' | 'document' = 'unknown';
  let pending = '';
  let line = 0;
  const scanner = new ArrayScanner();
  const bad = (row: number, message: string): Item => ({ row, externalId: null, order: null, problems: [{ row, column: null, message }] });
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (mode === 'unknown') {
      text = (pending + text).replace(/^\uFEFF/, '');
      pending = '';
      const start = text.trimStart()[0];
      if (start === undefined) continue;
      mode = start === '[' ? 'array' : 'lines';
    }
    if (mode === 'array') {
      for (const element of scanner.push(text)) {
        try {
          for (const order of ordersOf(JSON.parse(element.text))) yield mappedItem(mapper, order, element.index, channelId);
        } catch {
          yield bad(element.index, 'is not valid JSON');
        }
      }
      if (scanner.error) {
        yield bad(scanner.index, `${scanner.error}; the rest of the file was not imported`);
        return;
      }
      continue;
    }
    pending += text;
    if (mode === 'document') {
      if (pending.length > JSON_DOCUMENT_CAP_BYTES) {
        yield bad(1, `a JSON document that is neither a top-level array nor NDJSON is read whole, and this one is over ${JSON_DOCUMENT_CAP_BYTES} bytes: send NDJSON or an array`);
        return;
      }
      continue;
    }
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const current = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      line++;
      if (current !== '') {
        let value: unknown;
        try {
          value = JSON.parse(current);
        } catch {
          if (line === 1) {
            // The first line is not a whole value: a pretty-printed document, read whole.
            mode = 'document';
            pending = `${current}\n${pending}`;
            break;
          }
          yield bad(line, 'is not valid JSON');
          newline = pending.indexOf('\n');
          continue;
        }
        for (const order of ordersOf(value)) yield mappedItem(mapper, order, line, channelId);
      }
      newline = pending.indexOf('\n');
    }
    if (pending.length > RECORD_CAP_CHARS && mode === 'lines') {
      yield bad(line + 1, `a line is longer than ${RECORD_CAP_CHARS} characters; the rest of the file was not imported`);
      return;
    }
  }
  pending += decoder.end();
  if (mode === 'array') {
    if (!scanner.closed && !scanner.error) yield bad(scanner.index, 'the JSON array is not closed; the file may be cut short');
    return;
  }
  if (mode === 'document') {
    let value: unknown;
    try {
      value = JSON.parse(pending);
    } catch {
      yield bad(1, 'the file is not valid JSON (nor NDJSON, nor a JSON array)');
      return;
    }
    let index = 0;
    for (const order of ordersOf(value)) yield mappedItem(mapper, order, ++index, channelId);
    return;
  }
  const last = pending.trim();
  if (last !== '') {
    line++;
    try {
      for (const order of ordersOf(JSON.parse(last))) yield mappedItem(mapper, order, line, channelId);
    } catch {
      yield bad(line, 'is not valid JSON');
    }
  }
}

/**
 * Splits a top-level JSON array into its elements' texts without parsing the whole: tracks
 * nesting depth and strings, so memory holds one element at a time.
 */
class ArrayScanner {
  index = 0;
  closed = false;
  error: string | null = null;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private current = '';

  *push(text: string): Generator<{ index: number; text: string }> {
    for (let i = 0; i < text.length && !this.error; i++) {
      const c = text[i] as string;
      if (this.closed) {
        if (!/\s/.test(c)) this.error = 'there is text after the closing ] of the array';
        continue;
      }
      if (this.depth === 0) {
        if (c === '[') this.depth = 1;
        else if (!/\s/.test(c)) this.error = 'the file does not start with [';
        continue;
      }
      if (this.inString) {
        this.current += c;
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (this.depth === 1 && (c === ',' || c === ']')) {
        const element = this.current.trim();
        this.current = '';
        if (element !== '') yield { index: ++this.index, text: element };
        else if (c === ',') this.error = `element ${this.index + 1} is empty`;
        if (c === ']') this.closed = true;
        continue;
      }
      if (c === '"') this.inString = true;
      else if (c === '{' || c === '[') this.depth++;
      else if (c === '}' || c === ']') this.depth--;
      this.current += c;
      if (this.current.length > RECORD_CAP_CHARS) this.error = `element ${this.index + 1} is longer than ${RECORD_CAP_CHARS} characters`;
    }
  }
}

/**
 * X12: the file is any number of interchanges, each from its ISA (whose fixed 106 characters
 * declare the separators: element at 3, segment terminator at 105) to the end of its IEA
 * segment. Each is handed whole to the X12 flow; `row` is the interchange's number in the file.
 */
export async function* x12Items(source: AsyncIterable<Buffer | string>): AsyncGenerator<Item> {
  const decoder = new StringDecoder('utf8');
  let text = '';
  let index = 0;
  const bad = (message: string): Item => ({ row: index + 1, externalId: null, order: null, problems: [{ row: index + 1, column: null, message }] });
  const take = function* (final: boolean): Generator<Item, boolean> {
    for (;;) {
      const start = text.indexOf('ISA');
      if (start < 0 || text.length < start + 106) {
        if (final && text.trim() !== '') yield bad(start < 0 ? 'text after the last interchange is not an ISA segment' : 'the file ends inside an ISA segment');
        return true;
      }
      if (text.slice(0, start).trim() !== '') {
        yield bad('text before the interchange’s ISA segment; the rest of the file was not imported');
        return false;
      }
      const element = text[start + 3] as string;
      const terminator = text[start + 105] as string;
      const trailer = text.indexOf(`IEA${element}`, start + 106);
      const end = trailer < 0 ? -1 : text.indexOf(terminator, trailer);
      if (end < 0) {
        if (text.length - start > X12_INTERCHANGE_CAP_CHARS) {
          yield bad(`an interchange longer than ${X12_INTERCHANGE_CAP_CHARS} characters, or one without its IEA; the rest of the file was not imported`);
          return false;
        }
        if (final) yield bad('the last interchange has no IEA segment: the file may be cut short');
        return true;
      }
      index++;
      yield { row: index, externalId: null, order: null, problems: [], interchange: text.slice(start, end + 1) };
      text = text.slice(end + 1);
    }
  };
  for await (const chunk of source) {
    text += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (!(yield* take(false))) return;
  }
  text += decoder.end();
  yield* take(true);
}
