import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { loopTurn } from '../../platform/cpu/loop-turn.js';
import { newId } from '../../platform/kernel/ids.js';
import type { Actor } from '../../platform/outbox/events.js';
import {
  findChannel,
  findChannelById,
  importFormats,
  insertImportJob,
  mapAmazonOrder,
  mapEbayOrder,
  mapShopifyOrder,
  mapWooCommerceOrder,
  readCsvMapping,
  shopifyExportMapping,
  updateImportJob,
  type ChannelRow,
  type CsvMapping,
  type ImportFormat,
  type ImportJobRow,
  type ImportRejection,
  csvItems,
  jsonItems,
  x12Items,
  type Item,
  type Mapper,
} from '../../modules/channels/index.js';
import { findOrderByExternalId } from '../../modules/orders/index.js';
import { placeOrder, type CanonicalOrder } from './place-order.js';
import { receiveX12Interchange } from '../channels/x12-inbound.js';

/** Orders captured at once: enough to keep PostgreSQL's pool busy; the file is read no faster. */
export const IMPORT_CONCURRENCY = 8;
/** Rejections kept on the job row (all of them go to `onRejected`). */
export const STORED_REJECTIONS = 100;

/** The JSON formats' adapters (x12 and csv have their own readers). */
const mappers: Partial<Record<ImportFormat, Mapper>> = { shopify: mapShopifyOrder, woocommerce: mapWooCommerceOrder, amazon: mapAmazonOrder, ebay: mapEbayOrder };

export interface ImportRequest {
  format: string;
  channelId: string;
  /** The caller's tenant (API); undefined: the tenant follows from the channel's global id (CLI). */
  tenantId?: string;
  /** A CSV column mapping; default: the channel's settings.csv_mapping, else Shopify's export headers. */
  mapping?: unknown;
  /** Who asked: an API key id, or `cli:<user>`. */
  actorId: string;
}

export interface ImportProgress {
  bytes: number;
  total: number;
  imported: number;
  duplicates: number;
  rejected: number;
}

export interface ImportHooks {
  clock: () => Date;
  concurrency?: number;
  onProgress?: (progress: ImportProgress) => void;
  onRejected?: (rejection: ImportRejection) => void;
}

export interface OpenedImport {
  job: ImportJobRow;
  channel: ChannelRow;
  format: ImportFormat;
  mapping: CsvMapping;
}


/**
 * Checks the channel, format and mapping and records the job (status running). Refusals change
 * nothing: unknown or inactive channel (404 / 409), a format the channel does not take (422), a
 * format not built yet (422), a mapping that is not one (422).
 */
