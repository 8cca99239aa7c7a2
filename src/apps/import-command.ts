import { createReadStream, createWriteStream, readFileSync, rmSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Database } from '../platform/db/database.js';
import { DomainError } from '../platform/errors.js';
import { importFormats, type ImportRejection } from '../modules/channels/index.js';
import { importOrders, type ImportProgress } from '../flows/capture/import-orders.js';
import { csvCell } from '../platform/kernel/csv-cell.js';
import { redactedMessage } from '../platform/logging.js';
import { storableText } from '../platform/kernel/text.js';

export const importUsage = `Usage: oms import FILE --format ${importFormats.join('|')} --channel ID [--rejects PATH] [--mapping JSON-or-file]
  Imports the orders in FILE into the channel (its tenant follows from the id), streaming.
  --rejects  where rejected records and their reasons go (default FILE.rejected.csv)
  --mapping  csv only: {"external_id": "Name", "sku": "Lineitem sku", ...} or a file holding it
  Exit code: 0 all imported or duplicates, 2 some records rejected, 1 the import could not run.`;

/**
 * PGlite has no lock of its own: two processes opening one data directory corrupt it. `oms serve`
 * and `oms import` (and `migrate`) take this lock file on the embedded database; a live holder
 * refuses the second with the way out.
 */
export function lockDataDir(dataDir: string, command: string): void {
  const path = join(dataDir, 'oms.lock');
  let holder: { pid: number; command: string } | undefined;
  try {
    holder = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; command: string };
  } catch {
    holder = undefined;
  }
  if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
    throw new Error(
      `the embedded database in ${dataDir} is in use by \`oms ${holder.command}\` (pid ${holder.pid}), and PGlite cannot be opened by two processes. ` +
        'Stop that process first, or import through the running server (POST /v1/channels/{id}/imports), or use PostgreSQL (DATABASE_URL).',
    );
  }
  writeFileSync(path, JSON.stringify({ pid: process.pid, command }));
  process.on('exit', () => {
    try {
      if ((JSON.parse(readFileSync(path, 'utf8')) as { pid: number }).pid === process.pid) rmSync(path);
    } catch {
      /* already gone */
    }
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readMapping(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  const text = value.trim().startsWith('{') ? value : readFileSync(value, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('IMPORT_MAPPING_INVALID', '--mapping is neither a JSON object nor a file holding one.', [{ field: 'mapping', message: 'must be JSON' }]);
  }
}

const number = new Intl.NumberFormat('en-US');

/** `oms import`: the same import as POST /v1/channels/{id}/imports, with a progress bar. Answers the exit code. */
export async function importCommand(argv: string[], openDatabase: () => Promise<Database>, stderr: NodeJS.WriteStream = process.stderr, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string' }, channel: { type: 'string' }, rejects: { type: 'string' }, mapping: { type: 'string' } } });
  } catch (error) {
    stderr.write(`oms import: ${(error as Error).message}\n${importUsage}\n`);
    return 1;
  }
  const [file] = args.positionals;
  const { format, channel } = args.values;
  if (!file || !format || !channel || args.positionals.length > 1) {
    stderr.write(`${importUsage}\n`);
    return 1;
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    stderr.write(`oms import: cannot read ${file}\n`);
    return 1;
  }
  const rejectsPath = args.values.rejects ?? `${file}.rejected.csv`;
  let rejects: WriteStream | undefined;
  const onRejected = (r: ImportRejection) => {
    if (!rejects) {
      rejects = createWriteStream(rejectsPath);
      rejects.write('row,column,external_id,reason\n');
    }
    rejects.write(`${[r.row, r.column, r.external_id, r.reason].map((v) => csvCell(typeof v === 'string' ? storableText(v) : v)).join(',')}\n`);
  };

  const started = Date.now();
  const rate = (p: ImportProgress) => (p.total - 0) / Math.max((Date.now() - started) / 1000, 0.001);
  const bar = stderr.isTTY
    ? new cliProgress.SingleBar({ format: ' {bar} {percentage}% | {orders} orders | {rate} orders/s | rejected {rejected} | ETA {eta_formatted}', hideCursor: true, etaBuffer: 50, fps: 5, stream: stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  let lastLine = 0;
  const onProgress = (p: ImportProgress) => {
    const payload = { orders: number.format(p.total), rate: number.format(Math.round(rate(p))), rejected: number.format(p.rejected) };
    if (bar) return bar.update(Math.min(p.bytes, size), payload);
    const now = Date.now();
    if (now - lastLine < 2000) return;
    lastLine = now;
    const fraction = size > 0 ? Math.min(p.bytes / size, 1) : 1;
    const eta = fraction > 0 ? ((now - started) / 1000) * (1 / fraction - 1) : 0;
    stderr.write(`oms import: ${Math.round(fraction * 100)}% of ${file}, ${payload.orders} orders (${number.format(p.imported)} imported, ${number.format(p.duplicates)} duplicates, ${payload.rejected} rejected), ${payload.rate} orders/s, ETA ${Math.round(eta)} s\n`);
  };

  let database: Database | undefined;
  try {
    const mapping = readMapping(args.values.mapping);
    database = await openDatabase();
    bar?.start(size, 0, { orders: '0', rate: '0', rejected: '0' });
    const job = await importOrders(database.db, { format, channelId: channel, mapping, actorId: `cli:${userInfo().username}` }, createReadStream(file, { highWaterMark: 256 * 1024 }), { clock: () => new Date(), onProgress, onRejected });
    bar?.update(size);
    bar?.stop();
    const seconds = (Date.now() - started) / 1000;
    stdout.write(
      `Imported ${file} into ${job.channelId} (${job.format}) in ${seconds.toFixed(1)} s, ${number.format(Math.round(job.total / Math.max(seconds, 0.001)))} orders/s\n` +
        `  imported    ${number.format(job.imported)}\n  duplicates  ${number.format(job.duplicates)}\n  rejected    ${number.format(job.rejected)}${job.rejected > 0 ? `  (reasons in ${rejectsPath})` : ''}\n  job         ${job.id}\n`,
    );
    return job.rejected > 0 ? 2 : 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof DomainError) {
      stderr.write(`oms import: ${error.code}: ${error.message}\n${(error.errors ?? []).map((e) => `  ${e.field}: ${e.message}\n`).join('')}`);
    } else {
      stderr.write(`oms import: ${redactedMessage(error)}\n`);
    }
    return 1;
  } finally {
    const stream = rejects;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
    await database?.close();
  }
}
