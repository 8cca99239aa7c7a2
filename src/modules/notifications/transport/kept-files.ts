import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

// The embedded default keeps what would have been sent in the data directory: e-mail as
// `<dataDir>/mail/<tenant>/<id>.eml`, SMS as `<dataDir>/sms/<tenant>/<id>.txt`.

/** Ids are ours (`ntf_…`, `ten_…`), but a path is built from them: nothing but safe characters. */
export function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Where the .eml of a notification is kept by `fileMailer`. */
export function emlPath(dataDir: string, tenantId: string, id: string): string {
  return join(dataDir, 'mail', safeName(tenantId), `${safeName(id)}.eml`);
}

/** The .eml `fileMailer` kept of a message, as written; undefined when none is kept (sent over SMTP, an SMS, or erased). */
export async function readKeptEml(dataDir: string, tenantId: string, id: string): Promise<Buffer | undefined> {
  try {
    return await readFile(emlPath(dataDir, tenantId, id));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Where the text of an SMS is kept by `fileSms`. */
export function smsPath(dataDir: string, tenantId: string, id: string): string {
  return join(dataDir, 'sms', safeName(tenantId), `${safeName(id)}.txt`);
}

/** A customer's erasure reaches the kept files: the `.eml` and `.txt` of these messages are deleted. Answers how many there were. */
export async function deleteKeptMessages(dataDir: string, tenantId: string, ids: string[]): Promise<number> {
  let deleted = 0;
  for (const id of ids) {
    for (const path of [emlPath(dataDir, tenantId, id), smsPath(dataDir, tenantId, id)]) {
      try {
        await unlink(path);
        deleted++;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return deleted;
}
