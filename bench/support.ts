/** What the benchmarks share: their options, and a scratch PostgreSQL database when one answers. */
import { connect } from 'node:net';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../src/server/db/database.ts';

/** `--name N` among the benchmark's arguments, or the fallback. */
export function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
}

/** Whether a PostgreSQL answers on 127.0.0.1:5432. */
export function postgresAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: 5432 });
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Runs `measure` on a scratch PostgreSQL database made for it (`linli_bench_<name>_<pid>`, on
 * LINLI_BENCH_POSTGRES_URL's server or the local one) and drops it after, whatever happened.
 * Null, with a line saying so, when no PostgreSQL answers.
 */
export async function withScratchPostgres<T>(name: string, measure: (handle: DatabaseHandle, url: string) => Promise<T>): Promise<T | null> {
  if (!(await postgresAnswers())) {
    console.log('PostgreSQL: skipped (no server on 127.0.0.1:5432)');
    return null;
  }
  const adminUrl = process.env.LINLI_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const database = `linli_bench_${name}_${process.pid}`;
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.query(`create database ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const handle = createDatabase('postgres', url.toString(), { poolSize: 10 });
  try {
    return await measure(handle, url.toString());
  } finally {
    await handle.destroy();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}
