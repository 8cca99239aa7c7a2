import { parse } from 'csv-parse/sync';
import { currencyExponent, parseMoney, type MoneyParseError } from '../../../platform/kernel/money.js';
import type { RateCard, RateCardProblem } from './rate-card.js';

/**
 * The three CSV files a tenant uploads for a rate-card carrier. Each needs a header row; columns
 * may come in any order, but a missing or unknown column is refused so a typo never silently
 * drops a price. Problems name the file and the 1-based line (`rates_csv[12].price`), the way
 * a spreadsheet shows it, and parsing never throws on bad input.
 */
export type RateRow = RateCard['rates'][number];
export type ZoneRow = RateCard['zones'][number];
export type TransitRow = RateCard['transit'][number];
export type CountryZoneRow = NonNullable<RateCard['countryZones']>[number];
/** `lines[i]` is the file line `rows[i]` came from, to point card-level problems back at the file. */
export type CsvResult<Row> = { rows: Row[]; lines: number[] } | { problems: RateCardProblem[] };

/** An upload bigger than any real card is a mistake; stop before it eats memory. */
const MAX_ROWS = 200_000;
/** Enough to fix a file in one go without a response the size of the upload. */
const MAX_PROBLEMS = 100;

const DECIMAL_WEIGHT = /^(?:0|[1-9]\d{0,5})(?:\.\d{1,4})?$/;
const ZIP3 = /^\d{3}$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

type Cells<K extends string> = Record<K, string>;

interface Sheet<K extends string> {
  rows: { line: number; cells: Cells<K> }[];
  problems: RateCardProblem[];
}

function readSheet<K extends string>(file: string, text: string, columns: readonly K[]): Sheet<K> {
  const problems: RateCardProblem[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      // Only whole lines starting with # are comments, so a value may still contain '#'.
      comment: '#',
      comment_no_infix: true,
      relax_column_count: true,
      info: true,
      max_record_size: 4096,
      // The typings do not model `info: true`, which wraps each record as { record, info }.
    }) as unknown as typeof records;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { rows: [], problems: [{ field: file, message: `is not readable CSV: ${message}` }] };
  }
  const [header, ...data] = records;
  if (!header) return { rows: [], problems: [{ field: file, message: `is empty; the header row must be ${columns.join(',')}` }] };
  const names = header.record.map((name) => name.toLowerCase());
  const position = new Map<string, number>();
  names.forEach((name, i) => {
    if (!(columns as readonly string[]).includes(name)) problems.push({ field: `${file}.header`, message: `has unknown column "${name}"; expected ${columns.join(',')}` });
    else if (position.has(name)) problems.push({ field: `${file}.header`, message: `repeats column "${name}"` });
    else position.set(name, i);
  });
  for (const column of columns) if (!position.has(column)) problems.push({ field: `${file}.header`, message: `is missing column "${column}"` });
  if (problems.length > 0) return { rows: [], problems };
  if (data.length > MAX_ROWS) return { rows: [], problems: [{ field: file, message: `has ${data.length} rows; at most ${MAX_ROWS} are accepted` }] };
  if (data.length === 0) return { rows: [], problems: [{ field: file, message: 'has a header but no rows' }] };

  const rows: Sheet<K>['rows'] = [];
  for (const { record, info } of data) {
    if (record.length !== names.length) {
      problems.push({ field: `${file}[${info.lines}]`, message: `has ${record.length} values; the header has ${names.length}` });
      continue;
    }
    const cells = {} as Cells<K>;
    for (const column of columns) cells[column] = record[position.get(column) ?? 0] ?? '';
    rows.push({ line: info.lines, cells });
  }
  return { rows, problems };
}

/** Says what is wrong with one cell of the row being read; the row is then left out. */
type Refuse<K extends string> = (column: K, message: string) => void;

/**
 * The one row loop every sheet shares: reads the sheet, hands each row's cells to `readRow`, and
 * keeps the row it returns only when it refused nothing. Problems name the file, line and column.
 */
function parseSheet<K extends string, Row>(file: string, text: string, columns: readonly K[], readRow: (cells: Cells<K>, refuse: Refuse<K>) => Row): CsvResult<Row> {
  const sheet = readSheet(file, text, columns);
  const problems = [...sheet.problems];
  const rows: Row[] = [];
  const lines: number[] = [];
  for (const { line, cells } of sheet.rows) {
    const before = problems.length;
    const row = readRow(cells, (column, message) => problems.push({ field: `${file}[${line}].${column}`, message }));
    if (problems.length === before) {
      rows.push(row);
      lines.push(line);
    }
  }
  if (problems.length === 0) return { rows, lines };
  return { problems: problems.slice(0, MAX_PROBLEMS) };
}

function priceProblem(error: MoneyParseError, exponent: number, currency: string): string {
  if (error === 'too_many_decimals') return `has more than ${exponent} decimal places, the most ${currency} allows`;
  if (error === 'too_large') return 'is too large';
  return 'must be a non-negative decimal such as 12.34';
}

