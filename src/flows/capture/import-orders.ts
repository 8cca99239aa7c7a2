import type { Db } from '../../platform/db/database.js';
import type { ImportJobRow } from '../../modules/channels/index.js';
import { openImport, runImport, type ImportHooks, type ImportRequest } from './steps/import-file.js';

export type { ImportHooks, ImportProgress, ImportRequest } from './steps/import-file.js';

/**
 * POST /v1/channels/{id}/imports and `oms import`: the job is opened (channel, format and mapping
 * checked), then the file is streamed through the one capture path (`runImport`).
 */
export async function importOrders(db: Db, request: ImportRequest, source: AsyncIterable<Buffer | string>, hooks: ImportHooks): Promise<ImportJobRow> {
  return runImport(db, await openImport(db, request, hooks.clock()), source, hooks);
}
