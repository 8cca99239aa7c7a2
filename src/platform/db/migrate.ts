import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

// The same path from src/platform/db and from its compiled copy dist/platform/db: both sit at the package root.
export const migrationsDir = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export interface Migration {
  version: string;
  sql: string;
}

export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (f) => ({ version: f.replace(/\.sql$/, ''), sql: await readFile(dir + f, 'utf8') })));
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Applies the forward-only SQL migrations not yet applied, each in its own transaction. An
 * advisory lock makes concurrent starters (several API processes) wait for each other.
 */
export async function migrate(database: Database, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  await database.execScript(`
    create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now());
  `);
  const applied: string[] = [];
  for (const migration of all) {
    // The check runs inside the locked transaction so two processes never apply the same file.
    await database.execScript(`
      begin;
      select pg_advisory_xact_lock(7423011);
      do $$ begin
        if exists (select 1 from schema_migrations where version = ${quote(migration.version)}) then
          raise exception 'oms-migration-already-applied';
        end if;
      end $$;
      ${migration.sql}
      ;
      insert into schema_migrations (version) values (${quote(migration.version)});
      commit;
    `).then(
      () => applied.push(migration.version),
      (error: unknown) => {
        if (!String((error as Error).message).includes('oms-migration-already-applied')) throw error;
      },
    );
  }
  return applied;
}