/**
 * `service,zone,max_weight,price`. Prices are decimal strings in `currency`, converted to minor
 * units by string arithmetic; more decimals than the currency has is refused, not rounded.
 */
export function parseRateCsv(text: string, currency: string): CsvResult<RateRow> {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return { problems: [{ field: 'currency', message: `${currency} is not an ISO 4217 currency code` }] };
  return parseSheet('rates_csv', text, ['service', 'zone', 'max_weight', 'price'] as const, (cells, refuse) => {
    if (!CODE.test(cells.service)) refuse('service', 'must be a service code such as ground');
    if (!cells.zone) refuse('zone', 'must not be empty');
    const weight = Number(cells.max_weight);
    if (!DECIMAL_WEIGHT.test(cells.max_weight) || weight <= 0) refuse('max_weight', 'must be a positive number such as 5 or 0.5');
    const price = parseMoney(cells.price, exponent);
    if (!price.ok) refuse('price', priceProblem(price.error, exponent, currency));
    return { service: cells.service, zone: cells.zone, maxWeight: weight, priceMinor: price.ok ? price.minor : 0 };
  });
}

const ZIP3_COLUMNS = ['origin_zip3_from', 'origin_zip3_to', 'dest_zip3_from', 'dest_zip3_to'] as const;

/** `origin_zip3_from,origin_zip3_to,dest_zip3_from,dest_zip3_to,zone`, ranges inclusive. */
export function parseZoneCsv(text: string): CsvResult<ZoneRow> {
  return parseSheet('zones_csv', text, [...ZIP3_COLUMNS, 'zone'] as const, (cells, refuse) => {
    const notZip3 = ZIP3_COLUMNS.filter((column) => !ZIP3.test(cells[column]));
    for (const column of notZip3) refuse(column, 'must be a three-digit ZIP3 such as 005');
    if (notZip3.length === 0) {
      if (cells.origin_zip3_from > cells.origin_zip3_to) refuse('origin_zip3_to', 'must not be before origin_zip3_from');
      if (cells.dest_zip3_from > cells.dest_zip3_to) refuse('dest_zip3_to', 'must not be before dest_zip3_from');
    }
    if (!cells.zone) refuse('zone', 'must not be empty');
    return { originFrom: cells.origin_zip3_from, originTo: cells.origin_zip3_to, destFrom: cells.dest_zip3_from, destTo: cells.dest_zip3_to, zone: cells.zone };
  });
}

/** `service,zone,days`: business days in transit after pickup. */
export function parseTransitCsv(text: string): CsvResult<TransitRow> {
  return parseSheet('transit_csv', text, ['service', 'zone', 'days'] as const, (cells, refuse) => {
    if (!CODE.test(cells.service)) refuse('service', 'must be a service code such as ground');
    if (!cells.zone) refuse('zone', 'must not be empty');
    if (!/^\d{1,2}$/.test(cells.days) || Number(cells.days) > 60) refuse('days', 'must be a whole number of business days from 0 to 60');
    return { service: cells.service, zone: cells.zone, days: Number(cells.days) };
  });
}

/** `country,zone`: the zone of each destination country abroad (ISO 3166-1 alpha-2). */
export function parseCountryZoneCsv(text: string): CsvResult<CountryZoneRow> {
  return parseSheet('country_zones_csv', text, ['country', 'zone'] as const, (cells, refuse) => {
    if (!/^[A-Za-z]{2}$/.test(cells.country)) refuse('country', 'must be an ISO 3166-1 alpha-2 country code such as CA');
    if (!cells.zone) refuse('zone', 'must not be empty');
    return { country: cells.country.toUpperCase(), zone: cells.zone };
  });
}

const CSV_COLUMN: Record<string, Record<string, string>> = {
  rates: { service: 'service', zone: 'zone', maxWeight: 'max_weight', priceMinor: 'price' },
  zones: { originFrom: 'origin_zip3_from', originTo: 'origin_zip3_to', destFrom: 'dest_zip3_from', destTo: 'dest_zip3_to', zone: 'zone' },
  transit: { service: 'service', zone: 'zone', days: 'days' },
  countryZones: { country: 'country', zone: 'zone' },
};

const CSV_FILE: Record<string, string> = { rates: 'rates_csv', zones: 'zones_csv', transit: 'transit_csv', countryZones: 'country_zones_csv' };

/**
 * Rewrites a `validateRateCard` field for a card built from uploaded CSVs, so the tenant sees the
 * line they typed: `rates[12].priceMinor` → `rates_csv[14].price`. Fields not about a CSV row
 * (`currency`, `transit`) come back unchanged.
 */
export function csvFieldFor(field: string, lines: { rates: number[]; zones: number[]; transit: number[]; countryZones?: number[] }): string {
  const match = /^(rates|zones|transit|countryZones)\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (!match) return field;
  const [, table = '', index = '', column] = match;
  const line = lines[table as keyof typeof lines]?.[Number(index)];
  if (line === undefined) return field;
  const csvColumn = column === undefined ? '' : `.${CSV_COLUMN[table]?.[column] ?? column}`;
  return `${CSV_FILE[table] ?? table}[${line}]${csvColumn}`;
}
