import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';

/**
 * `linli backup FILE` and `linli restore FILE`.
 *
 * SQLite: the online backup API (better-sqlite3's `backup()`), which copies a consistent
 * snapshot while the server keeps serving; the backup is an ordinary SQLite file.
 * PostgreSQL: `pg_dump --format=custom`, restored by `pg_restore --clean --single-transaction`,
 * so a restore that fails half-way leaves the database as it was.
 *
 * A restore first checks that the file is a Linli backup for the configured database
 * (the right format, and the migrations table inside); otherwise it refuses and changes nothing.
 */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** The table Kysely's migrator keeps: every Linli database has it. */
const MIGRATION_TABLE = 'kysely_migration';
const SQLITE_MAGIC = 'SQLite format 3\0';
const PG_DUMP_MAGIC = 'PGDMP';

export interface BackupSummary {
  file: string;
  bytes: number;
  seconds: number;
}

function fileHead(file: string, length: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a PostgreSQL client tool; a missing tool is a clear error naming it. */
function runTool(tool: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(new BackupError(`${tool} was not found on PATH; install the PostgreSQL client tools (the same major version as the server) to back up or restore a PostgreSQL database`));
      } else reject(error);
    });
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The connection string without a password, for messages. */
function shown(url: string): string {
  return url.replace(/\/\/([^:@/]*)(:[^@]*)?@/, '//$1@');
}

export async function backupDatabase(config: Config, handle: DatabaseHandle, file: string): Promise<BackupSummary> {
  const started = performance.now();
  if (existsSync(file)) throw new BackupError(`${file} already exists; choose a new file name (a backup never overwrites one)`);
  if (handle.dialect === 'sqlite') {
    if (!handle.sqlite) throw new BackupError('no SQLite connection to back up');
    await handle.sqlite.backup(file);
  } else {
    const result = await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${config.databaseUrl}`]);
    if (result.code !== 0) throw new BackupError(`pg_dump failed for ${shown(config.databaseUrl)}: ${result.stderr.trim()}`);
  }
  return { file, bytes: statSync(file).size, seconds: (performance.now() - started) / 1000 };
}

/** Throws BackupError unless `file` is a Linli backup that fits the configured database. */
export async function checkBackup(config: Config, file: string): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  if (!statSync(file).isFile()) throw new BackupError(`${file} is not a file`);
  const head = fileHead(file, 16);
  const kind = head === SQLITE_MAGIC ? 'sqlite' : head.startsWith(PG_DUMP_MAGIC) ? 'postgres' : null;
  if (!kind) throw new BackupError(`${file} is not a Linli backup (neither a SQLite database nor a pg_dump custom-format archive); nothing was changed`);
  if (kind !== config.dialect) {
    const what = kind === 'sqlite' ? 'a SQLite backup' : 'a PostgreSQL (pg_dump) backup';
    throw new BackupError(`${file} is ${what}, but the configured database is ${config.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}; nothing was changed`);
  }
  if (kind === 'sqlite') {
    let source: SqliteDatabase.Database | undefined;
    try {
      source = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
      const integrity = source.pragma('quick_check', { simple: true });
      if (integrity !== 'ok') throw new BackupError(`${file} fails SQLite's integrity check (${String(integrity)}); nothing was changed`);
      const table = source.prepare(`select name from sqlite_master where type = 'table' and name = ?`).get(MIGRATION_TABLE);
      if (!table) throw new BackupError(`${file} is a SQLite database but not a Linli backup (no ${MIGRATION_TABLE} table); nothing was changed`);
    } catch (error) {
      if (error instanceof BackupError) throw error;
      throw new BackupError(`${file} cannot be read as a SQLite backup (${(error as Error).message}); nothing was changed`);
    } finally {
      source?.close();
    }
    return;
  }
  const list = await runTool('pg_restore', ['--list', file]);
  if (list.code !== 0) throw new BackupError(`${file} cannot be read by pg_restore (${list.stderr.trim()}); nothing was changed`);
  if (!new RegExp(`\\bTABLE\\b.*\\b${MIGRATION_TABLE}\\b`).test(list.stdout)) {
    throw new BackupError(`${file} is a pg_dump archive but not a Linli backup (no ${MIGRATION_TABLE} table); nothing was changed`);
  }
}

/**
 * Replaces the configured database's content with the backup's. SQLite: the backup API copies
 * the backup over the live file page by page under SQLite's own locks. PostgreSQL: pg_restore
 * drops and recreates every object of the archive in one transaction.
 */
export async function restoreDatabase(config: Config, file: string): Promise<{ seconds: number }> {
  const started = performance.now();
  await checkBackup(config, file);
  if (config.dialect === 'sqlite') {
    const source = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    try {
      await source.backup(config.databaseUrl);
    } finally {
      source.close();
    }
  } else {
    const result = await runTool('pg_restore', [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${config.databaseUrl}`,
      file,
    ]);
    if (result.code !== 0) throw new BackupError(`pg_restore failed (the restore was rolled back, nothing was changed): ${result.stderr.trim()}`);
  }
  return { seconds: (performance.now() - started) / 1000 };
}
