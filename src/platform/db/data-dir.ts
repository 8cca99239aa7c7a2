import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * OMS_DATA_DIR holds the embedded database (its WAL and tables hold customers' e-mails and
 * addresses) and the key sealing stored secrets: it is the owner's alone, 0700, its files 0600.
 *
 * PGlite writes through Emscripten's NODEFS, which gives the files its initdb lays down mode 0666
 * by an explicit chmod (the process umask does not apply to them) while files PostgreSQL creates
 * later (WAL segments, new relations, pg_internal.init) follow the umask. So `oms` runs with umask
 * 0077, the directory is made (or tightened to) 0700 before PGlite opens it — nobody else can
 * reach a file inside even for the moment it is 0666 — and every file in it is tightened to 0600
 * once PGlite is open.
 */
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** Creates the directory 0700, or tightens an existing one that others could enter. Answers whether it had to tighten. */
export async function prepareDataDir(dir: string): Promise<{ tightened: boolean }> {
  await mkdir(dir, { recursive: true, mode: DATA_DIR_MODE });
  const { mode } = await lstat(dir);
  if ((mode & 0o077) === 0) return { tightened: false };
  await chmod(dir, DATA_DIR_MODE);
  return { tightened: true };
}

/** Tightens every file (0600) and directory (0700) below `dir` that group or others could use; answers how many it changed. Symbolic links are left alone. */
export async function restrictDataDir(dir: string): Promise<number> {
  let changed = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) changed += await restrictDataDir(path);
    if (!entry.isDirectory() && !entry.isFile()) continue;
    const { mode } = await lstat(path);
    if ((mode & 0o077) === 0) continue;
    await chmod(path, entry.isDirectory() ? DATA_DIR_MODE : DATA_FILE_MODE);
    changed += 1;
  }
  return changed;
}
