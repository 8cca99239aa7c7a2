// CSV orders: a column mapping (canonical field → header name) and the mapper of one row group
// (the consecutive rows sharing an external id) to the canonical order. Pure: the streaming,
// grouping by consecutive id and capture live in src/flows/capture/steps/import-file.ts.
//
// The default mapping is the header of Shopify admin's orders export (Orders → Export → CSV):
// one row per line item, the order's own fields filled on its first row only, "Created at" as
// `2024-03-05 14:22:10 -0500`, zip codes sometimes prefixed with `'` (kept from spreadsheets
// dropping leading zeros). So such an export imports as is.

import {
  LIMITS,
  MappingLog,
  boundedStr,
  readAddress,
  readCurrency,
  readEmail,
  readInstant,
  readMoney,
  readSku,
  str,
  money,
  type CanonicalOrder,
} from './canonical.js';
import { readTags, serviceLevelOf } from './order-parts.js';
import { unstorableProblem } from '../../../platform/kernel/text.js';

export const csvFields = [
  'external_id',
  'sku',
  'quantity',
  'unit_price',
  'currency',
  'placed_at',
  'email',
  'customer_name',
  'ship_name',
  'ship_company',
  'ship_line1',
  'ship_line2',
  'ship_city',
  'ship_region',
  'ship_postal_code',
  'ship_country',
  'ship_phone',
  'shipping_price',
  'service_level',
  'notes',
  'tags',
  'channel_order_name',
  'taxes',
  'discount_code',
  'discount_amount',
  'total',
] as const;
export type CsvField = (typeof csvFields)[number];
export type CsvMapping = Partial<Record<CsvField, string>>;

/** Without these a row cannot become an order line. */
export const requiredCsvFields = ['external_id', 'sku', 'quantity', 'unit_price', 'currency'] as const satisfies readonly CsvField[];

/** Shopify admin's orders export. */
export const shopifyExportMapping: Readonly<Record<CsvField, string>> = {
  external_id: 'Name',
  sku: 'Lineitem sku',
  quantity: 'Lineitem quantity',
  unit_price: 'Lineitem price',
  currency: 'Currency',
  placed_at: 'Created at',
  email: 'Email',
  customer_name: 'Billing Name',
  ship_name: 'Shipping Name',
  ship_company: 'Shipping Company',
  ship_line1: 'Shipping Address1',
  ship_line2: 'Shipping Address2',
  ship_city: 'Shipping City',
  ship_region: 'Shipping Province',
  ship_postal_code: 'Shipping Zip',
  ship_country: 'Shipping Country',
  ship_phone: 'Shipping Phone',
  shipping_price: 'Shipping',
  service_level: 'Shipping Method',
  notes: 'Notes',
  tags: 'Tags',
  channel_order_name: 'Name',
  // The export's order money, on the first row: taxes and the discount are split over the lines
  // at capture; Total is compared with what the OMS computes.
  taxes: 'Taxes',
  discount_code: 'Discount Code',
  discount_amount: 'Discount Amount',
  total: 'Total',
};

/** A problem located in the file: the row (header = row 1) and the column's header name. */
export interface CsvProblem {
  row: number;
  column: string | null;
  message: string;
}

/**
 * A mapping given by a user (the import's `mapping`, or the channel's `settings.csv_mapping`):
 * an object from canonical field names to header names. It replaces the default whole: fields it
 * does not name are not read.
 */
export function readCsvMapping(value: unknown): { mapping: CsvMapping | null; problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { mapping: null, problems: [{ field: 'mapping', message: 'must be an object from field names to CSV header names' }] };
  const mapping: CsvMapping = {};
  for (const [key, header] of Object.entries(value)) {
    if (!(csvFields as readonly string[]).includes(key)) problems.push({ field: `mapping.${key}`, message: `is not a field; use ${csvFields.join(', ')}` });
    else if (typeof header !== 'string' || header.trim() === '' || header.length > 200) problems.push({ field: `mapping.${key}`, message: 'must be a header name (1–200 characters)' });
    else mapping[key as CsvField] = header.trim();
  }
  for (const field of requiredCsvFields) if (!(field in value)) problems.push({ field: `mapping.${field}`, message: 'is required' });
  return problems.length > 0 ? { mapping: null, problems } : { mapping, problems };
}