export async function openImport(db: Db, request: ImportRequest, now: Date): Promise<OpenedImport> {
  const channel = request.tenantId === undefined ? await findChannelById(db, request.channelId) : await findChannel(db, request.tenantId, request.channelId);
  if (!channel) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.channelId}.`);
  if (!(importFormats as readonly string[]).includes(request.format)) throw new DomainError('IMPORT_FORMAT_UNSUPPORTED', `Unknown format "${request.format}": use ${importFormats.join(', ')}.`, [{ field: 'format', message: `must be one of ${importFormats.join(', ')}` }]);
  const format = request.format as ImportFormat;
  if (!channel.active) throw new DomainError('CHANNEL_INACTIVE', `Channel ${channel.id} is deactivated.`);
  if (format !== 'csv' && channel.type !== format) throw new DomainError('CHANNEL_TYPE_MISMATCH', `Channel ${channel.id} is a ${channel.type} channel: it imports ${channel.type === 'pos' || channel.type === 'api' ? 'csv' : `${channel.type} or csv`} files.`, [{ field: 'format', message: `a ${channel.type} channel does not take ${format} files` }]);
  if (format !== 'csv' && format !== 'x12' && !mappers[format]) throw new DomainError('IMPORT_FORMAT_UNSUPPORTED', `Importing ${format} files is not supported yet.`, [{ field: 'format', message: `${format} import is not supported yet` }]);
  let mapping: CsvMapping = shopifyExportMapping;
  const given = request.mapping ?? channel.settings.csv_mapping;
  if (format === 'csv' && given !== undefined) {
    const read = readCsvMapping(given);
    const source = request.mapping !== undefined ? 'mapping' : 'settings.csv_mapping';
    if (!read.mapping) throw new DomainError('IMPORT_MAPPING_INVALID', `The CSV mapping (${source}) is not usable.`, read.problems.map((p) => ({ field: p.field.replace(/^mapping/, source), message: p.message })));
    mapping = read.mapping;
  }
  const job: ImportJobRow = {
    tenantId: channel.tenantId,
    id: newId('imp'),
    channelId: channel.id,
    format,
    status: 'running',
    total: 0,
    imported: 0,
    duplicates: 0,
    rejected: 0,
    rejections: [],
    error: null,
    actor: request.actorId,
    createdAt: now,
    finishedAt: null,
    updatedAt: null,
  };
  await insertImportJob(db, job);
  return { job, channel, format, mapping };
}

/**
 * Streams the file, maps each record and captures it through placeOrder, at most `concurrency`
 * at once (the file is read only as fast as orders are captured, so memory stays bounded). A
 * repeated (channel, external id) counts as a duplicate; an id met twice in the same file is
 * rejected the second time. Unexpected errors (the database going away) end the run: the job is
 * marked failed and the error rethrown.
 */
export async function runImport(db: Db, opened: OpenedImport, source: AsyncIterable<Buffer | string>, hooks: ImportHooks): Promise<ImportJobRow> {
  const { job, channel } = opened;
  const actor: Actor = { tenantId: job.tenantId, actorId: `import:${job.id}` };
  const progress: ImportProgress = { bytes: 0, total: 0, imported: 0, duplicates: 0, rejected: 0 };
  const rejections: ImportRejection[] = [];
  const reject = (item: Item, problems: Item['problems']) => {
    progress.rejected++;
    for (const p of problems) {
      const rejection: ImportRejection = { row: p.row, column: p.column, external_id: item.externalId, reason: p.message };
      if (rejections.length < STORED_REJECTIONS) rejections.push(rejection);
      hooks.onRejected?.(rejection);
    }
  };
  const counted = async function* () {
    for await (const chunk of source) {
      progress.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      yield chunk;
    }
  };
  const captureInterchange = async (item: Item, text: string) => {
    try {
      const receipt = await receiveX12Interchange(db, { tenantId: job.tenantId, actorId: `import:${job.id}` }, channel.id, text, hooks.clock());
      // Counted per purchase order; the file's `total` counted the interchange as one, so fix it up.
      progress.total += receipt.sets.length - 1;
      for (const set of receipt.sets) {
        const one: Item = { row: item.row, externalId: set.po_number, order: null, problems: [] };
        if (set.outcome === 'created' && !receipt.duplicate) progress.imported++;
        else if (set.outcome !== 'rejected') progress.duplicates++;
        else reject(one, (set.problems.length > 0 ? set.problems : [{ segment: null, element: null, message: 'rejected' }]).map((p) => ({ row: item.row, column: `GS ${set.group} / ST ${set.set}${p.segment ? ` / ${p.segment}${p.element ? String(p.element).padStart(2, '0') : ''}` : ''}`, message: p.message })));
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      reject(item, (error.errors ?? [{ field: null, message: error.message }]).map((e) => ({ row: item.row, column: e.field ?? null, message: `${error.code}: ${e.message}` })));
    }
  };
  const capture = async (item: Item) => {
    if (item.interchange !== undefined) return captureInterchange(item, item.interchange);
    if (!item.order || item.problems.length > 0) return reject(item, item.problems);
    try {
      const result = await placeOrder(db, actor, item.order as CanonicalOrder, hooks.clock());
      if (result.statusCode === 201) return void progress.imported++;
      const existing = item.externalId ? await findOrderByExternalId(db, job.tenantId, channel.id, item.externalId) : undefined;
      if (existing?.createdBy === actor.actorId) return reject(item, [{ row: item.row, column: item.columns?.external_id?.header ?? 'external_id', message: `external id ${item.externalId} appears twice in this file (consecutive rows of one order must be together); its first group was imported as ${existing.id}` }]);
      progress.duplicates++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const header = (field: string) => item.columns?.[field as 'sku']?.header ?? field;
      const problems = (error.errors ?? [{ field: null, message: error.message }]).map((e) => {
        const line = e.field ? /^lines\[(\d+)\]\.(\w+)/.exec(e.field) : null;
        if (line && item.lineRows) return { row: item.lineRows[Number(line[1])] ?? item.row, column: header(line[2] as string), message: `${error.code}: ${e.message}` };
        return { row: item.row, column: e.field ?? null, message: `${error.code}: ${e.message}` };
      });
      reject(item, problems);
    }
  };

  const inFlight = new Set<Promise<void>>();
  let fatal: unknown;
  const limit = hooks.concurrency ?? IMPORT_CONCURRENCY;
  let sinceSave = 0;
  let savedAt = Date.now();
  try {
    const items = opened.format === 'csv' ? csvItems(counted(), opened.mapping, channel.id) : opened.format === 'x12' ? x12Items(counted()) : jsonItems(counted(), mappers[opened.format] as Mapper, channel.id);
    for await (const item of items) {
      if (fatal) break;
      // Reading, parsing and mapping records that need no waiting (rejected ones, a file already
      // read) is a chain of resolved promises: give the loop its turn every few milliseconds.
      await loopTurn();
      progress.total++;
      const running: Promise<void> = capture(item)
        .catch((error: unknown) => {
          fatal ??= error;
        })
        .finally(() => {
          inFlight.delete(running);
          hooks.onProgress?.(progress);
        });
      inFlight.add(running);
      if (inFlight.size >= limit) await Promise.race(inFlight);
      // Progress (and a heartbeat: see markInterruptedImports) every 1,000 records or 10 s.
      if (++sinceSave >= 1000 || Date.now() - savedAt >= 10_000) {
        sinceSave = 0;
        savedAt = Date.now();
        await updateImportJob(db, job.tenantId, job.id, { ...progressCounts(progress), rejections, status: 'running', error: null, finishedAt: null });
      }
    }
  } catch (error) {
    fatal ??= error;
  }
  await Promise.all(inFlight);
  hooks.onProgress?.(progress);
  const failed = fatal !== undefined;
  const message = failed ? failureOf(fatal) : null;
  const row = await updateImportJob(db, job.tenantId, job.id, { ...progressCounts(progress), rejections, status: failed ? 'failed' : 'completed', error: message, finishedAt: hooks.clock() });
  if (failed) throw fatal;
  return row as ImportJobRow;
}

/** openImport + runImport: the route and `oms import` are this call. */
export async function importOrders(db: Db, request: ImportRequest, source: AsyncIterable<Buffer | string>, hooks: ImportHooks): Promise<ImportJobRow> {
  return runImport(db, await openImport(db, request, hooks.clock()), source, hooks);
}

/**
 * What the job records of an error that ended it: the driver's own message (a query error's
 * cause), not the query and its parameters (customers' data) that the wrapper quotes, and short.
 */
function failureOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.length > 1000 ? `${message.slice(0, 1000)}…` : message;
}

function progressCounts(p: ImportProgress) {
  return { total: p.total, imported: p.imported, duplicates: p.duplicates, rejected: p.rejected };
}