/** Column positions of the mapped fields in a header row; the required ones must be there. */
export type ResolvedColumns = Partial<Record<CsvField, { index: number; header: string }>>;

export function resolveColumns(mapping: CsvMapping, header: readonly string[]): { columns: ResolvedColumns | null; problems: CsvProblem[] } {
  const names = header.map((h) => h.trim());
  const columns: ResolvedColumns = {};
  const problems: CsvProblem[] = [];
  for (const field of csvFields) {
    const wanted = mapping[field];
    if (wanted === undefined) continue;
    const index = names.indexOf(wanted);
    if (index >= 0) columns[field] = { index, header: wanted };
    else if ((requiredCsvFields as readonly string[]).includes(field)) problems.push({ row: 1, column: wanted, message: `the header has no column "${wanted}" (mapped to ${field})` });
  }
  return problems.length > 0 ? { columns: null, problems } : { columns, problems };
}

/** The external id of a data row ('' when empty); grouping compares these. */
export function externalIdOf(columns: ResolvedColumns, record: readonly string[]): string {
  const at = columns.external_id;
  return at ? (record[at.index] ?? '').trim() : '';
}

export interface CsvRow {
  /** 1-based, the header being row 1. */
  row: number;
  record: readonly string[];
}

export interface CsvGroupResult {
  external_id: string;
  order: CanonicalOrder | null;
  problems: CsvProblem[];
}

/** Shopify's "2024-03-05 14:22:10 -0500" → ISO 8601; ISO values pass through. */
export function isoFromCsvDate(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  if (!m) return value;
  const zone = m[3] === undefined ? '' : /^(Z|UTC)$/i.test(m[3]) ? 'Z' : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`;
  return `${m[1]}T${m[2]}${zone}`;
}

function cell(columns: ResolvedColumns, record: readonly string[], field: CsvField): string | null {
  const at = columns[field];
  return at ? str(record[at.index] ?? '') : null;
}

/**
 * One row group → the canonical order. The order's own fields are read from the group's first
 * row (Shopify leaves them empty on the following rows); every row is one line. Every problem
 * names its row and column; `order` is null when there is any.
 */
export function mapCsvGroup(rows: readonly CsvRow[], columns: ResolvedColumns, channel: string): CsvGroupResult {
  const first = rows[0];
  const problems: CsvProblem[] = [];
  if (!first) return { external_id: '', order: null, problems: [{ row: 0, column: null, message: 'empty group' }] };
  const externalId = externalIdOf(columns, first.record);
  // A mapped cell no text column can hold (NUL) rejects the order, naming row and column.
  const unstorable = rows.flatMap((r) =>
    Object.values(columns).flatMap((c) => {
      const why = c ? unstorableProblem(r.record[c.index] ?? '') : undefined;
      return c && why ? [{ row: r.row, column: c.header, message: `the cell ${why}; the order was not imported` }] : [];
    }),
  );
  if (unstorable.length > 0) return { external_id: externalId, order: null, problems: unstorable };
  const header = (field: CsvField) => columns[field]?.header ?? field;
  // Runs a reader of canonical.ts against a log and moves its problems to (row, column).
  const read = <T>(row: number, field: CsvField, reader: (log: MappingLog, value: string | null, column: string) => T, column = header(field)): T => {
    const log = new MappingLog();
    const value = reader(log, cell(columns, rows.find((r) => r.row === row)?.record ?? [], field), column);
    for (const p of log.problems) problems.push({ row, column, message: p.message });
    return value;
  };
  if (externalId === '') problems.push({ row: first.row, column: header('external_id'), message: 'is empty: every row needs its order’s id' });
  else if (externalId.length > LIMITS.externalIdLength) problems.push({ row: first.row, column: header('external_id'), message: `is longer than ${LIMITS.externalIdLength} characters` });
  if (rows.length > LIMITS.maxLines) problems.push({ row: first.row, column: header('external_id'), message: `the order has ${rows.length} rows; at most ${LIMITS.maxLines} lines are accepted` });

  const currency = read(first.row, 'currency', (log, v, c) => readCurrency(log, v, c));
  const exponent = currency?.exponent ?? 2;
  const lines = rows.map((r) => {
    const sku = read(r.row, 'sku', (log, v, c) => readSku(log, v, c));
    const quantity = read(r.row, 'quantity', (log, v, c) => {
      const n = v !== null && /^\d{1,7}$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n) || n < 1 || n > LIMITS.maxQuantity) log.problem(c, `must be a whole number from 1 to ${LIMITS.maxQuantity}`);
      return n;
    });
    const unit = read(r.row, 'unit_price', (log, v, c) => readMoney(log, v, c, exponent));
    return { sku: sku ?? '', quantity, unit_price: unit === null ? '' : money(unit, exponent) };
  });
  const row = first.row;
  const placedAt = read(row, 'placed_at', (log, v, c) => (v === null ? null : readInstant(log, isoFromCsvDate(v), c, false)));
  const email = read(row, 'email', (log, v, c) => readEmail(log, v, c));
  const customerName = read(row, 'customer_name', (log, v, c) => boundedStr(log, v, c, 200));
  const shippingPrice = read(row, 'shipping_price', (log, v, c) => (v === null ? null : readMoney(log, v, c, exponent)));
  const optionalMoney = (field: CsvField) => read(row, field, (log, v, c) => (v === null ? null : readMoney(log, v, c, exponent)));
  const taxes = optionalMoney('taxes');
  const discount = optionalMoney('discount_amount');
  const total = optionalMoney('total');
  const discountCode = read(row, 'discount_code', (log, v, c) => boundedStr(log, v, c, 100));
  const notes = read(row, 'notes', (log, v, c) => boundedStr(log, v, c, LIMITS.notesLength));
  const orderName = read(row, 'channel_order_name', (log, v, c) => boundedStr(log, v, c, LIMITS.channelOrderNameLength));
  const method = cell(columns, first.record, 'service_level');
  const tags = read(row, 'tags', (log, v, c) => readTags(log, (v ?? '').split(','), c));
  const zip = cell(columns, first.record, 'ship_postal_code');
  const address = read(row, 'ship_line1', (log) =>
    readAddress(
      log,
      {
        name: cell(columns, first.record, 'ship_name'),
        company: cell(columns, first.record, 'ship_company'),
        line1: cell(columns, first.record, 'ship_line1'),
        line2: cell(columns, first.record, 'ship_line2'),
        city: cell(columns, first.record, 'ship_city'),
        region: cell(columns, first.record, 'ship_region'),
        // Spreadsheets drop a zip's leading zeros unless it is written as text: '02118.
        postal_code: zip?.replace(/^'/, '') ?? null,
        country: cell(columns, first.record, 'ship_country'),
        phone: cell(columns, first.record, 'ship_phone'),
      },
      'shipping address',
      true,
    ),
    // A partial address is reported on the columns that make it usable.
    [header('ship_line1'), header('ship_city'), header('ship_country')].join(', '),
  );
  if (problems.length > 0 || currency === null) return { external_id: externalId, order: null, problems };
  const order: CanonicalOrder = {
    channel,
    external_id: externalId,
    channel_order_name: orderName,
    currency: currency.code,
    placed_at: placedAt,
    customer: email !== null || customerName !== null ? { email, name: customerName } : null,
    shipping_address: address,
    lines,
    shipping: { service_level: method === null ? null : serviceLevelOf(method), price: money(shippingPrice ?? 0, exponent) },
    ...(taxes ? { order_taxes: [{ title: 'Taxes', amount: money(taxes, exponent) }] } : {}),
    ...(discount ? { order_discounts: [{ code: discountCode, source: discountCode === null ? 'channel' : 'discount_code', amount: money(discount, exponent) }] } : {}),
    ...(total !== null ? { channel_totals: { total: money(total, exponent) } } : {}),
    notes,
    tags,
  };
  return { external_id: externalId, order, problems };
}
